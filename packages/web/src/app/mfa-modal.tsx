import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { Modal } from '../lib/dialog';
import { useSecretPrompt } from '../lib/prompt-dialog';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { mfaEnable, mfaSetup, mfaVerify } from '../api/auth';
import type { MfaNeed } from '../api/client';
import { errorText } from '../lib/errors';
import { normaliseCode } from './mfa.logic';
import { useFocusReturn } from '../lib/dialog-focus';

/** The dialog itself (loaded when first needed, ADR 0064); its state lives in app/mfa-dialog.tsx. */
export function MfaModal({ need, onDone }: { need: MfaNeed; onDone: (ok: boolean) => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const { value: code, setValue: setCode, error, setError, submit, pending } = useSecretPrompt({
    send: (value) => (need === 'enroll' ? mfaEnable(value) : mfaVerify(value)),
    accept: (typed) => {
      const value = normaliseCode(typed);
      return /^\d{6}$/.test(value) ? value : null;
    },
    invalid: t('mfa.codeInvalid'),
    onSuccess: () => onDone(true),
    errorOf: (e) => errorText(e, t, language),
  });

  useEffect(() => {
    if (need !== 'enroll') return;
    let live = true;
    mfaSetup().then(
      (s) => live && setSetup(s),
      (e: unknown) => live && setError(errorText(e, t, language)),
    );
    return () => {
      live = false;
    };
  }, [need, t, language, setError]);

  const title = need === 'enroll' ? t('mfa.enrollTitle') : t('mfa.verifyTitle');
  return (
    <Modal
      open
      title={
        <Space>
          <SafetyCertificateOutlined />
          {title}
        </Space>
      }
      onCancel={() => onDone(false)}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => onDone(false)}>
          {t('mfa.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={pending} disabled={need === 'enroll' && !setup} onClick={submit} data-testid="mfa-submit">
          {t('mfa.confirm')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{need === 'enroll' ? t('mfa.enrollIntro') : t('mfa.verifyIntro')}</Typography.Paragraph>
      {need === 'enroll' && (
        <div className="rx-mfa-setup">
          {setup ? (
            <>
              <QRCode value={setup.otpauthUri} size={180} bordered={false} aria-label={t('mfa.enrollTitle')} />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('mfa.enrollManual')}{' '}
                <Typography.Text code copyable={{ text: setup.secret }} data-testid="mfa-secret">
                  {setup.secret.replace(/(.{4})(?=.)/g, '$1 ')}
                </Typography.Text>
              </Typography.Paragraph>
            </>
          ) : (
            !error && <Spin tip={t('mfa.loading')} />
          )}
        </div>
      )}
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('mfa.codeLabel')} help={t('mfa.codeHelp')} htmlFor="mfa-code">
          <Input
            id="mfa-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            autoFocus
            style={{ maxWidth: 200, letterSpacing: 4, fontSize: 20 }}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="mfa-error" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
        {t('mfa.lostPhone')}
      </Typography.Paragraph>
    </Modal>
  );
}
