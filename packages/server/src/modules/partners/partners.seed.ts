import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor } from '../audit';
import { ymdOf } from '../privacy';
import { syntheticCreditCode } from './credit-code';
import type { Partners } from './partners.service';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * 多方协同 demo (ADR 0091): community A's partners as the capability describes them — the party branch, the residents'
 * committee, the owners' committee, the property company, the volunteer team, a unit based in the area, and 12 social
 * organisations (4 registered with a credit code, 8 filed); the matrix for the work-task kinds; a haircut service with
 * 5,000+ haircuts recorded over the outbreak; counselling bookable remotely, run by the `volunteer` account, with the
 * coming days' slots. Invented names and numbers. Idempotent: skipped once a unit exists.
 */
export async function seedPartnersDemo(platform: Platform, partners: Partners, actor: AuditActor, o: { admin: Principal; counsellor: Principal | null }) {
  const { db, codec } = platform.database;
  if (await db.selectFrom('partner_units').select('id').limit(1).executeTakeFirst()) return;
  const now = platform.clock.now();
  const add = (b: Parameters<Partners['create']>[2]) => partners.create(o.admin, actor, b);
  const party = await add({ kind: 'party', name: '幸福社区党总支', contactName: '周红梅', contactPhone: '13905800101', servicesNote: '统筹协调、党员双报到' });
  const committee = await add({ kind: 'residents_committee', name: '幸福社区居民委员会', contactName: '陈建国', contactPhone: '13905800102' });
  await add({ kind: 'owners_committee', name: '幸福小区业主委员会', contactName: '林国庆', contactPhone: '13905800103' });
  const property = await add({ kind: 'property', name: '安居物业服务有限公司幸福项目部', contactName: '王立新', contactPhone: '13905800104', servicesNote: '门岗、保洁、消杀、快递代收' });
  const team = await add({ kind: 'volunteer_team', name: '幸福社区志愿服务队', contactName: '赵小燕', contactPhone: '13905800105' });
  await add({ kind: 'resident_unit', name: '定海区第二小学', contactName: '孙丽', contactPhone: '13905800106', servicesNote: '场地支持（采样点）' });
  const socials: Array<[string, string | null]> = [
    ['暖心理发志愿服务社', '义剪'], ['心语心理咨询服务中心', '心理疏导'], ['夕阳红助老服务中心', '助老'], ['邻里帮代购服务社', '代购送药'],
    ['书香读书会', null], ['太极拳协会', null], ['广场舞队', null], ['巧手编织社', null], ['老年合唱团', null], ['亲子阅读会', null], ['健步走协会', null], ['书画社', null],
  ];
  const units = [];
  for (const [i, [name, note]] of socials.entries()) {
    const registered = i < 4;
    units.push(await add({
      kind: 'social_org', name, regStatus: registered ? 'registered' : 'filed', ...(registered ? { creditCode: syntheticCreditCode('330902', 1001 + i) } : {}),
      contactName: ['吴敏', '郑晓', '冯丽华', '何强', '许静', '韩冬', '曹芳', '邓涛', '彭雪', '蒋宁', '沈悦', '杨帆'][i]!, contactPhone: `1390580${String(201 + i).padStart(4, '0')}`,
      ...(note ? { servicesNote: note } : {}),
    }));
  }
  const [barber, counselling, elderly, errands] = units;
  const cell = (unitId: string, taskKind: string, role: 'lead' | 'support' | 'inform') => partners.setDuty(o.admin, actor, { unitId, taskKind, role });
  await cell(committee.id, 'door_check', 'lead');
  await cell(team.id, 'door_check', 'support');
  await cell(property.id, 'door_check', 'support');
  await cell(party.id, 'door_check', 'inform');
  await cell(property.id, 'disinfection', 'lead');
  await cell(committee.id, 'disinfection', 'inform');
  await cell(property.id, 'gate_duty', 'lead');
  await cell(team.id, 'gate_duty', 'support');
  await cell(committee.id, 'statistics', 'lead');
  await cell(errands!.id, 'purchasing', 'lead');
  await cell(team.id, 'purchasing', 'support');

  const haircut = await partners.addService(o.admin, actor, barber!.id, { category: 'haircut', name: '义剪', description: '每周二、五上午在社区广场；行动不便的老人可上门', bookable: false });
  const talk = await partners.addService(o.admin, actor, counselling!.id, { category: 'counselling', name: '心理疏导（远程）', description: '居家隔离居民可预约电话或视频疏导，每次约 40 分钟', bookable: true });
  const care = await partners.addService(o.admin, actor, elderly!.id, { category: 'elderly_care', name: '独居老人上门探访', bookable: false });
  const meds = await partners.addService(o.admin, actor, errands!.id, { category: 'errands', name: '代购送药', bookable: false });
  // Past records written as they stand: 40 haircut days of 120–140 (5,000+), visits and errands.
  const rec = async (svc: { id: string; unitId: string }, daysAgo: number, place: string, served: number) => db.insertInto('service_records').values({
    id: uuidv7(), service_id: svc.id, unit_id: svc.unitId, org_path: o.admin.orgPath, day: ymdOf(new Date(now.getTime() - daysAgo * DAY)), place, served_count: served, note: null,
    created_by: o.admin.id, created_at: codec.ts(new Date(now.getTime() - daysAgo * DAY)),
  }).execute();
  for (let i = 0; i < 40; i++) await rec(haircut, 1 + i * 2, i % 5 === 4 ? '上门（行动不便老人）' : '社区广场', 120 + ((i * 7) % 21));
  for (let i = 0; i < 8; i++) await rec(care, 1 + i * 3, '幸福小区', 12 + (i % 4));
  for (let i = 0; i < 10; i++) await rec(meds, 1 + i, '隔离楼栋', 18 + (i % 6));
  if (o.counsellor) {
    await partners.addMember(o.admin, actor, counselling!.id, { userId: o.counsellor.id });
    for (let d = 1; d <= 3; d++) {
      for (const h of [9, 14, 19]) {
        // 09:00, 14:00 and 19:00 Shanghai time d days from now.
        const day = ymdOf(new Date(now.getTime() + d * DAY));
        const at = new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
        if (at.getTime() > now.getTime() + HOUR) await partners.addSlot(o.counsellor, actor, talk.id, { startsAt: at.toISOString(), minutes: 40, mode: h === 19 ? 'video' : 'phone' });
      }
    }
  }
}
