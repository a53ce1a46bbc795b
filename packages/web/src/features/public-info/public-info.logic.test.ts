import { describe, expect, it } from 'vitest';
import { blocksOf, hoursLeft, normalTicket, photoOf, queueFiltersOf, queueQueryOf, slaState, versionChanges } from './public-info.logic';

describe('政务公开与群众监督 logic (ADR 0086)', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  it('the SLA badge: closed, overdue, soon (4 hours), ok', () => {
    expect(slaState({ status: 'resolved', dueAt: '2026-12-01T00:00:00Z' }, now)).toBe('closed');
    expect(slaState({ status: 'accepted', dueAt: '2026-12-05T10:00:00Z' }, now)).toBe('overdue');
    expect(slaState({ status: 'new', dueAt: '2026-12-05T14:00:00Z' }, now)).toBe('soon');
    expect(slaState({ status: 'new', dueAt: '2026-12-05T14:00:01Z' }, now)).toBe('ok');
    expect(hoursLeft('2026-12-05T11:30:00Z', now)).toBe(2);
    expect(hoursLeft('2026-12-05T08:00:00Z', now)).toBe(-2);
  });
  it('a ticket is TS-YYYYMMDD-NNNN, case and spaces forgiven', () => {
    expect(normalTicket(' ts-20261205-0001 ')).toBe('TS-20261205-0001');
    expect(normalTicket('TS-2026125-0001')).toBeNull();
  });
  it('a photo is a JPEG or PNG by its bytes, at most 2 MB', () => {
    expect(photoOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ mime: 'image/jpeg', data: '/9j/4A==' });
    expect(photoOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toMatchObject({ mime: 'image/png' });
    expect(photoOf(new TextEncoder().encode('<svg onload=alert(1)>'))).toBe('type');
    expect(photoOf(new Uint8Array(2 * 1024 * 1024 + 1))).toBe('size');
  });
  it('the body is paragraphs, "- " lists and "# " headings; no markup passes through', () => {
    expect(blocksOf('# 标题\n\n第一段\n续行\n\n- 甲\n- 乙\n\n<b>x</b>')).toEqual([
      { kind: 'h', text: '标题' }, { kind: 'p', text: '第一段\n续行' }, { kind: 'ul', items: ['甲', '乙'] }, { kind: 'p', text: '<b>x</b>' },
    ]);
  });

  it('the queue filters are read from the address, unknown values dropped, and become the API query', () => {
    expect(queueFiltersOf(new URLSearchParams())).toEqual({ filter: 'all', page: 1 });
    const f = queueFiltersOf(new URLSearchParams('filter=overdue&category=privacy_leak&from=2026-12-01&to=2026-12-05&page=3'));
    expect(f).toEqual({ filter: 'overdue', category: 'privacy_leak', from: '2026-12-01', to: '2026-12-05', page: 3 });
    expect(queueQueryOf(f)).toEqual({ overdue: true, category: 'privacy_leak', from: '2026-12-01', to: '2026-12-05', page: 3 });
    expect(queueFiltersOf(new URLSearchParams('filter=bogus&category=dogs&from=yesterday&page=-2'))).toEqual({ filter: 'all', page: 1 });
    const status = (filter: string) => queueQueryOf(queueFiltersOf(new URLSearchParams({ filter }))).status;
    expect(['open', 'accepted', 'closed', 'rejected', 'overdue', 'all'].map(status)).toEqual(['new', 'accepted', 'resolved', 'rejected', undefined, undefined]);
  });

  it('each version of an announcement says what it changed against the one before; the first is the original', () => {
    const v = (version: number, title: string, body: string, category: 'notice' | 'policy' = 'notice') => ({ version, title, body, category, editedBy: '社区书记', editedAt: '2026-12-05T01:00:00.000Z' });
    const list = versionChanges([v(3, '停水通知（更正）', '明天 9:00–12:00 停水', 'policy'), v(2, '停水通知（更正）', '明天 9:00–11:00 停水'), v(1, '停水通知', '明天 9:00–11:00 停水')]);
    expect(list.map((x) => [x.version.version, x.changed, x.original])).toEqual([[3, ['category', 'body'], false], [2, ['title'], false], [1, [], true]]);
    expect(versionChanges([])).toEqual([]);
  });
});
