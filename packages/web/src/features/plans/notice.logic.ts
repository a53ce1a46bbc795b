// What the bell says of 应急预案与演练 (ADR 0089), from the payload the server stored — the plan's title, the drill's kind
// and time — and where it leads: the drill's page.
import type { TFunction } from 'i18next';
import { shanghaiMinute } from '../../lib/shanghai-time';

export const PLAN_NOTIFICATION_KINDS = ['drill_scheduled', 'plan_role_assigned'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** 演练安排：plan, kind, time; 预案角色：plan, roles. */
export function planNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'plan_role_assigned') {
    return str(d.planTitle) && str(d.roles) ? t('plans.bell.assigned', { plan: str(d.planTitle), roles: str(d.roles) }) : t('plans.bell.assignedPlain');
  }
  if (kind !== 'drill_scheduled') return kind;
  if (!str(d.planTitle)) return t('plans.bell.scheduledPlain');
  const k = str(d.kind);
  return t('plans.bell.scheduled', { plan: str(d.planTitle), kind: k === 'tabletop' || k === 'functional' ? t(`plans.kinds.${k}`) : str(d.kindName), at: str(d.scheduledAt) ? shanghaiMinute(str(d.scheduledAt)) : '' });
}

export const planNoticeLink = (_kind = '', d: Record<string, unknown> = {}): string =>
  str(d.drillId) ? `/drills/${encodeURIComponent(str(d.drillId))}` : str(d.planId) ? `/plans/${encodeURIComponent(str(d.planId))}` : '/plans';
