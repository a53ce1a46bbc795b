import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { actorText, onlyActor } from './actor-filter.logic';

describe('audit: only this actor', () => {
  it('keeps the time range and page size, drops the other filters, back to page 1', () => {
    expect(onlyActor({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', action: 'reveal', objectType: 'resident', outcome: 'denied', actorId: 'old', page: 4, pageSize: 100 }, 'u-1'))
      .toEqual({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', actorId: 'u-1', page: 1, pageSize: 100 });
    expect(onlyActor({ page: 2, pageSize: 50 }, 'token:abc')).toEqual({ from: undefined, to: undefined, actorId: 'token:abc', page: 1, pageSize: 50 });
  });
});

// The viewer names a staff actor by username and role (the auditor should not have to copy UUIDs to know who it was).
describe('audit: how a row names its actor', () => {
  let zh: TFunction;
  let english: TFunction;
  beforeAll(async () => {
    ({ zh, en: english } = await appTranslations());
  });
  const staff = { actorId: '0193f1aa-0000-7000-8000-000000000001', actorName: 'grid1', actorRole: 'grid_worker' };

  it('username with the role recorded on the row, in both languages', () => {
    expect(actorText(staff, zh)).toBe('grid1（网格员）');
    expect(actorText(staff, english)).toBe('grid1 (Grid worker)');
  });

  it('without a username (a token, a deleted account, an older server): the role; without a role: the name alone', () => {
    expect(actorText({ ...staff, actorName: null }, zh)).toBe('网格员');
    expect(actorText({ ...staff, actorName: undefined }, english)).toBe('Grid worker');
    expect(actorText({ ...staff, actorRole: null }, zh)).toBe('grid1');
    expect(actorText({ ...staff, actorName: null, actorRole: null }, zh)).toBe(zh('audit.none'));
  });

  it('rows without an actor: system job or anonymous, whatever name is sent', () => {
    expect(actorText({ actorId: null, actorName: null, actorRole: 'system' }, zh)).toBe(zh('audit.systemJob'));
    expect(actorText({ actorId: null, actorName: null, actorRole: null }, english)).toBe(english('audit.anonymous'));
  });
});
