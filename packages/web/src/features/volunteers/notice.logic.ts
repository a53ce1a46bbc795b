// What the bell says of 志愿者 (ADR 0085), from the payload the server stored — the community's name, the shift's title,
// day and start; never a volunteer's name — and where it leads: 我的志愿服务.
import type { TFunction } from 'i18next';

export const VOLUNTEER_NOTIFICATION_KINDS = ['volunteer_approved', 'volunteer_assigned', 'volunteer_retired'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** 报名已通过 (with the community) / 被安排了班次 (with title, day and start when the payload has them) / 移出名册 (with the shifts cancelled). */
export function volunteerNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'volunteer_approved') {
    return str(d.communityName) ? t('volunteers.bell.approved', { community: str(d.communityName) }) : t('volunteers.bell.approvedPlain');
  }
  if (kind === 'volunteer_assigned') {
    return str(d.title) && str(d.day)
      ? t('volunteers.bell.assigned', { title: str(d.title), day: str(d.day), starts: str(d.starts) })
      : t('volunteers.bell.assignedPlain');
  }
  if (kind === 'volunteer_retired') {
    const count = Number(str(d.freedShifts));
    if (!str(d.communityName)) return t('volunteers.bell.retiredPlain');
    return count > 0 ? t('volunteers.bell.retiredFreed', { community: str(d.communityName), count }) : t('volunteers.bell.retired', { community: str(d.communityName) });
  }
  return kind;
}

/** All open 我的志愿服务 (the account's hours, its shifts with 签到 / 签退, the open shifts). */
export const volunteerNoticeLink = (): string => '/me/volunteering';
