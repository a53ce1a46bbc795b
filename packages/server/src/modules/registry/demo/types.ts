/** Plain-object shapes returned by the synthetic demo community generator. */

export type DemoStreet = {
  code: string; // 9 digits: 330902 + 3-digit street number (synthetic)
  name: string;
  districtCode: string;
  districtName: string;
  cityCode: string;
  cityName: string;
};

export type DemoCommunityInfo = {
  index: number;
  code: string; // 12 digits: street code + 3-digit community number (synthetic, GB/T 2260 style)
  name: string;
  streetCode: string;
};

export type DemoGrid = { code: string; name: string; communityCode: string; index: number };

export type DemoCompoundKind = 'commodity' | 'work_unit' | 'resettlement' | 'scattered';

/** 三无小区 flags: 无物业管理, 无主管单位, 未封闭. */
export type DemoCompoundFlags = { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };

export type DemoCompound = {
  ref: string;
  name: string;
  kind: DemoCompoundKind;
  builtYear: number;
  flags: DemoCompoundFlags;
  /** All three flags set. */
  threeNo: boolean;
  propertyCompany: string | null;
  competentAuthority: string | null;
};

export type DemoBuilding = {
  ref: string;
  compoundRef: string;
  gridCode: string;
  number: string; // e.g. 3幢
  floors: number;
  unitCount: number;
  roomsPerFloor: number;
};

export type DemoUnit = { ref: string; buildingRef: string; number: string /* 1单元 */ };

export type DemoRoom = { ref: string; buildingRef: string; unitRef: string; floor: number; number: string /* 302 */ };

export type DemoPlaceTree = {
  street: DemoStreet;
  community: DemoCommunityInfo;
  grids: DemoGrid[];
  compounds: DemoCompound[];
  buildings: DemoBuilding[];
  units: DemoUnit[];
  rooms: DemoRoom[];
};

export type DemoHouseholdType =
  | 'elderly_alone' | 'elderly_couple' | 'single' | 'couple' | 'nuclear' | 'extended' | 'shared_rental';

export type DemoHousehold = {
  id: string;
  communityCode: string;
  gridCode: string;
  compoundRef: string;
  buildingRef: string;
  unitRef: string;
  roomRef: string;
  building: string; // 3幢
  unit: string; // 1单元
  room: string; // 302
  /** Display address, e.g. A社区海韵花园3幢1单元302室 (full: mask before showing in lists). */
  address: string;
  type: DemoHouseholdType;
  tenure: 'owner' | 'rental';
  headResidentRef: string;
  memberCount: number;
};

export type DemoRelation = '户主' | '配偶' | '子女' | '父母' | '孙子女' | '其他';

/**
 * registered: 户籍 here and living here; floating: 流动人口 from another province; tenant: renting, from elsewhere
 * in Zhejiang; away: 户籍 here but living elsewhere (人户分离).
 */
export type DemoResidenceType = 'registered' | 'floating' | 'tenant' | 'away';

export type DemoTag = 'elderly60' | 'elderly80' | 'living_alone' | 'disabled' | 'chronic' | 'pregnant' | 'infant' | 'minor';

export type DemoResident = {
  ref: string;
  name: string;
  idNumber: string;
  /** Unique mobile number; null for children under 12 and some of the very old. */
  phone: string | null;
  sex: 'M' | 'F';
  birthDate: string; // YYYY-MM-DD, equal to the date in idNumber
  /** Age in full years at the generator's `now` (Asia/Shanghai). */
  age: number;
  householdRef: string;
  relationToHead: DemoRelation;
  residenceType: DemoResidenceType;
  tags: DemoTag[];
  /** For minors: ref of a parent in the same household; otherwise null. */
  guardianRef: string | null;
  /** GB/T 2260 code of the birthplace (= the ID's address code) and its display name. */
  birthplaceCode: string;
  birthplace: string;
  /** Reference in the (simulated) household-registration system; set for registered and away residents. */
  externalRef?: string;
};

export type DemoCommunity = DemoPlaceTree & {
  seed: number;
  /** ISO timestamp of the generator's clock. */
  now: string;
  households: DemoHousehold[];
  residents: DemoResident[];
};

/** Where a streamed resident lives. Objects are shared by the members of one household: do not mutate. */
export type DemoPlacePath = {
  streetCode: string;
  streetName: string;
  communityCode: string;
  communityName: string;
  gridCode: string;
  gridName: string;
  compound: string;
  building: string;
  unit: string;
  room: string;
};

export type DemoStreamResident = DemoResident & { communityIndex: number; place: DemoPlacePath };
