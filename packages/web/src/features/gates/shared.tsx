// Parts several 卡口 pages draw: a decision's tag (放行 green, 需核实 orange, 不放行 red, in text colours that keep their
// contrast), one passage as a card (通行记录, the station's recent checks and its queue), and the dialog that resolves a
// passage to check with an optional note.
import { Alert, Button, Form, Input, Typography, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { NOTE_MAX, reviewEvent, type Decision, type Outcome, type Passage } from './api';
import { byWeight, needsReview, reasonText, whoText } from './gates.logic';

export function DecisionTag({ decision, testId = 'gt-decision' }: { decision: Decision; testId?: string }) {
  const { t } = useTranslation();
  return <span className={`rx-gt-tag rx-gt-tag-${decision}`} data-testid={testId} data-decision={decision}>{t(`gates.effect.${decision}`)}</span>;
}

/** A 409 of a review: someone resolved it first (already_reviewed), or it was not one to check (not_for_review). */
export const isReviewConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;

/** One passage: the decision, time, gate and direction; who (masked); why; and how a check was resolved — or the buttons. */
export function PassageRow({ p, onReview, busy, showGate = true }: {
  p: Passage; onReview?: (p: Passage, outcome: Outcome) => void; busy?: boolean; showGate?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const open = needsReview(p);
  return (
    <li className={`rx-card rx-gt-passage rx-gt-passage-${p.decision}`} data-testid="gt-passage" data-id={p.id} data-decision={p.decision} data-open={open}>
      <div className="rx-gt-row">
        <DecisionTag decision={p.decision} />
        <span className="rx-gt-time">{dayjs(p.at).format('HH:mm:ss')}</span>
        {showGate && <span>{p.gateName}</span>}
        <span className="rx-gt-dir" data-testid="gt-passage-direction">{t(`gates.direction.${p.direction}`)}</span>
        <span className="rx-gt-quiet">{p.byDevice ? t('gates.events.device') : t('gates.events.station')}</span>
      </div>
      <div className="rx-gt-who" data-testid="gt-passage-who">{whoText(p, t)}</div>
      <ul className="rx-gt-reasons" data-testid="gt-passage-reasons">
        {byWeight(p.reasons).map((r) => <li key={r.code} data-effect={r.effect}>{reasonText(r, i18n.language)}</li>)}
      </ul>
      {p.review && (
        <Typography.Text type="secondary" data-testid="gt-passage-review" data-outcome={p.review.outcome}>
          {t('gates.events.resolved', { outcome: t(`gates.events.outcome.${p.review.outcome}`), by: p.review.by, at: dayjs(p.review.at).format('HH:mm') })}
          {p.review.note ? `：${p.review.note}` : ''}
        </Typography.Text>
      )}
      {open && onReview && (
        <div className="rx-gt-actions">
          <Button type="primary" loading={busy} onClick={() => onReview(p, 'let_in')} data-testid="gt-let-in">{t('gates.events.letIn')}</Button>
          <Button danger loading={busy} onClick={() => onReview(p, 'turned_away')} data-testid="gt-turn-away">{t('gates.events.turnAway')}</Button>
        </div>
      )}
    </li>
  );
}

type Values = { note?: string };

/** 核实后放行 / 劝返 with an optional note (at most 100 characters). Mounted only while open. */
export function ReviewModal({ p, outcome, onDone, onConflict, onClose }: {
  p: Passage; outcome: Outcome; onDone: (p: Passage) => void; onConflict: () => void; onClose: () => void;
}) {
  useFocusReturn();
  const { t } = useTranslation();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (note: string) => reviewEvent(p.id, { outcome, ...(note ? { note } : {}) }),
    onSuccess: (x) => {
      onDone(x);
      onClose();
    },
    onError: (e) => {
      if (isReviewConflict(e)) onConflict();
    },
  });
  return (
    <Modal
      open
      {...dialogSize}
      title={t(`gates.events.reviewTitle.${outcome}`)}
      okText={t(`gates.events.reviewTitle.${outcome}`)}
      cancelText={t('gates.form.cancel')}
      okButtonProps={{ size, danger: outcome === 'turned_away', 'data-testid': 'gt-review-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph data-testid="gt-review-who">
        {t('gates.events.reviewFor', { who: whoText(p, t), time: dayjs(p.at).format('HH:mm'), gate: p.gateName })}
      </Typography.Paragraph>
      {save.isError && (isReviewConflict(save.error)
        ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={t('gates.events.conflict')} data-testid="gt-review-conflict" />
        : <ErrorAlert error={save.error} form={form} labels={{ note: t('gates.events.note') }} />)}
      <Form<Values> form={form} name="gateReview" layout="vertical" size={size} onFinish={(v) => void save.mutateAsync((v.note ?? '').trim()).catch(() => undefined)}>
        <Form.Item name="note" label={t('gates.events.note')} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('gates.events.notePlaceholder')} data-testid="gt-review-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
