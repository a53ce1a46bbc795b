// Small pieces the 排查 pages and dialogs share: times in the device's local time, the kind of a list, the match as a tag
// coloured by its band (比对成功 / 待确认 / 未比中 with the points), the evidence as small tags with their points and as a
// popover 为什么这样判断, the 卡口已见 badge, an entry's routing and its check, the refused rows of a file, and the words
// of a form's problems.
import { Button, Popover, Tag } from 'antd';
import { AlertFilled, QuestionCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { detailText } from '../../lib/errors.logic';
import { SheetErrorRows, type SheetTextKey } from '../../lib/sheet-upload';
import type { EntryView, Evidence, ListView, MatchState, RowError } from './api';
import {
  evidenceLabel, explanationText, isKind, isMeasure, isOutcome, pointsText, pointsTone, rowFieldKey, sortedEvidence, sortedRowErrors, STATE_TAG,
  type CloseProblem, type TextProblem, type TitleProblem,
} from './screening.logic';

/** A time in the device's local time, as the other pages show it. */
export const at = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
/** A time with its year. */
export const fullAt = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export const kindText = (k: string, t: TFunction): string => (isKind(k) ? t(`screening.kinds.${k}`) : k);
export const outcomeText = (o: string | null | undefined, t: TFunction): string => (isOutcome(o) ? t(`screening.outcomes.${o}`) : o || '—');
export const measureText = (m: string | null | undefined, t: TFunction): string => (isMeasure(m) ? t(`screening.measures.${m}`) : m || '');

export function KindTag({ list }: { list: Pick<ListView, 'kind'> }) {
  const { t } = useTranslation();
  const tone = list.kind === 'close_contact' ? 'red' : list.kind === 'secondary_contact' ? 'volcano' : list.kind === 'inbound' ? 'purple' : list.kind === 'risk_area' ? 'orange' : 'default';
  return <Tag color={tone} style={{ marginInlineEnd: 0 }} data-testid="sc-kind" data-kind={list.kind}>{kindText(list.kind, t)}</Tag>;
}

/** The match: its band in words with the points (比对成功 95), coloured by the band. */
export function StateTag({ state, confidence }: { state: MatchState; confidence: number }) {
  const { t } = useTranslation();
  const name = t(`screening.states.${state}`);
  return (
    <Tag
      color={STATE_TAG[state] ?? 'default'}
      className="rx-sc-state"
      style={{ marginInlineEnd: 0 }}
      title={t('screening.entries.confidenceLabel', { state: name, n: confidence })}
      data-testid="sc-state"
      data-state={state}
      data-confidence={confidence}
    >
      {t('screening.entries.confidence', { state: name, n: confidence })}
    </Tag>
  );
}

/** One evidence item as a small tag: 身份证号一致 +70 (green for, red against, grey for a note). */
export function EvidenceTag({ e }: { e: Evidence }) {
  const { i18n } = useTranslation();
  return (
    <Tag color={pointsTone(e.points)} className="rx-sc-ev" style={{ marginInlineEnd: 0 }} data-testid="sc-evidence" data-code={e.code} data-points={e.points}>
      {evidenceLabel(e, i18n.language)}
      {e.points !== 0 && <strong className="rx-sc-ev-points"> {pointsText(e.points)}</strong>}
    </Tag>
  );
}

/** The evidence as tags, for → against, and a button 为什么这样判断 opening the list with the total and the thresholds. */
export function Explanation({ entry, compact }: { entry: Pick<EntryView, 'evidence' | 'confidence' | 'id'>; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const items = sortedEvidence(entry.evidence);
  const list = (
    <div className="rx-sc-why-pop" data-testid="sc-why-list">
      {items.length === 0 ? (
        <p style={{ margin: 0 }}>{t('screening.entries.whyNone')}</p>
      ) : (
        <ul className="rx-sc-why-items">
          {items.map((e, i) => (
            <li key={`${e.code}-${i}`} data-testid="sc-why-item" data-code={e.code}>
              <span>{evidenceLabel(e, i18n.language)}</span>
              <strong className={`rx-sc-pts rx-sc-pts-${pointsTone(e.points)}`}>{pointsText(e.points)}</strong>
            </li>
          ))}
        </ul>
      )}
      <p className="rx-sc-quiet" style={{ margin: '8px 0 0' }} data-testid="sc-why-total">{t('screening.entries.whyTotal', { n: entry.confidence })}</p>
    </div>
  );
  return (
    <div className="rx-sc-explain" data-testid="sc-explanation" aria-label={explanationText(items, i18n.language)}>
      {!compact && items.length > 0 && <div className="rx-sc-ev-tags">{items.map((e, i) => <EvidenceTag key={`${e.code}-${i}`} e={e} />)}</div>}
      <Popover content={list} title={t('screening.entries.why')} trigger="click" placement="bottom">
        <Button type="link" size="small" icon={<QuestionCircleOutlined aria-hidden />} style={{ paddingInline: 0 }} data-testid="sc-why">
          {t('screening.entries.why')}
        </Button>
      </Popover>
    </div>
  );
}

/** 卡口已见，人在辖区: the person came in through a gate after arriving — visit first. */
export function UrgentBadge({ gateSeenAt }: { gateSeenAt: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" icon={<AlertFilled aria-hidden />} className="rx-sc-urgent" style={{ marginInlineEnd: 0 }} title={gateSeenAt ? t('screening.entries.urgentAt', { at: at(gateSeenAt) }) : undefined} data-testid="sc-urgent">
      {t('screening.entries.urgent')}
    </Tag>
  );
}

/** Where an entry went: 社区 网格, the community alone (grid to choose), or 待分派. */
export function RoutedText({ e }: { e: Pick<EntryView, 'routed' | 'communityName' | 'gridName'> }) {
  const { t } = useTranslation();
  if (!e.routed && !e.communityName && !e.gridName) return <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="sc-unrouted">{t('screening.entries.unrouted')}</Tag>;
  const text = e.gridName
    ? t('screening.entries.routedTo', { community: e.communityName ?? '', grid: e.gridName }).trim()
    : t('screening.entries.communityOnly', { community: e.communityName ?? '' });
  return <span data-testid="sc-routed">{text}</span>;
}

/** The check: 待核查, or the outcome (with the measure), who and when, the note. */
export function CheckState({ e }: { e: EntryView }) {
  const { t } = useTranslation();
  if (e.status !== 'done') return <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="sc-status" data-status="open">{t('screening.entries.open')}</Tag>;
  const tone = e.outcome === 'controlled' || e.outcome === 'already_controlled' ? 'blue' : e.outcome === 'wrong_info' ? 'default' : 'green';
  return (
    <div className="rx-sc-check">
      <Tag color={tone} style={{ marginInlineEnd: 0 }} data-testid="sc-status" data-status="done" data-outcome={e.outcome ?? ''}>
        {outcomeText(e.outcome, t)}
        {e.measure ? ` · ${measureText(e.measure, t)}` : ''}
      </Tag>
      {(e.checkedByName || e.checkedAt) && <div className="rx-sc-quiet">{t('screening.entries.checkedBy', { by: e.checkedByName ?? '—', at: at(e.checkedAt) })}</div>}
      {e.note && <div className="rx-sc-quiet rx-sc-note" data-testid="sc-note">{t('screening.entries.note', { note: e.note })}</div>}
    </div>
  );
}

/** A refused row's column in the page's words (the server's name when it is not one we know). */
export function rowFieldText(field: string, t: TFunction): string {
  const k = rowFieldKey(field);
  return k ? t(`screening.import.fields.${k}`) : field || '—';
}

/** The refused rows of a file: 行 / 列 / 问题. */
export function RowErrorsTable({ errors, testId }: { errors: readonly RowError[]; testId: string }) {
  const { t, i18n } = useTranslation();
  // The shared table of refused rows (lib/sheet-upload): 行 / 列 / 问题; the server words each problem (zh-CN and English).
  const rows = sortedRowErrors(errors).map((e) => ({ ...e, column: e.field, code: e.field }));
  const key = (k: SheetTextKey) => (k === 'cols.column' ? 'cols.field' : k === 'cols.code' ? 'cols.message' : k);
  return (
    <SheetErrorRows
      errors={rows}
      testId={testId}
      testIdPrefix="sc"
      text={(k, v) => t(`screening.import.${key(k)}`, v)}
      columnText={(e) => rowFieldText(e.field, t)}
      codeText={(e) => detailText(e, i18n.language)}
      rowAttributes={(e) => ({ 'data-row': e.row })}
    />
  );
}

/** A free text's problem in words. */
export const problemText = (p: TextProblem | TitleProblem | CloseProblem | 'past', t: TFunction, max: number, min = 0): string => t(`screening.problems.${p}`, { max, min });
