import { maskPlate } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { addDays, ymdOf } from '../privacy';
import { activeUnderOn } from '../quarantine';
import { samplingTargetsUnder } from '../registry';
import { decide, DEFAULT_POLICY, type Direction, type Facts, type GatePolicy } from './gates.decide';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The demo community's gates (ADR 0081), once (nothing when it has a gate): 东门 (a face terminal, GATE-A-EAST), 南门
 * (people and cars, GATE-A-SOUTH), 西门 (staffed by hand, its notice not yet posted); five registered vehicles; today's
 * and yesterday's visitors; a week of passages decided by the same rules as a live check — residents (their real
 * quarantine and sampling status), visitors, vehicles, a few unknown people —, with this morning's attempt of a
 * quarantined person to go out (denied) and two passages still to check. Written directly, one audit row per gate.
 */
export async function seedGatesDemo(
  platform: Platform, audit: AuditService, actor: AuditActor,
  d: {
    admin: Principal; volunteerId: string | null;
    quarantineOf: (ids: readonly string[]) => Promise<Map<string, { kind: 'home_quarantine' | 'health_monitoring'; endDate: string }>>;
    samplingStatus: (ids: readonly string[]) => Promise<Map<string, { lastNegativeAt: string | null; frozen: boolean }>>;
  },
): Promise<number> {
  const { db, writes, codec } = platform.database;
  const { crypto } = platform;
  if (await db.selectFrom('gates').select('id').where('org_path', 'like', `${d.admin.orgPath}%`).limit(1).executeTakeFirst()) return 0;
  const community = await db.selectFrom('orgs').select(['id', 'path']).where('path', '=', d.admin.orgPath).executeTakeFirstOrThrow();
  const grids = await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', '=', String(community.id)).where('level', '=', 'grid').orderBy('code').execute();
  if (grids.length === 0) return 0;
  const now = platform.clock.now();
  const today = ymdOf(now);
  const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
  // Never in the future, never before the day began (a seed just after midnight keeps today's passages in today).
  const clampTo = (day: string, t: number) => new Date(Math.max(dayStart(day), Math.min(now.getTime() - MIN, t)));

  let seed = 20261204;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const gates: Array<{ id: string; name: string; kind: 'pedestrian' | 'vehicle' | 'mixed'; grid: { id: string; path: string }; device: string | null; signage: string | null; policy: GatePolicy; perDay: number; location: string }> = [
    { id: uuidv7(now.getTime() - 30 * 86_400_000), name: '东门', kind: 'pedestrian', grid: grids[0]!, device: 'GATE-A-EAST', signage: addDays(today, -20), policy: DEFAULT_POLICY, perDay: 150, location: '东门岗亭（人脸识别闸机）' },
    { id: uuidv7(now.getTime() - 30 * 86_400_000 + 1), name: '南门', kind: 'mixed', grid: grids[Math.min(1, grids.length - 1)]!, device: 'GATE-A-SOUTH', signage: addDays(today, -20), policy: DEFAULT_POLICY, perDay: 70, location: '南门车行道与人行道' },
    { id: uuidv7(now.getTime() - 30 * 86_400_000 + 2), name: '西门', kind: 'pedestrian', grid: grids[grids.length - 1]!, device: null, signage: null, policy: { samplingHours: 48, samplingAction: 'review', unknown: 'review' }, perDay: 60, location: '西门临时卡口（人工值守）' },
  ];

  // Residents who pass, with their real status (a quarantined person's attempt to go out is added on its own).
  const targets = (await samplingTargetsUnder(db, String(community.path))).filter((t) => !t.away).sort((a, b) => a.id.localeCompare(b.id)).slice(0, 240);
  const ids = targets.map((t) => t.id);
  const [quarantine, sampling] = await Promise.all([d.quarantineOf(ids), d.samplingStatus(ids)]);
  const walkers = ids.filter((id) => !quarantine.has(id));
  // The oldest order of home quarantine in force today (the quarantine module's residents under orders, then their kind).
  const underOrder = await activeUnderOn(db, String(community.path), today);
  const orders = await d.quarantineOf(underOrder);
  const quarantined = underOrder.find((id) => orders.get(id)?.kind === 'home_quarantine');

  const plates = ['浙L3F872', '浙L6M215', '浙LD09381', '浙L2K5Q7', '沪A7N063'];
  const vehicles = plates.map((plate, i) => ({
    id: uuidv7(now.getTime() - (20 - i) * 86_400_000), plate, kind: (['resident', 'resident', 'supply', 'resident', 'medical'] as const)[i]!, residentId: i === 0 || i === 1 || i === 3 ? ids[i * 7] ?? null : null,
    note: ['', '', '保供蔬菜配送车（每日上午）', '', '社区卫生服务站转运车'][i] || null,
  }));
  const visitNames = ['周晓燕', '陈建国', '林雨桐', '吴海波', '郑可欣', '许志明'];
  const visits = visitNames.map((name, i) => {
    const date = i < 4 ? today : addDays(today, -1);
    const code = `RXV-${Array.from({ length: 10 }, () => pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'])).join('')}`;
    return {
      id: uuidv7(dayStart(date) + (8 + i) * HOUR), gate: gates[i % 2]!, name, phone: `1390571${String(1000 + i * 137).padStart(4, '0')}`, host: `${3 + i}幢${1 + (i % 3)}单元${201 + i * 100}室`,
      reason: (['family', 'delivery', 'repair', 'medical', 'family', 'other'] as const)[i]!, date, code, entered: i !== 1 && i !== 3,
      at: clampTo(date, dayStart(date) + (8 + i) * HOUR + 20 * MIN),
    };
  });

  type Row = Record<string, unknown>;
  const events: Row[] = [];
  const event = (gate: (typeof gates)[number], at: Date, direction: Direction, method: string, subject: Facts['subject'], ref: { residentId?: string; visitId?: string; vehicleId?: string }, resolved?: 'let_in' | 'turned_away') => {
    const { decision, reasons } = decide({ direction, now: at, subject }, gate.policy);
    const review = decision === 'review' && resolved ? resolved : null;
    events.push({
      id: uuidv7(at.getTime()), gate_id: gate.id, org_path: gate.grid.path, device_id: gate.device && method === 'face' ? gate.device : null,
      event_id: gate.device && method === 'face' ? `seed-${events.length}` : null, direction, method, subject: subject.kind,
      resident_id: ref.residentId ?? null, visit_id: ref.visitId ?? null, vehicle_id: ref.vehicleId ?? null, claimed_colour: null, match_score: method === 'face' ? 0.93 : null,
      decision, reasons: JSON.stringify(reasons), device_time: method === 'face' ? codec.ts(at) : null, at: codec.ts(at), day: ymdOf(at),
      checked_by: method === 'face' ? null : d.volunteerId ?? d.admin.id, review_outcome: review, reviewed_by: review ? d.volunteerId ?? d.admin.id : null,
      reviewed_at: review ? codec.ts(new Date(at.getTime() + 2 * MIN)) : null, review_note: review === 'let_in' ? '电话联系被访住户确认' : null,
    });
  };
  // Busy at 7–9 and 17–19, quiet at night.
  const weight = (h: number) => (h < 6 ? 0.1 : h < 7 ? 0.5 : h < 9 ? 2.2 : h < 17 ? 1 : h < 19 ? 2 : h < 22 ? 0.8 : 0.2);
  const total = Array.from({ length: 24 }, (_, h) => weight(h)).reduce((a, b) => a + b, 0);
  for (let back = 6; back >= 0; back--) {
    const day = addDays(today, -back);
    for (const gate of gates) {
      for (let h = 0; h < 24; h++) {
        const n = Math.round((gate.perDay * weight(h)) / total * (0.8 + rnd() * 0.4));
        for (let k = 0; k < n; k++) {
          const t = dayStart(day) + h * HOUR + Math.floor(rnd() * HOUR);
          if (t > now.getTime() - MIN) continue;
          const at = new Date(t);
          const direction: Direction = h < 12 ? (rnd() < 0.7 ? 'out' : 'in') : (rnd() < 0.7 ? 'in' : 'out');
          const r = rnd();
          const resolved = back > 0 || k % 3 !== 0 ? 'let_in' : undefined;
          if (gate.kind !== 'pedestrian' && r < 0.3) {
            const car = rnd() < 0.85 ? pick(vehicles) : null;
            event(gate, at, direction, 'plate', { kind: 'vehicle', registered: !!car }, car ? { vehicleId: car.id } : {}, resolved);
          } else if (r < 0.95) {
            const id = pick(walkers);
            const s = sampling.get(id) ?? { lastNegativeAt: null, frozen: false };
            event(gate, at, direction, gate.device ? 'face' : 'idcard', { kind: 'resident', here: true, status: 'active', quarantine: null, sampling: s }, { residentId: id }, resolved);
          } else {
            event(gate, at, direction, 'idcard', { kind: 'unknown' }, {}, resolved);
          }
        }
      }
    }
  }
  for (const v of visits.filter((x) => x.entered)) event(v.gate, v.at, 'in', 'qr', { kind: 'visitor', today: true, used: false }, { visitId: v.id });
  // This morning (or just now, early in the day) a person in home quarantine tried to leave by the east gate.
  if (quarantined) {
    event(gates[0]!, clampTo(today, dayStart(today) + 7 * HOUR + 42 * MIN), 'out', 'face',
      { kind: 'resident', here: true, status: 'active', quarantine: { kind: 'home_quarantine' }, sampling: sampling.get(quarantined) ?? { lastNegativeAt: null, frozen: false } }, { residentId: quarantined });
  }
  // Two passages still to check at the west gate, whatever the hour.
  event(gates[2]!, clampTo(today, now.getTime() - 12 * MIN), 'in', 'idcard', { kind: 'unknown' }, {});
  event(gates[2]!, clampTo(today, now.getTime() - 4 * MIN), 'in', 'plate', { kind: 'vehicle', registered: false }, {});

  await writes.run(async (trx) => {
    for (const g of gates) {
      await trx.insertInto('gates').values({
        id: g.id, community_id: String(community.id), grid_id: g.grid.id, org_path: g.grid.path, name: g.name, kind: g.kind, location: g.location, purpose: '疫情防控出入核验',
        signage_on: g.signage, device_id: g.device, policy: JSON.stringify(g.policy), status: 'active', created_by: d.admin.id, created_at: codec.ts(new Date(now.getTime() - 30 * 86_400_000)), version: 1,
      }).execute();
      await audit.append(trx, actor, { action: 'create', objectType: 'gate', objectId: g.id, outcome: 'success', reason: 'demo_seed' });
    }
    for (const v of vehicles) {
      await trx.insertInto('gate_vehicles').values({
        id: v.id, community_id: String(community.id), org_path: String(community.path), plate_enc: crypto.encrypt('gate_vehicles.plate_enc', v.plate),
        plate_bidx: crypto.blindIndex('plate', v.plate), plate_masked: maskPlate(v.plate), kind: v.kind, resident_id: v.residentId, note: v.note,
        created_by: d.admin.id, created_at: codec.ts(new Date(now.getTime() - 20 * 86_400_000)), version: 1,
      }).execute();
    }
    for (const v of visits) {
      await trx.insertInto('gate_visits').values({
        id: v.id, gate_id: v.gate.id, community_id: String(community.id), org_path: v.gate.grid.path, name_enc: crypto.encrypt('gate_visits.name_enc', v.name),
        phone_enc: crypto.encrypt('gate_visits.phone_enc', v.phone), phone_bidx: crypto.blindIndex('phone', v.phone), host: v.host, reason: v.reason, visit_date: v.date, code: v.code,
        status: v.entered ? 'entered' : 'registered', created_at: codec.ts(new Date(v.at.getTime() - 10 * MIN)), entered_at: v.entered ? codec.ts(v.at) : null,
      }).execute();
    }
    for (let i = 0; i < events.length; i += 200) await trx.insertInto('gate_events').values(events.slice(i, i + 200)).execute();
  });
  return events.length;
}
