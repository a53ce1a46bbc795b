import { describe, expect, it } from 'vitest';
import { offlineNotice } from './offline-notice.logic';

describe('the offline notice', () => {
  it('shows nothing online, says the network is gone, and that saves wait for it when some do', () => {
    expect(offlineNotice(true, 0)).toBe('none');
    expect(offlineNotice(true, 3)).toBe('none');
    expect(offlineNotice(false, 0)).toBe('offline');
    expect(offlineNotice(false, 1)).toBe('waiting');
  });
});
