// Small pieces the 核酸采样 pages share: times, the state, pool, result and retest tags, a coverage bar with its words,
// the dialogs' size on a phone (the whole width), and what a conflict (409) says.
import { Progress, Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { formatCount } from '../../lib/numbers';
import type { RetestReason, RetestStatus, RoundStatus, TubeResult, TubeRow } from './api';
import { coveragePercent, coverageTone, percentText, placeOf, poolKind, type TextProblem } from './sampling.logic';

/** A time in the device's local time, as the other pages show it. */
export const at = (iso: string | null | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');

// Colours only help scanning; the word says it.
const RESULT_COLORS: Record<TubeResult, string> = { pending: 'gold', negative: 'green', positive: 'red', invalid: 'orange' };
const RETEST_COLORS: Record<RetestStatus, string> = { pending: 'red', sampled: 'blue', negative: 'green', positive: 'magenta' };
const TONE_COLORS = { done: '#389e0d', most: '#0958d9', low: '#d46b08', none: '#bfbfbf' } as const;

export function RoundStatusTag({ status }: { status: RoundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="smp-round-status" data-status={status}>
      {t(`sampling.statuses.${status}`)}
    </Tag>
  );
}

/** 单采, or 混采 N 合 1. */
export function poolText(n: number, t: TFunction): string {
  const k = poolKind(n);
  return k.single ? t('sampling.pool.single') : t('sampling.pool.mixed', { n: k.n });
}

export function PoolTag({ n }: { n: number }) {
  const { t } = useTranslation();
  return <Tag color={n > 1 ? 'cyan' : 'purple'} style={{ marginInlineEnd: 0 }} data-testid="smp-pool">{poolText(n, t)}</Tag>;
}

export function ResultTag({ result }: { result: TubeResult }) {
  const { t } = useTranslation();
  return <Tag color={RESULT_COLORS[result]} style={{ marginInlineEnd: 0 }} data-testid="smp-result" data-result={result}>{t(`sampling.results.${result}`)}</Tag>;
}

export function RetestStatusTag({ status }: { status: RetestStatus }) {
  const { t } = useTranslation();
  return <Tag color={RETEST_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="smp-retest-status" data-status={status}>{t(`sampling.retestStatuses.${status}`)}</Tag>;
}

export function ReasonTag({ reason }: { reason: RetestReason }) {
  const { t } = useTranslation();
  return <Tag color={reason === 'positive_pool' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }} data-testid="smp-reason">{t(`sampling.reasons.${reason}`)}</Tag>;
}

/** 已采 X / 应采 Y and the bar with its percentage (a reader hears the label and the percentage). */
export function CoverageBar({ sampled, expected, label, words = true }: { sampled: number; expected: number; label: string; words?: boolean }) {
  const { t, i18n } = useTranslation();
  const p = coveragePercent(sampled, expected);
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <div className="rx-smp-coverage" data-testid="smp-coverage">
      {words && (
        <span data-testid="smp-coverage-text">{t('sampling.coverage.line', { sampled: n(sampled), expected: n(expected) })}</span>
      )}
      <Progress
        percent={p ?? 0}
        size="small"
        format={() => percentText(p)}
        aria-label={`${label} ${percentText(p)}`}
        strokeColor={TONE_COLORS[coverageTone(p)]}
        data-testid="smp-coverage-bar"
      />
    </div>
  );
}

/** Where a tube was taken, in words: 上门采样, or the site and its station. */
export function usePlaceText(): (tube: Pick<TubeRow, 'doorToDoor' | 'siteName' | 'station'>) => string {
  const { t } = useTranslation();
  return (tube) => placeOf(tube, { door: t('sampling.tubes.door'), station: (n) => t('sampling.tubes.station', { n }) });
}

/** A free text's problem in words. */
export const problemText = (p: TextProblem, t: TFunction, max: number): string => t(`sampling.problems.${p}`, { max });

export { useDialogSize } from '../../lib/use-dialog-size';

export const isStale = (e: unknown): boolean => isApiError(e) && e.status === 409 && e.code === 'stale_version';

/** A conflict's words: ours for the codes these pages know (`stale_version`, `not_open`), else the server's. */
export function conflictText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error) && error.status === 409) {
    if (error.code === 'stale_version') return t('sampling.conflict.stale');
    if (error.code === 'not_open') return t('sampling.conflict.notOpen');
  }
  return errorText(error, t, lang);
}
