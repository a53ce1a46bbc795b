// What the bell says of 服务预约 (ADR 0091), from the payload the server stored — the service's name and the slot's time;
// never who booked — and where it leads: the resident's 服务预约 page.
import type { TFunction } from 'i18next';
import { shanghaiMinute } from '../../lib/shanghai-time';

export const PARTNER_NOTIFICATION_KINDS = ['service_booking_confirmed', 'service_booking_cancelled'] as const;
export const BOOK_PATH = '/services/book';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function partnerNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  const key = kind === 'service_booking_cancelled' ? 'cancelled' : 'confirmed';
  return str(d.service) ? t(`partners.bell.${key}`, { service: str(d.service), time: shanghaiMinute(str(d.startsAt)) }) : t(`partners.bell.${key}Plain`);
}
