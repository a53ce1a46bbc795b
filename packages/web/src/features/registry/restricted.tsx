import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Space, Tag } from 'antd';
import { Modal } from '../../lib/dialog';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { applyFieldErrors } from './shared';
import { breakGlass, setRestriction, type Purpose, type ResidentStub } from './api';
import { useFocusReturn } from '../../lib/dialog-focus';

/** The "受限" tag shown next to a restricted resident's masked name. */
export function RestrictedTag() {
  const { t } = useTranslation();
  return (
    <Tag icon={<LockOutlined />} color="purple" data-testid="restricted-tag">
      {t('registry.restricted.tag')}
    </Tag>
  );
}

/** A reason dialog shared by break-the-glass and (un)restricting. */
function ReasonModal({
  title, notice, submitLabel, placeholder, onSubmit, onClose, testId,
}: { title: string; notice: string; submitLabel: string; placeholder: string; onSubmit: (reason: string) => Promise<void>; onClose: () => void; testId: string }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      okText={submitLabel}
      cancelText={t('registry.restricted.cancel')}
      okButtonProps={{ loading: pending, ...({ 'data-testid': `${testId}-submit` } as Record<`data-${string}`, string>) }}
      onOk={() => form.submit()}
    >
      <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async ({ reason }) => {
          setPending(true);
          setError(null);
          try {
            await onSubmit(reason.trim());
          } catch (e) {
            if (!applyFieldErrors(form, e, i18n.language, ['reason'])) setError(e);
          } finally {
            setPending(false);
          }
        }}
      >
        <Form.Item
          name="reason"
          label={t('registry.restricted.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('registry.restricted.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder={placeholder} data-testid={`${testId}-reason`} />
        </Form.Item>
      </Form>
      {error !== null && <Alert type="error" showIcon role="alert" title={errorText(error, t, i18n.language)} />}
    </Modal>
  );
}

/**
 * What a restricted record shows without a break-the-glass grant: the masked name, why the rest is hidden, and the
 * button to open it for a limited time with a reason (audited; the community admin is told).
 */
export function RestrictedProfile({ stub, purpose, canRead, onOpened }: { stub: ResidentStub; purpose: Purpose; canRead: boolean; onOpened: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  return (
    <Card size="small" data-testid="restricted-profile">
      <Result
        icon={<LockOutlined />}
        title={
          <Space>
            <span data-testid="resident-name">{stub.nameMasked}</span>
            <RestrictedTag />
          </Space>
        }
        subTitle={t('registry.restricted.explain')}
        extra={
          canRead && (
            <Button type="primary" icon={<UnlockOutlined />} onClick={() => setAsking(true)} data-testid="break-glass">
              {t('registry.restricted.breakGlass')}
            </Button>
          )
        }
      />
      {asking && (
        <ReasonModal
          testId="break-glass"
          title={t('registry.restricted.breakGlassTitle')}
          notice={t('registry.restricted.breakGlassNotice')}
          submitLabel={t('registry.restricted.breakGlassSubmit')}
          placeholder={t('registry.restricted.breakGlassPlaceholder')}
          onClose={() => setAsking(false)}
          onSubmit={async (reason) => {
            await breakGlass(stub.id, reason, purpose);
            setAsking(false);
            onOpened();
          }}
        />
      )}
    </Card>
  );
}

/** Shown above a restricted record opened under a grant: until when, and that every view is recorded. */
export function BreakGlassBanner({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      icon={<UnlockOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="break-glass-banner"
      title={t('registry.restricted.openUntil', { time: dayjs(expiresAt).format('HH:mm') })}
      description={t('registry.restricted.openNotice')}
    />
  );
}

/** Community admin: mark the record restricted, or lift it (reason; second factor on the server). */
export function RestrictionButton({ id, restricted, version, onChanged }: { id: string; restricted: boolean; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={restricted ? <UnlockOutlined /> : <LockOutlined />} onClick={() => setOpen(true)} data-testid="restriction-toggle">
        {restricted ? t('registry.restricted.lift') : t('registry.restricted.set')}
      </Button>
      {open && (
        <ReasonModal
          testId="restriction"
          title={restricted ? t('registry.restricted.liftTitle') : t('registry.restricted.setTitle')}
          notice={restricted ? t('registry.restricted.liftNotice') : t('registry.restricted.setNotice')}
          submitLabel={restricted ? t('registry.restricted.lift') : t('registry.restricted.set')}
          placeholder={t('registry.restricted.setPlaceholder')}
          onClose={() => setOpen(false)}
          onSubmit={async (reason) => {
            await setRestriction(id, { restricted: !restricted, reason, version });
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}
