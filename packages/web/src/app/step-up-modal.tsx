import { Alert, Button, Form, Space, Typography } from 'antd';
import { Modal } from '../lib/dialog';
import { PasswordPromptField, usePasswordPrompt } from '../lib/prompt-dialog';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { stepUp } from '../api/auth';
import type { StepUpNeed } from '../api/client';
import { errorText } from '../lib/errors';
import { useFocusReturn } from '../lib/dialog-focus';

/** The dialog itself (loaded when first needed, ADR 0064); its state lives in app/step-up-dialog.tsx. */
export function StepUpModal({ need, onDone }: { need: StepUpNeed; onDone: (ok: boolean) => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const serverMessage = i18n.language.startsWith('zh') ? need.messageZh || need.messageEn : need.messageEn || need.messageZh;
  const { password, setPassword, error, submit, pending } = usePasswordPrompt({
    send: stepUp,
    required: t('stepUp.passwordRequired'),
    onSuccess: () => onDone(true),
    errorOf: (e) => errorText(e, t, i18n.language),
  });

  return (
    <Modal
      open
      title={
        <Space>
          <LockOutlined />
          {t('stepUp.title')}
        </Space>
      }
      onCancel={() => onDone(false)}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={() => onDone(false)} data-testid="step-up-cancel">
          {t('stepUp.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={pending} onClick={submit} data-testid="step-up-submit">
          {t('stepUp.confirm')}
        </Button>,
      ]}
    >
      {/* The server says how many records in how long; the fixed text says the same without the numbers. */}
      <Alert type="warning" showIcon title={serverMessage || t('stepUp.intro')} style={{ marginBottom: 12 }} data-testid="step-up-reason" />
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('stepUp.why')}
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={submit}>
        <PasswordPromptField id="step-up-password" label={t('stepUp.passwordLabel')} value={password} onChange={setPassword} style={{ maxWidth: 320 }} />
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="step-up-error" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
        {t('stepUp.recorded')}
      </Typography.Paragraph>
    </Modal>
  );
}
