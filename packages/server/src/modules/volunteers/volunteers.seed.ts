import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor } from '../audit';
import { ymdOf } from '../privacy';
import type { Skill, Volunteers } from './volunteers.service';

/**
 * 志愿者 demo (ADR 0085): five approved volunteers (synthetic names; the first linked to the `volunteer` account), one
 * pending application, this week's shifts with people on them, and a shift two days ago done (checked in and out: hours).
 * Idempotent: skipped once an application exists.
 */
export async function seedVolunteersDemo(platform: Platform, v: Volunteers, actor: AuditActor, o: { admin: Principal; volunteerUserId: string | null }): Promise<void> {
  const { db } = platform.database;
  if (await db.selectFrom('volunteer_applications').select('id').limit(1).executeTakeFirst()) return;
  const communityId = o.admin.orgId;
  const now = platform.clock.now();
  const day = (d: number) => ymdOf(new Date(now.getTime() + d * 86_400_000));
  const people: Array<[string, string, Skill[]]> = [
    ['林志远', '13957811001', ['gate', 'shopping']], ['周雨桐', '13957811002', ['sampling', 'data_entry']], ['许建国', '13957811003', ['driving', 'shopping']],
    ['陈思琪', '13957811004', ['counselling']], ['吴海峰', '13957811005', ['gate']],
  ];
  const ids: string[] = [];
  for (const [i, [name, phone, skills]] of people.entries()) {
    const a = await v.apply(actor, { communityId, name, phone, skills, availability: { weekdays: ['sat', 'sun', 'wed'], bands: ['morning', 'afternoon'] } });
    const d = await v.decide(o.admin, actor, a.id, { decision: 'approve', ...(i === 0 && o.volunteerUserId ? { userId: o.volunteerUserId } : {}), version: 1 });
    ids.push(d.volunteerId!);
  }
  await v.apply(actor, { communityId, name: '郑美玲', phone: '13957811006', skills: ['shopping', 'other'], availability: { weekdays: ['sat', 'sun'], bands: ['afternoon'] }, note: '周末有空' });
  // Service already done: two days ago, gate duty of four hours by three of them (written as done, the way a past
  // shift's record stands; the routes only take shifts from today on).
  const { codec, writes } = platform.database;
  const past = day(-2);
  const pastId = uuidv7();
  await writes.run(async (trx) => {
    await trx.insertInto('volunteer_shifts').values({
      id: pastId, community_id: communityId, org_path: o.admin.orgPath, kind: 'gate', title: '东门卡口早班', place: '东门卡口', day: past, starts: '07:00', ends: '11:00', slots: 3,
      skill: 'gate', note: null, created_by: o.admin.id, created_at: codec.ts(new Date(now.getTime() - 3 * 86_400_000)), version: 1,
    }).execute();
    for (const [k, vid] of [ids[0]!, ids[4]!, ids[2]!].entries()) {
      const inAt = new Date(`${past}T07:0${k}:00+08:00`);
      const minutes = 240 - k * 30;
      await trx.insertInto('volunteer_shift_members').values({
        id: uuidv7(), shift_id: pastId, volunteer_id: vid, org_path: o.admin.orgPath, source: 'assigned', assigned_by: o.admin.id, checked_in_at: codec.ts(inAt),
        checked_out_at: codec.ts(new Date(inAt.getTime() + minutes * 60_000)), minutes, created_at: codec.ts(new Date(now.getTime() - 3 * 86_400_000)), version: 1,
      }).execute();
    }
  });
  const shift = (d: number, kind: 'gate' | 'sampling' | 'grocery' | 'other', title: string, place: string, starts: string, ends: string, slots: number) =>
    v.createShift(o.admin, actor, { kind, title, place, day: day(d), starts, ends, slots, ...(kind === 'gate' ? { skill: 'gate' as const } : {}) });
  const sampling = await shift(1, 'sampling', '核酸采样秩序维护', '社区广场采样点', '08:00', '11:30', 4);
  await v.assign(o.admin, actor, sampling.id, ids[1]!);
  await v.assign(o.admin, actor, sampling.id, ids[0]!);
  const grocery = await shift(2, 'grocery', '隔离户代购配送', '社区服务中心', '14:00', '17:00', 3);
  await v.assign(o.admin, actor, grocery.id, ids[2]!);
  await shift(3, 'gate', '东门卡口晚班', '东门卡口', '18:00', '22:00', 2);
  await shift(4, 'other', '独居老人电话回访', '社区服务中心', '09:00', '11:00', 2);
}
