import { maskName, maskPlate, maskPhone, normalizeCnMobile } from '@renxing/shared';
import { sql, type Transaction } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { isUniqueViolation } from '../../platform/db/dialect';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { Org, OrgsService } from '../orgs';
import type { SecurityAlertsService } from '../security-alerts';
import { addDays, ymdOf } from '../privacy';
import { idColumns, personSketches, residentByIdIndex, RESTRICTED_ID } from '../registry';
import { codeDay, parseSamplingCode } from '../sampling';
import { decide, DEFAULT_POLICY, reasonText, type Colour, type Direction, type Effect, type Facts, type GatePolicy, type Reason } from './gates.decide';

/** 卡口 (ADR 0081). */
export const GATE_KINDS = ['pedestrian', 'vehicle', 'mixed'] as const;
export const GATE_STATUSES = ['active', 'inactive'] as const;
export const VISIT_REASONS = ['family', 'delivery', 'repair', 'medical', 'other'] as const;
export const VEHICLE_KINDS = ['resident', 'supply', 'medical', 'service'] as const;
export const DEVICE_METHODS = ['face', 'idcard', 'qr', 'plate'] as const;
export const CHECK_METHODS = ['idcard', 'qr', 'plate', 'manual'] as const;
export const DEVICE_RE = /^[A-Za-z0-9_-]{4,40}$/;
/** A mainland plate: province character, city letter, 5 (ordinary) or 6 (new energy) letters and digits, or a 挂/学/警 end. */
export const PLATE_RE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;
const VISIT_RE = /^RXV-[A-HJ-NP-Z2-9]{10}$/;
const VISIT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const GATE_ALERT_KIND = 'gate_alert';
const SKEW_MS = 5 * 60_000;
/** Colour mismatches after which a terminal is held (SECURITY test 52: N = 3). */
export const HOLD_AFTER = 3;
const PURPOSE = 'epidemic.gates';
/** How long the accounts an alert goes to are reused (a burst of events at a gate asks once). */
const RECIPIENTS_MS = 30_000;
const RECIPIENTS_MAX = 2_000;

export type GatesDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService;
  accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  alerts: Pick<SecurityAlertsService, 'raise'>;
  /** The sampling module's status of residents (last negative sample, frozen by a recall). */
  samplingStatus: (ids: readonly string[]) => Promise<Map<string, { lastNegativeAt: string | null; frozen: boolean }>>;
  /** The quarantine module's orders in force today. */
  quarantineOf: (ids: readonly string[]) => Promise<Map<string, { kind: 'home_quarantine' | 'health_monitoring'; endDate: string }>>;
  /** The health-code mirror's colour of residents (ADR 0082). */
  colourOf: (ids: readonly string[]) => Promise<Map<string, Colour>>;
  /** Adds one to an early-warning indicator of a grid on a day (inside the event's transaction). */
  countIndicator: (trx: Transaction<any>, o: { gridId: string; indicator: 'gate_anomalies' | 'quarantine_breaches'; date: string }) => Promise<void>;
};

type Scan =
  | { kind: 'id'; bidx: string }
  | { kind: 'resident'; residentId: string }
  | { kind: 'visit'; code: string }
  | { kind: 'plate'; plate: string };

type Resolved = {
  facts: Facts['subject'];
  residentId: string | null; visitId: string | null; vehicleId: string | null;
  /** The person's grid (the quarantine breach is counted there). */
  gridId: string | null;
};

export const normalizePlate = (raw: string) => raw.normalize('NFKC').replace(/[\s·.\-]/g, '').toUpperCase();

export function createGates(deps: GatesDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const today = () => ymdOf(now());

  const stale = (v: unknown) => errors.stale(codec.readInt(v));
  /**
   * The hour (Asia/Shanghai, UTC+8 all year) of a passage's `at`, in SQL: SQLite keeps instants as ISO-8601 text in UTC,
   * PostgreSQL as timestamptz. The same expression groups and selects (no bound parameters, so PostgreSQL matches them).
   */
  const shanghaiHour = database.dialect.name === 'postgres'
    ? sql<number>`(cast(extract(hour from "at" at time zone 'UTC') as integer) + 8) % 24`
    : sql<number>`(cast(strftime('%H', "at") as integer) + 8) % 24`;
  const notFound = () => errors.notFound('卡口', 'Gate');
  const policyOf = (r: Record<string, unknown>): GatePolicy => ({ ...DEFAULT_POLICY, ...(codec.readJson<Partial<GatePolicy>>(r.policy) ?? {}) });

  /** The area a caller sees gates in: their community (grid workers see all of its gates), or their office's area. */
  async function areaOf(p: Principal): Promise<string> {
    const c = await deps.orgs.communityOf(p.orgPath);
    return c ? c.path : p.orgPath;
  }
  /** A gate of the caller's own community (to run it or manage it), else 404. */
  async function ownGate(p: Principal, id: string): Promise<{ gate: Record<string, unknown>; community: Org }> {
    // The caller's community is their area (areaOf): resolved once, for both checks.
    const community = await deps.orgs.ownCommunity(p.orgPath);
    const gate = await db.selectFrom('gates').selectAll().where('id', '=', id).executeTakeFirst() as Record<string, unknown> | undefined;
    if (!gate || !String(gate.org_path).startsWith(community.path) || String(gate.community_id) !== community.id) throw notFound();
    return { gate, community };
  }

  async function gateViews(rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const [names, counts] = await Promise.all([
      deps.orgs.names([...new Set(rows.flatMap((r) => [String(r.community_id), String(r.grid_id)]))]),
      inChunks(ids, (part) => db.selectFrom('gate_events').select(['gate_id', 'direction', 'decision', (eb) => eb.fn.countAll().as('n')])
        .where('gate_id', 'in', part).where('day', '=', today()).groupBy(['gate_id', 'direction', 'decision']).execute()),
    ]);
    const todayOf = new Map(ids.map((id) => [id, { in: 0, out: 0, deny: 0, review: 0 }]));
    for (const c of counts) {
      const t = todayOf.get(String(c.gate_id))!;
      const n = codec.readInt(c.n);
      t[String(c.direction) as Direction] += n;
      const dec = String(c.decision);
      if (dec === 'deny' || dec === 'review') t[dec] += n;
    }
    return rows.map((r) => ({
      id: String(r.id), communityId: String(r.community_id), communityName: names.get(String(r.community_id)) ?? '', gridId: String(r.grid_id),
      gridName: names.get(String(r.grid_id)) ?? '', name: String(r.name), kind: String(r.kind) as (typeof GATE_KINDS)[number], location: (r.location as string | null) ?? null,
      purpose: String(r.purpose), signageOn: (r.signage_on as string | null) ?? null, deviceId: (r.device_id as string | null) ?? null,
      deviceMismatches: codec.readInt(r.device_mismatches), deviceHeldAt: codec.readTs(r.device_held_at ?? null), policy: policyOf(r),
      status: String(r.status) as (typeof GATE_STATUSES)[number], version: codec.readInt(r.version), today: todayOf.get(String(r.id))!,
    }));
  }

  /**
   * The active accounts of a role at an org, kept RECIPIENTS_MS: a burst of deny / review events at a gate reads them
   * once (concurrent events share the one read; a failed read is not kept).
   */
  const recipientCache = new Map<string, { at: number; ids: Promise<string[]> }>();
  function activeUsersAt(role: 'community_admin' | 'grid_worker', orgId: string): Promise<string[]> {
    const key = `${role}|${orgId}`;
    const t = now().getTime();
    const hit = recipientCache.get(key);
    if (hit && t - hit.at >= 0 && t - hit.at < RECIPIENTS_MS) return hit.ids;
    if (recipientCache.size >= RECIPIENTS_MAX) recipientCache.clear();
    const ids = deps.accounts.activeUserIds([role], [orgId]);
    recipientCache.set(key, { at: t, ids });
    ids.catch(() => { if (recipientCache.get(key)?.ids === ids) recipientCache.delete(key); });
    return ids;
  }

  // ----- who stands at the gate ----------------------------------------------------------------------------------

  /** Reads what was scanned: an ID number, a resident's personal code, a visitor code or a plate; else 400 on `path`. */
  function readScan(raw: string, path: string): Scan {
    const s = raw.normalize('NFKC').trim();
    const up = s.toUpperCase();
    if (VISIT_RE.test(up)) return { kind: 'visit', code: up };
    if (/^RXS-/i.test(s)) {
      const d = today();
      const id = parseSamplingCode(crypto, s, [d, addDays(d, -1)].map(codeDay));
      if (!id) throw errors.field(path, 'invalid_code', '个人码无效或已过期，请让居民刷新后再出示，或改读身份证', 'the personal code is invalid or expired; ask for a fresh one or read the ID card');
      return { kind: 'resident', residentId: id };
    }
    const plate = normalizePlate(s);
    if (PLATE_RE.test(plate)) return { kind: 'plate', plate };
    if (/^\d{15,17}[\dX]?$/i.test(up.replace(/\s/g, ''))) {
      const { cols } = idColumns(crypto, up.replace(/\s/g, ''), now(), path);
      return { kind: 'id', bidx: cols.id_bidx };
    }
    throw errors.field(path, 'unrecognised', '无法识别：请读取身份证、扫描个人码或访客码，或输入车牌号', 'not recognised: read an ID card, scan a personal or visitor code, or type a plate');
  }

  /** The facts of a scan at a gate of `community` (read before any write). */
  async function resolve(scan: Scan, community: Org): Promise<Resolved> {
    const none = { residentId: null, visitId: null, vehicleId: null, gridId: null };
    const person = async (id: string, here: boolean, status: string, gridId: string): Promise<Resolved> => {
      const [q, s, c] = await Promise.all([deps.quarantineOf([id]), deps.samplingStatus([id]), deps.colourOf([id])]);
      const quarantine = q.get(id);
      return {
        ...none, residentId: id, gridId,
        facts: {
          kind: 'resident', here, status, quarantine: quarantine ? { kind: quarantine.kind } : null, sampling: s.get(id) ?? { lastNegativeAt: null, frozen: false },
          colour: c.get(id) ?? null,
        },
      };
    };
    if (scan.kind === 'id') {
      const r = (await residentByIdIndex(db, codec, scan.bidx, community.path)) ?? (await residentByIdIndex(db, codec, scan.bidx, '/'));
      if (!r) return { ...none, facts: { kind: 'unknown' } };
      return person(r.id, r.orgPath.startsWith(community.path), r.status, r.gridId);
    }
    if (scan.kind === 'resident') {
      const s = (await personSketches(db, codec, [scan.residentId])).get(scan.residentId);
      if (!s) return { ...none, facts: { kind: 'unknown' } };
      return person(s.id, s.orgPath.startsWith(community.path), s.status, s.gridId);
    }
    if (scan.kind === 'visit') {
      const v = await db.selectFrom('gate_visits').select(['id', 'visit_date', 'status']).where('code', '=', scan.code).where('community_id', '=', community.id).executeTakeFirst();
      if (!v) return { ...none, facts: { kind: 'unknown' } };
      return { ...none, visitId: String(v.id), facts: { kind: 'visitor', today: v.visit_date === today(), used: v.status === 'entered' } };
    }
    const bidx = crypto.blindIndex('plate', scan.plate);
    const car = await db.selectFrom('gate_vehicles').select('id').where('community_id', '=', community.id).where('plate_bidx', '=', bidx).executeTakeFirst();
    return { ...none, vehicleId: car ? String(car.id) : null, facts: { kind: 'vehicle', registered: !!car } };
  }

  /**
   * Decides and stores one passage with its alerts (the recipients read before the transaction). Returns the event's id
   * and decision; a repeated `(deviceId, eventId)` returns the stored one with `duplicate`.
   */
  async function record(gate: Record<string, unknown>, o: {
    direction: Direction; method: string; resolved: Resolved; claimedColour: Colour | null; matchScore: number | null; deviceTime: Date | null;
    deviceId: string | null; eventId: string | null; checkedBy: string | null;
  }) {
    const at = now();
    const skewed = o.deviceTime ? Math.abs(o.deviceTime.getTime() - at.getTime()) > SKEW_MS : false;
    const policy = policyOf(gate);
    const held = !!(o.deviceId && gate.device_held_at);
    const { decision, reasons } = decide({ direction: o.direction, now: at, subject: o.resolved.facts, claimedColour: o.claimedColour, skewed, deviceHeld: held }, policy);
    // A terminal whose colour differs from the mirror's is counted; at the third it is held and the security admins told.
    const mismatch = !!o.deviceId && reasons.some((r) => r.code === 'colour_mismatch');
    const id = uuidv7();
    const day = ymdOf(at);
    const alert = decision !== 'allow';
    const breach = reasons.some((r) => r.code === 'quarantine_out');
    const recipients = alert ? (await Promise.all([
      activeUsersAt('community_admin', String(gate.community_id)),
      o.resolved.gridId && o.resolved.facts.kind === 'resident' && o.resolved.facts.here ? activeUsersAt('grid_worker', o.resolved.gridId) : Promise.resolve([]),
    ])).flat() : [];
    try {
      await writes.run(async (trx) => {
        await trx.insertInto('gate_events').values({
          id, gate_id: String(gate.id), org_path: String(gate.org_path), device_id: o.deviceId, event_id: o.eventId, direction: o.direction, method: o.method,
          subject: o.resolved.facts.kind, resident_id: o.resolved.residentId, visit_id: o.resolved.visitId, vehicle_id: o.resolved.vehicleId,
          claimed_colour: o.claimedColour, match_score: o.matchScore, decision, reasons: JSON.stringify(reasons),
          device_time: o.deviceTime ? codec.ts(o.deviceTime) : null, at: codec.ts(at), day, checked_by: o.checkedBy,
          review_outcome: null, reviewed_by: null, reviewed_at: null, review_note: null,
        }).execute();
        if (o.resolved.visitId && o.direction === 'in' && decision === 'allow') {
          await trx.updateTable('gate_visits').set({ status: 'entered', entered_at: codec.ts(at) }).where('id', '=', o.resolved.visitId).where('status', '=', 'registered').execute();
        }
        if (alert) {
          await deps.notifications.notify(trx, {
            recipientIds: [...new Set(recipients)], kind: GATE_ALERT_KIND, objectType: 'gate_event', objectId: id,
            payload: { gateId: String(gate.id), gateName: String(gate.name), decision, reasons: reasons.filter((r) => r.effect !== 'allow').map((r) => r.code).join(',') }, at,
          });
          await deps.countIndicator(trx, { gridId: String(gate.grid_id), indicator: 'gate_anomalies', date: day });
        }
        if (breach && o.resolved.gridId) await deps.countIndicator(trx, { gridId: o.resolved.gridId, indicator: 'quarantine_breaches', date: day });
        if (mismatch) {
          const g = await trx.selectFrom('gates').select(['device_mismatches', 'device_held_at']).where('id', '=', String(gate.id)).executeTakeFirstOrThrow();
          const n = codec.readInt(g.device_mismatches) + 1;
          const hold = n >= HOLD_AFTER && !g.device_held_at;
          await trx.updateTable('gates').set({ device_mismatches: n, ...(hold ? { device_held_at: codec.ts(at) } : {}) }).where('id', '=', String(gate.id)).execute();
          if (hold) {
            await deps.alerts.raise(trx, {
              kind: 'device_colour_mismatch', severity: 'high', actorId: null, orgPath: String(gate.org_path), objectType: 'gate', objectId: String(gate.id), count: n,
              details: { deviceId: o.deviceId, gateName: String(gate.name), mismatches: n }, at,
            });
          }
        }
      });
    } catch (e) {
      if (o.deviceId && o.eventId && isUniqueViolation(e)) {
        const stored = await storedDeviceEvent(o.deviceId, o.eventId);
        if (stored) return stored;
      }
      throw e;
    }
    return { id, decision, reasons: reasons.map((r) => r.code), duplicate: false };
  }

  async function storedDeviceEvent(deviceId: string, eventId: string) {
    const r = await db.selectFrom('gate_events').select(['id', 'decision', 'reasons']).where('device_id', '=', deviceId).where('event_id', '=', eventId).executeTakeFirst();
    return r ? { id: String(r.id), decision: String(r.decision) as Effect, reasons: (codec.readJson<Reason[]>(r.reasons) ?? []).map((x) => x.code), duplicate: true } : null;
  }

  async function passageViews(rows: Array<Record<string, unknown>>) {
    const residentIds = [...new Set(rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x))];
    const visitIds = [...new Set(rows.map((r) => r.visit_id as string | null).filter((x): x is string => !!x))];
    const vehicleIds = [...new Set(rows.map((r) => r.vehicle_id as string | null).filter((x): x is string => !!x))];
    const gateIds = [...new Set(rows.map((r) => String(r.gate_id)))];
    const [sketches, visits, vehicles, gates, users] = await Promise.all([
      personSketches(db, codec, residentIds),
      inChunks(visitIds, (part) => db.selectFrom('gate_visits').select(['id', 'name_enc', 'host', 'reason', 'visit_date']).where('id', 'in', part).execute()),
      inChunks(vehicleIds, (part) => db.selectFrom('gate_vehicles').select(['id', 'plate_masked', 'kind']).where('id', 'in', part).execute()),
      inChunks(gateIds, (part) => db.selectFrom('gates').select(['id', 'name', 'community_id', 'policy']).where('id', 'in', part).execute()),
      deps.accounts.userLabels([...new Set(rows.map((r) => r.reviewed_by as string | null).filter((x): x is string => !!x))]),
    ]);
    const gateOf = new Map(gates.map((g) => [String(g.id), g as Record<string, unknown>]));
    const visitOf = new Map(visits.map((v) => [String(v.id), v]));
    const vehicleOf = new Map(vehicles.map((v) => [String(v.id), v]));
    // Each distinct community and person's path resolved once, all at the same time.
    const communityIds = [...new Set(gates.map((g) => String(g.community_id)))];
    const personPaths = [...new Set([...sketches.values()].map((s) => s.orgPath))];
    const [communities, personCommunities] = await Promise.all([
      Promise.all(communityIds.map((c) => deps.orgs.get(c))),
      Promise.all(personPaths.map((path) => deps.orgs.communityOf(path))),
    ]);
    const communityPaths = new Map(communityIds.map((c, i) => [c, communities[i]?.path ?? '\u0000']));
    const communityOfPath = new Map(personPaths.map((path, i) => [path, personCommunities[i]?.name ?? '']));
    return rows.map((r) => {
      const gate = gateOf.get(String(r.gate_id));
      const policy = gate ? policyOf(gate) : DEFAULT_POLICY;
      const s = r.resident_id ? sketches.get(String(r.resident_id)) : undefined;
      const here = !!(s && gate && s.orgPath.startsWith(communityPaths.get(String(gate.community_id))!));
      const v = r.visit_id ? visitOf.get(String(r.visit_id)) : undefined;
      const car = r.vehicle_id ? vehicleOf.get(String(r.vehicle_id)) : undefined;
      const reasons = codec.readJson<Reason[]>(r.reasons) ?? [];
      return {
        id: String(r.id), gateId: String(r.gate_id), gateName: gate ? String(gate.name) : '', at: codec.readTs(r.at)!, direction: String(r.direction) as Direction,
        method: String(r.method), subject: String(r.subject) as Facts['subject']['kind'],
        person: s ? {
          nameMasked: maskName(s.name), idMasked: s.restricted ? RESTRICTED_ID : s.idMasked, address: s.restricted || !here ? null : s.address,
          communityName: communityOfPath.get(s.orgPath) ?? '',
        } : null,
        visit: v ? { nameMasked: maskName(crypto.decrypt('gate_visits.name_enc', String(v.name_enc))), host: String(v.host), reason: String(v.reason), date: String(v.visit_date) } : null,
        vehicle: car ? { plateMasked: String(car.plate_masked), kind: String(car.kind) } : null,
        claimedColour: (r.claimed_colour as Colour | null) ?? null, decision: String(r.decision) as Effect,
        reasons: reasons.map((x) => ({ ...x, ...reasonText(x.code, policy) })),
        review: r.review_outcome ? { outcome: String(r.review_outcome) as 'let_in' | 'turned_away', by: users.get(String(r.reviewed_by)) ?? '', at: codec.readTs(r.reviewed_at)!, note: (r.review_note as string | null) ?? null } : null,
        byDevice: !!r.device_id,
        residentId: (r.resident_id as string | null) ?? null,
      };
    });
  }

  const passageOf = async (id: string) => {
    const [v] = await passageViews([await db.selectFrom('gate_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>]);
    return v!;
  };
  const publicPassage = ({ residentId: _r, ...v }: Awaited<ReturnType<typeof passageViews>>[number]) => v;

  return {
    // ----- gates -------------------------------------------------------------------------------------------------

    async list(p: Principal) {
      const rows = await db.selectFrom('gates').selectAll().where('org_path', 'like', `${await areaOf(p)}%`).orderBy('created_at').execute();
      return { items: await gateViews(rows as Array<Record<string, unknown>>) };
    },

    async create(p: Principal, actor: AuditActor, b: GateBody) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const grid = await deps.orgs.get(b.gridId);
      if (!grid || grid.level !== 'grid' || !grid.path.startsWith(community.path)) throw errors.field('gridId', 'not_found', '网格不存在或不属于本社区', 'no such grid in this community');
      const id = uuidv7();
      const at = now();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('gates').values({
            id, community_id: community.id, grid_id: grid.id, org_path: grid.path, name: b.name, kind: b.kind, location: b.location || null,
            purpose: b.purpose || '疫情防控出入核验', signage_on: b.signageOn ?? null, device_id: b.deviceId || null, policy: JSON.stringify(b.policy ?? DEFAULT_POLICY),
            status: 'active', created_by: p.id, created_at: codec.ts(at), version: 1,
          }).execute();
          await deps.audit.append(trx, actor, { action: 'create', objectType: 'gate', objectId: id, outcome: 'success', fields: ['name', 'kind', 'deviceId', 'policy'] });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw errors.conflict('device_taken', '这个设备编号已经用在另一个卡口上', 'This device id is already used by another gate', [{ path: 'deviceId', code: 'taken', message: '设备编号已被使用', messageEn: 'already used' }]);
        throw e;
      }
      return (await gateViews([await db.selectFrom('gates').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>]))[0]!;
    },

    async update(p: Principal, actor: AuditActor, id: string, b: GateBody & { status: (typeof GATE_STATUSES)[number]; version: number; releaseDevice?: boolean }) {
      const { gate, community } = await ownGate(p, id);
      const grid = await deps.orgs.get(b.gridId);
      if (!grid || grid.level !== 'grid' || !grid.path.startsWith(community.path)) throw errors.field('gridId', 'not_found', '网格不存在或不属于本社区', 'no such grid in this community');
      try {
        await writes.run(async (trx) => {
          const res = await trx.updateTable('gates').set({
            grid_id: grid.id, org_path: grid.path, name: b.name, kind: b.kind, location: b.location || null, purpose: b.purpose || String(gate.purpose),
            signage_on: b.signageOn ?? null, device_id: b.deviceId || null, policy: JSON.stringify(b.policy ?? policyOf(gate)), status: b.status, version: b.version + 1,
            // A new terminal id, or the admin's release after checking the terminal, starts its count again.
            ...(b.releaseDevice || (b.deviceId || null) !== (gate.device_id ?? null) ? { device_mismatches: 0, device_held_at: null } : {}),
          }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stale(gate.version);
          await deps.audit.append(trx, actor, {
            action: 'update', objectType: 'gate', objectId: id, outcome: 'success', fields: ['name', 'kind', 'deviceId', 'policy', 'status'], ...(b.releaseDevice ? { reason: 'release_device' } : {}),
          });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw errors.conflict('device_taken', '这个设备编号已经用在另一个卡口上', 'This device id is already used by another gate', [{ path: 'deviceId', code: 'taken', message: '设备编号已被使用', messageEn: 'already used' }]);
        throw e;
      }
      return (await gateViews([await db.selectFrom('gates').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>]))[0]!;
    },

    // ----- passages ----------------------------------------------------------------------------------------------

    /** The gate station: a worker scans someone; the decision with its reasons (audited as a read of their status). */
    async check(p: Principal, actor: AuditActor, gateId: string, b: { direction: Direction; scan: string; method?: (typeof CHECK_METHODS)[number] }) {
      const { gate, community } = await ownGate(p, gateId);
      if (gate.status !== 'active') throw errors.conflict('gate_inactive', '这个卡口已停用', 'This gate is not in use');
      const scan = readScan(b.scan, 'scan');
      const resolved = await resolve(scan, community);
      const method = b.method ?? (scan.kind === 'id' ? 'idcard' : scan.kind === 'plate' ? 'plate' : 'qr');
      const r = await record(gate, { direction: b.direction, method, resolved, claimedColour: null, matchScore: null, deviceTime: null, deviceId: null, eventId: null, checkedBy: p.id });
      const view = await passageOf(r.id);
      await deps.audit.record(actor, {
        action: 'read', objectType: 'gate_event', objectId: r.id, ...(view.residentId ? { subjectId: view.residentId } : {}), outcome: 'success', purpose: PURPOSE, reason: 'gate_check',
        fields: view.person ? ['nameMasked', 'idMasked', 'address', 'quarantine', 'sampling'] : view.visit ? ['nameMasked', 'host'] : view.vehicle ? ['plateMasked'] : ['decision'],
      });
      return publicPassage(view);
    },

    /**
     * A terminal's passage event (`device:event` over HTTP, or the MQTT ingest with `p` null: the broker has already bound
     * the device's identity to its topic); a repeated `(deviceId, eventId)` answers with the stored decision.
     */
    async deviceEvent(p: Principal | null, b: {
      deviceId: string; eventId: string; direction: Direction; method: (typeof DEVICE_METHODS)[number]; residentId?: string; idNumber?: string; code?: string; plate?: string;
      claimedColour?: Colour; matchScore?: number; at?: string;
    }) {
      const gate = await db.selectFrom('gates').selectAll().where('device_id', '=', b.deviceId).where('org_path', 'like', `${p?.orgPath ?? ''}%`).executeTakeFirst() as Record<string, unknown> | undefined;
      if (!gate) throw new AppError(404, 'unknown_device', '这个设备不是本辖区登记的卡口设备', 'This device is not a registered gate terminal of the area', [{ path: 'deviceId', code: 'not_found', message: '未登记的设备', messageEn: 'unregistered device' }]);
      const stored = await storedDeviceEvent(b.deviceId, b.eventId);
      if (stored) return { eventId: b.eventId, decision: stored.decision, reasons: stored.reasons, duplicate: true };
      if (gate.status !== 'active') throw errors.conflict('gate_inactive', '这个卡口已停用', 'This gate is not in use');
      const given = [b.residentId, b.idNumber, b.code, b.plate].filter((x) => x !== undefined).length;
      if (given !== 1) throw errors.field('residentId', 'one_of', '请给出人员编号、身份证号、个人码/访客码或车牌中的一项', 'give exactly one of residentId, idNumber, code or plate');
      const community = (await deps.orgs.get(String(gate.community_id)))!;
      let resolved: Resolved;
      if (b.residentId !== undefined) {
        const s = (await personSketches(db, codec, [b.residentId])).get(b.residentId);
        resolved = s ? await resolve({ kind: 'resident', residentId: s.id }, community) : { residentId: null, visitId: null, vehicleId: null, gridId: null, facts: { kind: 'unknown' } };
      } else {
        const raw = b.idNumber ?? b.code ?? b.plate!;
        const path = b.idNumber !== undefined ? 'idNumber' : b.code !== undefined ? 'code' : 'plate';
        resolved = await resolve(readScan(raw, path), community);
      }
      const r = await record(gate, {
        direction: b.direction, method: b.method, resolved, claimedColour: b.claimedColour ?? null, matchScore: b.matchScore ?? null,
        deviceTime: b.at ? new Date(b.at) : null, deviceId: b.deviceId, eventId: b.eventId, checkedBy: null,
      });
      return { eventId: b.eventId, decision: r.decision, reasons: r.reasons, duplicate: r.duplicate };
    },

    /**
     * A terminal published an event naming another device than its own topic (SECURITY test 50): nothing is stored; the
     * security admins of the topic's gate see a high alert.
     */
    async identityMismatch(topicDevice: string, payloadDevice: string) {
      const g = await db.selectFrom('gates').select(['id', 'org_path']).where('device_id', '=', topicDevice).executeTakeFirst();
      await writes.run((trx) => deps.alerts.raise(trx, {
        kind: 'device_identity_mismatch', severity: 'high', actorId: null, orgPath: g ? String(g.org_path) : null, objectType: 'gate', objectId: g ? String(g.id) : null,
        details: { topicDevice, payloadDevice }, at: now(),
      }).then(() => undefined));
    },

    /** Whether a terminal of this id is a gate inside an area (the MQTT broker admits a device's key for its own gates only). */
    async deviceInArea(deviceId: string, areaPath: string): Promise<{ gateId: string; orgPath: string } | null> {
      const g = await db.selectFrom('gates').select(['id', 'org_path']).where('device_id', '=', deviceId).where('org_path', 'like', `${areaPath}%`).executeTakeFirst();
      return g ? { gateId: String(g.id), orgPath: String(g.org_path) } : null;
    },

    async events(p: Principal, actor: AuditActor, q: { gateId?: string; decision?: Effect; open?: boolean; date?: string; page: number; pageSize: number }) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      let base = db.selectFrom('gate_events').where('org_path', 'like', `${community.path}%`).where('day', '=', q.date ?? today());
      if (q.gateId) base = base.where('gate_id', '=', q.gateId);
      if (q.decision) base = base.where('decision', '=', q.decision);
      if (q.open) base = base.where('decision', '=', 'review').where('review_outcome', 'is', null);
      const [rows, n] = await Promise.all([
        base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      const items = await passageViews(rows as Array<Record<string, unknown>>);
      const subjects = [...new Set(items.map((i) => i.residentId).filter((x): x is string => !!x))];
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'gate_event', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'idMasked', 'address', 'whereabouts'],
          ...(subjects.length ? { subjectIds: subjects } : {}),
        });
      }
      return { items: items.map(publicPassage), total: codec.readInt(n?.n), page: q.page, pageSize: q.pageSize };
    },

    async review(p: Principal, actor: AuditActor, id: string, b: { outcome: 'let_in' | 'turned_away'; note?: string }) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const r = await db.selectFrom('gate_events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !String(r.org_path).startsWith(community.path)) throw errors.notFound('通行记录', 'Passage');
      if (r.decision !== 'review') throw errors.conflict('not_for_review', '只有“需核实”的通行记录需要处理', 'Only passages to check are resolved');
      if (r.review_outcome) throw errors.conflict('already_reviewed', '这条记录已经处理过了', 'This passage has been resolved already');
      await writes.run(async (trx) => {
        const res = await trx.updateTable('gate_events').set({ review_outcome: b.outcome, reviewed_by: p.id, reviewed_at: codec.ts(now()), review_note: b.note || null })
          .where('id', '=', id).where('review_outcome', 'is', null).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.conflict('already_reviewed', '这条记录已经处理过了', 'This passage has been resolved already');
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'gate_event', objectId: id, ...(r.resident_id ? { subjectId: String(r.resident_id) } : {}), outcome: 'success', purpose: PURPOSE,
          reason: b.outcome, fields: ['review'],
        });
      });
      const view = await passageOf(id);
      return publicPassage(view);
    },

    /** Flow figures of the caller's area: per gate and hour of a day, and the last 7 days (aggregates only). */
    async flow(p: Principal, date?: string) {
      const area = await areaOf(p);
      const day = date ?? today();
      const gates = await db.selectFrom('gates').select(['id', 'name', 'community_id']).where('org_path', 'like', `${area}%`).orderBy('created_at').execute();
      const names = await deps.orgs.names([...new Set(gates.map((g) => String(g.community_id)))]);
      // The day's passages counted in SQL per gate, hour (Shanghai), direction, decision and subject.
      const rows = await db.selectFrom('gate_events').select(['gate_id', 'direction', 'decision', 'subject', shanghaiHour.as('hour'), (eb) => eb.fn.countAll().as('n')])
        .where('org_path', 'like', `${area}%`).where('day', '=', day).groupBy(['gate_id', 'direction', 'decision', 'subject', shanghaiHour]).execute();
      const first = addDays(day, -6);
      const week = await db.selectFrom('gate_events').select(['day', 'direction', 'decision', (eb) => eb.fn.countAll().as('n')])
        .where('org_path', 'like', `${area}%`).where('day', '>=', first).where('day', '<=', day).groupBy(['day', 'direction', 'decision']).execute();
      const per = new Map(gates.map((g) => [String(g.id), {
        gateId: String(g.id), name: String(g.name), communityName: names.get(String(g.community_id)) ?? '', in: 0, out: 0, allow: 0, deny: 0, review: 0,
        hours: Array.from({ length: 24 }, (_, hour) => ({ hour, in: 0, out: 0 })),
      }]));
      const totals = { in: 0, out: 0, allow: 0, deny: 0, review: 0, visitors: 0, vehicles: 0 };
      for (const r of rows) {
        const g = per.get(String(r.gate_id));
        const dir = String(r.direction) as Direction;
        const dec = String(r.decision) as Effect;
        const hour = codec.readInt(r.hour);
        const n = codec.readInt(r.n);
        totals[dir] += n; totals[dec] += n;
        if (r.subject === 'visitor') totals.visitors += n;
        if (r.subject === 'vehicle') totals.vehicles += n;
        if (!g) continue;
        g[dir] += n; g[dec] += n; g.hours[hour]![dir] += n;
      }
      const days = Array.from({ length: 7 }, (_, i) => ({ date: addDays(first, i), in: 0, out: 0, deny: 0, review: 0 }));
      for (const w of week) {
        const d = days.find((x) => x.date === String(w.day));
        if (!d) continue;
        const n = codec.readInt(w.n);
        d[String(w.direction) as Direction] += n;
        const dec = String(w.decision);
        if (dec === 'deny' || dec === 'review') d[dec] += n;
      }
      return { date: day, totals, gates: [...per.values()], days };
    },

    // ----- visitors ----------------------------------------------------------------------------------------------

    async publicGate(id: string) {
      const g = await db.selectFrom('gates').select(['id', 'name', 'community_id', 'status']).where('id', '=', id).executeTakeFirst();
      if (!g) throw notFound();
      const c = await deps.orgs.get(String(g.community_id));
      return { id: String(g.id), name: String(g.name), communityName: c?.name ?? '', open: g.status === 'active' };
    },

    async register(actor: AuditActor, gateId: string, b: { name: string; phone: string; host: string; reason: (typeof VISIT_REASONS)[number] }) {
      const g = await db.selectFrom('gates').selectAll().where('id', '=', gateId).executeTakeFirst();
      if (!g) throw notFound();
      if (g.status !== 'active') throw errors.conflict('gate_inactive', '这个卡口已停用，请走其他卡口', 'This gate is not in use; use another one');
      const phone = normalizeCnMobile(b.phone);
      if (!phone) throw errors.field('phone', 'format', '请填写 11 位手机号', 'give an 11-digit mobile number');
      const code = `RXV-${[...randomBytes(10)].map((x) => VISIT_ALPHABET[x % VISIT_ALPHABET.length]).join('')}`;
      const date = today();
      const c = await deps.orgs.get(String(g.community_id));
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('gate_visits').values({
          id, gate_id: gateId, community_id: String(g.community_id), org_path: String(g.org_path), name_enc: crypto.encrypt('gate_visits.name_enc', b.name),
          phone_enc: crypto.encrypt('gate_visits.phone_enc', phone), phone_bidx: crypto.blindIndex('phone', phone), host: b.host, reason: b.reason, visit_date: date, code,
          status: 'registered', created_at: codec.ts(now()), entered_at: null,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'gate_visit', objectId: id, outcome: 'success', purpose: PURPOSE, reason: 'own_record', fields: ['name', 'phone', 'host', 'reason'] });
      });
      return { code, date, gateName: String(g.name), communityName: c?.name ?? '', nameMasked: maskName(b.name) };
    },

    async visits(p: Principal, actor: AuditActor, date?: string) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const rows = await db.selectFrom('gate_visits as v').innerJoin('gates as g', 'g.id', 'v.gate_id')
        .select(['v.id', 'g.name as gate_name', 'v.name_enc', 'v.phone_enc', 'v.host', 'v.reason', 'v.visit_date', 'v.status', 'v.created_at', 'v.entered_at'])
        .where('v.community_id', '=', community.id).where('v.visit_date', '=', date ?? today()).orderBy('v.created_at', 'desc').execute();
      const items = rows.map((r) => ({
        id: String(r.id), gateName: String(r.gate_name), nameMasked: maskName(crypto.decrypt('gate_visits.name_enc', String(r.name_enc))),
        phoneMasked: maskPhone(crypto.decrypt('gate_visits.phone_enc', String(r.phone_enc))), host: String(r.host), reason: String(r.reason), date: String(r.visit_date),
        status: String(r.status) as 'registered' | 'entered', createdAt: codec.readTs(r.created_at)!, enteredAt: codec.readTs(r.entered_at),
      }));
      if (items.length) await deps.audit.record(actor, { action: 'list', objectType: 'gate_visit', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'phoneMasked', 'host'] });
      return { items };
    },

    // ----- vehicles ----------------------------------------------------------------------------------------------

    async vehicles(p: Principal, actor: AuditActor) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const rows = await db.selectFrom('gate_vehicles').selectAll().where('community_id', '=', community.id).orderBy('created_at', 'desc').execute();
      const sk = await personSketches(db, codec, [...new Set(rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x))]);
      const items = rows.map((r) => ({
        id: String(r.id), plateMasked: String(r.plate_masked), kind: String(r.kind) as (typeof VEHICLE_KINDS)[number],
        residentNameMasked: r.resident_id && sk.get(String(r.resident_id)) ? maskName(sk.get(String(r.resident_id))!.name) : null,
        note: (r.note as string | null) ?? null, createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
      }));
      const subjects = rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x);
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'gate_vehicle', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['plateMasked', 'residentNameMasked'],
          ...(subjects.length ? { subjectIds: subjects } : {}),
        });
      }
      return { items };
    },

    async addVehicle(p: Principal, actor: AuditActor, b: { plate: string; kind: (typeof VEHICLE_KINDS)[number]; residentId?: string; note?: string }) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const plate = normalizePlate(b.plate);
      if (!PLATE_RE.test(plate)) throw errors.field('plate', 'format', '车牌号格式不正确（如 浙L12345）', 'not a plate number (e.g. 浙L12345)');
      // The owner's masked name is answered as the vehicles list shows it; the create's audit row names them (subjectId).
      let residentNameMasked: string | null = null;
      if (b.residentId) {
        const s = (await personSketches(db, codec, [b.residentId])).get(b.residentId);
        if (!s || !s.orgPath.startsWith(community.path)) throw errors.field('residentId', 'not_found', '本社区没有这位居民', 'no such resident in this community');
        residentNameMasked = maskName(s.name);
      }
      const id = uuidv7();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('gate_vehicles').values({
            id, community_id: community.id, org_path: community.path, plate_enc: crypto.encrypt('gate_vehicles.plate_enc', plate), plate_bidx: crypto.blindIndex('plate', plate),
            plate_masked: maskPlate(plate), kind: b.kind, resident_id: b.residentId ?? null, note: b.note || null, created_by: p.id, created_at: codec.ts(now()), version: 1,
          }).execute();
          await deps.audit.append(trx, actor, {
            action: 'create', objectType: 'gate_vehicle', objectId: id, ...(b.residentId ? { subjectId: b.residentId } : {}), outcome: 'success', purpose: PURPOSE, fields: ['plate', 'kind'],
          });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw errors.conflict('plate_taken', '这辆车已经登记过了', 'This vehicle is registered already', [{ path: 'plate', code: 'taken', message: '已登记', messageEn: 'registered already' }]);
        throw e;
      }
      return { id, plateMasked: maskPlate(plate), kind: b.kind, residentNameMasked, note: b.note || null, createdAt: now().toISOString(), version: 1 };
    },

    async removeVehicle(p: Principal, actor: AuditActor, id: string, version: number) {
      const community = await deps.orgs.ownCommunity(p.orgPath);
      const r = await db.selectFrom('gate_vehicles').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || r.community_id !== community.id) throw errors.notFound('车辆', 'Vehicle');
      await writes.run(async (trx) => {
        await trx.updateTable('gate_events').set({ vehicle_id: null }).where('vehicle_id', '=', id).execute();
        const res = await trx.deleteFrom('gate_vehicles').where('id', '=', id).where('version', '=', version).executeTakeFirst();
        if (Number(res.numDeletedRows) !== 1) throw stale(r.version);
        await deps.audit.append(trx, actor, { action: 'delete', objectType: 'gate_vehicle', objectId: id, outcome: 'success', purpose: PURPOSE });
      });
    },
  };
}

export type GateBody = {
  name: string; kind: (typeof GATE_KINDS)[number]; gridId: string; location?: string; purpose?: string; signageOn?: string | null; deviceId?: string | null; policy?: GatePolicy;
};
export type Gates = ReturnType<typeof createGates>;
