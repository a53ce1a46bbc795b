// Pure rules of the registry pages (no React), unit-tested in registry.logic.test.ts.
import type { TFunction } from 'i18next';
import type { Me } from '../../api/types';
import { withNote } from '../../lib/labels';
import {
  CARE_TAGS, RESIDENCE_TYPES, TYPED_TAGS, type CareTag, type Relation, type ResidenceType, type ResidentDetail, type ResidentPatch, type ResidentSummary,
} from './api';

/** The resident list's state, kept in the URL so that reload, back and shared links keep it. */
export type View = {
  q: string;
  tag?: CareTag;
  residenceType?: ResidenceType;
  gridId?: string;
  /** Address part (compound building [unit]) chosen in the tree. */
  addr?: string;
  label?: string;
  node?: string;
  page: number;
};

export function viewFromParams(p: URLSearchParams): View {
  const tag = p.get('tag');
  const rt = p.get('rt');
  const page = Number(p.get('page'));
  return {
    q: p.get('q') ?? '',
    tag: CARE_TAGS.find((x) => x === tag),
    residenceType: RESIDENCE_TYPES.find((x) => x === rt),
    gridId: p.get('grid') ?? undefined,
    addr: p.get('addr') ?? undefined,
    label: p.get('label') ?? undefined,
    node: p.get('node') ?? undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function paramsFromView(v: View): URLSearchParams {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.tag) p.set('tag', v.tag);
  if (v.residenceType) p.set('rt', v.residenceType);
  if (v.gridId) p.set('grid', v.gridId);
  if (v.addr) p.set('addr', v.addr);
  if (v.label) p.set('label', v.label);
  if (v.node) p.set('node', v.node);
  if (v.page > 1) p.set('page', String(v.page));
  return p;
}

/**
 * True when the address holds `addr` (compound building [unit]) as whole parts: "港务新村 1幢" matches
 * "A社区 港务新村 1幢 2单元 301" but not "A社区 港务新村 11幢 …".
 */
export function inAddressPart(address: string, addr: string): boolean {
  return ` ${address} `.includes(` ${addr} `);
}

/** The edit drawer's form. */
export type EditValues = {
  phoneAction: 'keep' | 'change' | 'clear';
  phone: string;
  relation: Relation;
  residenceType: ResidenceType;
  tags: CareTag[];
  guardianId: string | null;
  externalRef: string;
};

export function initialEdit(r: ResidentDetail): EditValues {
  return {
    phoneAction: 'keep',
    phone: '',
    relation: r.relation,
    residenceType: r.residenceType,
    tags: r.tags.filter((x) => TYPED_TAGS.includes(x)),
    guardianId: r.guardian?.id ?? null,
    externalRef: r.externalRef ?? '',
  };
}

/**
 * What the user changed in the edit form, against the record the form started from (the fields patchOf would send): kept when someone else saved
 * first (409), so the form is reloaded with the newer record and the user's changes are put back on top of it instead of
 * being lost (walk-through, session 24). A changed phone keeps its action and number together.
 */
export function typedEdits(r: ResidentDetail, typed: EditValues): Partial<EditValues> {
  // What patchOf would send is what the user changed; keep the typed values of those fields (a phone with its action).
  const p = patchOf(r, typed);
  const kept: Partial<EditValues> = {};
  if ('phone' in p) Object.assign(kept, { phoneAction: typed.phoneAction, phone: typed.phone });
  for (const key of ['relation', 'residenceType', 'tags', 'guardianId', 'externalRef'] as const) {
    if (key in p) Object.assign(kept, { [key]: typed[key] });
  }
  return kept;
}

/** Only what changed is sent, with the version the user saw (a stale version answers 409). */
export function patchOf(r: ResidentDetail, v: EditValues): ResidentPatch {
  const p: ResidentPatch = { version: r.version };
  if (v.phoneAction === 'change') p.phone = v.phone.trim();
  if (v.phoneAction === 'clear') p.phone = null;
  if (v.relation !== r.relation) p.relation = v.relation;
  if (v.residenceType !== r.residenceType) p.residenceType = v.residenceType;
  const before = r.tags.filter((x) => TYPED_TAGS.includes(x)).sort().join();
  if ([...v.tags].sort().join() !== before) p.tags = v.tags;
  if ((v.guardianId ?? null) !== (r.guardian?.id ?? null)) p.guardianId = v.guardianId ?? null;
  if ((v.externalRef.trim() || null) !== (r.externalRef ?? null)) p.externalRef = v.externalRef.trim() || null;
  return p;
}

/**
 * True when the patch changes something besides the version. "保存" with nothing changed then just closes the drawer:
 * sending `{ version }` would raise the version and add an empty "修改信息 —" line to the change history.
 */
export function patchChanges(p: ResidentPatch): boolean {
  return Object.keys(p).some((k) => k !== 'version');
}

/**
 * The community an import goes into. Community staff: their own. Grid workers: the community that holds their grid
 * (its code is the grid code without the last two digits, GB/T 2260 style — the server accepts an org code and checks
 * scope). Others choose from the communities in their scope.
 */
export function fixedCommunity(me: Me): { id: string; name: string; grid: boolean } | null {
  if (me.org.level === 'community') return { id: me.org.id, name: me.org.name, grid: false };
  if (me.org.level === 'grid' && me.org.code.length > 2) return { id: me.org.code.slice(0, -2), name: me.org.name, grid: true };
  return null;
}


export type GuardianChoice = { value: string; label: string };

/** An adult of the household offered as guardian (add and edit drawers): "韦**（户主，64 岁）". */
export function guardianChoice(a: Pick<ResidentSummary, 'id' | 'nameMasked' | 'relation' | 'age'>, t: TFunction, lang: string): GuardianChoice {
  const note = [t(`registry.relations.${a.relation}`), t('registry.ageYears', { age: a.age })];
  return { value: a.id, label: withNote(a.nameMasked, lang.startsWith('zh') ? note.join('，') : note.join(', '), lang) };
}
