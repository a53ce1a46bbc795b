import { afterEach, describe, expect, it } from 'vitest';
import { askSignIn, finishSignIn, signedInUser, signInReason, subscribeSignIn } from './session-lost';

describe('sign in again in place: the dialog’s state (ADR 0066)', () => {
  afterEach(() => finishSignIn(false));

  it('one dialog for every request that found the session gone; all are answered when the user has signed in', async () => {
    let notified = 0;
    const stop = subscribeSignIn(() => notified++);
    const a = askSignIn('ended');
    const b = askSignIn('ended');
    expect(signInReason()).toBe('ended');
    expect(notified).toBe(1); // the second request joined the open dialog
    finishSignIn(true);
    await expect(Promise.all([a, b])).resolves.toEqual([true, true]);
    expect(signInReason()).toBeNull();
    expect(notified).toBe(2);
    // Closed: nothing is waiting, and closing again tells nobody.
    finishSignIn(true);
    expect(notified).toBe(2);
    stop();
  });

  it('choosing another account answers false; the idle sign-out’s reason and a logout elsewhere win over a plain ended session', async () => {
    const a = askSignIn('ended');
    void askSignIn('elsewhere');
    expect(signInReason()).toBe('elsewhere');
    void askSignIn('idle');
    expect(signInReason()).toBe('idle');
    void askSignIn('ended');
    expect(signInReason()).toBe('idle');
    finishSignIn(false);
    await expect(a).resolves.toBe(false);
    expect(signInReason()).toBeNull();
  });

  it('reads the signed-in user another tab wrote, and nothing else', () => {
    expect(signedInUser(JSON.stringify({ user: 'u-1', at: 1 }))).toBe('u-1');
    expect(signedInUser(null)).toBeNull();
    expect(signedInUser('u-1')).toBeNull();
    expect(signedInUser(JSON.stringify({ user: 7 }))).toBeNull();
    expect(signedInUser('null')).toBeNull();
  });
});
