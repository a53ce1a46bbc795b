// Small pieces the 健康码 pages, their dialogs and the resident's card share: times in the device's local time, the
// colour as a tag (未知 in grey when the mirror has no row — never shown as green), the names of reasons and sources, the
// local signal with its reasons, the 不一致 warning, what a conflict (409) says, and a list's failure (the street's 403
// figures_only said plainly, not as an error).
import { Alert, Tag } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../lib/error-alert';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/labels';
import type { Colour, LocalSignal } from './api';
import { isReasonCode, localReasonText, type AppealProblem, type TextProblem } from './health.logic';

/** A time in the device's local time, as the other pages show it. */
export const at = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
/** A time with its year. */
export const fullAt = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

// The tag's palette (text darkened for contrast in app/providers.tsx); the word always says the colour too.
const TAG_COLORS: Record<Colour | 'unknown', string> = { green: 'green', yellow: 'gold', red: 'red', unknown: 'default' };

export const colourKey = (c: Colour | null | undefined): Colour | 'unknown' => c ?? 'unknown';
export const colourText = (c: Colour | null | undefined, t: TFunction): string => t(`healthCodes.colours.${colourKey(c)}`);

export function ColourTag({ colour, testId = 'hc-colour', big }: { colour: Colour | null | undefined; testId?: string; big?: boolean }) {
  const { t } = useTranslation();
  const k = colourKey(colour);
  return (
    <Tag
      color={TAG_COLORS[k]}
      className={`rx-hc-tag rx-hc-tag-${k}${big ? ' rx-hc-tag-big' : ''}`}
      style={{ marginInlineEnd: 0 }}
      data-testid={testId}
      data-colour={k}
    >
      <span className={`rx-hc-dot rx-hc-dot-${k}`} aria-hidden />
      {t(`healthCodes.colours.${k}`)}
    </Tag>
  );
}

/** A reason's name in the UI language: ours for the closed list's codes, else the server's Chinese name, else the code. */
export function reasonText(code: string | null | undefined, zh: string | null | undefined, t: TFunction): string {
  if (isReasonCode(code)) return t(`healthCodes.reasons.${code}`);
  return zh || code || '—';
}

export const sourceText = (s: string | null | undefined, t: TFunction): string =>
  s === 'upstream' || s === 'manual' ? t(`healthCodes.sources.${s}`) : s || '—';

/** 本地情况: the colour the community's facts say, and why (无异常 when nothing is known against the person). */
export function LocalSignalView({ local, testId = 'hc-local' }: { local: LocalSignal; testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="rx-hc-local" data-testid={testId} data-colour={local.colour}>
      <ColourTag colour={local.colour} testId={`${testId}-colour`} />
      <span className="rx-hc-local-why" data-testid={`${testId}-reasons`}>
        {local.reasons.length ? listText(local.reasons.map((r) => localReasonText(r, i18n.language)), i18n.language) : t('healthCodes.list.localNone')}
      </span>
    </span>
  );
}

/** 不一致: the upstream colour disagrees with the local facts (the word and an icon; orange). */
export function MismatchTag() {
  const { t } = useTranslation();
  return (
    <Tag color="orange" icon={<WarningOutlined aria-hidden />} style={{ marginInlineEnd: 0 }} title={t('healthCodes.list.mismatchLabel')} data-testid="hc-mismatch">
      {t('healthCodes.list.mismatch')}
    </Tag>
  );
}

/** A free text's problem in words. */
export const problemText = (p: TextProblem | AppealProblem, t: TFunction, max: number, min = 0): string => t(`healthCodes.problems.${p}`, { max, min });

export const isConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;

/** The street's lists: 403 figures_only (the page does not offer them; an old link still lands here). */
export const isFiguresOnly = (e: unknown): boolean => isApiError(e) && e.status === 403;

/** A list's failure: the figures-only refusal said plainly, anything else as the error banner with a retry. */
export function ListError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (isFiguresOnly(error)) return <Alert type="info" showIcon title={t('healthCodes.figuresOnly')} style={{ marginBottom: 12 }} data-testid="hc-list-figures-only" />;
  return <ErrorAlert error={error} onRetry={onRetry} />;
}

/** An appeal decision's conflict in our words (decided meanwhile, changed meanwhile), else the server's. */
export function appealConflictText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error) && error.status === 409) {
    if (error.code === 'stale_version') return t('healthCodes.appeals.conflict.stale');
    if (error.code === 'not_open') return t('healthCodes.appeals.conflict.notOpen');
  }
  return errorText(error, t, lang);
}
