import { describe, expect, it } from 'vitest';
import { backToNewestDialog, dialogsHoldBack, holdBack } from './back-closes';

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
