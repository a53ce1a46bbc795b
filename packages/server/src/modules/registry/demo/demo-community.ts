/**
 * Deterministic synthetic demo community modelled on the thesis's Zhoushan "A community" (舟山市定海区): an
 * ageing coastal community of old work-unit housing, resettlement and commodity compounds and one "three-no"
 * (三无) compound of scattered buildings, with a floating population from inland provinces.
 *
 * Pure functions: no I/O, no Math.random, no Date.now. The same options give byte-identical output.
 */
import {
  DINGHAI_CODE, FLOATING_ORIGIN_COUNTIES, ZHEJIANG_COUNTIES, ZHOUSHAN_CODE, regionFullName,
} from '@renxing/shared';
import { IdAllocator, MAX_AGE_WINDOW, MAX_PHONE_COMMUNITIES, PhoneAllocator, SLOTS_PER_KEY, dayTables, type DayTables } from './identity';
import { FAMOUS_NAMES, LOCAL_SURNAMES, NATIONAL_SURNAMES, fullName } from './names';
import { Rng, Weighted, cyrb128 } from './prng';
import type {
  DemoBuilding, DemoCommunity, DemoCommunityInfo, DemoCompound, DemoCompoundKind, DemoGrid, DemoHousehold,
  DemoHouseholdType, DemoPlacePath, DemoPlaceTree, DemoRelation, DemoResidenceType, DemoResident, DemoRoom,
  DemoStreamResident, DemoStreet, DemoTag, DemoUnit,
} from './types';

/** Fixed default clock (no Date.now): 2026-11-29 00:00 Asia/Shanghai. */
export const DEMO_DEFAULT_NOW = new Date('2026-11-29T00:00:00+08:00');
export const DEMO_DEFAULT_SEED = 20220107; // the first 18:00 dispatch meeting, 2022-01-07
export const DEMO_DEFAULT_RESIDENTS = 6000;
/** Standalone communities: ID lanes of 500 positions → community indexes 0..364, ≤ 50,000 residents each. */
export const DEMO_MAX_COMMUNITY_INDEX = Math.floor(SLOTS_PER_KEY / 500) - 1;
export const DEMO_MAX_RESIDENTS_PER_COMMUNITY = 50_000;
const STANDARD_LANE_WIDTH = 500;

export type GenerateDemoCommunityOptions = {
  seed?: number;
  /** 0 → A社区 (330902001001), 1 → B社区 (330902001002), … ; 10 communities per street. */
  communityIndex?: number;
  /** Exact number of residents (default 6,000). */
  residents?: number;
  now?: Date;
};

export type GenerateResidentsOptions = {
  seed: number;
  /** Exact total number of residents, spread evenly over the communities. */
  total: number;
  /** Default: ceil(total / 6,000). */
  communities?: number;
  now?: Date;
};

// ---------------------------------------------------------------------------------------------------------------
// Place tree

const STREET_NAMES = ['昌国街道', '环南街道', '城东街道', '解放街道', '盐仓街道', '临城街道', '千岛街道', '岑港街道',
  '马岙街道', '双桥街道', '小沙街道', '白泉镇', '干览镇', '金塘镇'];
const COMMUNITIES_PER_STREET = 10;

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1..99 → 一 … 九十九. */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  const t = Math.floor(n / 10), u = n % 10;
  return (t === 1 ? '' : CN_DIGITS[t]) + '十' + (u === 0 ? '' : CN_DIGITS[u]);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function streetFor(index: number): DemoStreet {
  const s = Math.floor(index / COMMUNITIES_PER_STREET);
  return {
    code: DINGHAI_CODE + pad(s + 1, 3),
    name: STREET_NAMES[s] ?? `第${s + 1}街道`,
    districtCode: DINGHAI_CODE, districtName: '定海区', cityCode: ZHOUSHAN_CODE, cityName: '舟山市',
  };
}

function communityFor(index: number, street: DemoStreet): DemoCommunityInfo {
  const letter = String.fromCharCode(65 + (index % 26));
  const round = Math.floor(index / 26);
  return {
    index,
    code: street.code + pad((index % COMMUNITIES_PER_STREET) + 1, 3),
    name: `${letter}${round === 0 ? '' : round + 1}社区`,
    streetCode: street.code,
  };
}

type CompoundTemplate = {
  kind: DemoCompoundKind;
  names: readonly string[];
  built: readonly [number, number];
  floors: readonly [number, number];
  units: readonly [number, number];
  perFloor: number;
  /** Share of the community's rooms. */
  share: number;
  threeNo?: boolean;
  noPropertyManagement?: boolean;
  /** Probability that a working-age household here rents. */
  rentP: number;
  /** Multiplier on elderly household types. */
  elderly: number;
};

// Invented names; any resemblance to a real compound is coincidental.
const COMPOUNDS: readonly CompoundTemplate[] = [
  { kind: 'work_unit', names: ['港务新村', '水产新村', '渔业公司宿舍', '电力新村', '供销宿舍区'], built: [1986, 1994], floors: [6, 6], units: [3, 3], perFloor: 2, share: 0.2, noPropertyManagement: true, rentP: 0.4, elderly: 1.45 },
  { kind: 'resettlement', names: ['和美家园', '兴港家园', '东山安置小区', '海宁里'], built: [1999, 2006], floors: [6, 7], units: [2, 3], perFloor: 2, share: 0.22, rentP: 0.37, elderly: 1.1 },
  { kind: 'commodity', names: ['海韵花园', '晓峰华庭', '金岸名苑', '东海明珠苑', '锦绣府'], built: [2004, 2011], floors: [11, 11], units: [2, 2], perFloor: 2, share: 0.22, rentP: 0.3, elderly: 0.75 },
  { kind: 'commodity', names: ['观澜苑', '听潮雅居', '云帆府', '望洋公寓'], built: [2013, 2019], floors: [18, 18], units: [2, 2], perFloor: 2, share: 0.12, rentP: 0.3, elderly: 0.5 },
  { kind: 'work_unit', names: ['盐业宿舍', '航运新村', '船厂宿舍', '粮站宿舍'], built: [1990, 1998], floors: [5, 6], units: [3, 3], perFloor: 2, share: 0.13, rentP: 0.4, elderly: 1.3 },
  { kind: 'scattered', names: ['老街散居楼', '东门散居楼', '城中片散居楼'], built: [1978, 1989], floors: [5, 6], units: [2, 2], perFloor: 2, share: 0.11, threeNo: true, rentP: 0.6, elderly: 1.6 },
];
const PROPERTY_COMPANIES = ['舟城物业服务有限公司', '海天物业管理有限公司', '东港物业服务有限公司', '定海城投物业有限公司'];
const AUTHORITIES = ['港务局', '水产公司', '电力公司', '供销社', '盐业公司', '航运公司'];

/** Mean household size the sizing assumes (measured: ≈ 2.7–2.85). */
const EXPECTED_HOUSEHOLD_SIZE = 2.75;
/** Rooms built per expected household: ~7.5% vacancy plus a margin for the exact resident count. */
const ROOM_MARGIN = 1.05;

function buildPlaceTree(seed: number, index: number, residents: number): DemoPlaceTree {
  const rng = new Rng(`${seed}:place:${index}`);
  const street = streetFor(index);
  const community = communityFor(index, street);
  const c = `c${index}`;
  // ~8% vacancy plus a margin so the exact resident count is always reachable.
  const roomsNeeded = Math.ceil((residents / EXPECTED_HOUSEHOLD_SIZE) * ROOM_MARGIN) + 8;
  const gridCount = Math.max(1, Math.round(residents / 750));

  const compounds: DemoCompound[] = [];
  const buildings: DemoBuilding[] = [];
  const units: DemoUnit[] = [];
  const rooms: DemoRoom[] = [];
  COMPOUNDS.forEach((t, ci) => {
    const ref = `${c}-x${ci + 1}`;
    const hasProperty = !t.threeNo && !t.noPropertyManagement;
    compounds.push({
      ref,
      name: rng.pick(t.names),
      kind: t.kind,
      builtYear: rng.range(t.built[0], t.built[1]),
      flags: { noPropertyManagement: !hasProperty, noCompetentAuthority: !!t.threeNo, notEnclosed: !!t.threeNo },
      threeNo: !!t.threeNo,
      propertyCompany: hasProperty ? rng.pick(PROPERTY_COMPANIES) : null,
      competentAuthority: t.threeNo ? null : t.kind === 'work_unit' ? rng.pick(AUTHORITIES) : `${street.name}办事处`,
    });
    const target = t.share * roomsNeeded;
    let made = 0;
    for (let b = 1; made < target || b === 1; b++) {
      const floors = rng.range(t.floors[0], t.floors[1]);
      const unitCount = rng.range(t.units[0], t.units[1]);
      const bRef = `${ref}-b${b}`;
      buildings.push({ ref: bRef, compoundRef: ref, gridCode: '', number: `${b}幢`, floors, unitCount, roomsPerFloor: t.perFloor });
      for (let u = 1; u <= unitCount; u++) {
        const uRef = `${bRef}-u${u}`;
        units.push({ ref: uRef, buildingRef: bRef, number: `${u}单元` });
        for (let f = 1; f <= floors; f++) {
          for (let r = 1; r <= t.perFloor; r++) {
            const number = `${f}${pad(r, 2)}`;
            rooms.push({ ref: `${uRef}-${number}`, buildingRef: bRef, unitRef: uRef, floor: f, number });
          }
        }
      }
      made += floors * unitCount * t.perFloor;
    }
  });
  // Duplicate compound names can only come from the same template pool; make them distinct.
  const seen = new Map<string, number>();
  for (const x of compounds) {
    const n = (seen.get(x.name) ?? 0) + 1;
    seen.set(x.name, n);
    if (n > 1) x.name += `${chineseNumeral(n)}区`;
  }

  const grids: DemoGrid[] = [];
  for (let g = 0; g < gridCount; g++) {
    grids.push({ code: community.code + pad(g + 1, 2), name: `第${chineseNumeral(g + 1)}网格`, communityCode: community.code, index: g + 1 });
  }
  // Contiguous blocks of buildings with roughly equal numbers of rooms per grid.
  const totalRooms = rooms.length;
  let before = 0;
  for (const b of buildings) {
    const size = b.floors * b.unitCount * b.roomsPerFloor;
    const g = Math.min(gridCount - 1, Math.floor(((before + size / 2) * gridCount) / totalRooms));
    b.gridCode = grids[g].code;
    before += size;
  }
  return { street, community, grids, compounds, buildings, units, rooms };
}

/** The place tree alone (street, community, grids, compounds, buildings, units, rooms). */
export function generateDemoPlaceTree(opts: GenerateDemoCommunityOptions = {}): DemoPlaceTree {
  const { seed, index, residents } = checkOptions(opts);
  return buildPlaceTree(seed, index, residents);
}

// ---------------------------------------------------------------------------------------------------------------
// Regions

const ZHEJIANG_OTHER_CODES = ZHEJIANG_COUNTIES.filter((d) => !d.code.startsWith('3309')).map((d) => d.code);
const LOCAL_REGIONS = new Weighted<string>([
  ['330902', 78], ['330903', 6], ['330921', 5], ['330922', 3],
  ...ZHEJIANG_OTHER_CODES.map((c) => [c, 8 / ZHEJIANG_OTHER_CODES.length] as const),
]);
const ZHEJIANG_OTHER = new Weighted<string>(ZHEJIANG_OTHER_CODES.map((c) => [c, 1] as const));
const PROVINCE_WEIGHT: Record<string, number> = {
  安徽省: 22, 河南省: 18, 江西省: 12, 四川省: 12, 贵州省: 10, 湖南省: 5, 湖北省: 6, 云南省: 5, 江苏省: 2, 山东省: 2,
  甘肃省: 2, 重庆市: 6, 广西壮族自治区: 2, 福建省: 2,
};
const FLOATING_REGIONS = new Weighted<string>(FLOATING_ORIGIN_COUNTIES.map((d) => {
  const inProvince = FLOATING_ORIGIN_COUNTIES.filter((x) => x.province === d.province).length;
  return [d.code, (PROVINCE_WEIGHT[d.province] ?? 1) / inProvince] as const;
}));
const REGION_NAMES = new Map<string, string>(
  [...ZHEJIANG_COUNTIES, ...FLOATING_ORIGIN_COUNTIES].map((d) => [d.code, regionFullName(d.code) ?? d.name]),
);

// ---------------------------------------------------------------------------------------------------------------
// Households

type Origin = 'local' | 'tenant' | 'floating';

type Spec = {
  male: boolean;
  /** Target age; the drawn birth date gives an actual age of w or w − 1. */
  w: number;
  relation: DemoRelation;
  surname: string;
  region: string;
  residence: DemoResidenceType;
  /** Indexes (in the household's spec list) of parents present in the household. */
  parents: number[];
  pregnant: boolean;
};

const TEMPLATE_WEIGHTS: ReadonlyArray<readonly [DemoHouseholdType | 'elderly_with_child', number]> = [
  ['elderly_alone', 0.105], ['elderly_couple', 0.14], ['elderly_with_child', 0.045], ['single', 0.05], ['couple', 0.09],
  ['nuclear', 0.33], ['extended', 0.205], ['shared_rental', 0.045],
];
const ELDERLY_TYPES = new Set(['elderly_alone', 'elderly_couple', 'elderly_with_child']);

const clampAge = (a: number): number => Math.max(0, Math.min(MAX_AGE_WINDOW, a));
/** Target age 19 gives an actual age of 18 or 19: a wife, who may head the household, is never a minor who would need a guardian. */
const MIN_WIFE_AGE = 19;

class HouseholdMaker {
  private readonly tables: Map<CompoundTemplate, Weighted<DemoHouseholdType | 'elderly_with_child'>> = new Map();

  constructor(private readonly rng: Rng) {
    for (const t of COMPOUNDS) {
      this.tables.set(t, new Weighted(TEMPLATE_WEIGHTS.map(([k, w]) => [k, ELDERLY_TYPES.has(k) ? w * t.elderly : w] as const)));
    }
  }

  private surname(origin: Origin): string {
    return (origin === 'floating' ? NATIONAL_SURNAMES : LOCAL_SURNAMES).pick(this.rng);
  }

  private region(origin: Origin): string {
    const r = this.rng;
    if (origin === 'floating') return FLOATING_REGIONS.pick(r);
    if (origin === 'tenant') return r.chance(0.3) ? LOCAL_REGIONS.pick(r) : ZHEJIANG_OTHER.pick(r);
    return LOCAL_REGIONS.pick(r);
  }

  /** Region of a child: locals are mostly born in 定海; migrants' children keep the father's hometown. */
  private childRegion(origin: Origin, parentRegion: string): string {
    if (origin === 'local') return this.rng.chance(0.88) ? DINGHAI_CODE : parentRegion;
    return parentRegion;
  }

  private residence(origin: Origin): DemoResidenceType {
    return origin === 'floating' ? 'floating' : origin === 'tenant' ? 'tenant' : 'registered';
  }

  /** A couple; the wife is usually a little younger. Returns [husband, wife]. */
  private couple(origin: Origin, husbandAge: number, relHusband: DemoRelation, relWife: DemoRelation): [Spec, Spec] {
    const r = this.rng;
    const diff = Math.max(-4, Math.min(9, Math.round((r.float() + r.float() + r.float() - 1.5) * 4 + 2)));
    const hRegion = this.region(origin);
    // Migrant couples mostly come from the same county.
    const wRegion = origin === 'floating' && r.chance(0.7) ? hRegion : this.region(origin);
    const res = this.residence(origin);
    const h: Spec = { male: true, w: clampAge(husbandAge), relation: relHusband, surname: this.surname(origin), region: hRegion, residence: res, parents: [], pregnant: false };
    const w: Spec = { male: false, w: clampAge(Math.max(MIN_WIFE_AGE, husbandAge - diff)), relation: relWife, surname: this.surname(origin), region: wRegion, residence: res, parents: [], pregnant: false };
    return [h, w];
  }

  private child(origin: Origin, father: Spec, mother: Spec, age: number, fatherIdx: number, motherIdx: number, rel: DemoRelation): Spec {
    const r = this.rng;
    return {
      male: r.chance(0.515),
      w: clampAge(age),
      relation: rel,
      surname: r.chance(0.93) ? father.surname : mother.surname,
      region: this.childRegion(origin, father.region),
      residence: this.residence(origin),
      parents: [fatherIdx, motherIdx],
      pregnant: false,
    };
  }

  /**
   * Adds 1–2 children to the couple at [hi, wi] of specs. Ages follow the mother's age and are kept 22–39 years
   * below both parents' target ages (so actual ages differ by 21–40 years).
   */
  private children(specs: Spec[], origin: Origin, hi: number, wi: number, max: number, rel: DemoRelation, secondP: number): void {
    const r = this.rng;
    const mother = specs[wi], father = specs[hi];
    const older = Math.max(mother.w, father.w), younger = Math.min(mother.w, father.w);
    const first = Math.min(younger - 22, Math.max(older - 39, mother.w - r.range(24, 36)));
    if (first < 0) {
      if (mother.w >= 21 && mother.w <= 40 && r.chance(0.08)) mother.pregnant = true;
      return;
    }
    specs.push(this.child(origin, father, mother, first, hi, wi, rel));
    if (max >= 2 && r.chance(secondP)) {
      const second = first - r.range(2, 9);
      if (second >= 0 && older - second <= 39) specs.push(this.child(origin, father, mother, second, hi, wi, rel));
    }
    const youngest = specs[specs.length - 1].w;
    if (youngest >= 2 && mother.w >= 21 && mother.w <= 40 && r.chance(0.03)) mother.pregnant = true;
  }

  /** Marks adult children with no children of their own as living elsewhere (人户分离) with probability p. */
  private away(specs: Spec[], p: number): void {
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i];
      if ((s.relation === '子女' || s.relation === '孙子女') && s.residence === 'registered' && s.w >= 19 &&
        !specs.some((x) => x.parents.includes(i)) && this.rng.chance(p)) s.residence = 'away';
    }
  }

  make(t: CompoundTemplate, maxSize: number): { type: DemoHouseholdType; tenure: 'owner' | 'rental'; specs: Spec[] } {
    const r = this.rng;
    for (let attempt = 0; attempt < 30; attempt++) {
      const kind = this.tables.get(t)!.pick(r);
      const out = this.build(kind, t);
      if (out.specs.length <= maxSize) return out;
    }
    // Fill the last few places with one-person households.
    const origin: Origin = 'local';
    const age = r.chance(0.5) ? r.tri(62, 95) : r.range(22, 58);
    return {
      type: age >= 60 ? 'elderly_alone' : 'single',
      tenure: 'owner',
      specs: [{ male: r.chance(age >= 60 ? 0.35 : 0.5), w: age, relation: '户主', surname: this.surname(origin), region: this.region(origin), residence: 'registered', parents: [], pregnant: false }],
    };
  }

  private build(kind: DemoHouseholdType | 'elderly_with_child', t: CompoundTemplate): { type: DemoHouseholdType; tenure: 'owner' | 'rental'; specs: Spec[] } {
    const r = this.rng;
    const rents = kind === 'shared_rental' || (!ELDERLY_TYPES.has(kind) && kind !== 'extended' && r.chance(t.rentP));
    const origin: Origin = rents ? (r.chance(0.85) ? 'floating' : 'tenant') : 'local';
    const tenure = rents ? 'rental' : 'owner';
    const specs: Spec[] = [];
    switch (kind) {
      case 'elderly_alone': {
        const male = r.chance(0.3);
        specs.push({ male, w: r.tri(61, 93), relation: '户主', surname: this.surname(origin), region: this.region(origin), residence: 'registered', parents: [], pregnant: false });
        return { type: 'elderly_alone', tenure, specs };
      }
      case 'elderly_couple': {
        const [h, w] = this.couple(origin, r.tri(60, 88), '户主', '配偶');
        if (r.chance(0.25)) { h.relation = '配偶'; w.relation = '户主'; specs.push(w, h); } else specs.push(h, w);
        // Some keep an adult child on the household register who lives elsewhere.
        if (r.chance(0.2)) {
          const hi = specs.indexOf(h), wi = specs.indexOf(w);
          const c = this.child(origin, h, w, w.w - r.range(24, 34), hi, wi, '子女');
          if (c.w >= 19) { c.residence = 'away'; c.parents = []; specs.push(c); }
        }
        return { type: 'elderly_couple', tenure, specs };
      }
      case 'elderly_with_child': {
        const parentAge = r.tri(74, 96);
        const parentMale = r.chance(0.3);
        const parent: Spec = { male: parentMale, w: parentAge, relation: '户主', surname: this.surname(origin), region: this.region(origin), residence: 'registered', parents: [], pregnant: false };
        const childMale = r.chance(0.5);
        const child: Spec = { male: childMale, w: parentAge - r.range(23, 36), relation: '子女', surname: parentMale || r.chance(0.2) ? parent.surname : this.surname(origin), region: r.chance(0.7) ? DINGHAI_CODE : this.region(origin), residence: 'registered', parents: [], pregnant: false };
        if (r.chance(0.5)) { child.relation = '户主'; parent.relation = '父母'; specs.push(child, parent); } else specs.push(parent, child);
        return { type: 'extended', tenure, specs };
      }
      case 'single': {
        specs.push({ male: r.chance(0.6), w: r.range(20, 58), relation: '户主', surname: this.surname(origin), region: this.region(origin), residence: this.residence(origin), parents: [], pregnant: false });
        return { type: 'single', tenure, specs };
      }
      case 'couple': {
        const young = rents || r.chance(0.35);
        const [h, w] = this.couple(origin, young ? r.range(24, 36) : r.range(50, 66), '户主', '配偶');
        specs.push(h, w);
        if (young) {
          if (w.w >= 21 && w.w <= 40 && r.chance(0.1)) w.pregnant = true;
        } else if (r.chance(0.6)) {
          const c = this.child(origin, h, w, w.w - r.range(24, 34), 0, 1, '子女');
          if (c.w >= 19) { c.residence = 'away'; c.parents = []; specs.push(c); }
        }
        return { type: 'couple', tenure, specs };
      }
      case 'nuclear': {
        const [h, w] = this.couple(origin, origin === 'local' ? r.tri(30, 66) : r.tri(24, 50), '户主', '配偶');
        if (r.chance(0.25)) { h.relation = '配偶'; w.relation = '户主'; }
        specs.push(h, w);
        this.children(specs, origin, 0, 1, 2, '子女', origin === 'local' ? 0.3 : 0.45);
        if (origin === 'local') this.away(specs, 0.25);
        return { type: 'nuclear', tenure, specs };
      }
      case 'extended': {
        // Middle generation + children + 1–2 grandparents; sometimes a grandparent is the head.
        const [h, w] = this.couple(origin, r.tri(30, 58), '户主', '配偶');
        specs.push(h, w);
        this.children(specs, origin, 0, 1, 2, '子女', 0.25);
        const paternal = r.chance(0.7);
        const side = paternal ? h : w;
        const gAge = Math.max(h.w, w.w) + r.range(24, 33);
        const room = 5 - specs.length;
        const both = room >= 2 && r.chance(0.55);
        const gps: Spec[] = [];
        if (room >= 1) {
          const gMale = both ? true : r.chance(0.35);
          gps.push({ male: gMale, w: clampAge(gAge), relation: '父母', surname: gMale ? side.surname : this.surname(origin), region: this.region(origin), residence: 'registered', parents: [], pregnant: false });
          if (both) gps.push({ male: false, w: clampAge(gAge - r.range(0, 5)), relation: '父母', surname: this.surname(origin), region: this.region(origin), residence: 'registered', parents: [], pregnant: false });
        }
        if (gps.length > 0 && r.chance(0.3)) {
          // Grandparent-headed register: 户主 grandparent, their child = 子女, child-in-law = 其他, grandchildren = 孙子女.
          gps[0].relation = '户主';
          if (gps[1]) gps[1].relation = '配偶';
          side.relation = '子女';
          (side === h ? w : h).relation = '其他';
          for (const s of specs) if (s.relation === '子女' && s !== side) s.relation = '孙子女';
          // Put the head first; parents indexes of the grandchildren must be remapped.
          const n = gps.length;
          for (const s of specs) s.parents = s.parents.map((p) => p + n);
          specs.unshift(...gps);
        } else {
          specs.push(...gps);
        }
        this.away(specs, 0.3);
        return { type: 'extended', tenure, specs };
      }
      case 'shared_rental': {
        const n = r.range(2, 4);
        for (let i = 0; i < n; i++) {
          specs.push({ male: r.chance(0.65), w: r.range(19, 48), relation: i === 0 ? '户主' : '其他', surname: this.surname(origin), region: this.region(origin), residence: this.residence(origin), parents: [], pregnant: false });
        }
        return { type: 'shared_rental', tenure: 'rental', specs };
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Materialisation

function disabledP(age: number): number {
  return age < 18 ? 0.005 : age < 60 ? 0.014 : age < 80 ? 0.05 : 0.12;
}
function chronicP(age: number): number {
  return age < 18 ? 0.005 : age < 40 ? 0.025 : age < 60 ? 0.16 : age < 80 ? 0.52 : 0.68;
}

type CommunityRun = {
  tree: DemoPlaceTree;
  /** Yields each household with its members, in generation order. */
  households: Generator<{ household: DemoHousehold; members: DemoResident[]; place: DemoPlacePath }>;
};

function runCommunity(seed: number, index: number, residents: number, laneWidth: number, days: DayTables): CommunityRun {
  const tree = buildPlaceTree(seed, index, residents);
  return { tree, households: householdsOf(seed, index, residents, laneWidth, days, tree) };
}

function* householdsOf(seed: number, index: number, total: number, laneWidth: number, days: DayTables, tree: DemoPlaceTree):
  Generator<{ household: DemoHousehold; members: DemoResident[]; place: DemoPlacePath }> {
  const rng = new Rng(`${seed}:households:${index}`);
  const seedKey = cyrb128(`${seed}:identity`)[0];
  const ids = new IdAllocator(seedKey, index, laneWidth, days);
  const phones = new PhoneAllocator(seedKey, index);
  const maker = new HouseholdMaker(rng);
  const c = `c${index}`;
  const { community, street } = tree;
  const compoundByRef = new Map(tree.compounds.map((x, i) => [x.ref, { compound: x, template: COMPOUNDS[i] }]));
  const buildingByRef = new Map(tree.buildings.map((b) => [b.ref, b]));
  const unitByRef = new Map(tree.units.map((u) => [u.ref, u]));
  const gridByCode = new Map(tree.grids.map((g) => [g.code, g]));

  // Visit rooms in a scrambled order so that vacancies and the final stop spread over the whole community.
  const rooms = tree.rooms;
  const n = rooms.length;
  let step = 1 + Math.floor(n * 0.618);
  while (gcd(step, n) !== 1) step++;
  const offset = rng.int(n);
  const vacant: number[] = [];
  let made = 0;
  let hh = 0;
  let person = 0;

  const emit = (roomIdx: number) => {
    const room = rooms[roomIdx];
    const b = buildingByRef.get(room.buildingRef)!;
    const { compound, template } = compoundByRef.get(b.compoundRef)!;
    const unit = unitByRef.get(room.unitRef)!;
    const grid = gridByCode.get(b.gridCode)!;
    const { type, tenure, specs } = maker.make(template, total - made);
    hh++;
    const hid = `${c}-h${pad(hh, 5)}`;
    const refs = specs.map((_, i) => `${c}-r${pad(person + i + 1, 6)}`);
    person += specs.length;
    const members: DemoResident[] = [];
    let presentCount = 0;
    for (const s of specs) if (s.residence !== 'away') presentCount++;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i];
      const d = ids.allocate(s.region, s.male, s.w);
      const off = d.off;
      const age = days.age[off];
      const tags: DemoTag[] = [];
      if (age >= 60) tags.push('elderly60');
      if (age >= 80) tags.push('elderly80');
      // 独居老人: the only member actually living here, aged 60+.
      if (age >= 60 && presentCount === 1 && s.residence !== 'away') tags.push('living_alone');
      if (rng.chance(disabledP(age))) tags.push('disabled');
      if (rng.chance(chronicP(age))) tags.push('chronic');
      if (s.pregnant && age >= 20 && age <= 40) tags.push('pregnant');
      if (age < 3) tags.push('infant');
      if (age < 18) tags.push('minor');
      const phone = age >= 12 && !(age >= 80 && rng.chance(0.3)) ? phones.allocate() : null;
      const res: DemoResident = {
        ref: refs[i],
        name: fullName(rng, s.surname, s.male, days.year[off]),
        idNumber: d.idNumber,
        phone,
        sex: s.male ? 'M' : 'F',
        birthDate: days.iso[off],
        age,
        householdRef: hid,
        relationToHead: s.relation,
        residenceType: s.residence,
        tags,
        guardianRef: age < 18 && s.parents.length > 0 ? refs[s.parents[rng.chance(0.5) ? 1 : 0] ?? s.parents[0]] : null,
        birthplaceCode: s.region,
        birthplace: REGION_NAMES.get(s.region) ?? s.region,
      };
      if (s.residence === 'registered' || s.residence === 'away') res.externalRef = `HJ${community.code}${pad(person - specs.length + i + 1, 6)}`;
      members.push(res);
    }
    const headIdx = specs.findIndex((s) => s.relation === '户主');
    const household: DemoHousehold = {
      id: hid,
      communityCode: community.code,
      gridCode: grid.code,
      compoundRef: compound.ref,
      buildingRef: b.ref,
      unitRef: unit.ref,
      roomRef: room.ref,
      building: b.number,
      unit: unit.number,
      room: room.number,
      address: `${community.name}${compound.name}${b.number}${unit.number}${room.number}室`,
      type,
      tenure,
      headResidentRef: refs[headIdx],
      memberCount: members.length,
    };
    const place: DemoPlacePath = {
      streetCode: street.code, streetName: street.name, communityCode: community.code, communityName: community.name,
      gridCode: grid.code, gridName: grid.name, compound: compound.name, building: b.number, unit: unit.number, room: room.number,
    };
    made += members.length;
    return { household, members, place };
  };

  for (let i = 0; i < n && made < total; i++) {
    const idx = (offset + i * step) % n;
    if (rng.chance(0.075)) { vacant.push(idx); continue; }
    yield emit(idx);
  }
  for (let i = 0; i < vacant.length && made < total; i++) yield emit(vacant[i]);
  if (made < total) throw new Error(`demo generator ran out of rooms (${made}/${total}); increase the sizing margin`);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function checkOptions(opts: GenerateDemoCommunityOptions): { seed: number; index: number; residents: number; now: Date } {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const index = opts.communityIndex ?? 0;
  const residents = opts.residents ?? DEMO_DEFAULT_RESIDENTS;
  const now = opts.now ?? DEMO_DEFAULT_NOW;
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer');
  if (!Number.isInteger(index) || index < 0 || index > DEMO_MAX_COMMUNITY_INDEX) {
    throw new RangeError(`communityIndex must be an integer 0..${DEMO_MAX_COMMUNITY_INDEX}`);
  }
  if (!Number.isInteger(residents) || residents < 1 || residents > DEMO_MAX_RESIDENTS_PER_COMMUNITY) {
    throw new RangeError(`residents must be an integer 1..${DEMO_MAX_RESIDENTS_PER_COMMUNITY}`);
  }
  if (!Number.isFinite(now.getTime())) throw new RangeError('now must be a valid Date');
  return { seed, index, residents, now };
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * One complete synthetic community (place tree, households, residents). Different `communityIndex` values of
 * the same seed never share an ID number or a phone number (indexes 0..364, ≤ 50,000 residents each).
 * `generateResidents` with the same seed yields the same residents for a community of the same size.
 */
export function generateDemoCommunity(opts: GenerateDemoCommunityOptions = {}): DemoCommunity {
  const { seed, index, residents: total, now } = checkOptions(opts);
  const run = runCommunity(seed, index, total, STANDARD_LANE_WIDTH, dayTables(now));
  const households: DemoHousehold[] = [];
  const residents: DemoResident[] = [];
  for (const { household, members } of run.households) {
    households.push(household);
    for (const m of members) residents.push(m);
  }
  return { ...run.tree, seed, now: now.toISOString(), households, residents };
}

/**
 * Streams residents with their place path, community after community, holding only one community's place tree
 * and one household in memory. ID and phone numbers are unique across the whole stream.
 */
export function* generateResidents(opts: GenerateResidentsOptions): Generator<DemoStreamResident, void, undefined> {
  const { seed, total } = opts;
  const now = opts.now ?? DEMO_DEFAULT_NOW;
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer');
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  if (total === 0) return;
  const communities = opts.communities ?? Math.max(1, Math.ceil(total / DEMO_DEFAULT_RESIDENTS));
  if (!Number.isInteger(communities) || communities < 1 || communities > Math.min(total, MAX_PHONE_COMMUNITIES)) {
    throw new RangeError(`communities must be an integer 1..${Math.min(total, MAX_PHONE_COMMUNITIES)}`);
  }
  const per = Math.floor(total / communities);
  const extra = total % communities;
  const largest = per + (extra > 0 ? 1 : 0);
  // Same lanes as generateDemoCommunity whenever they fit; otherwise share the slots evenly.
  const laneWidth = communities <= DEMO_MAX_COMMUNITY_INDEX + 1 && largest <= DEMO_MAX_RESIDENTS_PER_COMMUNITY
    ? STANDARD_LANE_WIDTH
    : Math.floor(SLOTS_PER_KEY / communities);
  const days = dayTables(now);
  for (let k = 0; k < communities; k++) {
    const size = per + (k < extra ? 1 : 0);
    const run = runCommunity(seed, k, size, laneWidth, days);
    for (const { members, place } of run.households) {
      for (const m of members) {
        const out = m as DemoStreamResident;
        out.communityIndex = k;
        out.place = place;
        yield out;
      }
    }
  }
}

/** Exposed for tests: the famous-names block list the name generator honours. */
export const DEMO_FAMOUS_NAMES = FAMOUS_NAMES;
