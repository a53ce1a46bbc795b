// Small pieces the 病例与密接 pages and dialogs share: times in the device's local time, the classification and status
// as tags in words, a contact's kind and setting, a case's contacts as figures, a contact's follow-up check (未下发 /
// 待上门核查 / the outcome, whether the person was matched in the registry, the list's link), a form problem in words.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NOTE_MAX, type CaseStatus, type Classification, type ContactFigures, type ContactView } from './api';
import {
  CLASSIFICATION_TAG, checkMatched, figureParts, followUpState, isClassification, isContactKind, isOutcome, isSetting, isStatus, screeningListPath, STATUS_TAG,
  type FormProblem,
} from './cases.logic';

/** A time with its year, in the device's local time. */
export const fullAt = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export const classificationText = (c: string, t: TFunction): string => (isClassification(c) ? t(`cases.classifications.${c}`) : c);
export const statusText = (s: string, t: TFunction): string => (isStatus(s) ? t(`cases.statuses.${s}`) : s);
export const kindText = (k: string, t: TFunction): string => (isContactKind(k) ? t(`cases.kinds.${k}`) : k);
export const settingText = (s: string, t: TFunction): string => (isSetting(s) ? t(`cases.settings.${s}`) : s);
export const outcomeText = (o: string | null | undefined, t: TFunction): string => (isOutcome(o) ? t(`cases.outcomes.${o}`) : o || '—');

export function ClassificationTag({ classification }: { classification: Classification | string }) {
  const { t } = useTranslation();
  const color = isClassification(classification) ? CLASSIFICATION_TAG[classification] : 'default';
  return <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="cs-classification" data-classification={classification}>{classificationText(classification, t)}</Tag>;
}

export function StatusTag({ status }: { status: CaseStatus | string }) {
  const { t } = useTranslation();
  const color = isStatus(status) ? STATUS_TAG[status] : 'default';
  return <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="cs-status" data-status={status}>{statusText(status, t)}</Tag>;
}

export function KindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'close' ? 'red' : 'volcano'} style={{ marginInlineEnd: 0 }} data-testid="cs-kind" data-kind={kind}>{kindText(kind, t)}</Tag>;
}

/** 密接 3 · 次密接 1 · 已下发 3 · 已核查 2 (and 转为病例 when any). */
export function Figures({ figures }: { figures: ContactFigures }) {
  const { t } = useTranslation();
  if (figures.close + figures.secondary === 0) return <span className="rx-cs-quiet" data-testid="cs-figures">{t('cases.figures.none')}</span>;
  return (
    <span data-testid="cs-figures" data-close={figures.close} data-secondary={figures.secondary} data-sent={figures.sent} data-checked={figures.checked}>
      {figureParts(figures).map((x, i) => (
        <span key={x.key} data-testid={`cs-figure-${x.key}`}>
          {i > 0 && ' · '}
          {t(`cases.figures.${x.key}`, { n: x.n })}
        </span>
      ))}
    </span>
  );
}

/** A contact's follow-up: 未下发; or 待上门核查 / the outcome, whether the registry matched the person, and the list. */
export function CheckState({ contact }: { contact: ContactView }) {
  const { t } = useTranslation();
  const state = followUpState(contact);
  if (state === 'not_sent') return <Tag style={{ marginInlineEnd: 0 }} data-testid="cs-check" data-state={state}>{t('cases.contacts.notSent')}</Tag>;
  const matched = checkMatched(contact);
  return (
    <div className="rx-cs-check" data-testid="cs-check" data-state={state} data-matched={String(matched)} data-outcome={contact.check?.outcome ?? ''}>
      {state === 'done' ? (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('cases.contacts.done')} · {outcomeText(contact.check?.outcome, t)}</Tag>
      ) : (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>{t('cases.contacts.open')}</Tag>
      )}
      {matched !== null && <span className="rx-cs-quiet">{t(matched ? 'cases.contacts.matched' : 'cases.contacts.notMatched')}</span>}
      {contact.listId && <Link to={screeningListPath(contact.listId)} data-testid="cs-check-list">{t('cases.contacts.openList')}</Link>}
    </div>
  );
}

/** A form problem in words. */
export const problemText = (p: FormProblem, t: TFunction, max = NOTE_MAX): string => t(`cases.problems.${p}`, { max });
