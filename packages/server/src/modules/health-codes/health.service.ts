import { maskName, validateCnId } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { ymdOf } from '../privacy';
import { personSketches, residentSketches, residentsByIdIndexes, RESTRICTED_ID, type PersonSketch, type Sheet } from '../registry';
import {
  HEALTH_REASONS, isNonEpidemicWord, localSignal, readColour, readReason, reasonOf, type Colour, type LocalSignal, type ReasonCode,
} from './health.rules';

/** 健康码 (ADR 0082). */
export const HEALTH_KINDS = { appeal: 'health_appeal', decided: 'health_appeal_decided' } as const;
export const APPEAL_STATUSES = ['open', 'upheld', 'rejected'] as const;
const PURPOSE = 'epidemic.health_code';
const SMALL = 5;

export type HealthDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService;
  accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  samplingStatus: (ids: readonly string[]) => Promise<Map<string, { frozen: boolean; positive: boolean }>>;
  samplingFlaggedUnder: (areaPath: string) => Promise<string[]>;
  quarantineOf: (ids: readonly string[]) => Promise<Map<string, { kind: 'home_quarantine' | 'health_monitoring'; reason: string }>>;
  quarantineUnder: (areaPath: string) => Promise<string[]>;
  residentOfAccount: (userId: string) => Promise<{ id: string; orgPath: string } | null>;
};

/** Import headers (tolerant, like the resident import's). */
const ID_HEADERS = ['身份证号', '身份证号码', '证件号码', '证件号', '身份证', 'idnumber', 'id'];
const COLOUR_HEADERS = ['健康码', '健康码颜色', '码色', '颜色', 'colour', 'color'];
const REASON_HEADERS = ['原因', '赋码原因', '转码原因', '备注', 'reason'];
const norm = (h: string) => h.replace(/\s/g, '').toLowerCase();
export const isHealthHeaderRow = (cells: string[]) => cells.some((c) => ID_HEADERS.includes(norm(c))) && cells.some((c) => COLOUR_HEADERS.includes(norm(c)));

export function createHealthCodes(deps: HealthDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  const stale = (v: unknown) => errors.stale(codec.readInt(v));
  const isLocal = (p: Principal) => p.orgLevel === 'community' || p.orgLevel === 'grid';
  /** Lists name people: community staff, and the district staff who decide colours; the street sees figures only. */
  const mayList = (p: Principal) => isLocal(p) || p.permissions.has('health:assign');
  const figuresOnly = () => new AppError(403, 'figures_only', '街道只能查看健康码的统计数字', 'The street sees the health-code figures only');

  async function localOf(ids: readonly string[]): Promise<Map<string, LocalSignal>> {
    const [q, s] = await Promise.all([deps.quarantineOf(ids), deps.samplingStatus(ids)]);
    return new Map(ids.map((id) => {
      const qo = q.get(id);
      const so = s.get(id);
      return [id, localSignal({ quarantine: qo ? { kind: qo.kind, reason: qo.reason } : null, sampling: { frozen: !!so?.frozen, positive: !!so?.positive } })];
    }));
  }

  /** People worth a look in an area: not green in the mirror, or flagged by the local facts. */
  async function candidates(areaPath: string): Promise<string[]> {
    const [nonGreen, q, s] = await Promise.all([
      db.selectFrom('health_codes').select('resident_id').where('org_path', 'like', `${areaPath}%`).where('colour', '!=', 'green').execute(),
      deps.quarantineUnder(areaPath), deps.samplingFlaggedUnder(areaPath),
    ]);
    return [...new Set([...nonGreen.map((r) => String(r.resident_id)), ...q, ...s])];
  }

  async function mirrorColours(ids: readonly string[]): Promise<Map<string, Colour>> {
    const rows = await inChunks(ids, (part) => db.selectFrom('health_codes').select(['resident_id', 'colour']).where('resident_id', 'in', part).execute());
    return new Map(rows.map((r) => [String(r.resident_id), String(r.colour) as Colour]));
  }

  async function mirrorOf(ids: readonly string[]) {
    const rows = await inChunks(ids, (part) => db.selectFrom('health_codes').selectAll().where('resident_id', 'in', part).execute());
    return new Map(rows.map((r) => [String(r.resident_id), r as Record<string, unknown>]));
  }

  async function items(ids: readonly string[], sketches?: Map<string, PersonSketch>) {
    const [sk, mirror, local] = await Promise.all([sketches ? Promise.resolve(sketches) : personSketches(db, codec, ids), mirrorOf(ids), localOf(ids)]);
    const grids = await deps.orgs.names([...new Set([...sk.values()].map((s) => s.gridId))]);
    return ids.filter((id) => sk.has(id)).map((id) => {
      const s = sk.get(id)!;
      const m = mirror.get(id);
      const l = local.get(id)!;
      const colour = m ? (String(m.colour) as Colour) : null;
      return {
        residentId: id, nameMasked: maskName(s.name), idMasked: s.restricted ? RESTRICTED_ID : s.idMasked, gridName: grids.get(s.gridId) ?? '',
        colour, reasonCode: m ? String(m.reason_code) : null, reasonZh: m ? reasonOf(String(m.reason_code))?.zh ?? '' : null,
        source: m ? (String(m.source) as 'upstream' | 'manual') : null, since: m ? codec.readTs(m.since) : null, local: l,
        mismatch: (colour ?? 'green') !== l.colour, version: m ? codec.readInt(m.version) : 0,
      };
    });
  }
  type Item = Awaited<ReturnType<typeof items>>[number];

  /** How many of these people `items` would flag as a mismatch: registered, their mirror's colour (none = green) ≠ the local one. */
  async function mismatchCount(ids: readonly string[]): Promise<number> {
    const [present, mirror, local] = await Promise.all([
      residentSketches(db, ids).then((rows) => new Set(rows.map((r) => r.id))), mirrorColours(ids), localOf(ids),
    ]);
    return ids.filter((id) => present.has(id) && (mirror.get(id) ?? 'green') !== local.get(id)!.colour).length;
  }
  const RANK: Record<string, number> = { red: 0, yellow: 1, green: 2 };
  const order = (a: Item, b: Item) => Number(b.mismatch) - Number(a.mismatch) || (RANK[a.colour ?? 'green']! - RANK[b.colour ?? 'green']!) || a.residentId.localeCompare(b.residentId);

  async function residentIn(p: Principal, residentId: string) {
    const s = (await personSketches(db, codec, [residentId])).get(residentId);
    if (!s || !s.orgPath.startsWith(p.orgPath)) throw errors.notFound('居民', 'Resident');
    return s;
  }

  /** Writes a colour change (inside a transaction); `current` read before it. */
  async function change(trx: Transaction<any>, o: {
    residentId: string; orgPath: string; current: Record<string, unknown> | undefined; colour: Colour; reason: ReasonCode; source: 'upstream' | 'manual';
    note: string | null; by: string | null; importId: string | null; at: Date; version?: number;
  }) {
    if (o.current) {
      let q = trx.updateTable('health_codes').set({ colour: o.colour, reason_code: o.reason, source: o.source, since: codec.ts(o.at), version: codec.readInt(o.current.version) + 1, org_path: o.orgPath })
        .where('resident_id', '=', o.residentId);
      q = q.where('version', '=', o.version ?? codec.readInt(o.current.version));
      const res = await q.executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw stale(o.current.version);
    } else {
      await trx.insertInto('health_codes').values({ resident_id: o.residentId, org_path: o.orgPath, colour: o.colour, reason_code: o.reason, source: o.source, since: codec.ts(o.at), version: 1 }).execute();
    }
    await trx.insertInto('health_code_history').values({
      id: uuidv7(o.at.getTime()), resident_id: o.residentId, org_path: o.orgPath, colour: o.colour, previous: o.current ? String(o.current.colour) : null, reason_code: o.reason,
      source: o.source, note: o.note, changed_by: o.by, import_id: o.importId, at: codec.ts(o.at), day: ymdOf(o.at),
    }).execute();
  }

  /** A reason that may be stored for a colour, else 400 naming `reasonCode` (a non-epidemic reason audited as denied). */
  async function checkReason(actor: AuditActor, residentId: string, colour: Colour, reasonCode: string): Promise<ReasonCode> {
    const r = reasonOf(reasonCode);
    if (!r) {
      await deps.audit.record(actor, { action: 'update', objectType: 'health_code', objectId: residentId, subjectId: residentId, outcome: 'denied', purpose: PURPOSE, reason: 'non_epidemic_reason' });
      throw new AppError(400, 'non_epidemic_reason', '健康码只能因疫情防控原因变更，请从规定的原因中选择', 'A health code changes only for epidemic control; choose one of the listed reasons', [
        { path: 'reasonCode', code: 'non_epidemic_reason', message: '不是规定的疫情防控原因', messageEn: 'not one of the epidemic-control reasons' }]);
    }
    if (!(r.colours as readonly string[]).includes(colour)) {
      throw errors.field('reasonCode', 'reason_colour', `“${r.zh}”不能用于${colour === 'green' ? '绿码' : colour === 'yellow' ? '黄码' : '红码'}`, `“${r.en}” does not fit ${colour}`);
    }
    return r.code;
  }

  async function districtStaffOf(orgPath: string): Promise<string[]> {
    const up = await deps.orgs.ancestors(orgPath);
    return deps.accounts.activeUserIds(['district_staff'], up.filter((o) => o.level === 'district').map((o) => o.id));
  }

  async function appealViews(rows: Array<Record<string, unknown>>) {
    const ids = [...new Set(rows.map((r) => String(r.resident_id)))];
    const [sk, local] = await Promise.all([personSketches(db, codec, ids), localOf(ids)]);
    const grids = await deps.orgs.names([...new Set([...sk.values()].map((s) => s.gridId))]);
    return rows.map((r) => {
      const s = sk.get(String(r.resident_id));
      return {
        id: String(r.id), residentId: String(r.resident_id), nameMasked: s ? maskName(s.name) : '', gridName: s ? grids.get(s.gridId) ?? '' : '', colour: String(r.colour) as Colour,
        reason: String(r.reason), status: String(r.status) as (typeof APPEAL_STATUSES)[number], createdAt: codec.readTs(r.created_at)!, decidedAt: codec.readTs(r.decided_at),
        decisionNote: (r.decision_note as string | null) ?? null, local: local.get(String(r.resident_id)) ?? { colour: 'green' as Colour, reasons: [] }, version: codec.readInt(r.version),
      };
    });
  }

  return {
    reasons() {
      return { items: HEALTH_REASONS.map((r) => ({ code: r.code, zh: r.zh, en: r.en, colours: [...r.colours] })) };
    },

    async summary(p: Principal) {
      const area = p.orgPath;
      const [rows, residents, imports, appeals, cand] = await Promise.all([
        db.selectFrom('health_codes').select(['colour', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${area}%`).groupBy('colour').execute(),
        db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${area}%`).where('status', '=', 'active').executeTakeFirst(),
        db.selectFrom('health_code_imports').select((eb) => eb.fn.max('created_at').as('at')).where('org_path', 'like', `${area}%`).executeTakeFirst(),
        db.selectFrom('health_appeals').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${area}%`).where('status', '=', 'open').executeTakeFirst(),
        candidates(area),
      ]);
      const counts = { green: 0, yellow: 0, red: 0 };
      for (const r of rows) counts[String(r.colour) as Colour] = codec.readInt(r.n);
      const known = counts.green + counts.yellow + counts.red;
      const unknown = Math.max(0, codec.readInt(residents?.n) - known);
      const mismatches = await mismatchCount(cand);
      // Above the community the figures are aggregates: a cell under 5 is shown as <5 (PRIV-01).
      const cell = (n: number): number | '<5' => (!isLocal(p) && n > 0 && n < SMALL ? '<5' : n);
      return {
        counts: { green: cell(counts.green), yellow: cell(counts.yellow), red: cell(counts.red), unknown: cell(unknown) },
        mismatches: cell(mismatches), openAppeals: codec.readInt(appeals?.n), lastImportAt: codec.readTs(imports?.at ?? null),
      };
    },

    async list(p: Principal, actor: AuditActor, q: { colour?: Colour; mismatch?: boolean; q?: string; page: number; pageSize: number }) {
      if (!mayList(p)) throw figuresOnly();
      let all: Item[];
      let total: number;
      if (q.colour === 'green' && !q.mismatch && !q.q) {
        // Green people are most of the area: paged in SQL.
        const base = db.selectFrom('health_codes').where('org_path', 'like', `${p.orgPath}%`).where('colour', '=', 'green');
        const [rows, n] = await Promise.all([
          base.select('resident_id').orderBy('since', 'desc').orderBy('resident_id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
          base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        ]);
        all = await items(rows.map((r) => String(r.resident_id)));
        total = codec.readInt(n?.n);
      } else {
        const ids = await candidates(p.orgPath);
        const sk = await personSketches(db, codec, ids);
        let list = (await items(ids, sk)).sort(order);
        if (q.colour) list = list.filter((i) => i.colour === q.colour);
        if (q.mismatch) list = list.filter((i) => i.mismatch);
        if (q.q) list = list.filter((i) => sk.get(i.residentId)?.name.includes(q.q!.trim()));
        total = list.length;
        all = list.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      }
      if (all.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'health_code', outcome: 'success', purpose: PURPOSE, count: all.length, fields: ['nameMasked', 'idMasked', 'colour', 'local'],
          subjectIds: all.map((i) => i.residentId), ...(q.q ? { reason: 'search' } : {}),
        });
      }
      return { items: all, total, page: q.page, pageSize: q.pageSize };
    },

    async detail(p: Principal, actor: AuditActor, residentId: string) {
      if (!mayList(p)) throw figuresOnly();
      const s = await residentIn(p, residentId);
      const [item] = await items([residentId], new Map([[residentId, s]]));
      const rows = await db.selectFrom('health_code_history').selectAll().where('resident_id', '=', residentId).orderBy('at', 'desc').limit(50).execute();
      const users = await deps.accounts.userLabels([...new Set(rows.map((r) => r.changed_by as string | null).filter((x): x is string => !!x))]);
      await deps.audit.record(actor, { action: 'read', objectType: 'health_code', objectId: residentId, subjectId: residentId, outcome: 'success', purpose: PURPOSE, fields: ['colour', 'history'] });
      return {
        ...item!,
        history: rows.map((r) => ({
          colour: String(r.colour) as Colour, previous: (r.previous as Colour | null) ?? null, reasonCode: String(r.reason_code), reasonZh: reasonOf(String(r.reason_code))?.zh ?? '',
          source: String(r.source), note: (r.note as string | null) ?? null, by: r.changed_by ? users.get(String(r.changed_by)) ?? '' : null, at: codec.readTs(r.at)!,
        })),
      };
    },

    async assign(p: Principal, actor: AuditActor, residentId: string, b: { colour: Colour; reasonCode: string; note?: string }) {
      const s = await residentIn(p, residentId);
      const reason = await checkReason(actor, residentId, b.colour, b.reasonCode);
      const current = (await mirrorOf([residentId])).get(residentId);
      if (current && current.colour === b.colour && current.reason_code === reason) {
        throw errors.conflict('unchanged', '健康码和原因都没有变化', 'Neither the colour nor the reason changes');
      }
      const at = now();
      await writes.run(async (trx) => {
        await change(trx, { residentId, orgPath: s.orgPath, current, colour: b.colour, reason, source: 'manual', note: b.note || null, by: p.id, importId: null, at });
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'health_code', objectId: residentId, subjectId: residentId, outcome: 'success', purpose: PURPOSE, reason, fields: ['colour'],
        });
      });
      const [item] = await items([residentId]);
      return item!;
    },

    /** An upstream list (ADR 0082): rows matched by the ID number's blind index in the importer's area. */
    async importSheet(p: Principal, actor: AuditActor, fileName: string, sheet: Sheet) {
      const find = (names: string[]) => sheet.headers.findIndex((h) => names.includes(norm(h)));
      const [iId, iColour, iReason] = [find(ID_HEADERS), find(COLOUR_HEADERS), find(REASON_HEADERS)];
      const missing = [iId < 0 ? '身份证号' : null, iColour < 0 ? '健康码' : null].filter((x): x is string => !!x);
      if (missing.length) {
        throw new AppError(400, 'missing_headers', `名单缺少列：${missing.join('、')}`, `The list lacks the columns: ${missing.join(', ')}`,
          missing.map((m) => ({ path: `file.${m}`, code: 'required', message: `缺少“${m}”列`, messageEn: `no “${m}” column` })));
      }
      const at = now();
      const errorsOut: Array<{ row: number; column: string; code: string }> = [];
      const seen = new Set<string>();
      // Rows read first; their people looked up together by blind index; errors kept in row order.
      const read: Array<{ row: number; column: string; code: string } | { row: number; bidx: string; colour: Colour; reason: ReasonCode }> = [];
      const errorAt = (row: number, column: string, code: string) => { read.push({ row, column, code }); };
      for (const row of sheet.rows) {
        const cell = (i: number) => (i >= 0 ? row.cells[i] ?? '' : '').trim();
        const v = validateCnId(cell(iId), at);
        if (!v.ok) { errorAt(row.row, '身份证号', 'format'); continue; }
        const bidx = crypto.blindIndex('cnid', v.id);
        if (seen.has(bidx)) { errorAt(row.row, '身份证号', 'duplicate_in_file'); continue; }
        seen.add(bidx);
        const colour = readColour(cell(iColour));
        if (!colour) { errorAt(row.row, '健康码', 'colour'); continue; }
        const rawReason = cell(iReason);
        const reason = isNonEpidemicWord(rawReason) ? null : readReason(rawReason);
        if (!reason) { errorAt(row.row, '原因', isNonEpidemicWord(rawReason) ? 'non_epidemic_reason' : 'reason'); continue; }
        if (!(reasonOf(reason)!.colours as readonly string[]).includes(colour)) { errorAt(row.row, '原因', 'reason_colour'); continue; }
        read.push({ row: row.row, bidx, colour, reason });
      }
      const found = await residentsByIdIndexes(db, codec, read.flatMap((x) => ('bidx' in x ? [x.bidx] : [])), p.orgPath);
      const wanted: Array<{ residentId: string; orgPath: string; colour: Colour; reason: ReasonCode }> = [];
      for (const x of read) {
        if (!('bidx' in x)) { errorsOut.push(x); continue; }
        const r = found.get(x.bidx);
        if (!r) { errorsOut.push({ row: x.row, column: '身份证号', code: 'not_found' }); continue; }
        wanted.push({ residentId: r.id, orgPath: r.orgPath, colour: x.colour, reason: x.reason });
      }
      const current = await mirrorOf(wanted.map((w) => w.residentId));
      const changes = wanted.filter((w) => { const c = current.get(w.residentId); return !c || c.colour !== w.colour || c.reason_code !== w.reason; });
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('health_code_imports').values({
          id, org_path: p.orgPath, file_name: fileName.slice(0, 200), rows_total: sheet.rows.length, applied: changes.length, unchanged: wanted.length - changes.length,
          errors: JSON.stringify(errorsOut), created_by: p.id, created_at: codec.ts(at),
        }).execute();
        for (const w of changes) {
          await change(trx, { residentId: w.residentId, orgPath: w.orgPath, current: current.get(w.residentId), colour: w.colour, reason: w.reason, source: 'upstream', note: null, by: null, importId: id, at });
        }
        await deps.audit.append(trx, actor, {
          action: 'import', objectType: 'health_code_import', objectId: id, outcome: 'success', purpose: PURPOSE, count: changes.length, fields: ['colour'],
          ...(changes.length ? { subjectIds: changes.map((c) => c.residentId) } : {}),
        });
      });
      return { id, fileName, rows: sheet.rows.length, applied: changes.length, unchanged: wanted.length - changes.length, errors: errorsOut };
    },

    async imports(p: Principal) {
      const rows = await db.selectFrom('health_code_imports').selectAll().where('org_path', 'like', `${p.orgPath}%`).orderBy('created_at', 'desc').limit(20).execute();
      const users = await deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))]);
      return {
        items: rows.map((r) => ({
          id: String(r.id), fileName: String(r.file_name), rows: codec.readInt(r.rows_total), applied: codec.readInt(r.applied), unchanged: codec.readInt(r.unchanged),
          errors: codec.readJson<Array<{ row: number; column: string; code: string }>>(r.errors) ?? [], by: users.get(String(r.created_by)) ?? '', at: codec.readTs(r.created_at)!,
        })),
      };
    },

    // ----- appeals -----------------------------------------------------------------------------------------------

    async appeals(p: Principal, actor: AuditActor, status?: (typeof APPEAL_STATUSES)[number]) {
      if (!mayList(p)) throw figuresOnly();
      let q = db.selectFrom('health_appeals').selectAll().where('org_path', 'like', `${p.orgPath}%`);
      if (status) q = q.where('status', '=', status);
      const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
      const list = await appealViews(rows as Array<Record<string, unknown>>);
      if (list.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'health_appeal', outcome: 'success', purpose: PURPOSE, count: list.length, fields: ['nameMasked', 'colour', 'reason'], subjectIds: list.map((a) => a.residentId),
        });
      }
      return { items: list };
    },

    async decideAppeal(p: Principal, actor: AuditActor, id: string, b: { decision: 'upheld' | 'rejected'; note?: string; version: number }) {
      const r = await db.selectFrom('health_appeals').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('申诉', 'Appeal');
      if (r.status !== 'open') throw errors.conflict('not_open', '这条申诉已经处理过了', 'This appeal has been decided already');
      if (b.decision === 'rejected' && !b.note) throw errors.field('note', 'required', '驳回时请写明理由', 'give the reason for a rejection');
      const residentId = String(r.resident_id);
      const current = (await mirrorOf([residentId])).get(residentId);
      const at = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('health_appeals').set({ status: b.decision, decided_by: p.id, decided_at: codec.ts(at), decision_note: b.note || null, version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        if (b.decision === 'upheld' && current && current.colour !== 'green') {
          await change(trx, { residentId, orgPath: String(r.org_path), current, colour: 'green', reason: 'appeal_upheld', source: 'manual', note: b.note || null, by: p.id, importId: null, at });
        }
        await deps.notifications.notify(trx, {
          recipientIds: [String(r.created_by)], kind: HEALTH_KINDS.decided, objectType: 'health_appeal', objectId: id, payload: { appealId: id, decision: b.decision }, at,
        });
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'health_appeal', objectId: id, subjectId: residentId, outcome: 'success', purpose: PURPOSE, reason: b.decision, fields: ['status', 'colour'],
        });
      });
      const [view] = await appealViews([await db.selectFrom('health_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>]);
      return view!;
    },

    // ----- the resident's own ------------------------------------------------------------------------------------

    async mine(p: Principal, actor: AuditActor) {
      const me = await deps.residentOfAccount(p.id);
      if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      const [m, history, appeal] = await Promise.all([
        db.selectFrom('health_codes').selectAll().where('resident_id', '=', me.id).executeTakeFirst(),
        db.selectFrom('health_code_history').select(['colour', 'reason_code', 'at']).where('resident_id', '=', me.id).orderBy('at', 'desc').limit(20).execute(),
        db.selectFrom('health_appeals').selectAll().where('resident_id', '=', me.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
      ]);
      await deps.audit.record(actor, { action: 'read', objectType: 'health_code', objectId: me.id, subjectId: me.id, outcome: 'success', purpose: PURPOSE, reason: 'own_record' });
      return {
        colour: m ? (String(m.colour) as Colour) : null, reasonZh: m ? reasonOf(String(m.reason_code))?.zh ?? '' : null, since: m ? codec.readTs(m.since) : null,
        history: history.map((h) => ({ colour: String(h.colour) as Colour, reasonZh: reasonOf(String(h.reason_code))?.zh ?? '', at: codec.readTs(h.at)! })),
        appeal: appeal ? {
          id: String(appeal.id), status: String(appeal.status) as (typeof APPEAL_STATUSES)[number], reason: String(appeal.reason), createdAt: codec.readTs(appeal.created_at)!,
          decisionNote: (appeal.decision_note as string | null) ?? null,
        } : null,
      };
    },

    async appeal(p: Principal, actor: AuditActor, reason: string) {
      const me = await deps.residentOfAccount(p.id);
      if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      const m = await db.selectFrom('health_codes').select(['colour']).where('resident_id', '=', me.id).executeTakeFirst();
      if (!m || m.colour === 'green') throw errors.conflict('nothing_to_appeal', '您的健康码不是黄码或红码，无需申诉', 'Your code is not yellow or red; there is nothing to appeal');
      const open = await db.selectFrom('health_appeals').select('id').where('resident_id', '=', me.id).where('status', '=', 'open').executeTakeFirst();
      if (open) throw errors.conflict('already_appealed', '您已经提交过申诉，正在处理中', 'You have an appeal being handled already');
      const id = uuidv7();
      const at = now();
      const recipients = await districtStaffOf(me.orgPath);
      await writes.run(async (trx) => {
        await trx.insertInto('health_appeals').values({
          id, resident_id: me.id, org_path: me.orgPath, colour: String(m.colour), reason, status: 'open', created_by: p.id, created_at: codec.ts(at), day: ymdOf(at),
          decided_by: null, decided_at: null, decision_note: null, version: 1,
        }).execute();
        await deps.notifications.notify(trx, { recipientIds: recipients, kind: HEALTH_KINDS.appeal, objectType: 'health_appeal', objectId: id, payload: { appealId: id, colour: String(m.colour) }, at });
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'health_appeal', objectId: id, subjectId: me.id, outcome: 'success', purpose: PURPOSE, reason: 'own_record', fields: ['reason'] });
      });
      return { id, status: 'open' as const, reason, createdAt: at.toISOString(), decisionNote: null };
    },

    /** The mirror's colour of residents (the gates read it, ADR 0081/0082). */
    async colourOf(ids: readonly string[]): Promise<Map<string, Colour>> {
      return mirrorColours(ids);
    },
  };
}

export type HealthCodes = ReturnType<typeof createHealthCodes>;

/** The health-code part of erasing a resident (ADR 0037): the mirror, its history and the appeals. */
export async function eraseHealthCodesOf(trx: any, residentId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['health_code_history', 'health_appeals', 'health_codes'] as const) {
    out[t] = Number((await trx.deleteFrom(t).where('resident_id', '=', residentId).executeTakeFirst()).numDeletedRows);
  }
  return out;
}
