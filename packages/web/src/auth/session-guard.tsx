import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Alert, Button, Form, Typography } from 'antd';
import { BlockingModal, PasswordPromptField, usePasswordPrompt } from '../lib/prompt-dialog';
import { ClockCircleOutlined, LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { fetchSession, login, logout } from '../api/auth';
import { isApiError, setSessionLostHandler } from '../api/client';
import type { Me } from '../api/types';
import { readQuietly, storeQuietly } from '../lib/storage';
import { errorText } from '../lib/errors';
import { durationLabel } from '../lib/labels';
import { ACTIVITY_WRITE_MS, DEFAULT_IDLE_MINUTES, idlePhaseSharing, LAST_ACTIVITY_KEY, parseActivity } from './idle';
import { loginPath } from './redirect';
import {
  askSignIn,
  finishSignIn,
  SIGNED_IN_KEY,
  SIGNED_OUT_KEY,
  signedInUser,
  signInReason,
  subscribeSignIn,
  tellSignedIn,
  type SignInReason,
} from './session-lost';
import { storeSession, useMe } from './session';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove', 'scroll'] as const;

// Storage refused (private mode, quota): this tab still counts its own activity.
const readShared = (): number | null => parseActivity(readQuietly(LAST_ACTIVITY_KEY));
const writeShared = (at: number): void => void storeQuietly(LAST_ACTIVITY_KEY, String(at));

/**
 * Keeps a signed-in page through the end of its session (ADR 0066). Mounted once in the signed-in layout:
 * - the idle sign-out: a tab nobody has used (keys, pointer, touch, scrolling in any tab of this browser) for the
 *   session's idle timeout is signed out, after a minute's warning with a countdown and 继续使用;
 * - a request that finds the session gone (401), the idle sign-out and a logout in another tab cover the page with a
 *   sign-in dialog instead of leaving it for the login page: the page, an open drawer and its typed input stay, and
 *   the requests that were refused are sent again after the same user has signed in. A sign-in of the same user in
 *   another tab closes the dialog here too. 换个账号登录 leaves for the login page, as before.
 * The dialog's backdrop is opaque: a signed-out screen shows no residents' data.
 */
export function SessionGuard() {
  const me = useMe();
  const reason = useSyncExternalStore(subscribeSignIn, signInReason);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef('');
  here.current = location.pathname + location.search;
  const meId = useRef(me.id);
  meId.current = me.id;

  useEffect(() => {
    setSessionLostHandler(() => askSignIn('ended'));
    return () => {
      setSessionLostHandler(null);
      // Leaving the signed-in layout (logout from the menu, another account): nothing waits for this dialog any more.
      finishSignIn(false);
    };
  }, []);

  useEffect(() => {
    // Another tab of this browser signed in (the cookie is shared): the same user's new session is taken up here
    // without asking again; another user's means this page is not theirs — start from their home page.
    const takeUp = async (user: string | null) => {
      if (signInReason() === null || user === null) return;
      const session = await fetchSession().catch(() => null);
      if (!session || signInReason() === null) return;
      if (session.user.id === meId.current) {
        storeSession(queryClient, session);
        finishSignIn(true);
        return;
      }
      finishSignIn(false);
      queryClient.clear();
      storeSession(queryClient, session);
      void navigate('/', { replace: true });
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key === SIGNED_OUT_KEY && e.newValue) void askSignIn('elsewhere');
      if (e.key === SIGNED_IN_KEY) void takeUp(signedInUser(e.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [queryClient, navigate]);

  const otherAccount = () => {
    finishSignIn(false);
    void navigate(loginPath(here.current, true), { replace: true });
    queryClient.clear();
    storeSession(queryClient, null);
  };

  return (
    <>
      <IdleSignOut idleMinutes={me.sessionIdleMinutes} dialogOpen={reason !== null} />
      {reason !== null && <SignInAgainModal me={me} reason={reason} onOtherAccount={otherAccount} />}
    </>
  );
}

/** The idle sign-out with its warning; while the sign-in dialog is open it neither warns nor signs out again. */
function IdleSignOut({ idleMinutes, dialogOpen }: { idleMinutes: number | undefined; dialogOpen: boolean }) {
  const ownActivity = useRef(Date.now());
  const lastWrite = useRef(0);
  const [warning, setWarning] = useState<number | null>(null);
  const paused = useRef(dialogOpen);
  paused.current = dialogOpen;

  const mark = () => {
    const now = Date.now();
    ownActivity.current = now;
    if (now - lastWrite.current >= ACTIVITY_WRITE_MS) {
      lastWrite.current = now;
      writeShared(now);
    }
  };

  useEffect(() => {
    mark();
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true, capture: true });
    let signingOut = false;
    const check = () => {
      const state = idlePhaseSharing({ ownActivity: ownActivity.current, now: Date.now(), idleMinutes }, readShared);
      setWarning(state.phase === 'warning' && !paused.current ? state.seconds : null);
      if (state.phase !== 'idle' || signingOut || paused.current) return;
      signingOut = true;
      void logout()
        .catch(() => undefined)
        .finally(() => {
          void askSignIn('idle').finally(() => {
            signingOut = false;
          });
        });
    };
    // Every second: the warning counts down. A laptop waking from sleep or a tab brought to the front checks at once.
    const timer = window.setInterval(check, 1_000);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark, { capture: true });
    };
  }, [idleMinutes]);

  if (warning === null) return null;
  return <IdleWarning seconds={warning} onKeepWorking={() => { mark(); setWarning(null); }} />;
}

/** The last minute before the idle sign-out: a countdown and 继续使用 (any other use of the page counts too). */
function IdleWarning({ seconds, onKeepWorking }: { seconds: number; onKeepWorking: () => void }) {
  const { t } = useTranslation();
  return (
    <BlockingModal
      title={
        <span>
          <ClockCircleOutlined style={{ marginRight: 8 }} />
          {t('signInAgain.warningTitle')}
        </span>
      }
      footer={
        <Button type="primary" size="large" onClick={onKeepWorking} data-testid="idle-keep-working" autoFocus>
          {t('signInAgain.keepWorking')}
        </Button>
      }
    >
      <Typography.Paragraph style={{ fontSize: 16, marginBottom: 0 }} data-testid="idle-warning-text">
        {t('signInAgain.warningText', { seconds })}
      </Typography.Paragraph>
    </BlockingModal>
  );
}

function SignInAgainModal({ me, reason, onOtherAccount }: { me: Me; reason: SignInReason; onOtherAccount: () => void }) {
  // BlockingModal gives the focus back to where the user was (a drawer's field) once signed in again.
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const minutes = me.sessionIdleMinutes && me.sessionIdleMinutes > 0 ? me.sessionIdleMinutes : DEFAULT_IDLE_MINUTES;
  const { password, setPassword, error, submit, pending } = usePasswordPrompt({
    send: (pw) => login(me.username, pw),
    required: t('signInAgain.passwordRequired'),
    onSuccess: (session) => {
      storeSession(queryClient, session);
      tellSignedIn(session.user.id);
      finishSignIn(true);
    },
    errorOf: (e) =>
      isApiError(e) && e.code === 'invalid_credentials' ? t('login.invalid')
      : isApiError(e) && e.status === 429 ? (e.retryAfter !== null ? t('login.locked', { time: durationLabel(e.retryAfter, t) }) : t('login.lockedNoTime'))
      : errorText(e, t, i18n.language),
  });

  return (
    <BlockingModal
      title={
        <span>
          <LockOutlined style={{ marginRight: 8 }} />
          {t('signInAgain.title')}
        </span>
      }
      // Opaque: the page under it stays (with the user's input) but is not shown while nobody is signed in.
      styles={{ mask: { backgroundColor: 'var(--rx-signed-out-backdrop, #eef1f5)' } }}
      footer={[
        <Button key="other" onClick={onOtherAccount} data-testid="sign-in-again-other">
          {t('signInAgain.other')}
        </Button>,
        <Button key="ok" type="primary" loading={pending} onClick={submit} data-testid="sign-in-again-submit">
          {t('signInAgain.submit')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t(`signInAgain.${reason}`, { minutes })} style={{ marginBottom: 12 }} data-testid="sign-in-again-reason" />
      <Typography.Paragraph type="secondary">{t('signInAgain.kept')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('signInAgain.account')} style={{ marginBottom: 8 }}>
          <Typography.Text strong data-testid="sign-in-again-account">
            {me.displayName} ({me.username})
          </Typography.Text>
        </Form.Item>
        <PasswordPromptField id="sign-in-again-password" label={t('signInAgain.password')} value={password} onChange={setPassword} />
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="sign-in-again-error" role="alert" />}
    </BlockingModal>
  );
}
