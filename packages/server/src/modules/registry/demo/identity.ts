/**
 * Unique, valid synthetic ID numbers and mobile numbers without keeping every issued value in memory.
 *
 * ID numbers: a person asks for (region, sex, age window w). Window w covers birth dates between 365·w and
 * 365·w + 364 days before today. Each (region, sex, window) key has 365 days × 500 sequence numbers of one
 * parity = 182,500 slots; a keyed affine bijection maps a slot position p to (day, sequence). Each community
 * owns a lane of positions [lane·width, (lane+1)·width), so IDs never collide between communities of the same
 * seed, and within a community a per-key counter hands out consecutive positions.
 *
 * Mobile numbers: position u = community·1,000,000 + local counter, mapped through a keyed 32-bit Feistel
 * permutation (cycle-walking) onto 33 common 3-digit prefixes × 10^8.
 */
import { ZHEJIANG_COUNTIES, FLOATING_ORIGIN_COUNTIES, cnIdCheckChar, shanghaiDate } from '@renxing/shared';
import { mix32 } from './prng';

export const SLOTS_PER_KEY = 365 * 500; // 182,500 = 2^2 · 5^4 · 73
export const MAX_AGE_WINDOW = 110;
const WINDOWS = 128;

/** Every region code the generator may put into an ID (index = numeric key part). */
export const REGION_CODES: readonly string[] = [...new Set([...ZHEJIANG_COUNTIES, ...FLOATING_ORIGIN_COUNTIES].map((d) => d.code))];
const REGION_INDEX = new Map(REGION_CODES.map((c, i) => [c, i]));

/** Per-day lookup tables, index = days before today (Asia/Shanghai calendar). */
export type DayTables = { compact: string[]; iso: string[]; age: Int16Array; year: Int16Array };

const dayTableCache = new Map<string, DayTables>();

export function dayTables(now: Date): DayTables {
  const t = shanghaiDate(now);
  const cacheKey = `${t.y}-${t.m}-${t.d}`;
  const hit = dayTableCache.get(cacheKey);
  if (hit) return hit;
  const n = SLOTS_PER_KEY / 500 * (MAX_AGE_WINDOW + 1);
  const base = Date.UTC(t.y, t.m - 1, t.d);
  const compact: string[] = new Array(n);
  const iso: string[] = new Array(n);
  const age = new Int16Array(n);
  const year = new Int16Array(n);
  for (let off = 0; off < n; off++) {
    const d = new Date(base - off * 86_400_000);
    const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, dd = d.getUTCDate();
    const ys = String(y), ms = m < 10 ? '0' + m : String(m), ds = dd < 10 ? '0' + dd : String(dd);
    compact[off] = ys + ms + ds;
    iso[off] = ys + '-' + ms + '-' + ds;
    year[off] = y;
    age[off] = t.y - y - (t.m < m || (t.m === m && t.d < dd) ? 1 : 0);
  }
  const tables = { compact, iso, age, year };
  dayTableCache.set(cacheKey, tables);
  return tables;
}

/** Result of one ID allocation (reused object; copy the fields you need). */
export type IdDraw = { idNumber: string; off: number };

export class IdAllocator {
  private readonly counts: Int32Array;
  private readonly base: number;
  readonly draw: IdDraw = { idNumber: '', off: 0 };

  /**
   * @param lane the community's lane (0-based)
   * @param width positions per lane per key; lane·width + width must be ≤ SLOTS_PER_KEY
   */
  constructor(private readonly seedKey: number, lane: number, private readonly width: number, private readonly days: DayTables) {
    if (!Number.isInteger(lane) || lane < 0 || (lane + 1) * width > SLOTS_PER_KEY) {
      throw new RangeError(`ID lane ${lane} × width ${width} exceeds the ${SLOTS_PER_KEY} slots per key`);
    }
    this.base = lane * width;
    this.counts = new Int32Array(REGION_CODES.length * 2 * WINDOWS);
  }

  /** Allocates an ID number for a person of `region`, `male`, age window `w` (0..110). */
  allocate(region: string, male: boolean, w: number): IdDraw {
    const ri = REGION_INDEX.get(region);
    if (ri === undefined) throw new RangeError(`region ${region} is not in the generator's table`);
    if (w < 0 || w > MAX_AGE_WINDOW) throw new RangeError(`age window ${w} out of range`);
    const key = (ri * 2 + (male ? 1 : 0)) * WINDOWS + w;
    const c = this.counts[key]++;
    if (c >= this.width) {
      throw new RangeError(`too many residents of region ${region}, window ${w} in one community for unique ID numbers (lane width ${this.width})`);
    }
    const p = this.base + c;
    const h = mix32(key ^ this.seedKey);
    let a = (h % SLOTS_PER_KEY) | 1;
    while (a % 5 === 0 || a % 73 === 0) a = (a + 2) % SLOTS_PER_KEY;
    const b = mix32(h + 0x9e3779b9) % SLOTS_PER_KEY;
    const idx = (a * p + b) % SLOTS_PER_KEY; // a·p < 182,500² < 2^53: exact
    const off = 365 * w + Math.floor(idx / 500);
    const seq = 2 * (idx % 500) + (male ? 1 : 0);
    const first17 = region + this.days.compact[off] + (seq < 10 ? '00' + seq : seq < 100 ? '0' + seq : String(seq));
    this.draw.idNumber = first17 + cnIdCheckChar(first17);
    this.draw.off = off;
    return this.draw;
  }
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '177', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '198', '199',
];
const PHONE_SPACE = MOBILE_PREFIXES.length * 100_000_000; // 3.3e9 < 2^32
export const PHONES_PER_COMMUNITY = 1_000_000;
export const MAX_PHONE_COMMUNITIES = Math.floor(PHONE_SPACE / PHONES_PER_COMMUNITY);

export class PhoneAllocator {
  private next = 0;
  private readonly keys: number[];
  private readonly base: number;

  constructor(seedKey: number, community: number) {
    if (!Number.isInteger(community) || community < 0 || community >= MAX_PHONE_COMMUNITIES) {
      throw new RangeError(`community index must be 0..${MAX_PHONE_COMMUNITIES - 1} for unique phone numbers`);
    }
    this.base = community * PHONES_PER_COMMUNITY;
    this.keys = [1, 2, 3, 4, 5, 6].map((i) => mix32(seedKey ^ Math.imul(i, 0x9e3779b9)));
  }

  private permute(x: number): number {
    let l = x >>> 16, r = x & 0xffff;
    for (const k of this.keys) {
      const f = (Math.imul(r ^ k, 0x45d9f3b) >>> 13) & 0xffff;
      const nl = r;
      r = l ^ f;
      l = nl;
    }
    return ((l << 16) | r) >>> 0;
  }

  allocate(): string {
    if (this.next >= PHONES_PER_COMMUNITY) throw new RangeError('more than 1,000,000 phone numbers in one community');
    let v = this.permute(this.base + this.next++);
    while (v >= PHONE_SPACE) v = this.permute(v);
    const prefix = MOBILE_PREFIXES[Math.floor(v / 100_000_000)];
    const tail = String(v % 100_000_000);
    return prefix + '00000000'.slice(tail.length) + tail;
  }
}
