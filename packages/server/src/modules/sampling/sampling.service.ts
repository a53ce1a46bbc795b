import { ageOn, maskName } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors, type ErrorDetail } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { isUniqueViolation } from '../../platform/db/dialect';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import { inAreaOrAbove, seesPath, type OrgsService } from '../orgs';
import { addDays, ymdOf } from '../privacy';
import { buildingLabels, idColumns, personSketches, residentByIdIndex, RESTRICTED_ID, samplingTargetsUnder } from '../registry';
import { codeDay, makeSamplingCode, parseSamplingCode } from './sampling.code';

/** 核酸采样 (ADR 0079). */
export const POOL_SIZES = [1, 5, 10, 20] as const;
export const TUBE_RESULTS = ['pending', 'negative', 'positive', 'invalid'] as const;
export type TubeResult = (typeof TUBE_RESULTS)[number];
export const RETEST_STATUSES = ['pending', 'sampled', 'negative', 'positive'] as const;
export type RetestStatus = (typeof RETEST_STATUSES)[number];
export type RetestReason = 'positive_pool' | 'invalid';
export const SAMPLING_RECALL_KIND = 'sampling_recall';
/** Tags for which a missing person is better sampled at home (上门采样). */
const HOME_TAGS = new Set(['elderly80', 'disabled', 'chronic']);
const PURPOSE = 'epidemic.sampling';
export const BARCODE_RE = /^[A-Za-z0-9-]{6,32}$/;

export type SamplingDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService;
  accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  /** The resident record linked to a resident account (id and org path), or null. */
  residentOfAccount: (userId: string) => Promise<{ id: string; orgPath: string } | null>;
  /**
   * Counts a positive tube for a grid's early-warning indicator `positive_pools` on a day, inside the caller's
   * transaction (the warnings module's increment; ADR 0079).
   */
  countPositive?: (trx: Transaction<any>, o: { gridId: string; date: string }) => Promise<void>;
};

export type MemberInput = { idNumber?: string; code?: string; name?: string; collectedAt?: string };
export type TubeInput = { barcode: string; siteId?: string; station?: number; doorToDoor?: boolean; poolSize: number; members: MemberInput[] };

/** Who a scan is: a resident of the round's community, or a walk-in (ID number kept encrypted on the sample). */
type Person =
  | { kind: 'resident'; key: string; residentId: string; name: string; idMasked: string; gridId: string; orgPath: string; restricted: boolean }
  | { kind: 'walkin'; key: string; idEnc: string; idBidx: string; idMasked: string };

const pageOf = (q: { page: number; pageSize: number }) => ({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize });

export function createSampling(deps: SamplingDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  const stale = (v: unknown) => errors.stale(codec.readInt(v));

  const ownCommunity = (p: Principal) => deps.orgs.ownCommunity(p.orgPath);
  /** The people of a round the caller may see named: their own area inside the round's community (403 above it). */
  function peopleArea(p: Principal, roundPath: string): string {
    if (p.orgPath.startsWith(roundPath)) return p.orgPath;
    throw new AppError(403, 'community_only', '名单只对本社区及其网格的工作人员开放，上级看汇总数字', 'Only staff of the community and its grids see the names; levels above see the figures');
  }

  // ----- sites ---------------------------------------------------------------------------------------------------

  async function siteViews(rows: Array<Record<string, unknown>>) {
    const names = await deps.orgs.names([...new Set(rows.map((r) => String(r.community_id)))]);
    return rows.map((r) => ({
      id: String(r.id), communityId: String(r.community_id), communityName: names.get(String(r.community_id)) ?? '', name: String(r.name), address: String(r.address),
      stations: codec.readInt(r.stations), active: codec.readBool(r.active), version: codec.readInt(r.version),
    }));
  }
  type SiteView = Awaited<ReturnType<typeof siteViews>>[number];

  async function siteIn(communityId: string, id: string, exec: any = db) {
    const r = await exec.selectFrom('sampling_sites').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || String(r.community_id) !== communityId) return null;
    return r as Record<string, unknown>;
  }

  const nameTaken = (path: string, zh: string, en: string) => errors.conflict('name_taken', `${zh}已存在`, `${en} already exists`, [
    { path, code: 'taken', message: `同名${zh}已存在`, messageEn: `a ${en.toLowerCase()} with this name exists` }]);

  // ----- rounds --------------------------------------------------------------------------------------------------

  type Figures = {
    expected: number; sampled: number; coverage: number; tubes: number; people: number;
    pending: number; negative: number; positive: number; invalid: number; retestsOpen: number;
  };

  /** The expected residents of a community (not away) and the distinct ones sampled in each round. */
  async function figuresOf(rows: Array<Record<string, unknown>>): Promise<Map<string, Figures>> {
    const out = new Map<string, Figures>();
    const targets = new Map<string, Set<string>>();
    for (const r of rows) {
      const path = String(r.org_path);
      if (!targets.has(path)) targets.set(path, new Set((await samplingTargetsUnder(db, path)).filter((t) => !t.away).map((t) => t.id)));
    }
    const ids = rows.map((r) => String(r.id));
    const [tubes, people, sampled, retests] = await Promise.all([
      inChunks(ids, (part) => db.selectFrom('sampling_tubes').select(['round_id', 'result', (eb) => eb.fn.countAll().as('n')]).where('round_id', 'in', part).groupBy(['round_id', 'result']).execute()),
      inChunks(ids, (part) => db.selectFrom('sampling_samples').select(['round_id', (eb) => eb.fn.countAll().as('n')]).where('round_id', 'in', part).groupBy('round_id').execute()),
      inChunks(ids, (part) => db.selectFrom('sampling_samples').select(['round_id', 'resident_id']).distinct().where('round_id', 'in', part).where('resident_id', 'is not', null).execute()),
      inChunks(ids, (part) => db.selectFrom('sampling_retests').select(['round_id', (eb) => eb.fn.countAll().as('n')]).where('round_id', 'in', part)
        .where('status', 'in', ['pending', 'sampled']).groupBy('round_id').execute()),
    ]);
    for (const r of rows) {
      const expected = targets.get(String(r.org_path))!;
      out.set(String(r.id), { expected: expected.size, sampled: 0, coverage: 0, tubes: 0, people: 0, pending: 0, negative: 0, positive: 0, invalid: 0, retestsOpen: 0 });
    }
    for (const t of tubes) {
      const f = out.get(String(t.round_id))!;
      const n = codec.readInt(t.n);
      f.tubes += n;
      f[String(t.result) as TubeResult] += n;
    }
    for (const p of people) out.get(String(p.round_id))!.people = codec.readInt(p.n);
    for (const x of retests) out.get(String(x.round_id))!.retestsOpen = codec.readInt(x.n);
    const roundPath = new Map(rows.map((r) => [String(r.id), String(r.org_path)]));
    for (const s of sampled) if (targets.get(roundPath.get(String(s.round_id))!)!.has(String(s.resident_id))) out.get(String(s.round_id))!.sampled += 1;
    for (const f of out.values()) f.coverage = f.expected ? Math.round((f.sampled / f.expected) * 10_000) / 10_000 : 0;
    return out;
  }

  async function roundViews(rows: Array<Record<string, unknown>>) {
    const [names, figures] = await Promise.all([deps.orgs.names([...new Set(rows.map((r) => String(r.community_id)))]), figuresOf(rows)]);
    return rows.map((r) => ({
      id: String(r.id), communityId: String(r.community_id), communityName: names.get(String(r.community_id)) ?? '', name: String(r.name), roundDate: String(r.round_date),
      poolSize: codec.readInt(r.pool_size), status: String(r.status) as 'open' | 'closed', note: (r.note as string | null) ?? null, createdAt: codec.readTs(r.created_at)!,
      closedAt: codec.readTs(r.closed_at), figures: figures.get(String(r.id))!, version: codec.readInt(r.version),
    }));
  }
  type RoundView = Awaited<ReturnType<typeof roundViews>>[number];

  async function visibleRound(p: Principal, id: string, exec: any = db) {
    const r = await exec.selectFrom('sampling_rounds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !seesPath(p.orgPath, String(r.org_path))) throw errors.notFound('采样轮次', 'Sampling round');
    return r as Record<string, unknown>;
  }
  /** A round of the caller's own community (collect, manage), else 404 as for one they do not see. */
  async function ownRound(p: Principal, id: string, exec: any = db) {
    const r = await visibleRound(p, id, exec);
    if (!p.orgPath.startsWith(String(r.org_path))) throw errors.notFound('采样轮次', 'Sampling round');
    return r;
  }

  // ----- people --------------------------------------------------------------------------------------------------

  const codeDays = () => { const today = ymdOf(now()); return [today, addDays(today, -1)].map(codeDay); };

  /** Resolves a scan to a person of the round's community, or a walk-in; field errors name `path`. */
  async function resolvePerson(communityPath: string, m: { idNumber?: string; code?: string }, path: string): Promise<Person> {
    /** A field of the scan: `members.2.code` in a tube, `code` in the station's check. */
    const at = (field: string) => (path ? `${path}.${field}` : field);
    if ((m.idNumber ? 1 : 0) + (m.code ? 1 : 0) !== 1) {
      throw errors.field(path || 'idNumber', 'one_of', '请读取身份证或扫描采样码（二选一）', 'give either an ID number or a sampling code');
    }
    if (m.code) {
      const parsed = parseSamplingCode(crypto, m.code, codeDays());
      if (!parsed) throw errors.field(at('code'), 'invalid_code', '采样码无效或已过期，请让居民刷新采样码或出示身份证', 'the sampling code is invalid or expired; ask for a fresh code or the ID card');
      const s = (await personSketches(db, codec, [parsed]))?.get(parsed);
      if (!s || !s.orgPath.startsWith(communityPath)) {
        throw errors.field(at('code'), 'other_community', '这是其他社区居民的采样码，请改读身份证', 'this code belongs to a resident of another community; read the ID card instead');
      }
      return { kind: 'resident', key: `r:${s.id}`, residentId: s.id, name: s.name, idMasked: s.idMasked, gridId: s.gridId, orgPath: s.orgPath, restricted: s.restricted };
    }
    const { cols } = idColumns(crypto, m.idNumber!, now(), at('idNumber'));
    const r = await residentByIdIndex(db, codec, cols.id_bidx, communityPath);
    if (r) return { kind: 'resident', key: `r:${r.id}`, residentId: r.id, name: r.name, idMasked: r.idMasked, gridId: r.gridId, orgPath: r.orgPath, restricted: r.restricted };
    return { kind: 'walkin', key: `x:${cols.id_bidx}`, idEnc: cols.id_number_enc, idBidx: cols.id_bidx, idMasked: cols.id_masked };
  }

    const personIdMasked = (x: Person) => (x.kind === 'resident' && x.restricted ? RESTRICTED_ID : x.idMasked);

  async function pendingRetests(roundId: string, keys: readonly string[], exec: any = db) {
    const rows = await inChunks(keys, (part) => exec.selectFrom('sampling_retests').select(['id', 'person_key', 'reason'])
      .where('round_id', '=', roundId).where('person_key', 'in', part).where('status', '=', 'pending').execute());
    return new Map((rows as Array<Record<string, unknown>>).map((r) => [String(r.person_key), { id: String(r.id), reason: String(r.reason) as RetestReason }]));
  }

  // ----- tubes ---------------------------------------------------------------------------------------------------

  async function tubeRows(rows: Array<Record<string, unknown>>) {
    const [sites, users] = await Promise.all([
      inChunks([...new Set(rows.map((r) => r.site_id as string | null).filter((x): x is string => !!x))],
        (part) => db.selectFrom('sampling_sites').select(['id', 'name']).where('id', 'in', part).execute()).then((s) => new Map(s.map((x) => [String(x.id), String(x.name)]))),
      deps.accounts.userLabels([...new Set(rows.map((r) => String(r.collected_by)))]),
    ]);
    return rows.map((r) => ({
      id: String(r.id), barcode: String(r.barcode), poolSize: codec.readInt(r.pool_size), members: codec.readInt(r.members),
      siteName: r.site_id ? sites.get(String(r.site_id)) ?? '' : null, station: r.station == null ? null : codec.readInt(r.station),
      doorToDoor: codec.readBool(r.door_to_door), collectedBy: users.get(String(r.collected_by)) ?? '', sealedAt: codec.readTs(r.sealed_at)!,
      result: String(r.result) as TubeResult, resultAt: codec.readTs(r.result_at),
    }));
  }

  async function tubePeople(tubeId: string, exec: any = db) {
    const samples = await exec.selectFrom('sampling_samples').selectAll().where('tube_id', '=', tubeId).orderBy('position').execute() as Array<Record<string, unknown>>;
    const residentIds = samples.map((s) => s.resident_id as string | null).filter((x): x is string => !!x);
    const sketches = await personSketches(exec, codec, residentIds);
    const grids = await deps.orgs.names([...new Set(samples.map((s) => s.grid_id as string | null).filter((x): x is string => !!x))]);
    return samples.map((s) => {
      const rid = (s.resident_id as string | null) ?? null;
      const sk = rid ? sketches.get(rid) : undefined;
      return {
        sampleId: String(s.id), residentId: rid, nameMasked: rid ? (sk ? maskName(sk.name) : '') : maskName(String(s.walkin_name ?? '')),
        idMasked: rid ? (sk ? (sk.restricted ? RESTRICTED_ID : sk.idMasked) : RESTRICTED_ID) : String(s.walkin_id_masked ?? ''),
        gridName: s.grid_id ? grids.get(String(s.grid_id)) ?? '' : null, walkIn: !rid, repeat: codec.readBool(s.repeat_sample), collectedAt: codec.readTs(s.collected_at)!,
      };
    });
  }

  // ----- results and recall --------------------------------------------------------------------------------------

  /**
   * Who a recall in a community is told, read before the import's transaction: its community admins and doctors, and
   * the grid workers of each of its grids (the members' grids are picked inside the transaction).
   */
  async function recallAudience(communityId: string): Promise<(gridIds: readonly string[]) => string[]> {
    const grids = (await deps.orgs.childrenOf(communityId)).filter((g) => g.level === 'grid');
    const [admins, ...workers] = await Promise.all([
      deps.accounts.activeUserIds(['community_admin', 'doctor'], [communityId]), ...grids.map((g) => deps.accounts.activeUserIds(['grid_worker'], [g.id])),
    ]);
    const byGrid = new Map(grids.map((g, i) => [g.id, workers[i]!]));
    return (gridIds) => [...new Set([...admins, ...gridIds.flatMap((g) => byGrid.get(g) ?? [])])];
  }

  /**
   * A tube's result arrived (inside the import's transaction): a retest tube settles the retests it served; a positive
   * pool or an invalid tube calls each member back for a single tube (one pending retest per person at most); a positive
   * single tube is that person's positive result. Recipients are told without names.
   */
  async function onResult(trx: Transaction<any>, round: Record<string, unknown>, tube: Record<string, unknown>, result: TubeResult, at: Date, audience: (gridIds: readonly string[]) => string[]) {
    const atIso = codec.ts(at);
    const served = await trx.selectFrom('sampling_retests').select(['id', 'person_key']).where('retest_tube_id', '=', String(tube.id)).execute();
    if (served.length) {
      if (result === 'invalid') {
        await trx.updateTable('sampling_retests').set({ status: 'pending', retest_tube_id: null, updated_at: atIso }).where('retest_tube_id', '=', String(tube.id)).execute();
      } else if (result === 'negative' || result === 'positive') {
        await trx.updateTable('sampling_retests').set({ status: result, updated_at: atIso }).where('retest_tube_id', '=', String(tube.id)).execute();
      }
    }
    if (result === 'negative') return;
    const poolSize = codec.readInt(tube.pool_size);
    const reason: RetestReason | 'positive_single' = result === 'invalid' ? 'invalid' : poolSize > 1 ? 'positive_pool' : 'positive_single';
    const samples = await trx.selectFrom('sampling_samples').select(['id', 'person_key', 'resident_id', 'grid_id', 'org_path']).where('tube_id', '=', String(tube.id)).execute();
    if (reason !== 'positive_single') {
      const servedKeys = new Set(served.map((s) => String(s.person_key)));
      const open = await pendingRetests(String(round.id), samples.map((s) => String(s.person_key)), trx);
      for (const s of samples) {
        if (servedKeys.has(String(s.person_key)) || open.has(String(s.person_key))) continue;
        await trx.insertInto('sampling_retests').values({
          id: uuidv7(), round_id: String(round.id), sample_id: String(s.id), source_tube_id: String(tube.id), person_key: String(s.person_key),
          resident_id: s.resident_id ?? null, grid_id: s.grid_id ?? null, org_path: String(s.org_path), reason, status: 'pending', retest_tube_id: null,
          recalled_on: ymdOf(at), created_at: atIso, updated_at: atIso,
        }).execute();
      }
    }
    const gridIds = [...new Set(samples.map((s) => s.grid_id as string | null).filter((x): x is string => !!x))];
    // A positive tube (not a retest's: its pool was counted already) is one more positive pool for each grid it holds
    // people of, on the day the result came (the warnings' positive_pools indicator).
    if (result === 'positive' && !served.length && deps.countPositive) {
      for (const g of gridIds) await deps.countPositive(trx, { gridId: g, date: ymdOf(at) });
    }
    await deps.notifications.notify(trx, {
      recipientIds: audience(gridIds), kind: SAMPLING_RECALL_KIND, objectType: 'sampling_round', objectId: String(round.id),
      payload: { roundId: String(round.id), tubeId: String(tube.id), barcode: String(tube.barcode), people: String(samples.length), reason }, at,
    });
  }

  // ----- service -------------------------------------------------------------------------------------------------

  return {
    async sites(p: Principal): Promise<{ items: SiteView[] }> {
      const rows = await db.selectFrom('sampling_sites as s').selectAll().where(inAreaOrAbove('s', p.orgPath)).orderBy('s.community_id').orderBy('s.name').execute();
      return { items: await siteViews(rows) };
    },

    async createSite(p: Principal, actor: AuditActor, b: { name: string; address: string; stations: number }): Promise<SiteView> {
      const c = await ownCommunity(p);
      const id = uuidv7();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('sampling_sites').values({
            id, community_id: c.id, org_path: c.path, name: b.name, address: b.address, stations: b.stations, active: codec.bool(true),
            created_by: p.id, created_at: codec.ts(now()), version: 1,
          }).execute();
          await deps.audit.append(trx, actor, { action: 'create', objectType: 'sampling_site', objectId: id, fields: ['name', 'address', 'stations'], outcome: 'success' });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw nameTaken('name', '采样点', 'Sampling site');
        throw e;
      }
      return (await siteViews([(await db.selectFrom('sampling_sites').selectAll().where('id', '=', id).executeTakeFirstOrThrow())]))[0]!;
    },

    async updateSite(p: Principal, actor: AuditActor, id: string, b: { name?: string; address?: string; stations?: number; active?: boolean; version: number }): Promise<SiteView> {
      const c = await ownCommunity(p);
      const fields = (['name', 'address', 'stations', 'active'] as const).filter((k) => b[k] !== undefined);
      try {
        await writes.run(async (trx) => {
          const r = await siteIn(c.id, id, trx);
          if (!r) throw errors.notFound('采样点', 'Sampling site');
          if (codec.readInt(r.version) !== b.version) throw stale(r.version);
          await trx.updateTable('sampling_sites').set({
            ...(b.name !== undefined ? { name: b.name } : {}), ...(b.address !== undefined ? { address: b.address } : {}),
            ...(b.stations !== undefined ? { stations: b.stations } : {}), ...(b.active !== undefined ? { active: codec.bool(b.active) } : {}), version: b.version + 1,
          }).where('id', '=', id).execute();
          await deps.audit.append(trx, actor, { action: 'update', objectType: 'sampling_site', objectId: id, fields, outcome: 'success' });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw nameTaken('name', '采样点', 'Sampling site');
        throw e;
      }
      return (await siteViews([(await db.selectFrom('sampling_sites').selectAll().where('id', '=', id).executeTakeFirstOrThrow())]))[0]!;
    },

    async rounds(p: Principal, q: { status?: 'open' | 'closed'; page: number; pageSize: number }) {
      let base = db.selectFrom('sampling_rounds as r').where(inAreaOrAbove('r', p.orgPath));
      if (q.status) base = base.where('r.status', '=', q.status);
      const [rows, total] = await Promise.all([
        base.selectAll('r').orderBy('r.round_date', 'desc').orderBy('r.created_at', 'desc').limit(pageOf(q).limit).offset(pageOf(q).offset).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return { items: await roundViews(rows), total: codec.readInt(total?.n), page: q.page, pageSize: q.pageSize };
    },

    async round(p: Principal, id: string): Promise<RoundView> {
      return (await roundViews([await visibleRound(p, id)]))[0]!;
    },

    async createRound(p: Principal, actor: AuditActor, b: { name: string; roundDate: string; poolSize: number; note?: string }): Promise<RoundView> {
      const c = await ownCommunity(p);
      const id = uuidv7();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('sampling_rounds').values({
            id, community_id: c.id, org_path: c.path, name: b.name, round_date: b.roundDate, pool_size: b.poolSize, note: b.note || null, status: 'open',
            created_by: p.id, created_at: codec.ts(now()), closed_at: null, closed_by: null, version: 1,
          }).execute();
          await deps.audit.append(trx, actor, { action: 'create', objectType: 'sampling_round', objectId: id, fields: ['name', 'roundDate', 'poolSize', ...(b.note ? ['note'] : [])], outcome: 'success' });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw nameTaken('name', '采样轮次', 'Sampling round');
        throw e;
      }
      return this.round(p, id);
    },

    async closeRound(p: Principal, actor: AuditActor, id: string, version: number): Promise<RoundView> {
      await ownCommunity(p);
      await writes.run(async (trx) => {
        const r = await ownRound(p, id, trx);
        if (r.status !== 'open') throw errors.conflict('not_open', '这一轮采样已经结束', 'This round is already closed');
        if (codec.readInt(r.version) !== version) throw stale(r.version);
        await trx.updateTable('sampling_rounds').set({ status: 'closed', closed_at: codec.ts(now()), closed_by: p.id, version: version + 1 }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: 'close', objectType: 'sampling_round', objectId: id, outcome: 'success' });
      });
      return this.round(p, id);
    },

    /** The station's look-up before a member goes into the tube (audited as a lookup of that person). */
    async check(p: Principal, actor: AuditActor, roundId: string, b: { idNumber?: string; code?: string }) {
      const round = await ownRound(p, roundId);
      const person = await resolvePerson(String(round.org_path), b, '');
      const [earlier, retests] = await Promise.all([
        db.selectFrom('sampling_samples as s').innerJoin('sampling_tubes as t', 't.id', 's.tube_id').select(['s.collected_at', 't.barcode'])
          .where('s.round_id', '=', roundId).where('s.person_key', '=', person.key).orderBy('s.collected_at').execute(),
        pendingRetests(roundId, [person.key]),
      ]);
      const gridName = person.kind === 'resident' ? (await deps.orgs.names([person.gridId])).get(person.gridId) ?? null : null;
      const retest = retests.get(person.key) ?? null;
      await deps.audit.record(actor, {
        action: 'lookup', objectType: 'resident', objectId: person.kind === 'resident' ? person.residentId : null, subjectId: person.kind === 'resident' ? person.residentId : null,
        outcome: 'success', purpose: PURPOSE, reason: b.code ? 'sampling_code' : 'id_card', count: person.kind === 'resident' ? 1 : 0,
      });
      return {
        person: {
          residentId: person.kind === 'resident' ? person.residentId : null, nameMasked: person.kind === 'resident' ? maskName(person.name) : null,
          idMasked: personIdMasked(person), registered: person.kind === 'resident', gridName,
        },
        sampled: earlier.map((e) => ({ at: codec.readTs(e.collected_at)!, barcode: String(e.barcode) })),
        retest,
      };
    },

    /**
     * A sealed tube and its members in one write (the station's unit of work, sent once with an Idempotency-Key). The
     * caller runs `write` inside its idempotent transaction.
     */
    async prepareTube(p: Principal, roundId: string, b: TubeInput) {
      const round = await ownRound(p, roundId);
      const at = now();
      if (b.members.length > b.poolSize) {
        throw errors.field('members', 'too_many', `这是 ${b.poolSize} 合 1 的试管，最多 ${b.poolSize} 人`, `a ${b.poolSize}-in-1 tube holds at most ${b.poolSize} people`);
      }
      if (!b.doorToDoor && !b.siteId) throw errors.field('siteId', 'required', '请选择采样点（上门采样除外）', 'choose the sampling site (unless sampling door to door)');
      let site: Record<string, unknown> | null = null;
      if (b.siteId) {
        site = await siteIn(String(round.community_id), b.siteId);
        if (!site || !codec.readBool(site.active)) throw errors.field('siteId', 'unknown_site', '采样点不存在或已停用', 'no such active sampling site');
        if (b.station !== undefined && b.station > codec.readInt(site.stations)) {
          throw errors.field('station', 'unknown_station', `这个采样点只有 ${codec.readInt(site.stations)} 个采样台`, `this site has ${codec.readInt(site.stations)} stations`);
        }
      }
      const people: Person[] = [];
      const seen = new Map<string, number>();
      for (const [i, m] of b.members.entries()) {
        const person = await resolvePerson(String(round.org_path), m, `members.${i}`);
        if (person.kind === 'walkin' && !m.name?.trim()) {
          throw errors.field(`members.${i}.name`, 'required', '未在本社区登记的人员（外来人员）请填写姓名', 'type the name of a person not registered in this community');
        }
        if (seen.has(person.key)) {
          throw errors.badRequest('duplicate_in_tube', `同一人在这管里出现了两次（第 ${seen.get(person.key)! + 1} 位和第 ${i + 1} 位）`,
            `the same person is twice in this tube (members ${seen.get(person.key)! + 1} and ${i + 1})`,
            [{ path: `members.${i}`, code: 'duplicate_in_tube', message: '与前面的人重复', messageEn: 'same person as an earlier member' }]);
        }
        seen.set(person.key, i);
        if (m.collectedAt && Date.parse(m.collectedAt) > at.getTime() + 5 * 60_000) {
          throw errors.field(`members.${i}.collectedAt`, 'future', '采样时间不能晚于现在', 'the time of sampling cannot be in the future');
        }
        people.push(person);
      }
      const tubeId = uuidv7();
      // What the answer shows, read now: inside the write's transaction only the transaction may be read (SQLite holds one
      // connection), and the stored idempotent answer is made there. It names nobody (no masked name or ID: the station
      // has them from its checks), so a replay of the stored answer discloses nothing.
      const [gridNames, collectors] = await Promise.all([
        deps.orgs.names([...new Set(people.flatMap((x) => (x.kind === 'resident' ? [x.gridId] : [])))]), deps.accounts.userLabels([p.id]),
      ]);
      return {
        id: tubeId,
        write: async (trx: Transaction<any>) => {
          const r = await trx.selectFrom('sampling_rounds').select(['status']).where('id', '=', roundId).executeTakeFirstOrThrow();
          const retests = await pendingRetests(roundId, people.map((x) => x.key), trx);
          const needsSingle = people.map((x, i) => [i, retests.get(x.key)] as const).filter(([, rt]) => rt?.reason === 'positive_pool');
          if (b.poolSize > 1 && needsSingle.length) {
            throw errors.conflict('retest_needs_single_tube', '混管阳性召回的人员须单人单管复核，请换单管', 'People called back from a positive pool must go into a single tube',
              needsSingle.map(([i]): ErrorDetail => ({ path: `members.${i}`, code: 'retest_needs_single_tube', message: '需单管复核', messageEn: 'needs a single tube' })));
          }
          if (r.status !== 'open' && !(people.length === 1 && retests.has(people[0]!.key))) {
            throw errors.conflict('round_closed', '这一轮采样已经结束，只能为召回复核的人员单管采样', 'This round is closed; only single-tube retests of people called back can be added');
          }
          const used = await trx.selectFrom('sampling_tubes').select('id').where('barcode', '=', b.barcode).executeTakeFirst();
          if (used) throw errors.conflict('tube_exists', `试管 ${b.barcode} 已经登记过，请换一支试管`, `Tube ${b.barcode} is already registered; use another tube`, [{ path: 'barcode', code: 'tube_exists', message: '已登记', messageEn: 'already registered' }]);
          const earlier = new Set((await inChunks(people.map((x) => x.key), (part) => trx.selectFrom('sampling_samples').select('person_key')
            .where('round_id', '=', roundId).where('person_key', 'in', part).execute())).map((x) => String(x.person_key)));
          try {
            await trx.insertInto('sampling_tubes').values({
              id: tubeId, round_id: roundId, org_path: String(round.org_path), barcode: b.barcode, site_id: b.siteId ?? null, station: b.station ?? null,
              door_to_door: codec.bool(!!b.doorToDoor), pool_size: b.poolSize, members: people.length, collected_by: p.id, sealed_at: codec.ts(at),
              result: 'pending', result_at: null, result_import_id: null,
            }).execute();
          } catch (e) {
            if (isUniqueViolation(e)) throw errors.conflict('tube_exists', `试管 ${b.barcode} 已经登记过，请换一支试管`, `Tube ${b.barcode} is already registered; use another tube`);
            throw e;
          }
          const sampleIds = people.map(() => uuidv7());
          for (const [i, x] of people.entries()) {
            const collected = b.members[i]!.collectedAt ? new Date(b.members[i]!.collectedAt!) : at;
            await trx.insertInto('sampling_samples').values({
              id: sampleIds[i]!, tube_id: tubeId, round_id: roundId, position: i + 1, person_key: x.key,
              resident_id: x.kind === 'resident' ? x.residentId : null, grid_id: x.kind === 'resident' ? x.gridId : null,
              org_path: x.kind === 'resident' ? x.orgPath : String(round.org_path),
              walkin_name: x.kind === 'walkin' ? b.members[i]!.name!.trim() : null, walkin_id_enc: x.kind === 'walkin' ? x.idEnc : null,
              walkin_id_bidx: x.kind === 'walkin' ? x.idBidx : null, walkin_id_masked: x.kind === 'walkin' ? x.idMasked : null,
              repeat_sample: codec.bool(earlier.has(x.key)), collected_at: codec.ts(collected), collected_on: ymdOf(collected),
            }).execute();
            const rt = retests.get(x.key);
            if (rt) await trx.updateTable('sampling_retests').set({ status: 'sampled', retest_tube_id: tubeId, updated_at: codec.ts(at) }).where('id', '=', rt.id).execute();
          }
          return {
            subjectIds: people.flatMap((x) => (x.kind === 'resident' ? [x.residentId] : [])),
            view: () => ({
              id: tubeId, barcode: b.barcode, poolSize: b.poolSize, members: people.length, siteName: site ? String(site.name) : null, station: b.station ?? null,
              doorToDoor: !!b.doorToDoor, collectedBy: collectors.get(p.id) ?? '', sealedAt: at.toISOString(), result: 'pending' as TubeResult, resultAt: null, roundId,
              people: people.map((x, i) => ({
                sampleId: sampleIds[i]!, residentId: x.kind === 'resident' ? x.residentId : null,
                gridName: x.kind === 'resident' ? gridNames.get(x.gridId) ?? '' : null, walkIn: x.kind === 'walkin', repeat: earlier.has(x.key),
                collectedAt: (b.members[i]!.collectedAt ? new Date(b.members[i]!.collectedAt!) : at).toISOString(),
              })),
            }),
          };
        },
      };
    },

    async tubes(p: Principal, roundId: string, q: { q?: string; result?: TubeResult; page: number; pageSize: number }) {
      await visibleRound(p, roundId);
      let base = db.selectFrom('sampling_tubes').where('round_id', '=', roundId);
      if (q.q) base = base.where('barcode', 'like', `${q.q.replace(/[%_\\]/g, '')}%`);
      if (q.result) base = base.where('result', '=', q.result);
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('sealed_at', 'desc').orderBy('id', 'desc').limit(pageOf(q).limit).offset(pageOf(q).offset).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return { items: await tubeRows(rows), total: codec.readInt(total?.n), page: q.page, pageSize: q.pageSize };
    },

    async tube(p: Principal, actor: AuditActor, id: string) {
      const row = await db.selectFrom('sampling_tubes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || !seesPath(p.orgPath, String(row.org_path))) throw errors.notFound('试管', 'Tube');
      peopleArea(p, String(row.org_path));
      const people = await tubePeople(id);
      await deps.audit.record(actor, {
        action: 'read', objectType: 'sampling_tube', objectId: id, outcome: 'success', purpose: PURPOSE, count: people.length, fields: ['nameMasked', 'idMasked', 'sampling'],
        subjectIds: people.flatMap((x) => (x.residentId ? [x.residentId] : [])),
      });
      return { ...(await tubeRows([row]))[0]!, roundId: String(row.round_id), people };
    },

    /** Applies a lab's result rows (already parsed) to the round's tubes; see sampling.results.ts for the sheet. */
    async applyResults(p: Principal, actor: AuditActor, roundId: string, fileName: string, parsed: {
      columns: { barcode: string; result: string }; rows: number; items: Array<{ row: number; barcode: string; result: Exclude<TubeResult, 'pending'> }>; errors: Array<{ row: number; column: string; code: string; message: string }>;
    }) {
      await ownCommunity(p);
      const round = await ownRound(p, roundId);
      const at = now();
      const id = uuidv7();
      const errs = [...parsed.errors];
      let applied = 0; let unchanged = 0; let positives = 0; let invalids = 0;
      const audience = await recallAudience(String(round.community_id));
      await writes.run(async (trx) => {
        const tubes = new Map((await inChunks(parsed.items.map((x) => x.barcode), (part) => trx.selectFrom('sampling_tubes').selectAll()
          .where('round_id', '=', roundId).where('barcode', 'in', part).execute())).map((t) => [String(t.barcode), t as Record<string, unknown>]));
        await trx.insertInto('sampling_result_imports').values({
          id, round_id: roundId, org_path: String(round.org_path), file_name: fileName.slice(0, 120), rows_total: parsed.rows, applied: 0, unchanged: 0, positives: 0, invalids: 0,
          errors: '[]', imported_by: p.id, imported_at: codec.ts(at),
        }).execute();
        for (const it of parsed.items) {
          const t = tubes.get(it.barcode);
          if (!t) { errs.push({ row: it.row, column: parsed.columns.barcode, code: 'unknown_tube', message: `试管 ${it.barcode} 不在这一轮采样中` }); continue; }
          if (t.result === it.result) { unchanged += 1; continue; }
          if (t.result !== 'pending') {
            errs.push({ row: it.row, column: parsed.columns.result, code: 'conflict', message: `试管 ${it.barcode} 已有结果（${String(t.result)}），不会被覆盖` });
            continue;
          }
          await trx.updateTable('sampling_tubes').set({ result: it.result, result_at: codec.ts(at), result_import_id: id }).where('id', '=', String(t.id)).execute();
          t.result = it.result;
          applied += 1;
          if (it.result === 'positive') positives += 1;
          if (it.result === 'invalid') invalids += 1;
          await onResult(trx, round, t, it.result, at, audience);
        }
        errs.sort((a, b) => a.row - b.row);
        await trx.updateTable('sampling_result_imports').set({ applied, unchanged, positives, invalids, errors: JSON.stringify(errs.slice(0, 1000)) }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, {
          action: 'import', objectType: 'sampling_results', objectId: id, outcome: 'success', count: applied, reason: `round=${roundId}; positives=${positives}; invalids=${invalids}`,
        });
      });
      return (await this.imports(p, roundId)).items.find((x) => x.id === id)!;
    },

    async imports(p: Principal, roundId: string) {
      await visibleRound(p, roundId);
      const rows = await db.selectFrom('sampling_result_imports').selectAll().where('round_id', '=', roundId).orderBy('imported_at', 'desc').limit(50).execute();
      const users = await deps.accounts.userLabels([...new Set(rows.map((r) => String(r.imported_by)))]);
      return {
        items: rows.map((r) => ({
          id: String(r.id), fileName: String(r.file_name), rows: codec.readInt(r.rows_total), applied: codec.readInt(r.applied), unchanged: codec.readInt(r.unchanged),
          positives: codec.readInt(r.positives), invalids: codec.readInt(r.invalids),
          errors: codec.readJson<Array<{ row: number; column: string; code: string; message: string }>>(r.errors) ?? [],
          importedAt: codec.readTs(r.imported_at)!, importedBy: users.get(String(r.imported_by)) ?? '',
        })),
      };
    },

    async coverage(p: Principal, roundId: string, gridId?: string) {
      const round = await visibleRound(p, roundId);
      const targets = await samplingTargetsUnder(db, String(round.org_path));
      const sampled = new Set((await db.selectFrom('sampling_samples').select('resident_id').distinct().where('round_id', '=', roundId)
        .where('resident_id', 'is not', null).execute()).map((r) => String(r.resident_id)));
      const grids = (await deps.orgs.childrenOf(String(round.community_id))).filter((g) => g.level === 'grid');
      const byGrid = new Map<string, { expected: number; sampled: number; away: number }>(grids.map((g) => [g.id, { expected: 0, sampled: 0, away: 0 }]));
      const byBuilding = new Map<string, { expected: number; sampled: number }>();
      for (const t of targets) {
        const g = byGrid.get(t.gridId) ?? { expected: 0, sampled: 0, away: 0 };
        byGrid.set(t.gridId, g);
        if (t.away) { g.away += 1; continue; }
        g.expected += 1;
        if (sampled.has(t.id)) g.sampled += 1;
        if (gridId && t.gridId === gridId) {
          const b = byBuilding.get(t.buildingId) ?? { expected: 0, sampled: 0 };
          b.expected += 1;
          if (sampled.has(t.id)) b.sampled += 1;
          byBuilding.set(t.buildingId, b);
        }
      }
      if (gridId && !byGrid.has(gridId)) throw errors.notFound('网格', 'Grid');
      const cov = (s: number, e: number) => (e ? Math.round((s / e) * 10_000) / 10_000 : 0);
      const names = await deps.orgs.names([...byGrid.keys()]);
      const labels = await buildingLabels(db, [...byBuilding.keys()]);
      const byLabel = new Intl.Collator('zh-CN', { numeric: true });
      return {
        // Grids in the order of their codes (第一网格 … 第十二网格), as the hierarchy lists them; a name's collation would
        // put 第八 (bā) before 第一 (yī).
        grids: [...byGrid.entries()].map(([id, g]) => ({ gridId: id, name: names.get(id) ?? '', expected: g.expected, sampled: g.sampled, away: g.away, coverage: cov(g.sampled, g.expected) })),
        buildings: gridId
          ? [...byBuilding.entries()].map(([id, b]) => ({ buildingId: id, name: labels.get(id) ?? '', expected: b.expected, sampled: b.sampled, coverage: cov(b.sampled, b.expected) }))
            .sort((a, b) => byLabel.compare(a.name, b.name))
          : null,
      };
    },

    async missing(p: Principal, actor: AuditActor, roundId: string, q: { gridId?: string; buildingId?: string; page: number; pageSize: number }) {
      const round = await visibleRound(p, roundId);
      const area = peopleArea(p, String(round.org_path));
      const sampled = new Set((await db.selectFrom('sampling_samples').select('resident_id').distinct().where('round_id', '=', roundId)
        .where('resident_id', 'is not', null).execute()).map((r) => String(r.resident_id)));
      const missing = (await samplingTargetsUnder(db, area)).filter((t) => !t.away && !sampled.has(t.id)
        && (!q.gridId || t.gridId === q.gridId) && (!q.buildingId || t.buildingId === q.buildingId));
      const sketches = await personSketches(db, codec, missing.map((m) => m.id));
      const byAddress = new Intl.Collator('zh-CN', { numeric: true });
      const all = [...sketches.values()].sort((a, b) => byAddress.compare(a.address, b.address) || (a.id < b.id ? -1 : 1));
      const page = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      const grids = await deps.orgs.names([...new Set(page.map((s) => s.gridId))]);
      const items = page.map((s) => ({
        residentId: s.id, nameMasked: maskName(s.name), address: s.restricted ? null : s.address, gridName: grids.get(s.gridId) ?? '', age: ageOn(s.birthDate, now()),
        tags: s.restricted ? [] : s.tags, suggestDoorToDoor: s.tags.some((t) => HOME_TAGS.has(t)) || ageOn(s.birthDate, now()) >= 80,
      }));
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'sampling_missing', objectId: roundId, outcome: 'success', purpose: PURPOSE, count: items.length,
          fields: ['nameMasked', 'address', 'age', 'tags'], subjectIds: items.map((i) => i.residentId),
        });
      }
      return { items, total: all.length, page: q.page, pageSize: q.pageSize };
    },

    async retests(p: Principal, actor: AuditActor, roundId: string, q: { status?: RetestStatus; page: number; pageSize: number }) {
      const round = await visibleRound(p, roundId);
      const area = peopleArea(p, String(round.org_path));
      let base = db.selectFrom('sampling_retests as x').where('x.round_id', '=', roundId).where('x.org_path', 'like', `${area}%`);
      if (q.status) base = base.where('x.status', '=', q.status);
      const [rows, total] = await Promise.all([
        base.innerJoin('sampling_samples as s', 's.id', 'x.sample_id').innerJoin('sampling_tubes as t', 't.id', 'x.source_tube_id')
          .leftJoin('sampling_tubes as rt', 'rt.id', 'x.retest_tube_id')
          .select(['x.id', 'x.resident_id', 'x.grid_id', 'x.reason', 'x.status', 'x.created_at', 'x.updated_at', 's.walkin_name', 's.walkin_id_masked', 't.barcode', 'rt.barcode as retest_barcode'])
          .orderBy((eb) => eb.case().when('x.status', '=', 'pending').then(0).when('x.status', '=', 'sampled').then(1).else(2).end())
          .orderBy('x.created_at').orderBy('x.id').limit(pageOf(q).limit).offset(pageOf(q).offset).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      const ids = rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x);
      const sketches = await personSketches(db, codec, ids);
      const grids = await deps.orgs.names([...new Set(rows.map((r) => r.grid_id as string | null).filter((x): x is string => !!x))]);
      const items = rows.map((r) => {
        const sk = r.resident_id ? sketches.get(String(r.resident_id)) : undefined;
        return {
          id: String(r.id), residentId: (r.resident_id as string | null) ?? null,
          nameMasked: r.resident_id ? (sk ? maskName(sk.name) : '') : maskName(String(r.walkin_name ?? '')),
          idMasked: r.resident_id ? (sk && !sk.restricted ? sk.idMasked : RESTRICTED_ID) : String(r.walkin_id_masked ?? ''),
          gridName: r.grid_id ? grids.get(String(r.grid_id)) ?? '' : null, address: sk && !sk.restricted ? sk.address : null,
          reason: String(r.reason) as RetestReason, sourceBarcode: String(r.barcode), status: String(r.status) as RetestStatus,
          retestBarcode: (r.retest_barcode as string | null) ?? null, createdAt: codec.readTs(r.created_at)!, updatedAt: codec.readTs(r.updated_at)!,
        };
      });
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'sampling_retest', objectId: roundId, outcome: 'success', purpose: PURPOSE, count: items.length,
          fields: ['nameMasked', 'idMasked', 'address', 'sampling'], subjectIds: items.flatMap((i) => (i.residentId ? [i.residentId] : [])),
        });
      }
      return { items, total: codec.readInt(total?.n), page: q.page, pageSize: q.pageSize };
    },

    /** The resident's own code and results (self:sampling). */
    async mine(p: Principal, actor: AuditActor) {
      const me = await deps.residentOfAccount(p.id);
      if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      const today = ymdOf(now());
      const rows = await db.selectFrom('sampling_samples as s').innerJoin('sampling_tubes as t', 't.id', 's.tube_id').innerJoin('sampling_rounds as r', 'r.id', 's.round_id')
        .leftJoin('sampling_sites as site', 'site.id', 't.site_id')
        .select(['s.person_key', 's.round_id', 's.collected_at', 't.id as tube_id', 't.result', 't.pool_size', 'r.name as round_name', 'r.round_date', 'site.name as site_name'])
        .where('s.resident_id', '=', me.id).orderBy('s.collected_at', 'desc').orderBy('s.id', 'desc').limit(30).execute();
      const results = rows.map((r) => {
        const result = String(r.result) as TubeResult;
        return {
          roundName: String(r.round_name), roundDate: String(r.round_date), collectedAt: codec.readTs(r.collected_at)!, siteName: (r.site_name as string | null) ?? null,
          result: result === 'positive' ? (codec.readInt(r.pool_size) > 1 ? 'recheck' as const : 'positive' as const) : result === 'invalid' ? 'recheck' as const : result,
        };
      });
      await deps.audit.record(actor, { action: 'read', objectType: 'sampling_results', objectId: me.id, subjectId: me.id, outcome: 'success', reason: 'own_record', count: results.length });
      return { code: makeSamplingCode(crypto, me.id, codeDay(today)), codeExpiresAt: new Date(Date.parse(`${addDays(today, 2)}T00:00:00+08:00`)).toISOString(), results };
    },

    /**
     * Each resident's sampling status for the entrance gates (capability 16): the last negative tube's time, and
     * whether they are frozen — called back (a pending or sampled retest), or positive (a positive retest or single tube).
     */
    /** Residents of an area whose sampling status is frozen (a recall not yet cleared, or a positive single tube). */
    async flaggedUnder(areaPath: string): Promise<string[]> {
      const [retests, positives] = await Promise.all([
        db.selectFrom('sampling_retests').select('resident_id').where('org_path', 'like', `${areaPath}%`).where('resident_id', 'is not', null)
          .where('status', 'in', ['pending', 'sampled', 'positive']).execute(),
        db.selectFrom('sampling_samples as s').innerJoin('sampling_tubes as t', 't.id', 's.tube_id').select('s.resident_id').where('s.org_path', 'like', `${areaPath}%`)
          .where('s.resident_id', 'is not', null).where('t.result', '=', 'positive').where('t.pool_size', '=', 1).execute(),
      ]);
      return [...new Set([...retests, ...positives].map((r) => String(r.resident_id)))];
    },

    async samplingStatus(residentIds: readonly string[]): Promise<Map<string, { lastNegativeAt: string | null; frozen: boolean; positive: boolean }>> {
      const out = new Map<string, { lastNegativeAt: string | null; frozen: boolean; positive: boolean }>(residentIds.map((id) => [id, { lastNegativeAt: null, frozen: false, positive: false }]));
      const [neg, frozenRetests, positiveSingles] = await Promise.all([
        inChunks(residentIds, (part) => db.selectFrom('sampling_samples as s').innerJoin('sampling_tubes as t', 't.id', 's.tube_id')
          .select(['s.resident_id', (eb) => eb.fn.max('s.collected_at').as('at')]).where('s.resident_id', 'in', part).where('t.result', '=', 'negative').groupBy('s.resident_id').execute()),
        inChunks(residentIds, (part) => db.selectFrom('sampling_retests').select('resident_id').where('resident_id', 'in', part).where('status', 'in', ['pending', 'sampled', 'positive']).execute()),
        inChunks(residentIds, (part) => db.selectFrom('sampling_samples as s').innerJoin('sampling_tubes as t', 't.id', 's.tube_id').select('s.resident_id')
          .where('s.resident_id', 'in', part).where('t.result', '=', 'positive').where('t.pool_size', '=', 1).execute()),
      ]);
      for (const n of neg) out.get(String(n.resident_id))!.lastNegativeAt = codec.readTs(n.at);
      for (const f of [...frozenRetests, ...positiveSingles]) out.get(String(f.resident_id))!.frozen = true;
      for (const f of positiveSingles) out.get(String(f.resident_id))!.positive = true;
      return out;
    },
  };
}

export type Sampling = ReturnType<typeof createSampling>;
