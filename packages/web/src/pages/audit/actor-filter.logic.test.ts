import { describe, expect, it } from 'vitest';
import { onlyActor } from './actor-filter.logic';

describe('audit: only this actor', () => {
  it('keeps the time range and page size, drops the other filters, back to page 1', () => {
    expect(onlyActor({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', action: 'reveal', objectType: 'resident', outcome: 'denied', actorId: 'old', page: 4, pageSize: 100 }, 'u-1'))
      .toEqual({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', actorId: 'u-1', page: 1, pageSize: 100 });
    expect(onlyActor({ page: 2, pageSize: 50 }, 'token:abc')).toEqual({ from: undefined, to: undefined, actorId: 'token:abc', page: 1, pageSize: 50 });
  });
});
