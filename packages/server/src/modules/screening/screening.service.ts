import { containsCnMobile, holdsIdNumber, isIsoDay, maskFreeAddress, maskName, maskPartialCnId, maskPartialPhone, normalizeCnMobile, pinyinKeys, validateCnId } from '@renxing/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { Org, OrgsService } from '../orgs';
import { ymdOf } from '../privacy';
import { matchCandidatesMany, personSketches, RESTRICTED_ID, type Sheet } from '../registry';
import { bestMatch, maskedTail, normalizeMasked, normalizeName, type Evidence, type MatchState, type RowIdentity } from './screening.match';

/** 大数据+网格 screening (ADR 0083). */
const PURPOSE = 'epidemic.screening';
export const SCREENING_KINDS = { assigned: 'screening_assigned', done: 'screening_done' } as const;
export const LIST_KINDS = ['close_contact', 'secondary_contact', 'risk_area', 'inbound', 'other'] as const;
export const OUTCOMES = ['controlled', 'not_here', 'left', 'wrong_info'] as const;
export const MEASURES = ['home_quarantine', 'health_monitoring', 'centralised'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type Outcome = (typeof OUTCOMES)[number] | 'already_controlled';
export type Measure = (typeof MEASURES)[number];

const KIND_TEXT: Record<ListKind, [string, string]> = {
  close_contact: ['密切接触者', 'Close contacts'], secondary_contact: ['密接的密接', 'Contacts of close contacts'], risk_area: ['中高风险地区返回', 'Back from medium/high-risk areas'],
  inbound: ['入境人员', 'Inbound travellers'], other: ['其他', 'Other'],
};
const OUTCOME_TEXT: Record<Outcome, [string, string]> = {
  controlled: ['已落实管控', 'Placed under control'], not_here: ['查无此人', 'No such person here'], left: ['已离开本辖区', 'Has left the area'],
  wrong_info: ['信息有误', 'Wrong information'], already_controlled: ['已在管控中（自动）', 'Already under control (automatic)'],
};
const MEASURE_TEXT: Record<Measure, [string, string]> = {
  home_quarantine: ['居家隔离', 'Home quarantine'], health_monitoring: ['居家健康监测', 'Home health monitoring'], centralised: ['集中隔离转运', 'Taken to central quarantine'],
};
const STATE_TEXT: Record<MatchState, string> = { matched: '已比中', uncertain: '待确认', unmatched: '未比中' };
/** Without an arrival date, gate entries this many days before the import count. */
const GATE_LOOKBACK_DAYS = 14;

/** Import headers (tolerant, like the other imports'). */
const H = {
  name: ['姓名', '名字', 'name'], id: ['身份证号', '身份证号码', '证件号码', '证件号', '身份证', 'idnumber', 'id'], phone: ['手机号', '手机号码', '联系电话', '电话', 'phone', 'mobile'],
  address: ['地址', '现住址', '居住地址', '住址', 'address'], arrived: ['抵达日期', '返回日期', '抵舟日期', '到达日期', '入境日期', '接触日期', 'arrivedon', 'arrival'],
  origin: ['来源地', '途经地', '出发地', '来自', 'origin'], note: ['备注', 'note'],
};
const norm = (h: string) => h.replace(/\s/g, '').toLowerCase();
export const isScreeningHeaderRow = (cells: string[]) => cells.some((c) => H.name.includes(norm(c))) && cells.some((c) => [...H.id, ...H.phone, ...H.address].includes(norm(c)));

export type RowError = { row: number; field: string; message: string; messageEn: string };
export type Figures = {
  entries: number; matched: number; uncertain: number; unmatched: number; filtered: number; gateSeen: number; unrouted: number; open: number; done: number;
  byOutcome: Record<Outcome, number>;
};

export type ScreeningDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService;
  accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  quarantineOf: (ids: readonly string[]) => Promise<Map<string, { kind: 'home_quarantine' | 'health_monitoring'; reason: string }>>;
  gateEntriesOf: (ids: readonly string[], since: Date) => Promise<Map<string, { at: string; gateName: string }>>;
};

/** A date as the lists write it: 2022-03-14, 2022/3/14, 2022.3.14, 2022年3月14日. */
export function readDay(raw: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw.normalize('NFKC').trim());
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDay(d) ? d : null;
}


export function createScreening(deps: ScreeningDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const stale = (v: unknown) => errors.stale(codec.readInt(v));
  const isLocal = (p: Principal) => p.orgLevel === 'community' || p.orgLevel === 'grid';

  // ----- reading ---------------------------------------------------------------------------------------------------

  async function figuresOf(listIds: readonly string[], scopePath: string): Promise<Map<string, Figures>> {
    const rows = await inChunks(listIds, (part) => db.selectFrom('screening_entries')
      .select(['list_id', 'state', 'status', 'outcome', (eb) => eb.fn.countAll().as('n'),
        (eb) => eb.fn.count('gate_seen_at').as('seen'), (eb) => eb.fn.count('community_id').as('routed')])
      .where('list_id', 'in', part).where('org_path', 'like', `${scopePath}%`).groupBy(['list_id', 'state', 'status', 'outcome']).execute());
    const out = new Map<string, Figures>();
    for (const id of listIds) {
      out.set(id, {
        entries: 0, matched: 0, uncertain: 0, unmatched: 0, filtered: 0, gateSeen: 0, unrouted: 0, open: 0, done: 0,
        byOutcome: { controlled: 0, not_here: 0, left: 0, wrong_info: 0, already_controlled: 0 },
      });
    }
    for (const r of rows) {
      const f = out.get(String(r.list_id))!;
      const n = codec.readInt(r.n);
      f.entries += n;
      f[String(r.state) as MatchState] += n;
      f.gateSeen += codec.readInt(r.seen);
      if (r.status === 'open') {
        f.open += n;
        f.unrouted += n - codec.readInt(r.routed);
      } else f.done += n;
      if (r.outcome) f.byOutcome[String(r.outcome) as Outcome] += n;
      if (r.outcome === 'already_controlled') f.filtered += n;
    }
    return out;
  }

  async function listViews(p: Principal, rows: Array<Record<string, unknown>>) {
    const [figs, users] = await Promise.all([
      figuresOf(rows.map((r) => String(r.id)), p.orgPath), deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))]),
    ]);
    const at = now().toISOString();
    return rows.map((r) => {
      const f = figs.get(String(r.id))!;
      const dueAt = codec.readTs(r.due_at)!;
      return {
        id: String(r.id), kind: String(r.kind) as ListKind, title: String(r.title), source: String(r.source), dueAt, status: String(r.status) as 'open' | 'closed',
        createdAt: codec.readTs(r.created_at)!, createdByName: users.get(String(r.created_by)) ?? '', fileName: String(r.file_name), rowsTotal: codec.readInt(r.rows_total),
        rowErrors: (codec.readJson<RowError[]>(r.errors) ?? []).length, figures: f, overdue: r.status === 'open' && f.open > 0 && dueAt < at,
        canManage: p.permissions.has('screening:import') && String(r.org_path).startsWith(p.orgPath), closeReason: (r.close_reason as string | null) ?? null,
        version: codec.readInt(r.version),
      };
    });
  }

  /** A list the caller may see: issued for their area or above it, or below it. */
  async function visibleList(p: Principal, id: string) {
    const r = await db.selectFrom('screening_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !(p.orgPath.startsWith(String(r.org_path)) || String(r.org_path).startsWith(p.orgPath))) throw errors.notFound('排查名单', 'Screening list');
    return r as Record<string, unknown>;
  }

  const rowById = async (id: string) => (await db.selectFrom('screening_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>;
  async function entryRow(p: Principal, id: string) {
    const r = await db.selectFrom('screening_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('排查对象', 'Screening entry');
    return r as Record<string, unknown>;
  }

  /**
   * Entries as the caller sees them. `local` (a community or grid user, who goes to the door): the address as the list
   * gave it, in full, and the matched household's address; above the community, the given address masked only.
   */
  async function entryViews(rows: Array<Record<string, unknown>>, local: boolean) {
    const residentIds = [...new Set(rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x))];
    const sk = await personSketches(db, codec, residentIds);
    const orgIds = [...new Set([...rows.flatMap((r) => [r.community_id, r.grid_id]), ...[...sk.values()].map((s) => s.gridId)].filter((x): x is string => typeof x === 'string'))];
    const [names, users] = await Promise.all([deps.orgs.names(orgIds), deps.accounts.userLabels([...new Set(rows.map((r) => r.checked_by as string | null).filter((x): x is string => !!x))])]);
    return rows.map((r) => {
      const s = r.resident_id ? sk.get(String(r.resident_id)) : undefined;
      const gateSeenAt = codec.readTs(r.gate_seen_at);
      return {
        id: String(r.id), listId: String(r.list_id), row: codec.readInt(r.row_no), nameMasked: maskName(String(r.name)), idMasked: (r.id_masked as string | null) ?? null,
        phoneMasked: (r.phone_masked as string | null) ?? null, addressMasked: r.address ? maskFreeAddress(String(r.address)) : null,
        address: local && r.address ? String(r.address) : null, arrivedOn: (r.arrived_on as string | null) ?? null,
        origin: (r.origin as string | null) ?? null, state: String(r.state) as MatchState, confidence: codec.readInt(r.confidence), evidence: codec.readJson<Evidence[]>(r.evidence) ?? [],
        resident: s ? {
          id: s.id, nameMasked: maskName(s.name), idMasked: s.restricted ? RESTRICTED_ID : s.idMasked, gridName: names.get(s.gridId) ?? '', address: s.restricted || !local ? null : s.address,
        } : null,
        communityName: r.community_id ? names.get(String(r.community_id)) ?? '' : null, gridName: r.grid_id ? names.get(String(r.grid_id)) ?? '' : null, routed: !!r.community_id,
        gateSeenAt, urgent: !!gateSeenAt && r.status === 'open', status: String(r.status) as 'open' | 'done', outcome: (r.outcome as Outcome | null) ?? null,
        measure: (r.measure as Measure | null) ?? null, note: (r.outcome_note as string | null) ?? null, checkedAt: codec.readTs(r.checked_at),
        checkedByName: r.checked_by ? users.get(String(r.checked_by)) ?? '' : null, version: codec.readInt(r.version),
      };
    });
  }
  type EntryView = Awaited<ReturnType<typeof entryViews>>[number];
  /** Urgent (seen at a gate) first, then uncertain, unmatched, matched; then the list's row order. */
  const STATE_RANK: Record<MatchState, number> = { uncertain: 0, unmatched: 1, matched: 2 };
  const entryOrder = (a: EntryView, b: EntryView) => Number(b.urgent) - Number(a.urgent) || (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1)
    || STATE_RANK[a.state] - STATE_RANK[b.state] || a.listId.localeCompare(b.listId) || a.row - b.row;

  async function auditEntries(actor: AuditActor, items: EntryView[], objectId?: string) {
    if (!items.length) return;
    await deps.audit.record(actor, {
      action: 'list', objectType: 'screening_entry', ...(objectId ? { objectId } : {}), outcome: 'success', purpose: PURPOSE, count: items.length,
      fields: ['nameMasked', 'idMasked', 'phoneMasked', 'address', 'match'], subjectIds: items.map((i) => i.resident?.id).filter((x): x is string => !!x),
    });
  }

  // ----- import and matching ----------------------------------------------------------------------------------------

  type Parsed = { row: number; name: string; given: string; identity: RowIdentity; idBidx: string | null; idEnc: string | null; idMasked: string | null; phoneBidx: string | null; phoneEnc: string | null;
    phoneMasked: string | null; address: string | null; arrivedOn: string | null; origin: string | null; note: string | null };

  function parseRows(sheet: Sheet, at: Date): { rows: Parsed[]; errors: RowError[] } {
    const find = (names: string[]) => sheet.headers.findIndex((h) => names.includes(norm(h)));
    const idx = { name: find(H.name), id: find(H.id), phone: find(H.phone), address: find(H.address), arrived: find(H.arrived), origin: find(H.origin), note: find(H.note) };
    if (idx.name < 0 || (idx.id < 0 && idx.phone < 0 && idx.address < 0)) {
      const missing = idx.name < 0 ? '姓名' : '身份证号/手机号/地址';
      throw new AppError(400, 'missing_headers', `名单缺少列：${missing}`, `The list lacks the column(s): ${idx.name < 0 ? 'name' : 'ID number / mobile / address'}`,
        [{ path: 'file', code: 'missing_headers', message: `缺少“${missing}”列`, messageEn: 'a required column is missing' }]);
    }
    const out: Parsed[] = [];
    const errs: RowError[] = [];
    const seen = new Set<string>();
    for (const r of sheet.rows) {
      const cell = (i: number) => (i >= 0 ? r.cells[i] ?? '' : '').trim();
      const err = (field: string, message: string, messageEn: string) => errs.push({ row: r.row, field, message, messageEn });
      // The name as the list wrote it is kept (and scored: a traditional spelling is said); its simplified form is the search key.
      const given = cell(idx.name).normalize('NFKC').trim();
      const name = normalizeName(given).name;
      if (!name) { err('姓名', '姓名为空', 'the name is empty'); continue; }
      if (given.length > 30) { err('姓名', '姓名超过 30 个字', 'the name is longer than 30 characters'); continue; }
      const identity: RowIdentity = { name: given };
      let idBidx: string | null = null, idEnc: string | null = null, idMasked: string | null = null;
      const rawId = cell(idx.id);
      if (rawId) {
        if (rawId.includes('*')) {
          const m = normalizeMasked(rawId, 18);
          if (!m) { err('身份证号', '脱敏身份证号应为 18 位且至少露出 4 位', 'a masked ID number has 18 characters with at least 4 shown'); continue; }
          identity.idMasked = m;
          idMasked = maskPartialCnId(m);
        } else {
          const v = validateCnId(rawId, at);
          if (!v.ok) { err('身份证号', '身份证号不正确（位数、出生日期或校验位）', 'the ID number is not valid (length, birth date or check digit)'); continue; }
          identity.idFull = v.id;
          idBidx = crypto.blindIndex('cnid', v.id);
          idEnc = crypto.encrypt('screening_entries.id_number', v.id);
          idMasked = maskPartialCnId(v.id);
        }
      }
      let phoneBidx: string | null = null, phoneEnc: string | null = null, phoneMasked: string | null = null;
      const rawPhone = cell(idx.phone);
      if (rawPhone) {
        if (rawPhone.includes('*')) {
          const m = normalizeMasked(rawPhone, 11);
          if (!m) { err('手机号', '脱敏手机号应为 11 位且至少露出 4 位', 'a masked mobile number has 11 characters with at least 4 shown'); continue; }
          identity.phoneMasked = m;
          phoneMasked = maskPartialPhone(m);
        } else {
          const ph = normalizeCnMobile(rawPhone);
          if (!ph) { err('手机号', '手机号不正确', 'the mobile number is not valid'); continue; }
          identity.phoneFull = ph;
          phoneBidx = crypto.blindIndex('phone', ph);
          phoneEnc = crypto.encrypt('screening_entries.phone', ph);
          phoneMasked = maskPartialPhone(ph);
        }
      }
      const address = cell(idx.address) || null;
      if (address && address.length > 200) { err('地址', '地址超过 200 个字', 'the address is longer than 200 characters'); continue; }
      if (address) identity.address = address;
      if (!rawId && !rawPhone && !address) { err('身份证号', '身份证号、手机号、地址至少填写一项', 'give at least one of ID number, mobile number, address'); continue; }
      const rawDay = cell(idx.arrived);
      const arrivedOn = rawDay ? readDay(rawDay) : null;
      if (rawDay && !arrivedOn) { err('抵达日期', '日期格式应为 2022-03-14', 'the date should read like 2022-03-14'); continue; }
      const origin = cell(idx.origin) || null;
      if (origin && origin.length > 60) { err('来源地', '来源地超过 60 个字', 'the origin is longer than 60 characters'); continue; }
      const note = cell(idx.note) || null;
      if (note && note.length > 200) { err('备注', '备注超过 200 个字', 'the note is longer than 200 characters'); continue; }
      if (note && (holdsIdNumber(note, at) || containsCnMobile(note))) { err('备注', '备注中请勿包含身份证号或手机号', 'the note must not hold an ID or mobile number'); continue; }
      const key = idBidx ?? `${name}|${phoneBidx ?? identity.phoneMasked ?? ''}|${identity.idMasked ?? ''}|${address ?? ''}`;
      if (seen.has(key)) { err('身份证号', '与前面的行重复', 'repeats an earlier row'); continue; }
      seen.add(key);
      out.push({ row: r.row, name, given, identity, idBidx, idEnc, idMasked, phoneBidx, phoneEnc, phoneMasked, address, arrivedOn, origin, note });
    }
    return { rows: out, errors: errs };
  }

  /** Matches, filters and routes the parsed rows in the list's area (reads only; the caller writes). */
  async function matchRows(area: Org, rows: Parsed[], at: Date) {
    const matched: Array<{ p: Parsed; residentId: string | null; state: MatchState; confidence: number; evidence: Evidence[]; gridId: string | null }> = [];
    const candidates = await matchCandidatesMany(db, codec, crypto, area.path, rows.map((p) => {
      const i = p.identity;
      return {
        idBidx: p.idBidx ?? undefined, idTail: i.idMasked ? maskedTail(i.idMasked) ?? undefined : undefined,
        phoneBidx: p.phoneBidx ?? undefined, phoneTail: i.phoneMasked ? maskedTail(i.phoneMasked) ?? undefined : undefined,
        name: p.name, namePinyin: pinyinKeys(p.name).full || undefined,
      };
    }));
    for (const [n, p] of rows.entries()) {
      const i = p.identity;
      const cands = candidates[n]!;
      const m = bestMatch(i, cands);
      const gridId = m.residentId ? cands.find((c) => c.id === m.residentId)!.gridId : null;
      matched.push({ p, residentId: m.residentId, state: m.state, confidence: m.confidence, evidence: m.evidence, gridId });
    }
    const ids = [...new Set(matched.map((m) => m.residentId).filter((x): x is string => !!x))];
    const [orders, seen, orgs] = await Promise.all([
      deps.quarantineOf(ids), deps.gateEntriesOf(ids, new Date(at.getTime() - GATE_LOOKBACK_DAYS * 86_400_000)), deps.orgs.within(area.path),
    ]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const communities = orgs.filter((o) => o.level === 'community');
    return matched.map((m) => {
      const evidence = [...m.evidence];
      let gateSeenAt: string | null = null;
      let outcome: Outcome | null = null;
      if (m.residentId) {
        const order = orders.get(m.residentId);
        if (order && m.state === 'matched') {
          outcome = 'already_controlled';
          evidence.push({ code: 'under_order', zh: order.kind === 'home_quarantine' ? '已在居家隔离中' : '已在居家健康监测中', en: order.kind === 'home_quarantine' ? 'already in home quarantine' : 'already under home health monitoring', points: 0 });
        }
        const g = seen.get(m.residentId);
        const since = m.p.arrivedOn ?? ymdOf(new Date(at.getTime() - GATE_LOOKBACK_DAYS * 86_400_000));
        if (g && ymdOf(new Date(g.at)) >= since) {
          gateSeenAt = g.at;
          evidence.push({ code: 'gate_seen', zh: `卡口记录：${ymdOf(new Date(g.at))} 经${g.gateName}进入`, en: `gate record: came in through ${g.gateName} on ${ymdOf(new Date(g.at))}`, points: 0 });
        }
      }
      let grid: Org | null = m.gridId ? byId.get(m.gridId) ?? null : null;
      let community: Org | null = grid?.parentId ? byId.get(grid.parentId) ?? null : null;
      if (!grid && m.p.address) {
        const hits = communities.filter((c) => m.p.address!.includes(c.name) || (c.name.endsWith('社区') && c.name.length > 3 && m.p.address!.includes(c.name.slice(0, -2))));
        if (hits.length === 1) {
          community = hits[0]!;
          evidence.push({ code: 'address_community', zh: `地址中写有“${community.name}”，交社区核查`, en: `the address names ${community.name}: to the community`, points: 0 });
        }
      }
      if (!community) grid = null;
      const orgPath = grid?.path ?? community?.path ?? area.path;
      return { ...m, evidence, gateSeenAt, outcome, gridId: grid?.id ?? null, communityId: community?.id ?? null, orgPath };
    });
  }

  type Routed = { grids: Map<string, number>; communities: Map<string, number> };
  /** Who is told of entries routed to them: the grid workers of a grid, the community admins of a community (read before the write). */
  async function recipientsOf(counts: Routed): Promise<Array<{ to: string[]; count: number }>> {
    return Promise.all([
      ...[...counts.grids].map(async ([gridId, count]) => ({ to: await deps.accounts.activeUserIds(['grid_worker'], [gridId]), count })),
      ...[...counts.communities].map(async ([communityId, count]) => ({ to: await deps.accounts.activeUserIds(['community_admin'], [communityId]), count })),
    ]);
  }
  async function notifyRouted(trx: Transaction<any>, listId: string, recipients: Array<{ to: string[]; count: number }>, at: Date) {
    for (const r of recipients) {
      if (r.to.length) await deps.notifications.notify(trx, { recipientIds: r.to, kind: SCREENING_KINDS.assigned, objectType: 'screening_list', objectId: listId, payload: { listId, count: String(r.count) }, at });
    }
  }

  async function afterCheck(trx: Transaction<any>, listId: string, at: Date) {
    const open = await trx.selectFrom('screening_entries').select('id').where('list_id', '=', listId).where('status', '=', 'open').limit(1).executeTakeFirst();
    if (open) return;
    const l = await trx.selectFrom('screening_lists').select(['created_by', 'done_notified_at', 'title']).where('id', '=', listId).executeTakeFirst();
    if (!l || l.done_notified_at) return;
    await trx.updateTable('screening_lists').set({ done_notified_at: codec.ts(at) }).where('id', '=', listId).execute();
    await deps.notifications.notify(trx, {
      recipientIds: [String(l.created_by)], kind: SCREENING_KINDS.done, objectType: 'screening_list', objectId: listId, payload: { listId, title: String(l.title) }, at,
    });
  }

  const listOf = async (id: string) => (await db.selectFrom('screening_lists').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>;

  return {
    meta() {
      const t = <K extends string>(m: Record<K, [string, string]>, keys: readonly K[]) => keys.map((code) => ({ code, zh: m[code][0], en: m[code][1] }));
      return {
        kinds: t(KIND_TEXT, LIST_KINDS), outcomes: t(OUTCOME_TEXT, [...OUTCOMES, 'already_controlled'] as const), measures: t(MEASURE_TEXT, MEASURES),
      };
    },

    async lists(p: Principal) {
      const ancestors = p.orgPath.split('/').filter(Boolean).map((_, i, a) => `/${a.slice(0, i + 1).join('/')}/`);
      const rows = await db.selectFrom('screening_lists').selectAll()
        .where((eb) => eb.or([eb('org_path', 'like', `${p.orgPath}%`), eb('org_path', 'in', ancestors)]))
        .orderBy('created_at', 'desc').limit(200).execute();
      let items = await listViews(p, rows as Array<Record<string, unknown>>);
      if (isLocal(p)) items = items.filter((l) => l.figures.entries > 0);
      return { items };
    },

    async create(p: Principal, actor: AuditActor, meta: { kind: ListKind; title: string; source: string; dueAt: Date }, fileName: string, sheet: Sheet) {
      const at = now();
      if (meta.dueAt.getTime() <= at.getTime()) throw errors.field('dueAt', 'past', '回执截止时间应晚于现在', 'the receipt deadline must be in the future');
      const area = await deps.orgs.get(p.orgId);
      if (!area) throw errors.notFound('组织', 'Org');
      const parsed = parseRows(sheet, at);
      if (!parsed.rows.length) {
        throw new AppError(400, 'no_valid_rows', '名单中没有可用的行，请按提示修改后重新导入', 'No row of the list can be used; correct the rows and import again',
          parsed.errors.slice(0, 100).map((e) => ({ path: `rows.${e.row}.${e.field}`, code: 'row', message: e.message, messageEn: e.messageEn })));
      }
      const entries = await matchRows(area, parsed.rows, at);
      const id = uuidv7(at.getTime());
      const grids = new Map<string, number>();
      const communities = new Map<string, number>();
      for (const e of entries) {
        if (e.outcome) continue;
        if (e.gridId) grids.set(e.gridId, (grids.get(e.gridId) ?? 0) + 1);
        else if (e.communityId) communities.set(e.communityId, (communities.get(e.communityId) ?? 0) + 1);
      }
      const recipients = await recipientsOf({ grids, communities });
      await writes.run(async (trx) => {
        await trx.insertInto('screening_lists').values({
          id, org_id: area.id, org_path: area.path, kind: meta.kind, title: meta.title, source: meta.source, due_at: codec.ts(meta.dueAt), file_name: fileName.slice(0, 200),
          rows_total: sheet.rows.length, errors: JSON.stringify(parsed.errors), status: 'open', created_by: p.id, created_at: codec.ts(at), day: ymdOf(at),
          closed_by: null, closed_at: null, close_reason: null, done_notified_at: null, version: 1,
        }).execute();
        const values = entries.map((e, i) => ({
          id: uuidv7(at.getTime() + i), list_id: id, row_no: e.p.row, org_path: e.orgPath, community_id: e.communityId, grid_id: e.gridId, name: e.p.given,
          id_enc: e.p.idEnc, id_bidx: e.p.idBidx, id_masked: e.p.idMasked, phone_enc: e.p.phoneEnc, phone_bidx: e.p.phoneBidx, phone_masked: e.p.phoneMasked,
          address: e.p.address, arrived_on: e.p.arrivedOn, origin: e.p.origin, note: e.p.note, resident_id: e.residentId, state: e.state, confidence: e.confidence,
          evidence: JSON.stringify(e.evidence), gate_seen_at: e.gateSeenAt, status: e.outcome ? 'done' : 'open', outcome: e.outcome, measure: null, outcome_note: null,
          checked_by: null, checked_at: e.outcome ? codec.ts(at) : null, created_at: codec.ts(at), day: ymdOf(at), version: 1,
        }));
        for (let i = 0; i < values.length; i += 200) await trx.insertInto('screening_entries').values(values.slice(i, i + 200)).execute();
        await notifyRouted(trx, id, recipients, at);
        await deps.audit.append(trx, actor, {
          action: 'import', objectType: 'screening_list', objectId: id, outcome: 'success', purpose: PURPOSE, count: entries.length, reason: meta.kind,
          fields: ['name', 'idNumber', 'phone', 'address', 'match'], ...(entries.some((e) => e.residentId) ? { subjectIds: [...new Set(entries.map((e) => e.residentId).filter((x): x is string => !!x))] } : {}),
        });
        if (!entries.some((e) => !e.outcome)) await afterCheck(trx, id, at);
      });
      const [list] = await listViews(p, [await listOf(id)]);
      return { list: list!, errors: parsed.errors };
    },

    async list(p: Principal, id: string) {
      const r = await visibleList(p, id);
      const [list] = await listViews(p, [r]);
      return { list: list!, errors: codec.readJson<RowError[]>(r.errors) ?? [] };
    },

    async entries(p: Principal, actor: AuditActor, listId: string, q: { state?: MatchState; status?: 'open' | 'done' | 'unrouted'; urgent?: boolean; page: number; pageSize: number }) {
      await visibleList(p, listId);
      let sel = db.selectFrom('screening_entries').selectAll().where('list_id', '=', listId).where('org_path', 'like', `${p.orgPath}%`);
      if (q.state) sel = sel.where('state', '=', q.state);
      if (q.status === 'unrouted') sel = sel.where('status', '=', 'open').where('community_id', 'is', null);
      else if (q.status) sel = sel.where('status', '=', q.status);
      if (q.urgent) sel = sel.where('gate_seen_at', 'is not', null).where('status', '=', 'open');
      const rows = await sel.orderBy('row_no').limit(20_000).execute();
      const all = (await entryViews(rows as Array<Record<string, unknown>>, isLocal(p))).sort(entryOrder);
      const items = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      await auditEntries(actor, items, listId);
      return { items, total: all.length };
    },

    async mine(p: Principal, actor: AuditActor) {
      const rows = await db.selectFrom('screening_entries as e').innerJoin('screening_lists as l', 'l.id', 'e.list_id').selectAll('e')
        .where('e.org_path', 'like', `${p.orgPath}%`).where('e.status', '=', 'open').where('e.community_id', 'is not', null).where('l.status', '=', 'open')
        .orderBy('e.created_at').limit(500).execute();
      const items = (await entryViews(rows as Array<Record<string, unknown>>, isLocal(p))).sort(entryOrder);
      await auditEntries(actor, items);
      return { items };
    },

    async route(p: Principal, actor: AuditActor, entryId: string, b: { communityId?: string; gridId?: string; version: number }) {
      if (!!b.communityId === !!b.gridId) throw errors.field('gridId', 'one_of', '请选择一个社区或一个网格', 'choose one community or one grid');
      const r = await entryRow(p, entryId);
      if (r.status !== 'open') throw errors.conflict('already_done', '这条已经核查完毕', 'This entry has been checked already');
      const target = await deps.orgs.get((b.gridId ?? b.communityId)!);
      const level = b.gridId ? 'grid' : 'community';
      if (!target || target.level !== level || !target.path.startsWith(p.orgPath) || !target.path.startsWith(String((await listOf(String(r.list_id))).org_path))) {
        throw errors.field(b.gridId ? 'gridId' : 'communityId', 'outside', level === 'grid' ? '只能分派到本辖区的网格' : '只能分派到本辖区的社区', `choose a ${level} of your area`);
      }
      const community = level === 'grid' ? await deps.orgs.get(target.parentId!) : target;
      const at = now();
      const recipients = await recipientsOf(level === 'grid' ? { grids: new Map([[target.id, 1]]), communities: new Map() } : { grids: new Map(), communities: new Map([[target.id, 1]]) });
      await writes.run(async (trx) => {
        const res = await trx.updateTable('screening_entries').set({
          community_id: community!.id, grid_id: level === 'grid' ? target.id : null, org_path: target.path, version: b.version + 1,
        }).where('id', '=', entryId).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        await notifyRouted(trx, String(r.list_id), recipients, at);
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'screening_entry', objectId: entryId, ...(r.resident_id ? { subjectId: String(r.resident_id) } : {}), outcome: 'success', purpose: PURPOSE,
          reason: `route:${level}`, fields: ['routing'],
        });
      });
      const [view] = await entryViews([await rowById(entryId)], isLocal(p));
      await auditEntries(actor, [view!], entryId);
      return view!;
    },

    async check(p: Principal, actor: AuditActor, entryId: string, b: { outcome: (typeof OUTCOMES)[number]; measure?: Measure; note?: string; residentId?: string; version: number }) {
      const r = await entryRow(p, entryId);
      if (r.status !== 'open') throw errors.conflict('already_done', '这条已经核查完毕', 'This entry has been checked already');
      if (b.outcome === 'controlled' && !b.measure) throw errors.field('measure', 'required', '请选择落实的管控措施', 'choose the measure taken');
      if (b.outcome !== 'controlled' && b.measure) throw errors.field('measure', 'not_applicable', '只有“已落实管控”需要选择措施', 'a measure goes with “placed under control” only');
      if (b.outcome === 'left' && !b.note) throw errors.field('note', 'required', '请写明去向', 'say where the person went');
      let confirmed: { id: string } | null = null;
      if (b.residentId) {
        const s = (await personSketches(db, codec, [b.residentId])).get(b.residentId);
        if (!s || !s.orgPath.startsWith(p.orgPath)) throw errors.field('residentId', 'outside', '只能确认本辖区登记的居民', 'confirm a resident of your area');
        confirmed = { id: s.id };
      }
      const at = now();
      const evidence = codec.readJson<Evidence[]>(r.evidence) ?? [];
      if (confirmed) evidence.push({ code: 'confirmed', zh: '经上门核实为此人', en: 'confirmed at the door', points: 0 });
      await writes.run(async (trx) => {
        const res = await trx.updateTable('screening_entries').set({
          status: 'done', outcome: b.outcome, measure: b.measure ?? null, outcome_note: b.note || null, checked_by: p.id, checked_at: codec.ts(at), version: b.version + 1,
          ...(confirmed ? { resident_id: confirmed.id, state: 'matched', confidence: 100, evidence: JSON.stringify(evidence) } : {}),
        }).where('id', '=', entryId).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        const subject = confirmed?.id ?? (r.resident_id as string | null);
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'screening_entry', objectId: entryId, ...(subject ? { subjectId: subject } : {}), outcome: 'success', purpose: PURPOSE,
          reason: b.outcome, fields: ['outcome', ...(confirmed ? ['resident'] : [])],
        });
        await afterCheck(trx, String(r.list_id), at);
      });
      const [view] = await entryViews([await rowById(entryId)], isLocal(p));
      await auditEntries(actor, [view!], entryId);
      return view!;
    },

    async receipt(p: Principal, actor: AuditActor, listId: string) {
      const l = await visibleList(p, listId);
      const [list] = await listViews(p, [l]);
      const rows = await db.selectFrom('screening_entries').selectAll().where('list_id', '=', listId).where('org_path', 'like', `${p.orgPath}%`).orderBy('row_no').execute();
      const views = await entryViews(rows as Array<Record<string, unknown>>, isLocal(p));
      const out = views.map((v) => ({
        row: v.row, nameMasked: v.nameMasked, idMasked: v.idMasked, state: v.state, stateZh: STATE_TEXT[v.state], confidence: v.confidence, communityName: v.communityName,
        outcome: v.outcome, outcomeZh: v.outcome ? OUTCOME_TEXT[v.outcome][0] : '未核查', measureZh: v.measure ? MEASURE_TEXT[v.measure][0] : '', checkedAt: v.checkedAt, note: v.note,
      }));
      await deps.audit.record(actor, {
        action: 'export', objectType: 'screening_receipt', objectId: listId, outcome: 'success', purpose: PURPOSE, count: out.length, fields: ['nameMasked', 'idMasked', 'outcome'],
        subjectIds: views.map((v) => v.resident?.id).filter((x): x is string => !!x),
      });
      return { list: list!, figures: list!.figures, rows: out };
    },

    /** The match and check of each row of a list (no personal data): for the cases' contacts sent on it (ADR 0084). */
    async rowStates(listId: string): Promise<Map<number, { status: 'open' | 'done'; outcome: Outcome | null; state: MatchState; confidence: number }>> {
      const rows = await db.selectFrom('screening_entries').select(['row_no', 'status', 'outcome', 'state', 'confidence']).where('list_id', '=', listId).execute();
      return new Map(rows.map((r) => [codec.readInt(r.row_no), {
        status: String(r.status) as 'open' | 'done', outcome: (r.outcome as Outcome | null) ?? null, state: String(r.state) as MatchState, confidence: codec.readInt(r.confidence),
      }]));
    },

    async close(p: Principal, actor: AuditActor, listId: string, b: { force?: boolean; reason?: string; version: number }) {
      const l = await visibleList(p, listId);
      if (!String(l.org_path).startsWith(p.orgPath)) throw new AppError(403, 'not_the_importer', '只有下发名单的单位可以结束名单', 'Only the area that imported the list may close it');
      if (l.status !== 'open') throw errors.conflict('closed', '名单已经结束', 'The list is closed already');
      const open = codec.readInt((await db.selectFrom('screening_entries').select((eb) => eb.fn.countAll().as('n')).where('list_id', '=', listId).where('status', '=', 'open').executeTakeFirst())?.n);
      if (open > 0 && !b.force) {
        throw new AppError(409, 'open_entries', `还有 ${open} 条未核查，确需结束请勾选“强制结束”并写明原因`, `${open} entries are still open; to close anyway, force it with a reason`,
          [{ path: 'force', code: 'open_entries', message: `${open} 条未核查`, messageEn: `${open} open` }]);
      }
      if (open > 0 && (!b.reason || b.reason.trim().length < 4)) throw errors.field('reason', 'required', '强制结束请写明原因（至少 4 个字）', 'give a reason of at least 4 characters to force');
      const at = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('screening_lists').set({
          status: 'closed', closed_by: p.id, closed_at: codec.ts(at), close_reason: open > 0 ? b.reason!.trim() : null, version: b.version + 1,
        }).where('id', '=', listId).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw stale(l.version);
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'screening_list', objectId: listId, outcome: 'success', purpose: PURPOSE, reason: open > 0 ? 'forced' : 'complete', fields: ['status'],
        });
      });
      const [view] = await listViews(p, [await listOf(listId)]);
      return view!;
    },
  };
}

export type Screening = ReturnType<typeof createScreening>;

/** The screening part of erasing a resident (ADR 0037): the entries matched to them lose the link and the gate record. */
export async function eraseScreeningOf(trx: Kysely<any>, residentId: string): Promise<Record<string, number>> {
  const rows = await trx.selectFrom('screening_entries').select(['id', 'evidence']).where('resident_id', '=', residentId).execute();
  for (const r of rows) {
    const ev = (typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence) as Evidence[];
    await trx.updateTable('screening_entries').set({ resident_id: null, gate_seen_at: null, evidence: JSON.stringify(ev.filter((e) => e.code !== 'gate_seen')) })
      .where('id', '=', r.id).execute();
  }
  return { screening_entries: rows.length };
}
