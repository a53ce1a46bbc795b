// What the bell says of 居家隔离 (ADR 0080), from the payload the server stored — the order's id, a temperature, a time,
// a kind of need; never a name — and where it leads: an order awaiting approval, a fever and a door opened open the
// order's page; a new need opens 隔离需求.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { FEVER_FROM, NEED_KINDS } from './api';

export const QUARANTINE_NOTIFICATION_KINDS = ['quarantine_pending', 'quarantine_fever', 'quarantine_door_open', 'quarantine_need'] as const;
export const QUARANTINE_PATH = '/quarantine';
export const NEEDS_PATH = '/quarantine/needs';

/** An order's page. */
export const orderPath = (orderId: string): string => `${QUARANTINE_PATH}/orders/${encodeURIComponent(orderId)}`;

/** 待审批, 体温异常 (or symptoms), 门磁开启 or 新的需求, in the bell's words. */
export function quarantineNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  switch (kind) {
    case 'quarantine_pending':
      return t('quarantine.bell.pending');
    case 'quarantine_fever': {
      const n = Number(d.temperature);
      if (!Number.isFinite(n)) return t('quarantine.bell.feverNoValue');
      const value = n.toFixed(1);
      return n >= FEVER_FROM ? t('quarantine.bell.fever', { t: value }) : t('quarantine.bell.symptoms', { t: value });
    }
    case 'quarantine_door_open': {
      const at = typeof d.at === 'string' && dayjs(d.at).isValid() ? dayjs(d.at).format('MM-DD HH:mm') : '';
      return at ? t('quarantine.bell.door', { at }) : t('quarantine.bell.doorNoTime');
    }
    case 'quarantine_need': {
      const k = NEED_KINDS.find((x) => x === d.kind);
      return k ? t('quarantine.bell.need', { kind: t(`quarantine.needKinds.${k}`) }) : t('quarantine.bell.needAny');
    }
    default:
      return kind;
  }
}

/** A new need: 隔离需求; the others: the order's page (from the payload, or the order as the subject), else 居家隔离. */
export function quarantineNoticeLink(kind: string, d: Record<string, unknown>, subject: { type: string; id: string } | null): string {
  if (kind === 'quarantine_need') return NEEDS_PATH;
  const orderId = typeof d.orderId === 'string' && d.orderId ? d.orderId : subject?.type === 'quarantine_order' && subject.id ? subject.id : '';
  return orderId ? orderPath(orderId) : QUARANTINE_PATH;
}
