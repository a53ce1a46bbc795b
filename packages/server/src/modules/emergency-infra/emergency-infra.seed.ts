import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditService } from '../audit';
import type { EmergencyInfra } from './emergency-infra.service';

/**
 * The demo community's shelters and lanes (ADR 0078), once (nothing when it has a shelter), through the module's own
 * rules: three shelters (the party-service centre, a school playground, a seaside park — invented names) holding fewer
 * people than live here, the park never inspected (due); four lanes; two open occupation reports — one from a resident
 * (a car on the fire lane, past its deadline) and one from the grid worker — and one cleared yesterday.
 */
export async function seedEmergencyInfraDemo(
  platform: Platform, infra: EmergencyInfra, audit: AuditService, actor: AuditActor, d: { admin: Principal; worker: Principal | null; residentId: string | null },
): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('shelters').select('id').where('org_path', '=', d.admin.orgPath).limit(1).executeTakeFirst()) return 0;
  const run = (write: (trx: any) => Promise<unknown>, action: string, objectType: string, objectId: string) => writes.run(async (trx) => {
    await write(trx);
    await audit.append(trx, actor, { action, objectType, objectId, outcome: 'success' });
  });
  const shelters = [
    { name: '社区党群服务中心', kind: 'community_centre', address: '社区党群服务中心一至二楼', capacity: 200, areaM2: 600, facilities: ['water', 'power', 'lighting', 'toilets', 'broadcast', 'storage'], inspect: true },
    { name: '港湾小学操场', kind: 'school', address: '港湾小学（演示）北侧操场', capacity: 800, areaM2: 3200, facilities: ['water', 'power', 'lighting', 'toilets'], inspect: true },
    { name: '滨海公园', kind: 'park', address: '滨海公园（演示）中心草坪', capacity: 1500, areaM2: 6000, facilities: ['water', 'toilets'], inspect: false },
  ] as const;
  for (const s of shelters) {
    const made = await infra.addShelter(d.admin, { name: s.name, kind: s.kind, address: s.address, capacity: s.capacity, areaM2: s.areaM2, facilities: [...s.facilities], status: 'standby', intervalDays: 30 });
    await run(made.write, 'create', 'shelter', made.id);
    if (s.inspect) {
      const problem = s.kind === 'school';
      const i = await infra.inspect(d.worker ?? d.admin, made.id, {
        checks: { access: 'ok', signage: problem ? 'problem' : 'ok', water: 'ok', power: 'ok', sanitation: 'ok', equipment: 'ok' },
        note: problem ? '操场入口的避难场所指示牌被树枝挡住，已报学校修剪' : '应急灯、广播试用正常',
      });
      await run(i.write, 'shelter_inspection', 'shelter', made.id);
    }
  }
  const lanes: Array<[string, 'fire' | 'evacuation' | 'ambulance', string]> = [
    ['1号消防通道', 'fire', '港务新村 1幢至3幢东侧'],
    ['2号消防通道', 'fire', '东门散居楼 北侧小路'],
    ['救护车通道', 'ambulance', '社区南门至 5幢'],
    ['疏散通道（南）', 'evacuation', '社区南门至滨海公园'],
  ];
  const laneIds: string[] = [];
  for (const [name, kind, location] of lanes) {
    const l = await infra.addLane(d.admin, { name, kind, location });
    await run(l.write, 'create', 'emergency_lane', l.id);
    laneIds.push(l.id);
  }
  const now = platform.clock.now().getTime();
  const report = async (laneId: string, description: string, hoursAgo: number, by: Principal) => {
    const r = await infra.staffReport(by, { laneId, description });
    await run(r.write, 'lane_report', 'lane_report', r.id);
    await writes.run((trx) => trx.updateTable('lane_reports').set({
      reported_at: codec.ts(new Date(now - hoursAgo * 3_600_000)), due_at: codec.ts(new Date(now - hoursAgo * 3_600_000 + 2 * 3_600_000)),
    }).where('id', '=', r.id).execute());
    return r.id;
  };
  // A resident's report of a car on the fire lane, three hours ago (past its two hours): the reporter is the demo resident's account.
  const overdue = await report(laneIds[0]!, '一辆白色轿车（浙L·D5***）长期停在通道口，消防车过不去', 3, d.admin);
  if (d.residentId) {
    await writes.run((trx) => trx.updateTable('lane_reports').set({ reporter_id: d.residentId!, by_resident: codec.bool(true) }).where('id', '=', overdue).execute());
  }
  await report(laneIds[2]!, '快递柜旁堆了十几个纸箱和一辆旧电动车', 0.5, d.worker ?? d.admin);
  const done = await report(laneIds[1]!, '装修垃圾堆在通道中间', 26, d.worker ?? d.admin);
  const h = await infra.handle(d.admin, done, { outcome: 'cleared', resolution: '已联系业主当天清运，通道恢复畅通', version: 1 });
  await run(h.write, 'lane_report_handle', 'lane_report', done);
  await writes.run((trx) => trx.updateTable('lane_reports').set({ handled_at: codec.ts(new Date(now - 25 * 3_600_000)) }).where('id', '=', done).execute());
  return shelters.length;
}
