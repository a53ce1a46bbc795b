import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { ymdOf } from '../privacy';
import { samplingTargetsUnder } from '../registry';
import type { Colour, ReasonCode } from './health.rules';

const DAY = 86_400_000;

/**
 * The demo community's health-code mirror (ADR 0082), once (nothing when it has a row): the district's upstream list of
 * five days ago made everyone present green; the people in home quarantine are red (close contact) or yellow (risk area,
 * monitoring) as their orders say; the demo resident is yellow (returned from a risk area three days ago) with nothing
 * appealed yet; two mismatches for the community to report: someone recalled from a positive pool still green, and the
 * person released from quarantine last week still yellow — who has appealed by phone (recorded by the grid worker).
 */
export async function seedHealthCodesDemo(
  platform: Platform, audit: AuditService, actor: AuditActor,
  d: {
    admin: Principal; districtUserId: string | null; districtPath: string | null; gridWorkerId: string | null; residentId: string | null;
    /** The quarantine module's orders in force today (by resident) and the residents whose order was released. */
    quarantine: { active: Map<string, { kind: 'home_quarantine' | 'health_monitoring'; reason: string }>; released: readonly string[] };
    flagged: string[];
  },
): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('health_codes').select('resident_id').where('org_path', 'like', `${d.admin.orgPath}%`).limit(1).executeTakeFirst()) return 0;
  const now = platform.clock.now();
  const people = await samplingTargetsUnder(db, d.admin.orgPath);
  if (people.length === 0) return 0;
  const paths = new Map((await db.selectFrom('residents').select(['id', 'org_path']).where('org_path', 'like', `${d.admin.orgPath}%`).execute()).map((r) => [String(r.id), String(r.org_path)]));
  const importAt = new Date(now.getTime() - 5 * DAY);
  const importId = uuidv7(importAt.getTime());
  const importer = d.districtUserId ?? d.admin.id;
  type Change = { residentId: string; colour: Colour; reason: ReasonCode; at: Date; source: 'upstream' | 'manual'; by: string | null; importId: string | null };
  const current = new Map<string, Change>();
  const history: Change[] = [];
  const set = (c: Change) => { history.push(c); current.set(c.residentId, c); };
  for (const p of people) set({ residentId: p.id, colour: 'green', reason: 'upstream', at: importAt, source: 'upstream', by: null, importId });
  const later = (days: number) => new Date(now.getTime() - days * DAY);
  for (const [residentId, o] of d.quarantine.active) {
    if (!paths.has(residentId)) continue;
    const colour: Colour = o.kind === 'home_quarantine' && o.reason === 'close_contact' ? 'red' : 'yellow';
    const reason: ReasonCode = o.reason === 'close_contact' ? 'close_contact' : o.reason === 'secondary_contact' ? 'secondary_contact' : o.reason === 'risk_area_return' ? 'risk_area' : 'quarantine';
    set({ residentId, colour, reason, at: later(4), source: 'manual', by: importer, importId: null });
  }
  const released = d.quarantine.released.find((id) => paths.has(id));
  if (released) set({ residentId: released, colour: 'yellow', reason: 'quarantine', at: later(20), source: 'manual', by: importer, importId: null });
  const recalled = d.flagged.find((id) => paths.has(id) && !d.quarantine.active.has(id) && !d.quarantine.released.includes(id));
  if (d.residentId && paths.has(d.residentId)) set({ residentId: d.residentId, colour: 'yellow', reason: 'risk_area', at: later(3), source: 'manual', by: importer, importId: null });
  void recalled; // stays green from the import: the local facts (a recall) say yellow — a mismatch.

  await writes.run(async (trx) => {
    await trx.insertInto('health_code_imports').values({
      id: importId, org_path: d.districtPath ?? d.admin.orgPath, file_name: '区数据比对组-健康码名单.xlsx', rows_total: people.length + 2, applied: people.length, unchanged: 0,
      errors: JSON.stringify([{ row: 17, column: '身份证号', code: 'not_found' }, { row: 42, column: '健康码', code: 'colour' }]), created_by: importer, created_at: codec.ts(importAt),
    }).execute();
    const changes = new Map<string, number>();
    for (const h of history) changes.set(h.residentId, (changes.get(h.residentId) ?? 0) + 1);
    const rows = [...current.values()].map((c) => ({ resident_id: c.residentId, org_path: paths.get(c.residentId)!, colour: c.colour, reason_code: c.reason, source: c.source, since: codec.ts(c.at), version: changes.get(c.residentId)! }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('health_codes').values(rows.slice(i, i + 200)).execute();
    const prev = new Map<string, Colour>();
    const hist = history.map((h) => {
      const row = {
        id: uuidv7(h.at.getTime()), resident_id: h.residentId, org_path: paths.get(h.residentId)!, colour: h.colour, previous: prev.get(h.residentId) ?? null, reason_code: h.reason,
        source: h.source, note: null, changed_by: h.by, import_id: h.importId, at: codec.ts(h.at), day: ymdOf(h.at),
      };
      prev.set(h.residentId, h.colour);
      return row;
    });
    for (let i = 0; i < hist.length; i += 200) await trx.insertInto('health_code_history').values(hist.slice(i, i + 200)).execute();
    if (released && d.gridWorkerId) {
      await trx.insertInto('health_appeals').values({
        id: uuidv7(later(1).getTime()), resident_id: released, org_path: paths.get(released)!, colour: 'yellow',
        reason: '居家隔离已于上周期满解除，有解除隔离证明，健康码仍是黄码（居民电话申诉，网格员代为提交）', status: 'open', created_by: d.gridWorkerId,
        created_at: codec.ts(later(1)), day: ymdOf(later(1)), decided_by: null, decided_at: null, decision_note: null, version: 1,
      }).execute();
    }
    await audit.append(trx, actor, { action: 'import', objectType: 'health_code_import', objectId: importId, outcome: 'success', reason: 'demo_seed', count: people.length });
  });
  return current.size;
}
