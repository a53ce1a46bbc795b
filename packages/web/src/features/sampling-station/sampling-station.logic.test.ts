import { describe, expect, it } from 'vitest';
import { makeCnId } from '@renxing/shared';
import { ApiError } from '../../api/client';
import type { CheckAnswer, Site } from './api';
import {
  addProblem, checkView, EMPTY_TUBE, identitiesOf, keepRecent, memberFromCheck, memberOffline, nameProblem, newTubeKey, poolSizeChoices, readBarcode,
  readPerson, refusedMember, restorable, retryableSubmission, setupProblems, siteChoices, stationNumbers, tubeBody, tubeReducer, tubeRefusal,
  type RecentTube, type Setup, type Tube, type TubeMember,
} from './sampling-station.logic';

const NOW = new Date('2026-12-04T02:00:00Z');
// Synthetic people (GB 11643 check character computed by the shared helper).
const ID_A = makeCnId('110101', '1980-01-01', 123);
const ID_B = makeCnId('110101', '1975-06-30', 456);
const ID_X = (() => {
  // One whose check character is X, to type it in lower case.
  for (let seq = 0; seq < 1000; seq++) {
    const id = makeCnId('110101', '1990-02-03', seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
})();
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const answer = (over: Partial<CheckAnswer['person']> = {}, rest: Partial<CheckAnswer> = {}): CheckAnswer => ({
  person: { residentId: 'r-1', nameMasked: '张*', idMasked: '110101********1234', registered: true, gridName: '第一网格', ...over },
  sampled: [],
  retest: null,
  ...rest,
});

let n = 0;
const member = (idNumber: string, extra: Partial<TubeMember> = {}): TubeMember => ({
  ...memberFromCheck(`u${++n}`, { idNumber }, answer({ residentId: `r-${idNumber}` }), '2026-12-04T02:00:00.000Z'),
  ...extra,
});

describe('step 1: the tube barcode', () => {
  it('takes 6–32 letters, digits and hyphens, cleaned of spaces and full-width forms', () => {
    expect(readBarcode('  HC-2026-0001 ', NOW)).toEqual({ ok: true, barcode: 'HC-2026-0001' });
    expect(readBarcode('ＨＣ１２３４５６', NOW)).toEqual({ ok: true, barcode: 'HC123456' });
    expect(readBarcode('ABC12', NOW)).toEqual({ ok: false, problem: 'format' });
    expect(readBarcode('A'.repeat(33), NOW)).toEqual({ ok: false, problem: 'format' });
    expect(readBarcode('HC 123456', NOW)).toEqual({ ok: false, problem: 'format' });
    expect(readBarcode('HC_123456', NOW)).toEqual({ ok: false, problem: 'format' });
    expect(readBarcode('', NOW)).toEqual({ ok: false, problem: 'empty' });
    expect(readBarcode('\u200b ', NOW)).toEqual({ ok: false, problem: 'empty' });
    expect(readBarcode('A'.repeat(32), NOW)).toEqual({ ok: true, barcode: 'A'.repeat(32) });
  });

  it('refuses an ID card or a sampling code scanned first (an ID number must never become a barcode)', () => {
    expect(readBarcode(ID_A, NOW)).toEqual({ ok: false, problem: 'looks_like_id' });
    expect(readBarcode(ID_X.toLowerCase(), NOW)).toEqual({ ok: false, problem: 'looks_like_id' });
    expect(readBarcode('RXS-abc-20261204-0123456789abcdef', NOW)).toEqual({ ok: false, problem: 'looks_like_code' });
    expect(readBarcode('rxs-abc', NOW)).toEqual({ ok: false, problem: 'looks_like_code' });
    // 18 digits that are no valid ID number are a (numeric) barcode.
    const bad = ID_A.slice(0, 17) + (ID_A.endsWith('0') ? '1' : '0');
    expect(readBarcode(bad, NOW)).toEqual({ ok: true, barcode: bad });
  });
});

describe('step 2: an ID number or a personal sampling code', () => {
  it('an ID card reader’s 18 characters, also with lower-case x, full-width digits or spaces', () => {
    expect(readPerson(ID_A, NOW)).toEqual({ kind: 'id', ref: { idNumber: ID_A } });
    expect(readPerson(ID_X.toLowerCase(), NOW)).toEqual({ kind: 'id', ref: { idNumber: ID_X } });
    expect(readPerson(fullWidth(ID_B), NOW)).toEqual({ kind: 'id', ref: { idNumber: ID_B } });
    expect(readPerson(`${ID_B.slice(0, 6)} ${ID_B.slice(6, 14)} ${ID_B.slice(14)}`, NOW)).toEqual({ kind: 'id', ref: { idNumber: ID_B } });
  });

  it('a wrong ID number says why (check character, birth date, the old 15 digits)', () => {
    const bad = ID_A.slice(0, 17) + (ID_A.endsWith('0') ? '1' : '0');
    expect(readPerson(bad, NOW)).toEqual({ kind: 'bad_id', reason: 'checksum' });
    expect(readPerson('110101800101123', NOW)).toEqual({ kind: 'bad_id', reason: 'legacy15' });
    const future = '110101' + '20990101' + '123';
    expect(readPerson(future + 'X', NOW)).toMatchObject({ kind: 'bad_id' });
  });

  it('a code starts with RXS- (any case of the prefix, sent in capitals); anything else is a barcode or unknown', () => {
    expect(readPerson('RXS-r1-20261204-0123456789abcdef', NOW)).toEqual({ kind: 'code', ref: { code: 'RXS-r1-20261204-0123456789abcdef' } });
    expect(readPerson(' rxs-r1-20261204-0123456789abcdef ', NOW)).toEqual({ kind: 'code', ref: { code: 'RXS-r1-20261204-0123456789abcdef' } });
    expect(readPerson('HC-2026-0001', NOW)).toEqual({ kind: 'barcode' });
    expect(readPerson('张三', NOW)).toEqual({ kind: 'unknown' });
    expect(readPerson('', NOW)).toEqual({ kind: 'empty' });
  });
});

describe('the tube being filled', () => {
  const poolOf = 3;
  const scanned: Tube = { barcode: 'HC000001', members: [] };

  it('needs a barcode first; adds in order; refuses the same person twice, by ID, code or resident record', () => {
    expect(addProblem(EMPTY_TUBE, identitiesOf({ idNumber: ID_A }), poolOf)).toEqual({ kind: 'no_barcode' });
    const a = member(ID_A);
    let tube = tubeReducer(scanned, { type: 'add', member: a, poolSize: poolOf });
    expect(tube.members.map((m) => m.ref)).toEqual([{ idNumber: ID_A }]);
    expect(addProblem(tube, identitiesOf({ idNumber: ID_A }), poolOf)).toEqual({ kind: 'duplicate', position: 1 });
    // The same resident by their code: refused once the check named the record.
    expect(addProblem(tube, identitiesOf({ code: 'RXS-x' }, `r-${ID_A}`), poolOf)).toEqual({ kind: 'duplicate', position: 1 });
    expect(addProblem(tube, identitiesOf({ code: 'RXS-x' }), poolOf)).toBeNull();
    // A refused add changes nothing.
    expect(tubeReducer(tube, { type: 'add', member: { ...a, uid: 'again' }, poolSize: poolOf })).toBe(tube);
    tube = tubeReducer(tube, { type: 'add', member: member(ID_B), poolSize: poolOf });
    expect(tube.members).toHaveLength(2);
  });

  it('is full at the pool size; a member removed frees a place', () => {
    let tube = scanned;
    const ids = [ID_A, ID_B, ID_X];
    for (const id of ids) tube = tubeReducer(tube, { type: 'add', member: member(id), poolSize: poolOf });
    expect(tube.members).toHaveLength(3);
    const fourth = makeCnId('110101', '1960-10-10', 11);
    expect(addProblem(tube, identitiesOf({ idNumber: fourth }), poolOf)).toEqual({ kind: 'full' });
    expect(tubeReducer(tube, { type: 'add', member: member(fourth), poolSize: poolOf })).toBe(tube);
    const second = tube.members[1]!;
    tube = tubeReducer(tube, { type: 'remove', uid: second.uid });
    expect(tube.members.map((m) => m.ref)).toEqual([{ idNumber: ID_A }, { idNumber: ID_X }]);
    expect(addProblem(tube, identitiesOf({ idNumber: fourth }), poolOf)).toBeNull();
    expect(tubeReducer(tube, { type: 'clear' })).toEqual(EMPTY_TUBE);
  });

  it('a person called back for a retest only goes into a single tube', () => {
    const retest = member(ID_A, { retest: true });
    expect(addProblem(scanned, retest.identities, 10, true)).toEqual({ kind: 'retest_pooled' });
    expect(tubeReducer(scanned, { type: 'add', member: retest, poolSize: 10 })).toBe(scanned);
    expect(tubeReducer(scanned, { type: 'add', member: retest, poolSize: 1 }).members).toHaveLength(1);
  });

  it('restores a refused tube’s members only into an empty tube', () => {
    const refused = [member(ID_A), member(ID_B)];
    expect(tubeReducer(EMPTY_TUBE, { type: 'restore', members: refused, barcode: null })).toEqual({ barcode: null, members: refused });
    expect(tubeReducer(scanned, { type: 'restore', members: refused, barcode: 'HC9' })).toEqual({ barcode: 'HC9', members: refused });
    const busy = tubeReducer(scanned, { type: 'add', member: member(ID_X), poolSize: 10 });
    expect(tubeReducer(busy, { type: 'restore', members: refused, barcode: null })).toBe(busy);
  });

  it('a pool size smaller than the people in the tube cannot be chosen', () => {
    expect(poolSizeChoices(0).filter((c) => c.disabled)).toEqual([]);
    expect(poolSizeChoices(6)).toEqual([{ size: 1, disabled: true }, { size: 5, disabled: true }, { size: 10, disabled: false }, { size: 20, disabled: false }]);
    expect(poolSizeChoices(1).find((c) => c.size === 1)!.disabled).toBe(false);
  });
});

describe('the check answer at the station', () => {
  it('a walk-in, a repeat, a retest in a pooled or a single tube', () => {
    expect(checkView(answer(), 10)).toBe('ok');
    expect(checkView(answer({ registered: false, residentId: null, nameMasked: null }), 10)).toBe('walk_in');
    expect(checkView(answer({}, { sampled: [{ at: '2026-12-04T01:00:00Z', barcode: 'HC1' }] }), 10)).toBe('repeat');
    expect(checkView(answer({}, { retest: { id: 't', reason: 'positive_pool' } }), 10)).toBe('retest_pooled');
    expect(checkView(answer({}, { retest: { id: 't', reason: 'invalid' } }), 1)).toBe('retest_single');
  });

  it('a member from the answer: the masked name of the record, or the walk-in’s typed name (sent) masked', () => {
    const at = '2026-12-04T02:00:00.000Z';
    const resident = memberFromCheck('u', { code: 'RXS-1' }, answer(), at, 'ignored');
    expect(resident).toMatchObject({ nameMasked: '张*', registered: true, name: undefined, identities: ['code:RXS-1', 'resident:r-1'] });
    const walkIn = memberFromCheck('u', { idNumber: ID_A }, answer({ registered: false, residentId: null, nameMasked: null }), at, '李小四');
    expect(walkIn).toMatchObject({ nameMasked: '李**', registered: false, name: '李小四', identities: [`id:${ID_A}`] });
    const offline = memberOffline('u', { idNumber: ID_A }, at, '王五');
    expect(offline).toMatchObject({ registered: null, name: '王五', nameMasked: '王*', idMasked: `${ID_A.slice(0, 6)}********${ID_A.slice(14)}` });
  });

  it('a walk-in’s name: required, at most 20 characters, never an ID number', () => {
    expect(nameProblem('  ')).toBe('empty');
    expect(nameProblem('李小四')).toBeNull();
    expect(nameProblem('阿'.repeat(21))).toBe('too_long');
    expect(nameProblem(ID_A)).toBe('id_number');
    expect(nameProblem('王 1234567')).toBe('id_number');
  });
});

describe('the setup bar', () => {
  const sites: Site[] = [
    { id: 's1', communityId: 'c1', communityName: 'A', name: '社区服务中心采样点', address: 'x', stations: 4, active: true, version: 1 },
    { id: 's2', communityId: 'c1', communityName: 'A', name: '海滨广场采样点', address: 'y', stations: 2, active: true, version: 1 },
    { id: 's3', communityId: 'c1', communityName: 'A', name: '旧采样点', address: 'z', stations: 1, active: false, version: 1 },
    { id: 's4', communityId: 'c2', communityName: 'B', name: '别的社区', address: 'w', stations: 1, active: true, version: 1 },
  ];
  const base: Setup = { roundId: 'r1', siteId: 's1', station: 2, doorToDoor: false, poolSize: 10 };

  it('needs a round, and a site and a station of it unless door-to-door', () => {
    expect(setupProblems(base, sites)).toEqual([]);
    expect(setupProblems({ ...base, roundId: null }, sites)).toEqual(['round']);
    expect(setupProblems({ ...base, siteId: null, station: null }, sites)).toEqual(['site']);
    expect(setupProblems({ ...base, station: null }, sites)).toEqual(['station']);
    expect(setupProblems({ ...base, siteId: 's2', station: 3 }, sites)).toEqual(['station']);
    expect(setupProblems({ ...base, siteId: null, station: null, doorToDoor: true }, sites)).toEqual([]);
  });

  it('offers the active sites of the round’s community, and their stations 1..n', () => {
    expect(siteChoices(sites, 'c1').map((s) => s.id)).toEqual(['s1', 's2']);
    expect(stationNumbers(sites[0])).toEqual([1, 2, 3, 4]);
    expect(stationNumbers(undefined)).toEqual([]);
  });
});

describe('the sealed tube as one request', () => {
  it('a site and station, or door-to-door; the members in order, walk-ins with their name', () => {
    const at = '2026-12-04T02:00:00.000Z';
    const tube: Tube = {
      barcode: 'HC000002',
      members: [
        memberFromCheck('a', { idNumber: ID_A }, answer({ registered: false, residentId: null, nameMasked: null }), at, '李小四'),
        memberFromCheck('b', { code: 'RXS-1' }, answer(), at),
      ],
    };
    expect(tubeBody(tube, { roundId: 'r', siteId: 's1', station: 2, doorToDoor: false, poolSize: 10 })).toEqual({
      barcode: 'HC000002', siteId: 's1', station: 2, poolSize: 10,
      members: [{ idNumber: ID_A, name: '李小四', collectedAt: at }, { code: 'RXS-1', collectedAt: at }],
    });
    expect(tubeBody(tube, { roundId: 'r', siteId: 's1', station: 2, doorToDoor: true, poolSize: 5 })).toEqual({
      barcode: 'HC000002', doorToDoor: true, poolSize: 5,
      members: [{ idNumber: ID_A, name: '李小四', collectedAt: at }, { code: 'RXS-1', collectedAt: at }],
    });
    expect(() => tubeBody(EMPTY_TUBE, { roundId: 'r', siteId: null, station: null, doorToDoor: true, poolSize: 1 })).toThrow();
  });

  it('one key per tube', () => {
    const a = newTubeKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newTubeKey()).not.toBe(a);
  });
});

describe('a refused tube', () => {
  const err = (status: number, code: string, path?: string) =>
    new ApiError({ status, code, messageZh: 'x', messageEn: 'x', details: path ? [{ path, code, message: 'x', messageEn: 'x' }] : [] });

  it('names its member from the details path', () => {
    expect(refusedMember(err(400, 'duplicate_in_tube', 'body.members.3'))).toBe(3);
    expect(refusedMember(err(409, 'retest_needs_single_tube', 'members.0.idNumber'))).toBe(0);
    expect(refusedMember(err(409, 'tube_exists', 'barcode'))).toBeNull();
    expect(refusedMember(new Error('x'))).toBeNull();
  });

  it('what it means, and whether its members come back', () => {
    expect(tubeRefusal(err(409, 'tube_exists', 'barcode'))).toBe('tube_exists');
    expect(tubeRefusal(err(409, 'retest_needs_single_tube', 'members.2'))).toBe('member');
    expect(tubeRefusal(err(400, 'duplicate_in_tube', 'members.1'))).toBe('member');
    expect(tubeRefusal(err(409, 'round_closed'))).toBe('round_closed');
    expect(tubeRefusal(err(0, 'network_error'))).toBe('retry');
    expect(tubeRefusal(err(503, 'unavailable'))).toBe('retry');
    expect(tubeRefusal(err(403, 'forbidden'))).toBe('other');
    expect(restorable('round_closed')).toBe(false);
    expect(restorable('tube_exists')).toBe(true);
    expect(restorable('member')).toBe(true);
    expect(restorable('retry')).toBe(false);
    expect(restorable('other')).toBe(true);
  });

  it('is retried by itself (same key) only for the network and the server, three times', () => {
    expect(retryableSubmission(0, err(0, 'network_error'))).toBe(true);
    expect(retryableSubmission(2, err(502, 'bad_gateway'))).toBe(true);
    expect(retryableSubmission(3, err(0, 'network_error'))).toBe(false);
    expect(retryableSubmission(0, err(409, 'idempotency_in_flight'))).toBe(true);
    expect(retryableSubmission(0, err(409, 'tube_exists'))).toBe(false);
  });
});

describe('the list of sent tubes', () => {
  const t = (key: string, outcome?: RecentTube['outcome']): RecentTube => ({
    key, barcode: key, people: 1, place: { doorToDoor: true }, sealedAt: '2026-12-04T02:00:00Z', outcome,
  });
  it('keeps every tube still waiting or refused, and the last few that went through', () => {
    const ok = { ok: true } as const;
    const failed = { ok: false, refusal: 'tube_exists', error: null, restored: false, named: null } as const;
    const list = [t('w'), t('o1', ok), t('f', failed), t('o2', ok), t('o3', ok)];
    expect(keepRecent(list, 2).map((r) => r.key)).toEqual(['w', 'o1', 'f', 'o2']);
  });
});
