import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { checkPasswordPolicy, PASSWORD_MIN_LENGTH } from '@renxing/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { changePassword } from '../../api/auth';
import { isApiError } from '../../api/client';
import { storeSession, useMe } from '../../auth/session';
import { errorRequestId, errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import type { Resources } from '../../i18n/zh-CN';
import { usePageTitle } from '../../app/use-page-title';

type PasswordForm = { currentPassword: string; newPassword: string; confirmPassword: string };
type FieldName = keyof PasswordForm;

const FIELDS: readonly FieldName[] = ['currentPassword', 'newPassword', 'confirmPassword'];
const POLICY_CODES = new Set<string>(['too_short', 'common', 'repetitive', 'contains_username'] satisfies (keyof Resources['password']['codes'])[]);

export function ChangePasswordPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('password.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [form] = Form.useForm<PasswordForm>();

  const mutation = useMutation({
    mutationFn: (values: PasswordForm) => changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => {
      // The server ends every session of the user on a password change: log in again with the new password.
      form.resetFields();
      queryClient.clear();
      storeSession(queryClient, null);
      void navigate('/login?changed=1', { replace: true });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      if (error.status === 401 && error.code === 'invalid_credentials') {
        form.setFields([{ name: 'currentPassword', errors: [t('password.currentWrong')] }]);
        return;
      }
      // Policy errors come back per field; show each next to its field, in the UI language.
      const byField = new Map<FieldName, string[]>();
      for (const detail of error.details) {
        const field = FIELDS.find((f) => f === detail.path || detail.path.endsWith(`.${f}`));
        if (!field) continue;
        const server = detailText(detail, i18n.language);
        const text = server || (POLICY_CODES.has(detail.code) ? t(`password.codes.${detail.code}` as 'password.codes.common') : t('errors.unknown'));
        byField.set(field, [...(byField.get(field) ?? []), text]);
      }
      if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    },
  });

  // Errors that could not be attached to a field are shown above the buttons.
  const error = mutation.error;
  const fieldHandled =
    isApiError(error) &&
    ((error.status === 401 && error.code === 'invalid_credentials') ||
      error.details.some((d) => FIELDS.some((f) => f === d.path || d.path.endsWith(`.${f}`))));
  const generalError = error && !fieldHandled ? errorText(error, t, i18n.language) : null;
  const requestId = generalError ? errorRequestId(error) : null;

  return (
    <>
      <Typography.Title level={1} className="rx-page-title" style={{ fontSize: 24 }}>
        {t('password.title')}
      </Typography.Title>
      <Card style={{ maxWidth: 560 }}>
        {me.mustChangePassword && (
          <Alert
            type="warning"
            showIcon
            title={t('password.forcedTitle')}
            description={t('password.forcedBody')}
            style={{ marginBottom: 16 }}
            data-testid="password-change-required"
          />
        )}
        <Alert type="info" showIcon title={t('password.policy', { min: PASSWORD_MIN_LENGTH })} style={{ marginBottom: 20 }} />
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(values) => mutation.mutate(values)}
          disabled={mutation.isPending}
          name="change-password"
        >
          <Form.Item label={t('password.current')} name="currentPassword" rules={[{ required: true, message: t('password.currentRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('password.new')}
            name="newPassword"
            validateTrigger={['onChange', 'onBlur']}
            dependencies={['currentPassword']}
            rules={[
              { required: true, message: t('password.newRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('password.sameAsCurrent'))) : Promise.resolve(),
              }),
              {
                // Same policy as the server (shared code), checked when the field loses focus; the server stays authoritative.
                validateTrigger: 'onBlur',
                validator: (_, value: string | undefined) => {
                  if (!value) return Promise.resolve();
                  const result = checkPasswordPolicy(value, { username: me.username });
                  if (result.ok) return Promise.resolve();
                  return Promise.reject(new Error(detailText(result, i18n.language)));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('password.confirm')}
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {generalError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={generalError}
              description={requestId ? t('errors.requestId', { id: requestId }) : undefined}
              style={{ marginBottom: 16 }}
            />
          )}
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              {t('password.submit')}
            </Button>
            {/* Nowhere to go back to while a one-time password must be replaced. */}
            {!me.mustChangePassword && (
              <Button onClick={() => void navigate('/')} disabled={false}>
                {t('password.cancel')}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
    </>
  );
}
