import { useEffect, useRef } from 'react';
import { logout } from '../api/auth';
import { ACTIVITY_WRITE_MS, isIdle, LAST_ACTIVITY_KEY, parseActivity } from './idle';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove', 'scroll'] as const;

function readShared(): number | null {
  try {
    return parseActivity(window.localStorage.getItem(LAST_ACTIVITY_KEY));
  } catch {
    return null;
  }
}

function writeShared(at: number): void {
  try {
    window.localStorage.setItem(LAST_ACTIVITY_KEY, String(at));
  } catch {
    // Storage refused (private mode, quota): this tab still counts its own activity.
  }
}

/**
 * Signs the tab out after `idleMinutes` without use (keys, pointer, touch, scrolling in any tab of this browser): the
 * session is ended on the server, then `onSignedOut` forgets the user and goes to the login page (which says the login
 * has expired). Renders nothing.
 */
export function IdleSignOut({ idleMinutes, onSignedOut }: { idleMinutes: number | undefined; onSignedOut: () => void }) {
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  const ownActivity = useRef(Date.now());
  const lastWrite = useRef(0);

  useEffect(() => {
    const mark = () => {
      const now = Date.now();
      ownActivity.current = now;
      if (now - lastWrite.current >= ACTIVITY_WRITE_MS) {
        lastWrite.current = now;
        writeShared(now);
      }
    };
    mark();
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true, capture: true });
    let signingOut = false;
    const check = () => {
      if (signingOut || !isIdle({ ownActivity: ownActivity.current, sharedActivity: readShared(), now: Date.now(), idleMinutes })) return;
      signingOut = true;
      void logout()
        .catch(() => undefined)
        .finally(() => signedOut.current());
    };
    const timer = window.setInterval(check, 15_000);
    // A laptop waking from sleep or a tab brought back to the front checks at once.
    document.addEventListener('visibilitychange', check);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark, { capture: true });
    };
  }, [idleMinutes]);

  return null;
}
