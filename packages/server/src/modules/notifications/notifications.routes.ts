import type { WarningNotificationList, WarningNotificationsUnread, WarningNotificationsUpdated } from '@renxing/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { NotificationsService } from './notifications.service';

const Id = z.string().min(1).max(64);
const Page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };

/** The caller's own notifications (warning alerts, break-the-glass accesses, …) and marking them read. */
export function registerNotificationRoutes(app: FastifyInstance, deps: { notifications: NotificationsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const n = deps.notifications;

  r.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'My notifications (newest first) and my unread count', querystring: z.strictObject({ unread: z.enum(['true', 'false']).optional(), ...Page }) },
  }, async (req): Promise<WarningNotificationList> => n.list(principalOf(req), actorOf(req), { unread: req.query.unread === 'true', page: req.query.page, pageSize: req.query.pageSize }));

  // The bell polls this for its badge; the list (which can name residents, and whose read is then audited) is asked for
  // when the bell is opened.
  r.get('/api/notifications/unread', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'How many of my notifications are unread (the bell\'s badge)' },
  }, async (req): Promise<WarningNotificationsUnread> => ({ unread: await n.unreadCount(principalOf(req)) }));

  r.post('/api/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: z.strictObject({ id: Id }) },
  }, async (req): Promise<WarningNotificationsUpdated> => n.markRead(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/notifications/read-all', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'Mark all my notifications read' },
  }, async (req): Promise<WarningNotificationsUpdated> => n.markAllRead(principalOf(req), actorOf(req)));
}
