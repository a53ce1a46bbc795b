import { maskName, shanghaiDate } from '@renxing/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgsService } from '../orgs';
import { activeMembersUnder, type RegistryService, type ResidentRef } from '../registry';
import { createCoverage, type PathsInForce } from './self-reports.coverage';

/** Symptoms a resident can tick (national screening list, simplified). */
export const SYMPTOMS = ['cough', 'sore_throat', 'fatigue', 'loss_of_taste_smell', 'shortness_of_breath', 'diarrhea', 'muscle_pain', 'runny_nose'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

/** Plausible range and fever threshold (local protocol: ≥ 37.3 °C is fever). */
export type TemperaturePolicy = { min: number; max: number; fever: number };
export const DEFAULT_TEMPERATURE_POLICY: TemperaturePolicy = { min: 34.0, max: 42.5, fever: 37.3 };

/** Something that counts daily fever reports per grid (the warnings module), injected to keep modules apart. */
export type FeverSink = (o: { gridId: string; date: string; count: number }) => Promise<void>;

const ymd = (d: Date) => {
  const x = shanghaiDate(d);
  return `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;
};

/** Refuses collection in an area without an active emergency (410 collection_closed), injected to keep modules apart. */
export type CollectionGate = (orgPath: string, what?: { zh: string; en: string }) => Promise<void>;
/** Whether collection is open in an area today (the emergency state of ADR 0027), for the resident's page. */
export type CollectionState = (orgPath: string) => Promise<{ open: boolean; since: string | null; endedOn: string | null; legalRef: string | null; areaName: string | null }>;

/** What this module reads of the registry (residents and households belong to it). */
export type SelfReportsRegistry = Pick<
  RegistryService, 'residentRef' | 'householdMember' | 'activeHouseholdMembers' | 'residentLabels' | 'householdAddresses'
>;

/**
 * The grid's residents with a fever report on `date`, counted after every fever report (the grid's fever indicator):
 * one range of `self_reports_grid_idx (grid_id, report_date)` (migration 0030). As "the day, filtered by grid" it read
 * the whole day (1.5–2.3 s on SQLite at ~790,000 reports a day, holding the event loop) for each fever.
 */
export function gridFeversQuery(db: Kysely<any>, codec: Platform['database']['codec'], gridId: string, date: string) {
  return db.selectFrom('self_reports').select((eb) => eb.fn.count<number>('resident_id').distinct().as('n'))
    .where('grid_id', '=', gridId).where('report_date', '=', date).where('fever', '=', codec.bool(true) as never);
}

/** Daily temperature self-reports: residents for their household, grid workers door to door; fevers open a follow-up. */
export function createSelfReportsService(
  p: Platform, audit: AuditService, orgs: OrgsService, registry: SelfReportsRegistry, o: { policy?: TemperaturePolicy; feverSink?: FeverSink; collectionGate?: CollectionGate; collectionState?: CollectionState; pathsInForce?: PathsInForce } = {},
) {
  const { database, clock } = p;
  const { db, writes, codec } = database;
  const policy = o.policy ?? DEFAULT_TEMPERATURE_POLICY;
  const coverage = createCoverage(p, orgs, o.pathsInForce ?? null);

  async function residentOfAccount(userId: string): Promise<ResidentRef | null> {
    const link = await db.selectFrom('resident_accounts').select('resident_id').where('user_id', '=', userId).executeTakeFirst();
    return link ? registry.residentRef(link.resident_id) : null;
  }

  async function feverCount(gridId: string, date: string) {
    const r = await gridFeversQuery(db, codec, gridId, date).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  return {
    policy,
    /**
     * Of these residents, those with an open fever follow-up: a work item, so opening their record does not count as
     * out-of-task browsing (ADR 0034). Internal read, not audited.
     */
    async residentsWithOpenFollowUps(residentIds: readonly string[]): Promise<Set<string>> {
      const rows = await inChunks(residentIds, (part) =>
        db.selectFrom('self_reports').select('resident_id').where('resident_id', 'in', part).where('follow_up_status', '=', 'open').execute());
      return new Set(rows.map((r) => r.resident_id as string));
    },
    /** The resident record linked to a resident account, if any. */
    async residentIdOfAccount(userId: string): Promise<string | null> {
      return (await residentOfAccount(userId))?.id ?? null;
    },
    /** Links a resident-role account to its resident record (seed, admin). */
    async linkAccount(userId: string, residentId: string) {
      await writes.run((trx) => trx.insertInto('resident_accounts').values({ user_id: userId, resident_id: residentId, created_at: codec.ts(clock.now()) }).execute());
    },

    /** Validates a report and resolves whom it is for (no writes). Residents: self or household; staff: door to door in scope. */
    async prepare(principal: Principal, b: { residentId?: string; temperature: number; symptoms: Symptom[]; note?: string | null }) {
      if (!(b.temperature >= policy.min && b.temperature <= policy.max)) {
        throw errors.field('temperature', 'out_of_range', `体温应在 ${policy.min}–${policy.max} ℃ 之间，请重新测量`, `temperature must be between ${policy.min} and ${policy.max} °C; please measure again`);
      }
      let target: ResidentRef | null;
      let channel: 'self' | 'household' | 'door_to_door';
      if (principal.role === 'resident') {
        const me = await residentOfAccount(principal.id);
        if (!me) throw new AppError(409, 'account_not_linked', '您的账号尚未关联居民档案，请联系网格员', 'Your account is not linked to a resident record; contact your grid worker');
        if (!b.residentId || b.residentId === me.id) (target = me), (channel = 'self');
        else {
          target = await registry.householdMember(me.householdId, b.residentId);
          channel = 'household';
        }
      } else {
        if (!b.residentId) throw errors.field('residentId', 'required', '代报时须选择居民', 'choose the resident you report for');
        target = await registry.residentRef(b.residentId);
        if (target && !orgs.inScope(principal.orgPath, target.orgPath)) target = null;
        channel = 'door_to_door';
      }
      if (!target) throw errors.notFound('居民', 'Resident');
      // Temperatures are collected on the public-health-emergency basis (PIPL 13(4)): only while an emergency covers the area.
      await o.collectionGate?.(target.orgPath);
      const now = clock.now();
      const fever = b.temperature >= policy.fever;
      const row = {
        id: uuidv7(now.getTime()), resident_id: target.id, household_id: target.householdId, grid_id: target.gridId, org_path: target.orgPath, report_date: ymd(now),
        temperature: Math.round(b.temperature * 10) / 10, fever: codec.bool(fever), symptoms: JSON.stringify([...new Set(b.symptoms)]), note: b.note ?? null, reported_by: principal.id,
        channel, follow_up_status: fever ? 'open' : 'none', follow_up_note: null, follow_up_by: null, created_at: codec.ts(now), version: 1,
      };
      const view = { id: row.id, residentId: target.id, reportDate: row.report_date, temperature: row.temperature, fever, symptoms: JSON.parse(row.symptoms) as string[], followUpStatus: row.follow_up_status, channel };
      return { row, view, fever };
    },

    /** Writes a prepared report and its audit row inside the caller's transaction (with the idempotency ledger). */
    async persist(trx: Transaction<any>, actor: AuditActor, prepared: { row: Record<string, any>; fever: boolean }) {
      await trx.insertInto('self_reports').values(prepared.row).execute();
      await audit.append(trx, actor, {
        action: 'self_report', objectType: 'self_report', objectId: prepared.row.id, subjectId: prepared.row.resident_id, fields: ['temperature', 'symptoms'], outcome: 'success',
        severity: prepared.fever ? 'high' : 'normal',
      });
    },

    /** After commit: a fever updates the grid's fever indicator (a failure is logged, the report stays). */
    async afterCommit(prepared: { row: Record<string, any>; fever: boolean }) {
      if (!prepared.fever || !o.feverSink) return;
      const { grid_id: gridId, report_date: date } = prepared.row;
      await o.feverSink({ gridId, date, count: await feverCount(gridId, date) }).catch((e: Error) => {
        p.logger.error({ err: { message: e.message } }, 'fever indicator update failed');
      });
    },

    /** Submits one report in its own transaction (programmatic use). */
    async submit(principal: Principal, actor: AuditActor, b: { residentId?: string; temperature: number; symptoms: Symptom[]; note?: string | null }) {
      const prepared = await this.prepare(principal, b);
      await writes.run((trx) => this.persist(trx, actor, prepared));
      await this.afterCommit(prepared);
      return prepared.view;
    },

    /**
     * A resident's own household's recent reports. Audited like every read of personal data: the household members'
     * names and their temperatures and symptoms (health data) are shown, and a member sees this read in their own
     * access log (the reader's own record is left out of the reader's log, ADR 0061).
     */
    async mine(principal: Principal, actor: AuditActor) {
      const me = await residentOfAccount(principal.id);
      if (!me) return { items: [], members: [], collection: null };
      const members = await registry.activeHouseholdMembers(me.householdId);
      // The state where the household lives (what the submit gate checks), not where the account was registered.
      const collection = o.collectionState ? await o.collectionState(me.orgPath) : null;
      const rows = await db.selectFrom('self_reports').selectAll().where('household_id', '=', me.householdId).orderBy('created_at', 'desc').limit(30).execute();
      const out = {
        // The relation to the head (as 我的信息 shows it): two masked names with one surname are told apart by it.
        members: members.map((m) => ({ id: m.id, name: m.id === me.id ? m.name : maskName(m.name), self: m.id === me.id, relation: m.relation })),
        items: rows.map((r) => ({ id: r.id, residentId: r.resident_id as string, reportDate: r.report_date, temperature: Number(r.temperature), fever: codec.readBool(r.fever), symptoms: JSON.parse(r.symptoms) as string[], createdAt: codec.readTs(r.created_at) })),
        collection,
      };
      await audit.record(actor, {
        action: 'read', objectType: 'self_report', objectId: me.householdId, outcome: 'success', count: out.items.length, reason: 'own_household',
        fields: ['nameMasked', 'temperature', 'symptoms'], subjectIds: [...new Set([...out.members.map((m) => m.id), ...out.items.map((i) => i.residentId)])],
      });
      return out;
    },

    /**
     * Reports of a day inside scope (staff), names masked; fevers first. `followUp: 'open'` without a date lists every
     * open follow-up whatever its day, oldest first: a fever not yet followed up does not drop off the list at midnight.
     */
    async list(principal: Principal, actor: AuditActor, q: { date?: string; gridId?: string; fever?: boolean; followUp?: 'none' | 'open' | 'done'; page: number; pageSize: number }) {
      const anyDay = q.followUp === 'open' && q.date === undefined;
      const date = anyDay ? null : (q.date ?? ymd(clock.now()));
      let base = db.selectFrom('self_reports as s').where('s.org_path', 'like', `${principal.orgPath}%`);
      if (date !== null) base = base.where('s.report_date', '=', date);
      if (q.gridId) base = base.where('s.grid_id', '=', q.gridId);
      if (q.fever !== undefined) base = base.where('s.fever', '=', codec.bool(q.fever) as never);
      if (q.followUp) base = base.where('s.follow_up_status', '=', q.followUp);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const columns = ['s.id', 's.resident_id', 's.household_id', 's.report_date', 's.temperature', 's.fever', 's.symptoms', 's.follow_up_status', 's.created_at', 's.channel', 's.grid_id'] as const;
      const ordered = anyDay
        ? base.select(columns).orderBy('s.created_at', 'asc').orderBy('s.id', 'asc')
        : base.select(columns).orderBy('s.fever', 'desc').orderBy('s.created_at', 'desc');
      const rows = await ordered.limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      // Who and where come from the registry; the address is the report's household (where the person lived when reporting).
      const people = await registry.residentLabels(rows.map((r) => r.resident_id));
      const addresses = await registry.householdAddresses(rows.map((r) => r.household_id));
      // A restricted resident's fever still needs a follow-up (public health), so the report is listed — but where the
      // person lives is not shown without a break-the-glass grant (ADR 0011).
      const items = rows.flatMap((r) => {
        const who = people.get(r.resident_id);
        const address = addresses.get(r.household_id);
        if (!who || address === undefined) return []; // as the former join: no row without its resident and household
        return [{ id: r.id, residentId: r.resident_id, nameMasked: maskName(who.name), address: who.restricted ? null : address, restricted: who.restricted, gridId: r.grid_id, reportDate: r.report_date as string, temperature: Number(r.temperature), fever: codec.readBool(r.fever), symptoms: JSON.parse(r.symptoms) as string[], followUpStatus: r.follow_up_status, channel: r.channel, createdAt: codec.readTs(r.created_at) }];
      });
      // The residents listed are named in the audit (ADR 0046), with what the list shows of them.
      await audit.record(actor, {
        action: 'list', objectType: 'self_report', outcome: 'success', count: items.length, purpose: 'epidemic.followup',
        fields: ['nameMasked', 'household', 'temperature', 'symptoms'], subjectIds: items.map((i) => i.residentId),
      });
      return { date, total, page: q.page, pageSize: q.pageSize, items };
    },

    /**
     * Who has not reported on a day (staff, for calls and door-to-door): households of the area with active members
     * who sent no report, with those members' masked names, in address order. A restricted member is listed on their
     * own, without the address (ADR 0011). Audited with the residents shown (ADR 0046).
     */
    async unreported(principal: Principal, actor: AuditActor, q: { date?: string; gridId?: string; page: number; pageSize: number }) {
      // Chasing people for a temperature is collection too: only while an emergency covers the area (410 otherwise).
      await o.collectionGate?.(principal.orgPath, { zh: '未上报名单', en: 'the list of who has not reported' });
      const date = q.date ?? ymd(clock.now());
      const members = await activeMembersUnder(db, codec, principal.orgPath, q.gridId);
      let reportedQ = db.selectFrom('self_reports').select('resident_id').distinct().where('org_path', 'like', `${principal.orgPath}%`).where('report_date', '=', date);
      if (q.gridId) reportedQ = reportedQ.where('grid_id', '=', q.gridId);
      const reported = new Set((await reportedQ.execute()).map((r) => r.resident_id as string));
      type Entry = { householdId: string | null; gridId: string | null; restricted: boolean; members: number; reported: number; missing: Array<{ residentId: string; nameMasked: string }> };
      const households = new Map<string, Entry>();
      const restricted: Entry[] = [];
      for (const m of members) {
        const done = reported.has(m.id);
        if (m.restricted) {
          if (!done) restricted.push({ householdId: null, gridId: m.gridId, restricted: true, members: 1, reported: 0, missing: [{ residentId: m.id, nameMasked: maskName(m.name) }] });
          continue;
        }
        const e = households.get(m.householdId) ?? { householdId: m.householdId, gridId: m.gridId, restricted: false, members: 0, reported: 0, missing: [] };
        e.members++;
        if (done) e.reported++;
        else e.missing.push({ residentId: m.id, nameMasked: maskName(m.name) });
        households.set(m.householdId, e);
      }
      const open = [...households.values()].filter((e) => e.missing.length > 0);
      const addresses = await registry.householdAddresses(open.map((e) => e.householdId!));
      const collator = new Intl.Collator('zh-CN', { numeric: true });
      open.sort((a, b) => collator.compare(addresses.get(a.householdId!) ?? '', addresses.get(b.householdId!) ?? ''));
      const all = [...open, ...restricted];
      const residents = all.reduce((n, e) => n + e.missing.length, 0);
      const items = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize)
        .map((e) => ({ ...e, address: e.householdId ? (addresses.get(e.householdId) ?? null) : null }));
      await audit.record(actor, {
        action: 'list', objectType: 'self_report', outcome: 'success', count: items.length, purpose: 'epidemic.followup',
        fields: ['nameMasked', 'household', 'notReported'], subjectIds: items.flatMap((i) => i.missing.map((m) => m.residentId)),
      });
      return { date, total: all.length, residents, page: q.page, pageSize: q.pageSize, items };
    },

    /**
     * Coverage of the caller's area (or `orgId` inside it) for a day: counts of the area and of each child area, and
     * for callers with `self-report:read` every grid exactly (self-reports.coverage.ts). Open fever follow-ups of every day.
     */
    async coverage(principal: Principal, q: { date?: string; orgId?: string } = {}) {
      return coverage.coverage(principal, { date: q.date ?? ymd(clock.now()), ...(q.orgId ? { orgId: q.orgId } : {}) });
    },

    /**
     * Closes the follow-up of a fever report (home visit / clinic referral done) — and the same person's other open
     * fever follow-ups with it: a resident who reports a fever three times is one person to visit, not three, and a
     * visit that leaves two of their reports 待随访 sends the next worker to the same door (walk-through, session 23).
     */
    async followUp(principal: Principal, actor: AuditActor, id: string, b: { version: number; note: string }) {
      const r = await db.selectFrom('self_reports').select(['id', 'org_path', 'resident_id', 'follow_up_status', 'version']).where('id', '=', id).executeTakeFirst();
      if (!r || !orgs.inScope(principal.orgPath, r.org_path)) throw errors.notFound('自报记录', 'Self-report');
      if (r.follow_up_status !== 'open') throw errors.conflict('no_open_follow_up', '该记录没有待处理的随访', 'This report has no open follow-up');
      // The follow-up note is collected on the same basis as the report.
      await o.collectionGate?.(r.org_path, { zh: '发热随访记录', en: 'fever follow-up notes' });
      const alsoClosed = await writes.run(async (trx) => {
        const res = await trx.updateTable('self_reports').set({ follow_up_status: 'done', follow_up_note: b.note, follow_up_by: principal.id, version: b.version + 1 }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        const others = await trx.updateTable('self_reports')
          .set({ follow_up_status: 'done', follow_up_note: b.note, follow_up_by: principal.id, version: sql<number>`version + 1` })
          .where('resident_id', '=', r.resident_id).where('follow_up_status', '=', 'open').where('id', '<>', id).where('org_path', 'like', `${principal.orgPath}%`)
          .executeTakeFirst();
        const also = Number(others.numUpdatedRows);
        await audit.append(trx, actor, {
          action: 'follow_up', objectType: 'self_report', objectId: id, subjectId: r.resident_id, fields: ['followUp'], outcome: 'success', count: 1 + also,
          ...(also ? { reason: `same_person_open:${also}` } : {}),
        });
        return also;
      });
      return { id, followUpStatus: 'done' as const, alsoClosed };
    },
  };
}

export type SelfReportsService = ReturnType<typeof createSelfReportsService>;
