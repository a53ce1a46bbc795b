// Small pieces the survey pages share: a survey's state and its 匿名 tag, times, a problem in words, the dialogs' size
// on a phone (the whole width).
import { useDialogSize as useLibDialogSize } from '../../lib/use-dialog-size';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Survey, SurveyStatus } from './api';
import type { AnswerProblem, Problem } from './surveys.logic';

export const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

// Colours only help scanning; the word says it.
const STATUS_COLORS: Record<SurveyStatus, string> = { draft: 'default', open: 'processing', closed: 'green' };

export function StatusTag({ status }: { status: SurveyStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="sv-status" data-status={status}>{t(`survey.statuses.${status}`)}</Tag>;
}

/** 匿名 (or nothing for a named survey), 结果公开. */
export function SurveyTags({ s }: { s: Pick<Survey, 'status' | 'anonymous' | 'resultsPublic'> }) {
  const { t } = useTranslation();
  return (
    <span className="rx-sv-tags">
      <StatusTag status={s.status} />
      {s.anonymous && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="sv-anonymous">{t('survey.anonymous')}</Tag>}
      {s.resultsPublic && <Tag style={{ marginInlineEnd: 0 }}>{t('survey.resultsPublic')}</Tag>}
    </span>
  );
}

export const problemText = (p: Problem, t: TFunction): string => t(`survey.problems.${p.code}`, p as Record<string, unknown>);
export const answerProblemText = (p: AnswerProblem, t: TFunction): string => t(`survey.form.problems.${p}`);

/** A survey's dialogs are wider on a desktop (questions and their options side by side). */
export const useDialogSize = (width = 720) => useLibDialogSize(width);
