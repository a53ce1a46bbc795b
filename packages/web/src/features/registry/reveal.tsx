import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { applyFieldErrors } from './shared';
import { revealField, type Purpose } from './api';
import { labelled, withNote } from '../../lib/labels';

/** How long a revealed number stays on screen. */
export const REVEAL_SECONDS = 30;

type Shown = { value: string; left: number };

/**
 * A masked ID or phone number with "查看完整号码": a modal asks for the reason, the full number is shown for
 * REVEAL_SECONDS and then hidden again. The number lives in this component's state only (never in a cache or storage).
 */
export function RevealField({
  residentId, field, masked, purpose, canReveal, onRevealed,
}: {
  residentId: string; field: 'idNumber' | 'phone'; masked: string; purpose: Purpose; canReveal: boolean;
  /** Called after a successful reveal (e.g. to refresh how many approved looks at a child's number are left, ADR 0035). */
  onRevealed?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const timer = useRef<number | null>(null);

  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);

  // Not a react-query mutation on purpose: its cache would keep the plaintext for minutes after the modal closes.
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reveal = async (reason: string) => {
    setPending(true);
    setError(null);
    try {
      const res = await revealField(residentId, field, reason, purpose);
      setOpen(false);
      form.resetFields();
      stop();
      setShown({ value: res.value ?? '', left: REVEAL_SECONDS });
      onRevealed?.();
      timer.current = window.setInterval(() => {
        setShown((s) => {
          if (!s || s.left <= 1) {
            stop();
            return null;
          }
          return { ...s, left: s.left - 1 };
        });
      }, 1000);
    } catch (e) {
      // A refused reason (e.g. an ID number typed in it) is shown under the field.
      if (!applyFieldErrors(form, e, i18n.language, ['reason'])) setError(e);
    } finally {
      setPending(false);
    }
  };

  const title = field === 'idNumber' ? t('registry.reveal.titleId') : t('registry.reveal.titlePhone');
  const quick = Object.values(t('registry.reveal.quickReasons', { returnObjects: true }) as Record<string, string>);

  return (
    <span className="rx-reg-reveal">
      {shown ? (
        <Space wrap size={[8, 4]}>
          <strong className="rx-mono rx-reg-revealed" data-testid={`revealed-${field}`}>
            {shown.value}
          </strong>
          <Typography.Text type="secondary" role="timer" aria-live="off">
            {t('registry.reveal.shown', { s: shown.left })}
          </Typography.Text>
          <Button
            size="small"
            icon={<EyeInvisibleOutlined />}
            onClick={() => {
              stop();
              setShown(null);
            }}
          >
            {t('registry.reveal.hide')}
          </Button>
        </Space>
      ) : (
        <Space wrap size={[8, 4]}>
          <span className="rx-mono" data-testid={`masked-${field}`}>
            {masked}
          </span>
          {canReveal && (
            <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} aria-label={withNote(t('registry.reveal.button'), title, i18n.language)} data-testid={`reveal-${field}`}>
              {t('registry.reveal.button')}
            </Button>
          )}
        </Space>
      )}
      <Modal
        open={open}
        title={title}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        okText={t('registry.reveal.submit')}
        cancelText={t('registry.reveal.cancel')}
        okButtonProps={{ loading: pending }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('registry.reveal.notice')}</Typography.Paragraph>
        {error !== null && <Alert type="error" showIcon role="alert" title={errorText(error, t, i18n.language)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void reveal(v.reason.trim())}>
          <Form.Item
            name="reason"
            label={t('registry.reveal.reason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('registry.reveal.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} placeholder={t('registry.reveal.reasonPlaceholder')} autoFocus />
          </Form.Item>
          <div className="rx-reg-quick" role="group" aria-label={t('registry.reveal.quick')}>
            <Typography.Text type="secondary">{labelled(t('registry.reveal.quick'), '', i18n.language)}</Typography.Text>
            {quick.map((q) => (
              <Button key={q} size="small" onClick={() => form.setFieldsValue({ reason: q })}>
                {q}
              </Button>
            ))}
          </div>
        </Form>
      </Modal>
    </span>
  );
}
