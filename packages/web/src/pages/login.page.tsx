import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/client';
import { LanguageSwitch } from '../app/language-switch';
import { safeNext } from '../auth/redirect';
import { useLogin, useSession } from '../auth/session';
import { errorRequestId, errorText } from '../lib/errors';
import { durationLabel } from '../lib/labels';
import { FullPageLoading } from './full-page';
import { usePageTitle } from '../app/use-page-title';
import { SHELL_LOADERS } from '../app/shell-loader';
import { warmUp } from '../lib/warm-up';

type LoginForm = { username: string; password: string };

/** Seconds left until `until` (epoch ms), ticking once a second; 0 when past or null. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('login.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const [form] = Form.useForm<LoginForm>();
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const secondsLeft = useCountdown(lockedUntil);
  const locked = lockedUntil !== null && secondsLeft > 0;
  const next = safeNext(params.get('next'));
  const formShown = !session.isPending && !session.data;
  // Once the form is drawn, the workbench's code is loaded and run while the user types (ADR 0064).
  useEffect(() => (formShown ? warmUp(SHELL_LOADERS) : undefined), [formShown]);

  if (session.isPending) return <FullPageLoading />;
  if (session.data && !login.isPending) return <Navigate to={next} replace />;

  const onFinish = (values: LoginForm) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (error) => {
          if (isApiError(error) && error.status === 429) {
            setLockedUntil(error.retryAfter !== null ? Date.now() + error.retryAfter * 1000 : null);
          }
          form.setFieldValue('password', '');
        },
      },
    );
  };

  let errorMessage: string | null = null;
  const error = login.error;
  if (error) {
    if (isApiError(error) && error.status === 429) {
      errorMessage = locked ? t('login.locked', { time: durationLabel(secondsLeft, t) }) : lockedUntil === null ? t('login.lockedNoTime') : null;
    } else if (isApiError(error) && error.code === 'invalid_credentials') {
      errorMessage = t('login.invalid');
    } else {
      errorMessage = errorText(error, t, i18n.language);
    }
  }
  const requestId = error && !(isApiError(error) && (error.status === 401 || error.status === 429)) ? errorRequestId(error) : null;
  const expired = params.get('expired') === '1' && !error;
  const changed = params.get('changed') === '1' && !error;

  return (
    <main className="rx-login">
      <div className="rx-login-top">
        <LanguageSwitch />
      </div>
      <Card className="rx-login-card">
        <div className="rx-login-brand">
          <img src="/favicon.svg" alt="" />
          <div>
            <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {expired && <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {changed && <Alert type="success" showIcon title={t('login.passwordChanged')} style={{ marginBottom: 16 }} data-testid="login-password-changed" />}
        <Form<LoginForm>
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={onFinish}
          disabled={login.isPending}
          name="login"
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoFocus autoComplete="username" autoCapitalize="none" spellCheck={false} />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
          </Form.Item>
          {errorMessage && (
            <Alert
              type={isApiError(error) && error.status === 429 ? 'warning' : 'error'}
              showIcon
              role="alert"
              title={errorMessage}
              description={requestId ? t('errors.requestId', { id: requestId }) : undefined}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Button type="primary" htmlType="submit" block disabled={locked || login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('login.help')}
        </Typography.Paragraph>
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <Link to="/privacy" data-testid="privacy-notice-link">
            {t('notice.link')}
          </Link>
          <span aria-hidden>
            {' · '}
          </span>
          <Link to="/transparency" data-testid="transparency-link">
            {t('transparency.link')}
          </Link>
        </div>
      </Card>
    </main>
  );
}
