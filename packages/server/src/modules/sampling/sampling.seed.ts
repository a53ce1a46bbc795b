import { makeCnId, maskCnId } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { ymdOf } from '../privacy';
import { samplingTargetsUnder } from '../registry';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CHUNK = 400;

/** Invented walk-ins (外来人员) of the demo: synthetic names, valid-checksum ID numbers of another county (岱山县 330921). */
const WALK_INS: Array<[string, string]> = [['钱明远', '1979-03-14'], ['孙晓燕', '1992-11-02'], ['周建国', '1968-07-21'], ['吴佳琪', '2001-05-30'], ['郑海波', '1985-01-09']];

/** A deterministic share of a record id: 0–99. */
const bucket = (id: string) => { let h = 0; for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0; return h % 100; };
const mmdd = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;

/**
 * The demo community's sampling (ADR 0079), once (nothing when it has a round): two sites; yesterday's round, closed, in
 * 10-in-1 tubes covering about 88 % of the residents present, with a handful of walk-ins, all results in — every tube
 * negative but one positive pool, whose ten members were called back: seven already re-sampled in single tubes
 * (negative), three still pending; and today's open round at about a third. The demo resident is in both rounds.
 * Written directly in bulk (thousands of samples), with one audit row per round.
 */
export async function seedSamplingDemo(
  platform: Platform, audit: AuditService, actor: AuditActor, d: { admin: Principal; collectorId: string; residentId: string | null },
): Promise<number> {
  const { db, writes, codec } = platform.database;
  const { crypto } = platform;
  const communityPath = d.admin.orgPath;
  if (await db.selectFrom('sampling_rounds').select('id').where('org_path', '=', communityPath).limit(1).executeTakeFirst()) return 0;
  const community = await db.selectFrom('orgs').select('id').where('path', '=', communityPath).executeTakeFirstOrThrow();
  const now = platform.clock.now();
  const ts = (ms: number) => codec.ts(new Date(ms));
  const targets = (await samplingTargetsUnder(db, communityPath)).filter((t) => !t.away)
    .sort((a, b) => a.gridId.localeCompare(b.gridId) || a.buildingId.localeCompare(b.buildingId) || a.id.localeCompare(b.id));
  const grids = [...new Set(targets.map((t) => t.gridId))];
  const gridPaths = new Map((await db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', grids.length ? grids : ['-']).execute()).map((g) => [String(g.id), String(g.path)]));
  const inserts: Array<[string, Array<Record<string, unknown>>]> = [];
  const add = (table: string, row: Record<string, unknown>) => {
    const last = inserts[inserts.length - 1];
    if (last && last[0] === table && last[1].length < CHUNK) last[1].push(row);
    else inserts.push([table, [row]]);
  };

  const sites = [
    { id: uuidv7(), name: '社区服务中心采样点', address: '社区党群服务中心东侧停车场', stations: 4 },
    { id: uuidv7(), name: '海滨广场采样点', address: '海滨广场（演示）北入口', stations: 2 },
  ];
  for (const s of sites) {
    add('sampling_sites', {
      id: s.id, community_id: String(community.id), org_path: communityPath, name: s.name, address: s.address, stations: s.stations, active: codec.bool(true),
      created_by: d.admin.id, created_at: ts(now.getTime() - 30 * DAY), version: 1,
    });
  }

  const yesterday = ymdOf(new Date(now.getTime() - DAY));
  const today = ymdOf(now);
  type Sampled = { residentId: string | null; gridId: string | null; walkIn?: [string, string] };
  /** Writes a round: tubes of `pool` in order, collected over the two hours before `endMs`. */
  const writeRound = (roundId: string, people: Sampled[], pool: number, endMs: number, results: boolean) => {
    const tubes: Array<{ id: string; barcode: string; members: Sampled[] }> = [];
    for (let i = 0; i < people.length; i += pool) tubes.push({ id: uuidv7(), barcode: '', members: people.slice(i, i + pool) });
    tubes.forEach((t, i) => {
      const at = endMs - (tubes.length - i) * Math.floor((2 * HOUR) / Math.max(1, tubes.length));
      const site = sites[i % 3 === 2 ? 1 : 0]!;
      t.barcode = `${roundId === roundIds.closed ? 'A' : 'B'}${today.replaceAll('-', '').slice(2)}${String(i + 1).padStart(5, '0')}`;
      add('sampling_tubes', {
        id: t.id, round_id: roundId, org_path: communityPath, barcode: t.barcode, site_id: site.id, station: (i % site.stations) + 1, door_to_door: codec.bool(false),
        pool_size: pool, members: t.members.length, collected_by: d.collectorId, sealed_at: ts(at), result: results ? 'negative' : 'pending',
        result_at: results ? ts(now.getTime() - 16 * HOUR) : null, result_import_id: results ? importId : null,
      });
      t.members.forEach((m, j) => {
        const collected = at - (t.members.length - j) * 20_000;
        const walk = m.walkIn ? makeCnId('330921', m.walkIn[1], 100 + j) : null;
        add('sampling_samples', {
          id: uuidv7(), tube_id: t.id, round_id: roundId, position: j + 1,
          person_key: m.residentId ? `r:${m.residentId}` : `x:${crypto.blindIndex('cnid', walk!)}`, resident_id: m.residentId, grid_id: m.gridId,
          org_path: m.gridId ? gridPaths.get(m.gridId) ?? communityPath : communityPath,
          walkin_name: m.walkIn ? m.walkIn[0] : null, walkin_id_enc: walk ? crypto.encrypt('residents.id_number', walk) : null,
          walkin_id_bidx: walk ? crypto.blindIndex('cnid', walk) : null, walkin_id_masked: walk ? maskCnId(walk) : null,
          repeat_sample: codec.bool(false), collected_at: ts(collected), collected_on: ymdOf(new Date(collected)),
        });
      });
    });
    return tubes;
  };

  const roundIds = { closed: uuidv7(), open: uuidv7() };
  const importId = uuidv7();
  const must = (id: string | null) => (id ? targets.filter((t) => t.id === id) : []);
  const closedPeople: Sampled[] = [
    ...targets.filter((t) => bucket(t.id) >= 12 || t.id === d.residentId).map((t) => ({ residentId: t.id, gridId: t.gridId })),
    ...WALK_INS.map((w) => ({ residentId: null, gridId: null, walkIn: w })),
  ];
  const openPeople: Sampled[] = [
    ...must(d.residentId).map((t) => ({ residentId: t.id, gridId: t.gridId })),
    ...targets.filter((t) => t.id !== d.residentId && bucket(t.id) < 34 && bucket(t.id) % 2 === 0).map((t) => ({ residentId: t.id, gridId: t.gridId })),
  ];
  // The positive pool: the 7th tube of yesterday, unless it holds the demo resident (then the 8th).
  const endClosed = Date.parse(`${yesterday}T11:00:00+08:00`);
  add('sampling_rounds', {
    id: roundIds.closed, community_id: String(community.id), org_path: communityPath, name: `${mmdd(yesterday)}全员核酸`, round_date: yesterday, pool_size: 10,
    note: '10 合 1 混采；行动不便的老人由网格员和医生上门采样', status: 'closed', created_by: d.admin.id, created_at: ts(endClosed - 6 * HOUR),
    closed_at: ts(endClosed + HOUR), closed_by: d.admin.id, version: 2,
  });
  add('sampling_result_imports', {
    id: importId, round_id: roundIds.closed, org_path: communityPath, file_name: `检测结果-${yesterday}.xlsx`, rows_total: Math.ceil(closedPeople.length / 10),
    applied: Math.ceil(closedPeople.length / 10), unchanged: 0, positives: 1, invalids: 0, errors: '[]', imported_by: d.admin.id, imported_at: ts(now.getTime() - 16 * HOUR),
  });
  const closedTubes = writeRound(roundIds.closed, closedPeople, 10, endClosed, true);
  const positive = closedTubes.find((t, i) => i >= 6 && !t.members.some((m) => m.residentId === d.residentId) && t.members.every((m) => m.residentId));
  const endOpen = Math.min(now.getTime() - 10 * 60_000, Date.parse(`${today}T11:00:00+08:00`));
  add('sampling_rounds', {
    id: roundIds.open, community_id: String(community.id), org_path: communityPath, name: `${mmdd(today)}全员核酸`, round_date: today, pool_size: 10,
    note: '今日 7:00–11:00、15:00–18:00 两个时段', status: 'open', created_by: d.admin.id, created_at: ts(endOpen - 5 * HOUR), closed_at: null, closed_by: null, version: 1,
  });
  writeRound(roundIds.open, openPeople, 10, endOpen, false);

  // The positive pool's recall: seven re-sampled in single tubes this morning (negative), three still pending.
  const retests: Array<Record<string, unknown>> = [];
  const retestTubes: Array<Record<string, unknown>> = [];
  const retestSamples: Array<Record<string, unknown>> = [];
  if (positive) {
    const recalledAt = now.getTime() - 15 * HOUR;
    positive.members.forEach((m, i) => {
      const retestTube = i < 7 ? uuidv7() : null;
      const at = endOpen - (10 - i) * 6 * 60_000;
      if (retestTube) {
        retestTubes.push({
          id: retestTube, round_id: roundIds.closed, org_path: communityPath, barcode: `R${today.replaceAll('-', '').slice(2)}${String(i + 1).padStart(5, '0')}`,
          site_id: sites[0]!.id, station: 1, door_to_door: codec.bool(false), pool_size: 1, members: 1, collected_by: d.collectorId, sealed_at: ts(at),
          result: 'negative', result_at: ts(Math.min(now.getTime() - 5 * 60_000, at + 3 * HOUR)), result_import_id: null,
        });
        retestSamples.push({
          id: uuidv7(), tube_id: retestTube, round_id: roundIds.closed, position: 1, person_key: `r:${m.residentId}`, resident_id: m.residentId, grid_id: m.gridId,
          org_path: gridPaths.get(m.gridId!) ?? communityPath, walkin_name: null, walkin_id_enc: null, walkin_id_bidx: null, walkin_id_masked: null,
          repeat_sample: codec.bool(true), collected_at: ts(at), collected_on: ymdOf(new Date(at)),
        });
      }
      retests.push({
        sample_key: `r:${m.residentId}`, resident_id: m.residentId, grid_id: m.gridId, org_path: gridPaths.get(m.gridId!) ?? communityPath, retest_tube_id: retestTube,
        status: retestTube ? 'negative' : 'pending', recalled_on: ymdOf(new Date(recalledAt)), created_at: ts(recalledAt), updated_at: ts(retestTube ? at : recalledAt),
      });
    });
  }

  await writes.run(async (trx: Transaction<any>) => {
    for (const [table, rows] of inserts) await trx.insertInto(table).values(rows).execute();
    if (positive) {
      await trx.updateTable('sampling_tubes').set({ result: 'positive' }).where('id', '=', positive.id).execute();
      if (retestTubes.length) {
        await trx.insertInto('sampling_tubes').values(retestTubes).execute();
        await trx.insertInto('sampling_samples').values(retestSamples).execute();
      }
      const sources = await trx.selectFrom('sampling_samples').select(['id', 'person_key']).where('tube_id', '=', positive.id).execute();
      const sampleOf = new Map(sources.map((s) => [String(s.person_key), String(s.id)]));
      for (const r of retests) {
        const { sample_key: key, ...rest } = r;
        await trx.insertInto('sampling_retests').values({
          id: uuidv7(), round_id: roundIds.closed, sample_id: sampleOf.get(String(key))!, source_tube_id: positive.id, person_key: String(key), reason: 'positive_pool', ...rest,
        }).execute();
      }
    }
    for (const id of [roundIds.closed, roundIds.open]) {
      await audit.append(trx, actor, { action: 'seed', objectType: 'sampling_round', objectId: id, outcome: 'success', purpose: 'epidemic.sampling' });
    }
  });
  return closedPeople.length + openPeople.length;
}
