// Pure rules of the registry pages (no React), unit-tested in registry.logic.test.ts.
import type { TFunction } from 'i18next';
import type { Me } from '../../api/types';
import type { StaffConsentMethod } from '../consent';
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

/**
 * What the resident list shows where its rows go (table on a desktop, cards on a phone). A list that failed to load is
 * `failed` — the error with 重试 shows above it — never `empty`: "没有找到符合条件的居民" under a network error told the
 * worker that nobody lives there (walk-through, ADR 0065 "Not done" 4). `offline`: the browser says it has no network
 * and the request waits for it (TanStack's paused fetch: neither fetching nor failed). While it loads without rows (the
 * first answer, a 重试, or a new filter whose earlier answer is still shown as a placeholder) it is `loading`.
 */
export type ListShows = 'rows' | 'loading' | 'offline' | 'failed' | 'empty';

export function listShows(q: { rows: number | undefined; fetching: boolean; paused: boolean; failed: boolean }): ListShows {
  if ((q.rows ?? 0) > 0) return 'rows';
  if (q.fetching) return 'loading';
  if (q.paused) return 'offline';
  if (q.failed) return 'failed';
  return q.rows === undefined ? 'loading' : 'empty';
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

/** The edit drawer's whole form: the fields above and the worker's attestation of consent, asked for when care tags are added without one (ADR 0033). */
export type EditFormValues = EditValues & { consentMethod?: StaffConsentMethod; consentNote?: string };

/**
 * The label (i18n key) of each field of the edit drawer. Each names its field alone: after 改成新号码 the choice and the
 * number field both read 手机号 (walk-through, ADR 0065 "Not done" 4); the number is 新手机号.
 */
export const EDIT_FIELD_LABELS = {
  phoneAction: 'registry.edit.phone',
  phone: 'registry.edit.newPhone',
  relation: 'registry.edit.relation',
  residenceType: 'registry.edit.residenceType',
  tags: 'registry.edit.tags',
  guardianId: 'registry.edit.guardian',
  externalRef: 'registry.edit.externalRef',
} as const satisfies Record<keyof EditValues, string>;

/**
 * The edit drawer's close (取消, ×, Esc, a click beside it) while a save may be running: it does nothing until the save
 * has answered. Closing during a save hid a save that still completed, and the user believed nothing was saved
 * (walk-through, ADR 0065 "Not done" 4). On success the drawer closes itself; on a refusal it stays open with the message.
 */
export function closeUnlessSaving(saving: boolean, close: () => void): () => void {
  return () => {
    if (!saving) close();
  };
}

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
 * being lost (walk-through, session 24). A changed phone keeps its action and number together. The attestation of
 * consent (how it was given, the note) is the user's input too and is kept when given: the reload emptied it, and the
 * form then asked for it again.
 */
export function typedEdits(r: ResidentDetail, typed: EditFormValues): Partial<EditFormValues> {
  // What patchOf would send is what the user changed; keep the typed values of those fields (a phone with its action).
  const p = patchOf(r, typed);
  const kept: Partial<EditFormValues> = {};
  if ('phone' in p) Object.assign(kept, { phoneAction: typed.phoneAction, phone: typed.phone });
  for (const key of ['relation', 'residenceType', 'tags', 'guardianId', 'externalRef'] as const) {
    if (key in p) Object.assign(kept, { [key]: typed[key] });
  }
  if (typed.consentMethod) kept.consentMethod = typed.consentMethod;
  if (typed.consentNote?.trim()) kept.consentNote = typed.consentNote;
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
