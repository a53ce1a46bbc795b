import { useState } from 'react';
import { Alert, App, Button, Form, Input, Tag, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { ClockCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { applyFieldErrors } from './shared';
import type { Purpose } from './api';
import { askMinorAccess, minorAccessState, type MinorField } from './minors.api';
import { MAX_MINOR_AGE, minorRevealMode, reasonRule, rejectionHint, requestReason } from './minors.logic';
import { RevealField } from './reveal';
import './minors.css';
import { useFocusReturn } from '../../lib/dialog-focus';

const stateKey = (residentId: string) => ['registry', 'minor-access', residentId] as const;

/** The dialog that asks the community admin to approve seeing a child's number (reason ≥ 4 characters). */
function AskDialog({ residentId, field, age, purpose, onClose }: { residentId: string; field: MinorField; age: number; purpose: Purpose; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (text: string) => {
    const reason = requestReason(text);
    if (!reason) {
      // The form's rule catches this first; never drop a tap without a word.
      form.setFields([{ name: 'reason', errors: [t('minors.ask.reasonRequired')] }]);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await askMinorAccess(residentId, { field, reason }, purpose);
      void message.success(t('minors.ask.sent'));
      await qc.invalidateQueries({ queryKey: stateKey(residentId) });
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, i18n.language, ['reason'])) setError(e);
    } finally {
      setPending(false);
    }
  };
  return (
    <Modal
      open
      title={field === 'idNumber' ? t('minors.ask.titleId') : t('minors.ask.titlePhone')}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      okText={t('minors.ask.submit')}
      cancelText={t('minors.ask.cancel')}
      okButtonProps={{ loading: pending, ...({ 'data-testid': `minor-ask-submit` } as Record<`data-${string}`, string>) }}
      onOk={() => form.submit()}
    >
      <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('minors.ask.notice', { age })} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v.reason)}>
        <Form.Item
          name="reason"
          label={t('minors.ask.reason')}
          rules={[reasonRule(t('minors.ask.reasonRequired'))]}
        >
          <Input.TextArea rows={3} maxLength={200} placeholder={t('minors.ask.reasonPlaceholder')} autoFocus data-testid="minor-ask-reason" />
        </Form.Item>
      </Form>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(error, t, i18n.language)} />}
    </Modal>
  );
}

/**
 * A protected field of a resident's profile that knows about children (PRIV-08, ADR 0035). For an adult it is the usual
 * reveal-with-reason. For a child under the configured age the server decides: the community admin (the responsible
 * person) reveals as usual (recorded at high severity); anyone else sees 需负责人批准 / "Needs approval", which opens a
 * request; while it waits the field says so; once approved the usual reveal works for the approved number of looks.
 * The reveal control stays mounted throughout, so a number on screen is not cut off when the last look is used.
 */
export function MinorRevealField({
  residentId, field, masked, purpose, canReveal, age,
}: { residentId: string; field: MinorField; masked: string; purpose: Purpose; canReveal: boolean; age: number }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const mayBeMinor = canReveal && age < MAX_MINOR_AGE;
  const state = useQuery({
    queryKey: stateKey(residentId),
    queryFn: ({ signal }) => minorAccessState(residentId, signal),
    enabled: mayBeMinor,
    gcTime: 0,
  });
  const mode = minorRevealMode(age, canReveal, state.data, field);
  const f = state.data?.fields[field];
  const minorAge = state.data?.minorAge ?? 14;
  const rejected = rejectionHint(f, t, (iso) => dayjs(iso).format('MM-DD HH:mm'));
  return (
    <span className="rx-minor-reveal" data-testid={`minor-reveal-${field}`} data-mode={mode}>
      <RevealField
        residentId={residentId}
        field={field}
        masked={masked}
        purpose={purpose}
        canReveal={canReveal && (mode === 'plain' || mode === 'approved')}
        onRevealed={mayBeMinor ? () => void state.refetch() : undefined}
      />
      {mode === 'ask' && (
        <Button size="small" type="primary" ghost icon={<SafetyCertificateOutlined />} onClick={() => setAsking(true)} data-testid={`minor-ask-${field}`}>
          {t('minors.needsApproval')}
        </Button>
      )}
      {mode === 'ask' && rejected && (
        <Typography.Text type="secondary" className="rx-minor-hint" data-testid={`minor-rejected-${field}`}>
          {rejected}
        </Typography.Text>
      )}
      {mode === 'pending' && (
        <Tag icon={<ClockCircleOutlined />} color="gold" data-testid={`minor-pending-${field}`}>
          {t('minors.pending')}
        </Tag>
      )}
      {mode === 'approved' && f && (
        <Typography.Text type="secondary" className="rx-minor-hint" data-testid={`minor-approved-${field}`}>
          {t('minors.approved', { n: f.usesLeft, time: f.expiresAt ? dayjs(f.expiresAt).format('MM-DD HH:mm') : '' })}
        </Typography.Text>
      )}
      {mode === 'plain' && state.data?.minor && (
        <Typography.Text type="secondary" className="rx-minor-hint">
          {t('minors.adminNote', { age: minorAge })}
        </Typography.Text>
      )}
      {asking && <AskDialog residentId={residentId} field={field} age={minorAge} purpose={purpose} onClose={() => setAsking(false)} />}
    </span>
  );
}
