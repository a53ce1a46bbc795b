// Pieces the 病例与密接 dialogs share: a person's name, ID number and mobile fields, a day picker (YYYY-MM-DD, nothing after today in the server's calendar), the
// choices of a source case (not the case itself nor one infected through it), and a form's problems put on its fields.
import { DatePicker, Form, Input, Space, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { NAME_MAX, NOTE_MAX, type CaseView } from './api';
import { sourceChoices, type FormProblem } from './cases.logic';
import { classificationText, problemText } from './shared';

/**
 * A person's 姓名 (required) and, side by side, 身份证号 and 手机号 (optional; `help` says which ways to find them are
 * needed) — the fields `name`, `idNumber`, `phone` of the dialog's form; test ids `${testPrefix}-name|-id|-phone`.
 */
export function PersonFields({ labels, help, testPrefix }: {
  labels: { name: string; idNumber: string; phone: string }; help: string; testPrefix: string;
}) {
  return (
    <>
      <Form.Item name="name" label={labels.name} required>
        <Input maxLength={NAME_MAX} autoComplete="off" style={{ maxWidth: 280 }} data-testid={`${testPrefix}-name`} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>{help}</Typography.Paragraph>
      <Space wrap size={[16, 0]} align="start">
        <Form.Item name="idNumber" label={labels.idNumber}>
          <Input maxLength={20} autoComplete="off" className="rx-cs-mono" style={{ width: 240, maxWidth: '100%' }} data-testid={`${testPrefix}-id`} />
        </Form.Item>
        <Form.Item name="phone" label={labels.phone}>
          <Input maxLength={20} autoComplete="off" inputMode="tel" className="rx-cs-mono" style={{ width: 200, maxWidth: '100%' }} data-testid={`${testPrefix}-phone`} />
        </Form.Item>
      </Space>
    </>
  );
}

/** A day (the form keeps a Dayjs), nothing after `today` (YYYY-MM-DD) offered. Form.Item gives it its id, value and onChange. */
export function DayPicker({ today, testId, id, value, onChange }: {
  today: string; testId?: string; id?: string; value?: Dayjs | null; onChange?: (v: Dayjs | null) => void;
}) {
  return (
    <DatePicker
      id={id}
      value={value ?? null}
      onChange={(d) => onChange?.(d)}
      format="YYYY-MM-DD"
      disabledDate={(d) => d.format('YYYY-MM-DD') > today}
      style={{ width: 200, maxWidth: '100%' }}
      data-testid={testId}
    />
  );
}

/** A day as the pickers take it. */
export const dayValue = (ymd: string | null | undefined): Dayjs | null => (ymd ? dayjs(ymd) : null);

/** The source case's choices: code, masked name and classification; not `selfId` nor a case infected through it. */
export function sourceOptions(cases: readonly CaseView[], selfId: string | null, t: TFunction): Array<{ value: string; label: string }> {
  return sourceChoices(cases, selfId).map((c) => ({ value: c.id, label: `${c.code} ${c.nameMasked} · ${classificationText(c.classification, t)}` }));
}

/**
 * The words of a field's problem: a choice left empty says what to choose (`empties`), the rest as cases.problems (a
 * name of at most 30 characters, other texts 200).
 */
export const problemWords = (t: TFunction, empties: Readonly<Record<string, string>> = {}) => (field: string, p: FormProblem): string =>
  (p === 'empty' && empties[field]) || problemText(p, t, field === 'name' ? NAME_MAX : NOTE_MAX);

/** Puts each problem under its field (several on one field in turn) and scrolls to the first. */
export function showProblems<F extends string>(form: FormInstance, problems: ReadonlyArray<{ field: F; problem: FormProblem }>, words: (field: F, p: FormProblem) => string): void {
  const byField = new Map<F, string[]>();
  for (const p of problems) {
    const list = byField.get(p.field) ?? [];
    const text = words(p.field, p.problem);
    if (!list.includes(text)) list.push(text);
    byField.set(p.field, list);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (problems[0]) form.scrollToField(problems[0].field, { block: 'center' });
}
