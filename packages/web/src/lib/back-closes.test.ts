import { describe, expect, it } from 'vitest';
import { backToNewestDialog, dialogsHoldBack, holdBack, holdBackForConfirm } from './back-closes';

describe('Back closes the newest open dialog', () => {
  it('hands Back to the newest dialog, then the one under it; with none open, Back leaves the page', () => {
    const closed: string[] = [];
    expect(dialogsHoldBack()).toBe(false);
    const releaseDrawer = holdBack(() => closed.push('drawer'));
    const releaseStepUp = holdBack(() => closed.push('step-up'));
    expect(dialogsHoldBack()).toBe(true);
    backToNewestDialog();
    expect(closed).toEqual(['step-up']);
    releaseStepUp();
    backToNewestDialog();
    expect(closed).toEqual(['step-up', 'drawer']);
    releaseDrawer();
    expect(dialogsHoldBack()).toBe(false);
    backToNewestDialog();
    expect(closed).toEqual(['step-up', 'drawer']);
  });

  it('a release is idempotent and removes only its own dialog, whatever the order of closing', () => {
    const closed: string[] = [];
    const a = holdBack(() => closed.push('a'));
    const b = holdBack(() => closed.push('b'));
    a();
    a();
    backToNewestDialog();
    expect(closed).toEqual(['b']);
    b();
    expect(dialogsHoldBack()).toBe(false);
  });
});

// A confirmation dialog opened by a call (antd's modal.confirm): held from the call until it closes, whichever way.
describe('Back closes a confirmation dialog', () => {
  // A settled promise's handlers have run once the microtasks queued before this one have.
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));
  const open = (config: { onOk?: () => unknown; onCancel?: () => unknown; afterClose?: () => void } = {}) => {
    const log: string[] = [];
    const held = holdBackForConfirm(config, () => log.push('closed'));
    return { log, ...held };
  };

  it('Back calls its onCancel, closes it and releases it: the next Back leaves the page', () => {
    const cancelled: string[] = [];
    const under: string[] = [];
    const releaseDrawer = holdBack(() => under.push('drawer'));
    const c = open({ onCancel: () => cancelled.push('cancel') });
    expect(dialogsHoldBack()).toBe(true);
    backToNewestDialog();
    expect(cancelled).toEqual(['cancel']);
    expect(c.log).toEqual(['closed']);
    expect(under).toEqual([]);
    // The drawer it was opened over is next.
    backToNewestDialog();
    expect(under).toEqual(['drawer']);
    releaseDrawer();
    expect(dialogsHoldBack()).toBe(false);
    // Its close comes later (afterClose); it does not call onCancel again.
    c.config.afterClose();
    expect(cancelled).toEqual(['cancel']);
  });

  it('Back without an onCancel just closes it', () => {
    const c = open();
    backToNewestDialog();
    expect(c.log).toEqual(['closed']);
    expect(dialogsHoldBack()).toBe(false);
  });

  it('OK that returns no promise releases at once; the config’s own onOk is called and its value returned', () => {
    const c = open({ onOk: () => 'done' });
    expect(dialogsHoldBack()).toBe(true);
    expect(c.config.onOk()).toBe('done');
    expect(dialogsHoldBack()).toBe(false);
  });

  it('OK that returns a promise holds until it resolves (antd closes then), and keeps holding if it rejects', async () => {
    let resolve = () => {};
    const sent = new Promise<void>((r) => (resolve = r));
    const c = open({ onOk: () => sent });
    // The very promise goes back to antd, which waits for it.
    expect(c.config.onOk()).toBe(sent);
    await settle();
    expect(dialogsHoldBack()).toBe(true);
    resolve();
    await settle();
    expect(dialogsHoldBack()).toBe(false);

    const failed = Promise.reject(new Error('refused'));
    const d = open({ onOk: () => failed });
    expect(d.config.onOk()).toBe(failed);
    await expect(failed).rejects.toThrow('refused');
    await settle();
    // antd keeps the dialog open after a rejected onOk: Back still closes it.
    expect(dialogsHoldBack()).toBe(true);
    backToNewestDialog();
    expect(d.log).toEqual(['closed']);
    expect(dialogsHoldBack()).toBe(false);
  });

  it('Cancel, Esc, the mask or × (antd calls onCancel) release, and call the config’s onCancel once', () => {
    const cancelled: string[] = [];
    const c = open({ onCancel: () => cancelled.push('cancel') });
    c.config.onCancel();
    expect(cancelled).toEqual(['cancel']);
    expect(dialogsHoldBack()).toBe(false);
    // Without an onCancel of its own, the same.
    const d = open();
    expect(d.config.onCancel()).toBeUndefined();
    expect(dialogsHoldBack()).toBe(false);
  });

  it('any other close (a destroy) releases when it has gone (afterClose), and calls the config’s afterClose', () => {
    const after: string[] = [];
    const c = open({ afterClose: () => after.push('after') });
    expect(dialogsHoldBack()).toBe(true);
    c.config.afterClose();
    expect(after).toEqual(['after']);
    expect(dialogsHoldBack()).toBe(false);
  });

  it('release (an unmount, a destroy through the handle) lets go at once; OK afterwards does not release another dialog', () => {
    const other: string[] = [];
    const c = open();
    c.release();
    expect(dialogsHoldBack()).toBe(false);
    const releaseOther = holdBack(() => other.push('other'));
    c.config.onOk();
    c.config.afterClose();
    expect(dialogsHoldBack()).toBe(true);
    backToNewestDialog();
    expect(other).toEqual(['other']);
    expect(c.log).toEqual([]);
    releaseOther();
  });
});
