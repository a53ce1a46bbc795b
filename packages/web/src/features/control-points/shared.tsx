// Small pieces the board and its dialogs share: the page's clock, a time, "3 小时前", a compound's tags and state, the
// dialogs' size on a phone (the whole width), and what a conflict (409) says.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/labels';
import type { Check, PointStatus, PointView } from './api';
import { ago, flagTags } from './control-points.logic';

export const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');


/** 刚刚 / 5 分钟前 / 3 小时前 / 2 天前. */
export function agoText(iso: string, now: Date, t: TFunction): string {
  const a = ago(iso, now);
  return t(`controlPoint.ago.${a.unit}`, { n: a.n });
}

/** 已逾期 3 小时, from the time the patrol was due. */
export function overdueText(dueIso: string, now: Date, t: TFunction): string {
  const a = ago(dueIso, now);
  return t(`controlPoint.overdue.${a.unit}`, { n: a.n });
}

/** The checks by their short names, joined as the language joins a list: 消防通道、消杀. */
export const checksText = (checks: readonly Check[], t: TFunction, lang: string) => listText(checks.map((c) => t(`controlPoint.checksShort.${c}`)), lang);

// Colours only help scanning; the word says it.
const STATUS_COLORS: Record<PointStatus, string> = { problem: 'red', due: 'orange', unassigned: 'default', ok: 'green' };

export function StatusTag({ status }: { status: PointStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="cp-status">{t(`controlPoint.statuses.${status}`)}</Tag>;
}

/** 三无 in red, else each flag the compound has. */
export function FlagTags({ p }: { p: Pick<PointView, 'flags' | 'threeNo'> }) {
  const { t } = useTranslation();
  return (
    <>
      {flagTags(p).map((f) => (
        <Tag key={f} color={f === 'threeNo' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }} data-testid="cp-flag">{t(`controlPoint.flags.${f}`)}</Tag>
      ))}
    </>
  );
}

export { useDialogSize } from '../../lib/use-dialog-size';

/** A conflict's words: ours for the codes this page knows (`stale`, `control_point_exists`, `already_resolved`), else the server's. */
export function conflictText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error) && error.status === 409) {
    if (error.code === 'stale' || error.code === 'stale_version') return t('controlPoint.setup.stale');
    if (error.code === 'control_point_exists') return t('controlPoint.setup.exists');
    if (error.code === 'already_resolved') return t('controlPoint.resolve.conflict');
  }
  return errorText(error, t, lang);
}

export const isConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;

export { useNow } from '../../lib/use-now';
