import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor } from '../audit';
import type { Announcements } from './announcements.service';
import type { Complaints } from './complaints.service';

const HOUR = 3_600_000;

/**
 * 政务公开与群众监督 demo (ADR 0086), once (nothing when an announcement exists): the district's epidemic policy, the
 * street's science piece, the community's pinned notice and a scheduled one; complaints in each state — a new one on the
 * sanitation of a bin point, an accepted one assigned to the grid worker (past its due time), a resolved supplies one with
 * its public reply, and a privacy leak (told to the security admins). Invented text only.
 */
export async function seedPublicInfoDemo(
  platform: Platform, an: Announcements, cp: Complaints, actor: AuditActor,
  d: { district: Principal | null; street: Principal | null; admin: Principal; worker: Principal | null },
): Promise<void> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('announcements').select('id').limit(1).executeTakeFirst()) return;
  const now = platform.clock.now().getTime();
  if (d.district) {
    await an.create(d.district, actor, {
      category: 'policy', pinned: false, title: '关于调整本区常态化核酸检测安排的通告',
      body: '自下周一起，本区常态化核酸检测点调整为每日 8:00—11:30、14:00—17:30 开放。\n\n- 请携带身份证或出示采样码\n- 70 岁以上老人可由家属陪同优先采样\n\n具体点位见各社区公告。',
    });
  }
  if (d.street) {
    await an.create(d.street, actor, {
      category: 'science', pinned: false, title: '冬季呼吸道疾病预防小知识',
      body: '勤洗手、常通风、科学佩戴口罩。出现发热、咳嗽等症状时请及时就医，并如实告知接触史。',
    });
  }
  await an.create(d.admin, actor, {
    category: 'notice', pinned: true, title: '社区党群服务中心本周六开展便民服务日',
    body: '本周六上午 9:00—11:30 在社区党群服务中心一楼开展便民服务日：理发、量血压、家电小修。欢迎居民参加。',
  });
  await an.create(d.admin, actor, {
    category: 'news', pinned: false, title: '1号消防通道清理完成', publishAt: new Date(now + 24 * HOUR),
    body: '经社区和物业联合整治，港务新村 1 号消防通道已清理完毕，请居民不要在通道内停车、堆物。',
  });

  const community = (await platform.database.db.selectFrom('orgs').select('code').where('id', '=', d.admin.orgId).executeTakeFirst())?.code;
  if (!community) return;
  const submit = (b: Parameters<Complaints['publicSubmit']>[1]) => cp.publicSubmit(actor, b);
  const idOf = async (ticket: string) => String((await db.selectFrom('complaints').select('id').where('ticket', '=', ticket).executeTakeFirstOrThrow()).id);
  await submit({ category: 'sanitation', communityCode: String(community), place: '港务新村 5 幢垃圾投放点', description: '垃圾桶已满两天没人清运，有异味。' });
  const late = await submit({ category: 'misconduct', communityCode: String(community), place: '社区南门卡口', description: '晚上值守人员不在岗，外来车辆随意进出。', contact: '13700000001' });
  const lateId = await idOf(late.ticket);
  // Three days ago, so it is past its 72 hours; accepted and with the grid worker.
  await writes.run((trx) => trx.updateTable('complaints').set({
    submitted_at: codec.ts(new Date(now - 75 * HOUR)), due_at: codec.ts(new Date(now - 3 * HOUR)),
  }).where('id', '=', lateId).execute());
  await cp.accept(d.admin, actor, lateId, { priority: 'high', ...(d.worker ? { assigneeId: d.worker.id } : {}), version: 1 });
  const done = await submit({ category: 'supplies', communityCode: String(community), place: '港务新村 3 幢', description: '保供蔬菜包里的青菜大部分已经腐烂。' });
  const doneId = await idOf(done.ticket);
  await cp.accept(d.admin, actor, doneId, { priority: 'normal', version: 1 });
  await cp.reply(d.admin, actor, doneId, { text: '已联系供应商，今天下午补发新鲜蔬菜。', public: true, version: 2 });
  await cp.close(d.admin, actor, doneId, { outcome: 'resolved', reason: '已补发，并更换了该批次的供应商。', version: 3 });
  await submit({ category: 'privacy_leak', communityCode: String(community), place: '业主微信群', description: '有人把社区的核酸名单截图发到了业主群里，上面有姓名和门牌号。' });
}
