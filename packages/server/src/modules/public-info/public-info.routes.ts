import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { ANNOUNCEMENT_CATEGORIES, CATEGORY_NAMES, type Announcements } from './announcements.service';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, PRIORITIES, type Complaints } from './complaints.service';
import { jsonFeed, rss } from './feeds';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const orgCode = z.string().regex(/^\d{6,12}$/, { message: '区域代码应为 6、9 或 12 位数字|area code must be 6, 9 or 12 digits' });
/** Free text many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
const announcementBody = {
  title: z.string().trim().min(1).max(80), body: z.string().trim().min(1).max(20_000), category: z.enum(ANNOUNCEMENT_CATEGORIES), pinned: z.boolean().default(false),
};
const complaintBody = {
  category: z.enum(COMPLAINT_CATEGORIES), place: text(1, 80, '地点', 'place'), description: text(1, 500, '情况描述', 'description'),
  contact: z.string().trim().min(11).max(20).optional(),
  photo: z.strictObject({ mime: z.enum(['image/jpeg', 'image/png']), data: z.string().min(4).max(Math.ceil((2 * 1024 * 1024) / 3) * 4) }).optional(),
};
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
/** The JSON body of a complaint with a 2 MB photo in base64. */
const COMPLAINT_BODY_LIMIT = 3 * 1024 * 1024;

/** Conditional GET of a feed: 304 when the ETag or the date matches. */
function notModified(req: FastifyRequest, reply: FastifyReply, etag: string, lastModified: Date) {
  reply.header('etag', etag).header('last-modified', lastModified.toUTCString()).header('cache-control', 'public, max-age=300');
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').map((s) => s.trim()).includes(etag);
  const ims = req.headers['if-modified-since'];
  return !!ims && !Number.isNaN(Date.parse(ims)) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
}

export function registerPublicInfoRoutes(app: FastifyInstance, deps: { announcements: Announcements; complaints: Complaints; publicBaseUrl?: string }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { announcements: an, complaints: cp } = deps;

  // ----- announcements: staff ------------------------------------------------------------------------------------

  r.get('/api/announcements/meta', {
    config: { access: 'announcement:write' },
    schema: { tags: ['public-info'], summary: 'Announcement categories with their names' },
  }, async () => an.meta());

  r.get('/api/announcements', {
    config: { access: 'announcement:write' },
    schema: {
      tags: ['public-info'], summary: 'Announcements of the caller’s area (drafts, scheduled, published, withdrawn)',
      querystring: z.strictObject({ status: z.enum(['draft', 'scheduled', 'published', 'withdrawn']).optional(), category: z.enum(ANNOUNCEMENT_CATEGORIES).optional() }),
    },
  }, async (req) => an.list(principalOf(req), req.query));

  r.post('/api/announcements', {
    config: { access: 'announcement:write' },
    schema: {
      tags: ['public-info'], summary: 'Write an announcement of the caller’s org: a draft, published now, or scheduled (publishAt)',
      body: z.strictObject({ ...announcementBody, publishAt: z.coerce.date().nullable().optional(), draft: z.boolean().optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await an.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/announcements/:id', {
    config: { access: 'announcement:write' },
    schema: { tags: ['public-info'], summary: 'One announcement of the caller’s area', params: idParam },
  }, async (req) => an.get(principalOf(req), req.params.id));

  r.put('/api/announcements/:id', {
    config: { access: 'announcement:write' },
    schema: { tags: ['public-info'], summary: 'Edit an announcement (a new version; version-checked)', params: idParam, body: z.strictObject({ ...announcementBody, version: z.number().int().min(1) }) },
  }, async (req) => an.update(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/announcements/:id/publish', {
    config: { access: 'announcement:write' },
    schema: {
      tags: ['public-info'], summary: 'Publish a draft now or at publishAt', params: idParam,
      body: z.strictObject({ publishAt: z.coerce.date().nullable().optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => an.publish(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/announcements/:id/withdraw', {
    config: { access: 'announcement:write' },
    schema: { tags: ['public-info'], summary: 'Withdraw an announcement with the reason', params: idParam, body: z.strictObject({ reason: text(1, 200, '撤回原因', 'reason'), version: z.number().int().min(1) }) },
  }, async (req) => an.withdraw(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/announcements/:id/versions', {
    config: { access: 'announcement:write' },
    schema: { tags: ['public-info'], summary: 'The versions of an announcement, newest first', params: idParam },
  }, async (req) => an.versions(principalOf(req), req.params.id));

  // ----- announcements: public and residents ------------------------------------------------------------------

  r.get('/api/public/announcements', {
    config: { access: 'public' },
    schema: {
      tags: ['public-info'], summary: 'Published announcements of an area (public): the org’s own and those of the orgs above it, pinned first',
      querystring: z.strictObject({ org: orgCode, category: z.enum(ANNOUNCEMENT_CATEGORIES).optional() }),
    },
  }, async (req) => an.publicList(req.query.org, req.query));

  r.get('/api/public/announcements/:id', {
    config: { access: 'public' },
    schema: { tags: ['public-info'], summary: 'One published announcement (public)', params: idParam },
  }, async (req) => an.publicItem(req.params.id));

  const base = (req: FastifyRequest) => deps.publicBaseUrl ?? `${req.protocol}://${req.host}`;
  r.get('/api/public/feeds/:org/rss.xml', {
    config: { access: 'public' },
    schema: { tags: ['public-info'], summary: 'RSS 2.0 feed of an area’s announcements (for the WeChat official account); ETag / Last-Modified, 304', params: z.strictObject({ org: orgCode }) },
  }, async (req, reply) => {
    const f = await an.feed(req.params.org);
    if (notModified(req, reply, f.etag, f.lastModified)) return reply.code(304).send();
    return reply.type('application/rss+xml; charset=utf-8').send(rss(f, base(req), CATEGORY_NAMES));
  });

  r.get('/api/public/feeds/:org/feed.json', {
    config: { access: 'public' },
    schema: { tags: ['public-info'], summary: 'JSON Feed 1.1 of an area’s announcements; ETag / Last-Modified, 304', params: z.strictObject({ org: orgCode }) },
  }, async (req, reply) => {
    const f = await an.feed(req.params.org);
    if (notModified(req, reply, f.etag, f.lastModified)) return reply.code(304).send();
    return reply.type('application/feed+json; charset=utf-8').send(JSON.stringify(jsonFeed(f, base(req), CATEGORY_NAMES)));
  });

  r.get('/api/me/announcements', {
    config: { access: 'self:report' },
    schema: { tags: ['public-info'], summary: 'The announcements of the resident’s community (and its street and district)' },
  }, async (req) => {
    const area = await deps.complaints.residentArea(principalOf(req).id);
    return area ? an.forArea(area) : { items: [] };
  });

  // ----- complaints: public and residents ---------------------------------------------------------------------

  r.get('/api/public/complaints/meta', {
    config: { access: 'public' },
    schema: { tags: ['public-info'], summary: 'Complaint categories with their names and hours to close (public)' },
  }, async () => cp.meta());

  r.post('/api/public/complaints', {
    config: { access: 'public' }, bodyLimit: COMPLAINT_BODY_LIMIT,
    schema: {
      tags: ['public-info'], summary: 'Submit a complaint or report without login (rate-limited): answers the ticket and the code to track it (shown once)',
      body: z.strictObject({ ...complaintBody, communityCode: orgCode }),
    },
  }, async (req, reply) => reply.code(201).send(await cp.publicSubmit(actorOf(req), req.body)));

  r.post('/api/public/complaints/track', {
    config: { access: 'public' },
    schema: {
      tags: ['public-info'], summary: 'The state of a complaint by ticket and code (public): status, due time, public replies, the reporter’s masked contact',
      body: z.strictObject({ ticket: z.string().trim().regex(/^TS-\d{8}-\d{4}$/i, { message: '工单号格式应为 TS-YYYYMMDD-NNNN|ticket must be TS-YYYYMMDD-NNNN' }), code: z.string().trim().min(6).max(12) }),
    },
  }, async (req) => cp.track(actorOf(req), req.body.ticket, req.body.code));

  r.post('/api/me/complaints', {
    config: { access: 'self:report' }, bodyLimit: COMPLAINT_BODY_LIMIT,
    schema: { tags: ['public-info'], summary: 'A resident submits a complaint about their community: the ticket and the code', body: z.strictObject(complaintBody) },
  }, async (req, reply) => reply.code(201).send(await cp.residentSubmit(principalOf(req), actorOf(req), req.body)));

  r.get('/api/me/complaints', {
    config: { access: 'self:report' },
    schema: { tags: ['public-info'], summary: 'The resident’s own complaints with their state and the public replies' },
  }, async (req) => cp.mine(principalOf(req), actorOf(req)));

  // ----- complaints: staff ------------------------------------------------------------------------------------

  r.get('/api/complaints', {
    config: { access: 'complaint:read' },
    schema: {
      tags: ['public-info'], summary: 'The complaint queue of the caller’s area and those assigned to them: open first by due time; SLA figures',
      querystring: z.strictObject({
        status: z.enum(COMPLAINT_STATUSES).optional(), category: z.enum(COMPLAINT_CATEGORIES).optional(), overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        from: z.iso.date().optional(), to: z.iso.date().optional(), ...page,
      }),
    },
  }, async (req) => cp.queue(principalOf(req), actorOf(req), req.query));

  r.get('/api/complaints/:id', {
    config: { access: 'complaint:read' },
    schema: { tags: ['public-info'], summary: 'A complaint with its history and who it can be assigned to (contact masked; audited)', params: idParam },
  }, async (req) => cp.detail(principalOf(req), actorOf(req), req.params.id));

  r.get('/api/complaints/:id/photo', {
    config: { access: 'complaint:read' },
    schema: { tags: ['public-info'], summary: 'A complaint’s photo (JPEG or PNG; audited)', params: idParam },
  }, async (req, reply) => {
    const ph = await cp.photo(principalOf(req), actorOf(req), req.params.id);
    return reply.type(ph.mime).header('content-disposition', 'inline').header('cache-control', 'private, no-store').send(ph.bytes);
  });

  r.post('/api/complaints/:id/accept', {
    config: { access: 'complaint:handle' },
    schema: {
      tags: ['public-info'], summary: 'Accept a complaint with a priority and optionally an assignee; a blocked fire lane is forwarded to 应急通道 as an occupation report',
      params: idParam, body: z.strictObject({ priority: z.enum(PRIORITIES), assigneeId: id.optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => cp.accept(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/complaints/:id/assign', {
    config: { access: 'complaint:handle' },
    schema: {
      tags: ['public-info'], summary: 'Assign an open complaint (the assignee is notified)', params: idParam,
      body: z.strictObject({ assigneeId: id, priority: z.enum(PRIORITIES).optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => cp.assign(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/complaints/:id/reply', {
    config: { access: 'complaint:handle' },
    schema: {
      tags: ['public-info'], summary: 'A reply the reporter sees (public: true) or an internal note', params: idParam,
      body: z.strictObject({ text: text(1, 500, '答复', 'reply'), public: z.boolean(), version: z.number().int().min(1) }),
    },
  }, async (req) => cp.reply(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/complaints/:id/close', {
    config: { access: 'complaint:handle' },
    schema: {
      tags: ['public-info'], summary: 'Resolve or reject with the reason (shown to the reporter)', params: idParam,
      body: z.strictObject({ outcome: z.enum(['resolved', 'rejected']), reason: text(1, 500, '办理结果', 'reason'), version: z.number().int().min(1) }),
    },
  }, async (req) => cp.close(principalOf(req), actorOf(req), req.params.id, req.body));
}
