import { describe, expect, it } from 'vitest';
import { SubmissionKeys } from './submission-keys';

describe('SubmissionKeys', () => {
  it('sends a retried submission under the same Idempotency-Key, another body or the next submission under a new one', () => {
    const keys = new SubmissionKeys();
    const a = keys.for({ outcome: 'safe', version: 1 });
    expect(keys.for({ outcome: 'safe', version: 1 })).toBe(a);
    const b = keys.for({ outcome: 'unreachable', version: 1 });
    expect(b).not.toBe(a);
    keys.done();
    expect(keys.for({ outcome: 'unreachable', version: 1 })).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
  });
});
