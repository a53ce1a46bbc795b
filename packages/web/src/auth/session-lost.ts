// Signing in again in place (ADR 0066). When the session ends under an open page — the idle sign-out, a logout in
// another tab, a security admin ending it — the page stays where it is, covered by a sign-in dialog, so that a drawer's
// typed input survives; requests that found the session gone wait for the dialog and are sent again after it.
// This module is the dialog's state: plain, framework-free, unit-tested.
import { storeQuietly } from '../lib/storage';

/**
 * Why the user must sign in again: the idle sign-out of this browser, a logout in another tab of it, or the session
 * ended some other way (its server-side idle timeout, a security admin, a restart with sessions in memory).
 */
export type SignInReason = 'idle' | 'elsewhere' | 'ended';

/** The more specific reason wins when several arrive: the idle text, then the logout elsewhere, then the plain one. */
const RANK: Record<SignInReason, number> = { ended: 0, elsewhere: 1, idle: 2 };

type Listener = () => void;

let reason: SignInReason | null = null;
const waiting: Array<(signedIn: boolean) => void> = [];
const listeners = new Set<Listener>();

function changed(): void {
  for (const l of listeners) l();
}

/**
 * Opens the sign-in dialog (once: further calls while it is open join it) and resolves true after the same user has
 * signed in again, false when they chose to sign in as someone else (the page is left).
 */
export function askSignIn(why: SignInReason): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    waiting.push(resolve);
    if (reason === null || RANK[why] > RANK[reason]) {
      reason = why;
      changed();
    }
  });
}

/** Closes the dialog and answers every request that waited for it. */
export function finishSignIn(signedIn: boolean): void {
  const resolvers = waiting.splice(0);
  const wasOpen = reason !== null;
  reason = null;
  for (const r of resolvers) r(signedIn);
  if (wasOpen) changed();
}

/** The open dialog's reason, or null when it is closed. */
export function signInReason(): SignInReason | null {
  return reason;
}

/** For useSyncExternalStore. */
export function subscribeSignIn(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Telling the other tabs of this browser: a logout there ends the session here too (the cookie is shared), and a
// sign-in there may be the same user, whose new session this tab can take up without asking for the password again.

/** localStorage key written when a tab signs out (value: epoch ms). */
export const SIGNED_OUT_KEY = 'rx-signed-out';
/** localStorage key written when a tab signs in (value: JSON { user: id, at: epoch ms }). */
export const SIGNED_IN_KEY = 'rx-signed-in';

// Storage refused (private mode): the other tabs find out at their next request instead.
export function tellSignedOut(): void {
  storeQuietly(SIGNED_OUT_KEY, String(Date.now()));
}

export function tellSignedIn(userId: string): void {
  storeQuietly(SIGNED_IN_KEY, JSON.stringify({ user: userId, at: Date.now() }));
}

/** The user id from a SIGNED_IN_KEY value, or null when it is not one. */
export function signedInUser(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && typeof (v as { user?: unknown }).user === 'string' ? (v as { user: string }).user : null;
  } catch {
    return null;
  }
}
