// The fields of an ok / problem checks form (三无小区巡查, 避难场所检查; rules in checks.logic.ts): 其余全部正常 while
// something is open, each check's label over 正常 and 有问题 side by side (有问题 in red when chosen), a notice once a
// problem is marked, and the note. The caller owns the Form, the dialog and the request. Styles in checks-fields.css.
import type { ReactNode } from 'react';
import { Alert, Button, Form, Input, Radio, type FormInstance } from 'antd';
import { restOk, textProblem, unansweredChecks, problemChecks, type CheckAnswers, type TextProblem } from './checks.logic';
import './checks-fields.css';

export type ChecksFieldsTexts = {
  ok: string; problem: string; unanswered: string; notePlaceholder: string;
  restOk: (n: number) => string; noteProblem: (p: TextProblem) => string;
  /** Shown once a check is marked 有问题 (who will be told, what happens next). */
  problemNotice?: ReactNode;
};

export function ChecksFields<C extends string>(p: {
  form: FormInstance; checks: readonly C[]; answers: CheckAnswers<C>; labels: Record<string, string>; noteMax: number; size: 'large' | 'middle';
  texts: ChecksFieldsTexts;
  /** Test ids: `${testId}-rest-ok`, `${testId}-check-<check>`; the notice's own. */
  testId: string; noticeTestId: string;
}) {
  const missing = unansweredChecks(p.checks, p.answers);
  const problems = problemChecks(p.checks, p.answers);
  return (
    <>
      {/* One tap for the usual round: whatever is not marked 有问题 yet is 正常 — still a choice the worker makes. */}
      {missing.length > 0 && (
        <Button block size={p.size} style={{ marginBottom: 12 }} data-testid={`${p.testId}-rest-ok`}
          onClick={() => p.form.setFieldsValue({ checks: restOk(p.checks, p.answers) })}>
          {p.texts.restOk(missing.length)}
        </Button>
      )}
      {p.checks.map((c) => (
        <Form.Item
          key={c}
          name={['checks', c]}
          label={p.labels[`checks.${c}`]}
          required
          rules={[{ required: true, message: p.texts.unanswered }]}
          className="rx-checks-item"
        >
          <Radio.Group
            aria-label={p.labels[`checks.${c}`]}
            optionType="button"
            buttonStyle="solid"
            className={p.answers[c] === 'problem' ? 'rx-checks-answer rx-checks-answer-problem' : 'rx-checks-answer'}
            data-testid={`${p.testId}-check-${c}`}
            options={[{ value: 'ok', label: p.texts.ok }, { value: 'problem', label: p.texts.problem }]}
          />
        </Form.Item>
      ))}
      {problems.length > 0 && p.texts.problemNotice && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={p.texts.problemNotice} data-testid={p.noticeTestId} />
      )}
      <Form.Item
        name="note"
        label={p.labels.note}
        style={{ marginBottom: 16 }}
        rules={[{
          validator: async (_, v: string | undefined) => {
            const problem = textProblem(v, false, p.noteMax);
            if (problem) throw new Error(p.texts.noteProblem(problem));
          },
        }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} showCount maxLength={p.noteMax} placeholder={p.texts.notePlaceholder} />
      </Form.Item>
    </>
  );
}
