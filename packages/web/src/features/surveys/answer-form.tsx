// The question form a resident answers and a worker types a paper form into (ADR 0077): one block per question — big
// radio buttons (单选), big checkboxes (多选, 可多选), five big score buttons with the two end labels under them (打分),
// a text box with a counter (填空) — each with 必答 or 选填 and, under it, what stops it (这道题必答), by the same path
// the server names (`answers.<id>`).
import { useState } from 'react';
import { Checkbox, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEXT_ANSWER_MAX, type Answers, type Question } from './api';
import { answerProblems, answersPayload, unansweredRequired, type AnswerValue } from './surveys.logic';
import { answerProblemText } from './shared';

export type AnswerFormProps = {
  questions: readonly Question[];
  values: Readonly<Record<string, AnswerValue>>;
  onChange: (questionId: string, value: AnswerValue) => void;
  /** Messages by path (`answers.<id>`), ours or the server's. */
  errors: Readonly<Record<string, string>>;
  /** Prefix of the element ids (two forms on one page stay apart). */
  idPrefix: string;
  disabled?: boolean;
};

export function AnswerForm({ questions, values, onChange, errors, idPrefix, disabled }: AnswerFormProps) {
  const { t } = useTranslation();
  return (
    <ol className="rx-sv-answer-form" data-testid="sv-answer-form">
      {questions.map((q, i) => {
        const textId = `${idPrefix}-${q.id}-text`;
        const errorId = `${idPrefix}-${q.id}-error`;
        const error = errors[`answers.${q.id}`];
        const v = values[q.id];
        const described = error ? errorId : undefined;
        return (
          <li key={q.id} className={`rx-sv-answer${error ? ' rx-sv-answer-error' : ''}`} data-testid="sv-answer" data-question={q.id} data-kind={q.kind}>
            <div className="rx-sv-answer-head">
              <span id={textId} className="rx-sv-answer-text">{`${i + 1}. ${q.text}`}</span>
              <span className={q.required ? 'rx-sv-required' : 'rx-sv-optional'}>{t(q.required ? 'survey.form.required' : 'survey.form.optional')}</span>
              {q.kind === 'multiple' && <span className="rx-sv-hint">{t('survey.form.multipleHint')}</span>}
            </div>
            {q.kind === 'single' && (
              <Radio.Group
                className="rx-sv-choices"
                aria-labelledby={textId}
                aria-describedby={described}
                value={typeof v === 'string' ? v : undefined}
                disabled={disabled}
                onChange={(e) => onChange(q.id, e.target.value as string)}
              >
                {(q.options ?? []).map((o) => <Radio key={o} value={o} className="rx-sv-choice">{o}</Radio>)}
              </Radio.Group>
            )}
            {q.kind === 'multiple' && (
              <Checkbox.Group
                role="group"
                className="rx-sv-choices"
                aria-labelledby={textId}
                aria-describedby={described}
                value={Array.isArray(v) ? v : []}
                disabled={disabled}
                onChange={(list) => onChange(q.id, list as string[])}
              >
                {(q.options ?? []).map((o) => <Checkbox key={o} value={o} className="rx-sv-choice">{o}</Checkbox>)}
              </Checkbox.Group>
            )}
            {q.kind === 'scale' && (
              <div className="rx-sv-scale">
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  className="rx-sv-scale-buttons"
                  aria-labelledby={textId}
                  aria-describedby={described}
                  value={typeof v === 'number' ? v : undefined}
                  disabled={disabled}
                  onChange={(e) => onChange(q.id, e.target.value as number)}
                >
                  {[1, 2, 3, 4, 5].map((n) => {
                    const label = n === 1 ? q.scaleLabels?.[0] : n === 5 ? q.scaleLabels?.[1] : undefined;
                    return (
                      <Radio.Button key={n} value={n} aria-label={label ? t('survey.form.scoreLabel', { n, label }) : t('survey.form.score', { n })}>{n}</Radio.Button>
                    );
                  })}
                </Radio.Group>
                {q.scaleLabels && (
                  <div className="rx-sv-scale-ends" aria-hidden="true">
                    <span>{`1 ${q.scaleLabels[0]}`}</span>
                    <span>{`5 ${q.scaleLabels[1]}`}</span>
                  </div>
                )}
              </div>
            )}
            {q.kind === 'text' && (
              <Input.TextArea
                aria-labelledby={textId}
                aria-describedby={described}
                autoSize={{ minRows: 3, maxRows: 8 }}
                showCount
                maxLength={TEXT_ANSWER_MAX}
                placeholder={t('survey.form.textPlaceholder')}
                value={typeof v === 'string' ? v : ''}
                disabled={disabled}
                onChange={(e) => onChange(q.id, e.target.value)}
                data-testid="sv-answer-textarea"
              />
            )}
            {error && <div id={errorId} className="rx-sv-error" role="alert" data-testid="sv-answer-error">{error}</div>}
          </li>
        );
      })}
    </ol>
  );
}

/** The form's answers and what stops them: ours once sending was tried, and the server's by path. */
export function useAnswerSheet(questions: readonly Question[], serverErrors: Readonly<Record<string, string>>) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, AnswerValue>>({});
  const [tried, setTried] = useState(false);
  const problems = answerProblems(questions, values);
  const errors: Record<string, string> = { ...serverErrors };
  if (tried) for (const [path, p] of Object.entries(problems)) errors[path] = answerProblemText(p, t);
  return {
    values,
    errors,
    missing: unansweredRequired(questions, values),
    set: (id: string, v: AnswerValue) => setValues((old) => ({ ...old, [id]: v })),
    /** The payload, or null (and the problems shown) when something stops it. */
    payload: (): Answers | null => {
      setTried(true);
      return Object.keys(problems).length ? null : answersPayload(questions, values);
    },
    clear: () => {
      setValues({});
      setTried(false);
    },
  };
}
