// Small pieces the two pages, their dialogs and the resident's card share: a time, "3 小时前", a deadline as a
// countdown or 已超时, the state tags, the dialogs' size on a phone (the whole width), and what a conflict (409) says.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/labels';
import type { ReportStatus, ShelterCheck, ShelterStatus } from './api';
import { countdown } from './emergency-infra.logic';

export const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

/** 刚刚 / 5 分钟前 / 3 小时前 / 2 天前. */
export function agoText(iso: string, now: Date, t: TFunction): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('emergencyInfra.ago.now');
  if (minutes < 60) return t('emergencyInfra.ago.minutes', { n: minutes });
  if (minutes < 24 * 60) return t('emergencyInfra.ago.hours', { n: Math.floor(minutes / 60) });
  return t('emergencyInfra.ago.days', { n: Math.floor(minutes / (24 * 60)) });
}

/** 还剩 1 小时 20 分 / 还剩 40 分钟, or 已超时 2 小时 5 分 / 已超时 3 分钟. */
export function countdownText(dueIso: string, now: Date, t: TFunction): string {
  const c = countdown(dueIso, now);
  const key = c.overdue ? 'overdue' : 'left';
  return c.hours > 0 ? t(`emergencyInfra.lanes.reports.${key}`, { h: c.hours, m: c.minutes }) : t(`emergencyInfra.lanes.reports.${key}Minutes`, { m: c.minutes });
}

/** The checks by their names, joined as the language joins a list: 供水、卫生. */
export const checksText = (checks: readonly ShelterCheck[], t: TFunction, lang: string) => listText(checks.map((c) => t(`emergencyInfra.shelters.checks.${c}`)), lang);

// Colours only help scanning; the word says it.
const SHELTER_COLORS: Record<ShelterStatus, string> = { standby: 'blue', open: 'green', closed: 'default' };
const REPORT_COLORS: Record<ReportStatus, string> = { open: 'orange', cleared: 'green', unfounded: 'default' };

export function ShelterStatusTag({ status }: { status: ShelterStatus }) {
  const { t } = useTranslation();
  return <Tag color={SHELTER_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="sh-status">{t(`emergencyInfra.shelters.statuses.${status}`)}</Tag>;
}

export function ReportStatusTag({ status, overdue }: { status: ReportStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={overdue ? 'red' : REPORT_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="ln-status">
      {t(`emergencyInfra.lanes.statuses.${status}`)}
    </Tag>
  );
}

export { useDialogSize } from '../../lib/use-dialog-size';

export const isConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;

/** A conflict's words: ours for the codes these pages know (`stale_version`, `not_open`, `duplicate`), else the server's. */
export function conflictText(error: unknown, t: TFunction, lang: string, staleKey: 'emergencyInfra.shelters.form.stale' | 'emergencyInfra.lanes.handle.stale'): string {
  if (isApiError(error) && error.status === 409) {
    if (error.code === 'stale_version' || error.code === 'stale') return t(staleKey);
    if (error.code === 'not_open') return t('emergencyInfra.lanes.handle.notOpen');
  }
  return errorText(error, t, lang);
}

export { useNow } from '../../lib/use-now';
