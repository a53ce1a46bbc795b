import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { addDays, ymdOf } from '../privacy';
import { personSketches, samplingTargetsUnder } from '../registry';
import { QUARANTINE_POLICIES } from './quarantine.service';

const MIN = 60_000;

/**
 * The demo community's home quarantine (ADR 0080), once (nothing when it has an order): three active orders — 14 days on
 * day 3 with this morning's check in and the afternoon's not; 7 days on day 5 whose door sensor opened this morning; a
 * 7-day health monitoring on its last day, to be released today —, one awaiting the street's approval, one released
 * last week with its certificate; needs open, taken by the volunteer, and done. The demo resident is not among them.
 * Written directly (the released order's dates lie before what a new order may start on), one audit row per order.
 */
export async function seedQuarantineDemo(
  platform: Platform, audit: AuditService, actor: AuditActor,
  d: { admin: Principal; doctorId: string | null; streetId: string | null; gridWorkerId: string | null; volunteerId: string | null; residentId: string | null },
): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('quarantine_orders').select('id').where('org_path', 'like', `${d.admin.orgPath}%`).limit(1).executeTakeFirst()) return 0;
  const community = await db.selectFrom('orgs').select('id').where('path', '=', d.admin.orgPath).executeTakeFirstOrThrow();
  const gridOfWorker = d.gridWorkerId ? (await db.selectFrom('users').select('org_id').where('id', '=', d.gridWorkerId).executeTakeFirst())?.org_id : null;
  // Adults present, in a deterministic order; the grid worker's grid first (their board is not empty).
  const targets = (await samplingTargetsUnder(db, d.admin.orgPath)).filter((t) => !t.away && t.id !== d.residentId)
    .sort((a, b) => Number(b.gridId === gridOfWorker) - Number(a.gridId === gridOfWorker) || a.id.localeCompare(b.id));
  const sketches = await personSketches(db, codec, targets.slice(0, 40).map((t) => t.id));
  const people = targets.slice(0, 40).map((t) => sketches.get(t.id)!).filter((s) => s && s.status === 'active' && !s.restricted && Number(s.birthDate.slice(0, 4)) < 2004).slice(0, 5);
  if (people.length < 5) return 0;
  const now = platform.clock.now();
  const today = ymdOf(now);
  // A time of a day, never later than a few minutes ago, and never before that day began (Shanghai): just after midnight
  // "today 07:40" is not yet, and five minutes ago was still yesterday.
  const at = (day: string, hhmm: string) => new Date(Math.max(Date.parse(`${day}T00:00:00+08:00`),
    Math.min(now.getTime() - 5 * MIN, Date.parse(`${day}T${hhmm}:00+08:00`))));
  const proposer = d.doctorId ?? d.admin.id;
  const approver = d.streetId ?? d.admin.id;
  type Spec = { code: 'home14' | 'home7' | 'monitor7'; start: string; status: 'active' | 'pending' | 'released'; reason: string; sensor: string | null; note: string };
  const specs: Spec[] = [
    { code: 'home14', start: addDays(today, -2), status: 'active', reason: 'close_contact', sensor: 'MC-0101', note: '与外地确诊病例同乘一趟航班' },
    { code: 'home7', start: addDays(today, -4), status: 'active', reason: 'risk_area_return', sensor: 'MC-0102', note: '自中风险地区返回' },
    { code: 'monitor7', start: addDays(today, -6), status: 'active', reason: 'secondary_contact', sensor: null, note: '密接者的同事' },
    { code: 'home14', start: today, status: 'pending', reason: 'inbound', sensor: null, note: '入境后集中隔离期满，转居家隔离' },
    { code: 'home14', start: addDays(today, -20), status: 'released', reason: 'close_contact', sensor: null, note: '同一楼道的确诊病例密接' },
  ];
  const orders = specs.map((s, i) => ({ ...s, id: uuidv7(now.getTime() - (10 - i) * MIN), person: people[i]! }));
  await writes.run(async (trx) => {
    for (const o of orders) {
      const pol = QUARANTINE_POLICIES.find((p) => p.code === o.code)!;
      const end = addDays(o.start, pol.days - 1);
      const proposedAt = at(addDays(o.start, -1), '16:00');
      await trx.insertInto('quarantine_orders').values({
        id: o.id, resident_id: o.person.id, community_id: String(community.id), grid_id: o.person.gridId, org_path: o.person.orgPath, kind: pol.kind, policy_code: pol.code,
        days: pol.days, sampling_days: JSON.stringify(pol.samplingDays), checks_per_day: pol.checksPerDay, reason: o.reason, note: o.note, start_date: o.start, end_date: end,
        sensor_id: o.sensor, status: o.status, proposed_by: proposer, proposed_at: codec.ts(proposedAt),
        decided_by: o.status === 'pending' ? null : approver, decided_at: o.status === 'pending' ? null : codec.ts(new Date(proposedAt.getTime() + 40 * MIN)),
        decision_note: o.status === 'pending' ? null : '同意', released_by: o.status === 'released' ? d.admin.id : null,
        released_at: o.status === 'released' ? codec.ts(at(addDays(end, 1), '09:30')) : null,
        certificate_no: o.status === 'released' ? `JC-${addDays(end, 1).replaceAll('-', '')}-${o.id.replaceAll('-', '').slice(-6).toUpperCase()}` : null,
        cancel_reason: null, door_notified_at: null, version: o.status === 'pending' ? 1 : o.status === 'released' ? 3 : 2,
      }).execute();
      // Checks of the days so far (the released one's whole period), all normal; today's morning only for the first.
      const lastDay = o.status === 'released' ? end : addDays(today, -1);
      for (let day = o.start; o.status !== 'pending' && day <= lastDay; day = addDays(day, 1)) {
        const slots = pol.checksPerDay === 2 ? (['am', 'pm'] as const) : (['am'] as const);
        for (const slot of slots) {
          await trx.insertInto('quarantine_checks').values({
            id: uuidv7(), order_id: o.id, org_path: o.person.orgPath, check_date: day, slot, temperature: slot === 'am' ? 36.4 : 36.6, symptoms: '[]', fever: codec.bool(false),
            note: null, checked_by: d.gridWorkerId ?? d.admin.id, by_self: codec.bool(slot === 'am'), checked_at: codec.ts(at(day, slot === 'am' ? '08:10' : '15:20')),
          }).execute();
        }
      }
      await audit.append(trx, actor, { action: 'seed', objectType: 'quarantine_order', objectId: o.id, outcome: 'success' });
    }
    const [a, b, c] = orders;
    await trx.insertInto('quarantine_checks').values({
      id: uuidv7(), order_id: a!.id, org_path: a!.person.orgPath, check_date: today, slot: 'am', temperature: 36.5, symptoms: '[]', fever: codec.bool(false), note: null,
      checked_by: d.gridWorkerId ?? d.admin.id, by_self: codec.bool(true), checked_at: codec.ts(at(today, '08:10')),
    }).execute();
    await trx.insertInto('quarantine_door_events').values([
      { id: uuidv7(), order_id: b!.id, org_path: b!.person.orgPath, sensor_id: 'MC-0102', event: 'open', at: codec.ts(at(today, '07:40')), received_at: codec.ts(at(today, '07:40')) },
      { id: uuidv7(), order_id: b!.id, org_path: b!.person.orgPath, sensor_id: 'MC-0102', event: 'close', at: codec.ts(at(today, '07:42')), received_at: codec.ts(at(today, '07:42')) },
    ]).execute();
    const need = (order: typeof a, kind: string, detail: string, status: 'open' | 'taken' | 'done', self: boolean, minutesAgo: number) => ({
      id: uuidv7(now.getTime() - minutesAgo * MIN), order_id: order!.id, org_path: order!.person.orgPath, kind, detail, status,
      created_by: self ? (d.gridWorkerId ?? d.admin.id) : (d.gridWorkerId ?? d.admin.id), by_self: codec.bool(self), created_at: codec.ts(new Date(now.getTime() - minutesAgo * MIN)),
      taken_by: status === 'open' ? null : d.volunteerId ?? d.admin.id, taken_at: status === 'open' ? null : codec.ts(new Date(now.getTime() - (minutesAgo - 20) * MIN)),
      done_note: status === 'done' ? '已清运，消毒后放回门口' : null, done_at: status === 'done' ? codec.ts(new Date(now.getTime() - (minutesAgo - 60) * MIN)) : null,
      version: status === 'open' ? 1 : status === 'taken' ? 2 : 3,
    });
    await trx.insertInto('quarantine_needs').values([
      need(a, 'groceries', '需要一周的蔬菜和鸡蛋，可放门口', 'open', true, 50),
      need(b, 'medicine', '家中老人的降压药快吃完了', 'open', false, 90),
      need(c, 'counselling', '隔离期间睡不好，想和心理咨询师聊聊', 'taken', true, 200),
      need(a, 'garbage', '生活垃圾两袋', 'done', true, 600),
    ]).execute();
  });
  return orders.length;
}
