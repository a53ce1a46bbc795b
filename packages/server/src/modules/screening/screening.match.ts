/**
 * 数据比对 (ADR 0083): how sure a row of an upper-level list is a given resident, and why. Pure: the caller finds the
 * candidates (registry's matchCandidatesMany) and gives their decrypted ID and phone; nothing here reads or writes.
 */
import { Converter } from 'opencc-js/t2cn';
import { pinyinKeys } from '@renxing/shared';

/** Confidence at or above which a row is taken as matched; from UNCERTAIN up it goes to a person; below, unmatched. */
export const MATCHED = 90;
export const UNCERTAIN = 50;
/** Two candidates this close (best below 100) are a tie: uncertain, confidence capped at TIE_CAP. */
const TIE_GAP = 10;
const TIE_CAP = 80;

export const POINTS = {
  id_equal: 70, id_contradicts: -50, id_masked_equal: 45, phone_equal: 40, phone_contradicts: -10, phone_masked_equal: 15,
  name_equal: 30, name_homophone: 15, name_differs: -15, address_equal: 20, address_building: 5,
} as const;

export type Evidence = { code: string; zh: string; en: string; points: number };
export type MatchState = 'matched' | 'uncertain' | 'unmatched';

/** A row's identity as given: full ID / phone when they validate, masked forms (with `*`) otherwise. */
export type RowIdentity = {
  name: string;
  idFull?: string; idMasked?: string;
  phoneFull?: string; phoneMasked?: string;
  address?: string;
};

export type Candidate = { id: string; name: string; idNumber: string; phone: string | null; address: string; status: string };

export type MatchResult = { residentId: string | null; state: MatchState; confidence: number; evidence: Evidence[] };

const t2cn = Converter({ from: 't', to: 'cn' });

/** NFKC, no spaces or middle dots, traditional characters as simplified; `converted` when the conversion changed it. */
export function normalizeName(raw: string): { name: string; converted: boolean } {
  const plain = raw.normalize('NFKC').replace(/[\s·•・.．]/g, '');
  const name = t2cn(plain);
  return { name, converted: name !== plain };
}

/** A masked number (`*` for hidden digits, full-width and lower-case x accepted) normalised, or null when not one. */
export function normalizeMasked(raw: string, length: number): string | null {
  const s = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase().replace(/[xX]/g, 'X');
  if (s.length !== length || !s.includes('*') || !/^[0-9X*]+$/.test(s)) return null;
  const visible = [...s].filter((c) => c !== '*').length;
  return visible >= 4 ? s : null;
}

/** Every visible character of a masked number equals the full number's at that position. */
export function visibleDigitsAgree(masked: string, full: string): boolean {
  if (masked.length !== full.length) return false;
  const f = full.toUpperCase();
  for (let i = 0; i < masked.length; i++) if (masked[i] !== '*' && masked[i] !== f[i]) return false;
  return true;
}

/** The last four visible characters of a masked number, when its tail is not hidden. */
export function maskedTail(masked: string): string | null {
  const tail = masked.slice(-4);
  return tail.includes('*') ? null : tail;
}

const placeNorm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/(号楼|#楼|栋|#)/g, '幢').replace(/室$/, '');

/**
 * How a given address relates to a household address ("community compound building unit room", space separated):
 * `equal` when the given one holds the compound, the building, and the unit and room; `building` when the compound
 * and building only; else null.
 */
export function addressRelation(given: string, household: string): 'equal' | 'building' | null {
  const g = placeNorm(given);
  const parts = household.split(/\s+/).filter(Boolean).map(placeNorm);
  if (parts.length < 3 || g === '') return null;
  const [, compound, building, ...rest] = parts;
  if (!g.includes(compound!) || !g.includes(building!)) return null;
  const tail = rest.join('');
  return tail !== '' && g.includes(tail) ? 'equal' : 'building';
}

const ev = (code: string, zh: string, en: string): Evidence => ({ code, zh, en, points: (POINTS as Record<string, number>)[code] ?? 0 });

/** The evidence for one candidate and its score (before clamping). */
export function score(row: RowIdentity, c: Candidate): { points: number; evidence: Evidence[] } {
  const out: Evidence[] = [];
  if (row.idFull) {
    if (row.idFull.toUpperCase() === c.idNumber.toUpperCase()) out.push(ev('id_equal', '身份证号一致', 'ID number equal'));
    else out.push(ev('id_contradicts', '身份证号不一致', 'ID number differs'));
  } else if (row.idMasked && visibleDigitsAgree(row.idMasked, c.idNumber)) {
    out.push(ev('id_masked_equal', '身份证号可见位一致', 'visible digits of the ID number equal'));
  }
  if (row.phoneFull && c.phone) {
    if (row.phoneFull === c.phone) out.push(ev('phone_equal', '手机号一致', 'mobile number equal'));
    else out.push(ev('phone_contradicts', '手机号不一致', 'mobile number differs'));
  } else if (row.phoneMasked && c.phone && visibleDigitsAgree(row.phoneMasked, c.phone)) {
    out.push(ev('phone_masked_equal', '手机号可见位一致', 'visible digits of the mobile number equal'));
  }
  const given = normalizeName(row.name);
  const theirs = normalizeName(c.name).name;
  if (given.name === theirs) {
    out.push(given.converted ? ev('name_equal', '姓名一致（繁体转简体后）', 'name equal (traditional characters read as simplified)') : ev('name_equal', '姓名一致', 'name equal'));
  } else {
    const a = pinyinKeys(given.name).full;
    if (a !== '' && a === pinyinKeys(theirs).full) out.push(ev('name_homophone', '姓名同音不同字', 'name sounds the same, other characters'));
    else out.push(ev('name_differs', '姓名不一致', 'name differs'));
  }
  if (row.address) {
    const rel = addressRelation(row.address, c.address);
    if (rel === 'equal') out.push(ev('address_equal', '地址一致', 'address equal'));
    else if (rel === 'building') out.push(ev('address_building', '同一楼栋', 'same building'));
  }
  if (c.status === 'moved_out') out.push(ev('moved_out', '登记为已迁出', 'registered as moved out'));
  return { points: out.reduce((s, e) => s + e.points, 0), evidence: out };
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));

/** The best candidate with its confidence, state and evidence; no candidate below UNCERTAIN. */
export function bestMatch(row: RowIdentity, candidates: readonly Candidate[]): MatchResult {
  const scored = candidates.map((c) => ({ c, ...score(row, c) })).sort((a, b) => b.points - a.points || a.c.id.localeCompare(b.c.id));
  const best = scored[0];
  if (!best) return { residentId: null, state: 'unmatched', confidence: 0, evidence: [ev('none', '辖区内未找到相符的登记人员', 'no one in the registry of the area fits')] };
  let confidence = clamp(best.points);
  const evidence = [...best.evidence];
  const second = scored[1];
  if (second && confidence < 100 && best.points - second.points < TIE_GAP && clamp(second.points) >= UNCERTAIN) {
    confidence = Math.min(confidence, TIE_CAP);
    evidence.push(ev('tie', '另有相近的登记人员，需人工确认', 'another registered person fits nearly as well: to confirm'));
  }
  if (confidence < UNCERTAIN) {
    return { residentId: null, state: 'unmatched', confidence, evidence: [...evidence, ev('below', `最相近的登记人员仅 ${confidence} 分，不足 ${UNCERTAIN} 分`, `the nearest registered person scores ${confidence}, below ${UNCERTAIN}`)] };
  }
  return { residentId: best.c.id, state: confidence >= MATCHED ? 'matched' : 'uncertain', confidence, evidence };
}
