import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor } from '../audit';
import type { Procedures, Step } from './procedures.service';

const s = (title: string, detail: string, required = true): Step => ({ title, detail, required });

/**
 * 工作规程 demo (ADR 0088): the three procedures every worker used to be told differently — 返乡人员排查流程 (two
 * versions: v2 published, v1 superseded), 居家隔离工作流程 and "双报到"服务流程 — and a few completed checklists by the
 * grid worker. Idempotent: skipped once a procedure exists.
 */
export async function seedProceduresDemo(platform: Platform, procedures: Procedures, actor: AuditActor, o: { admin: Principal; worker: Principal | null }) {
  const { db } = platform.database;
  if (await db.selectFrom('procedures').select('id').limit(1).executeTakeFirst()) return;
  const publish = async (title: string, category: 'screening' | 'quarantine' | 'service', purpose: string, steps: Step[], note: string) => {
    const d = await procedures.create(o.admin, actor, { title, category, purpose, steps });
    const v = d.versions[0]!;
    await procedures.publish(o.admin, actor, d.procedure.id, { changeNote: note, version: v.version });
    return d.procedure.id;
  };
  const screening = await publish('返乡人员排查流程', 'screening', '对近 7 天返乡人员逐户核查，统一口径、统一登记。', [
    s('核对名单信息', '对照街道下发名单核对姓名、住址、返乡日期。'),
    s('查验健康码和行程卡', '请对方出示健康码、行程卡，确认颜色和途经地。'),
    s('告知健康监测要求', '告知 3 天 2 检和每日自报体温的要求。'),
    s('登记并上报', '在系统中登记核查结果，异常情况立即上报社区。'),
  ], '首次发布');
  const v2 = await procedures.newDraft(o.admin, actor, screening);
  const draft = v2.versions.find((v) => v.status === 'draft')!;
  await procedures.saveDraft(o.admin, actor, screening, { version: draft.version, steps: [
    s('核对名单信息', '对照街道下发名单核对姓名、住址、返乡日期。'),
    s('佩戴防护', '入户前佩戴 N95 口罩和手套，保持 1 米距离。'),
    s('查验健康码和行程卡', '请对方出示健康码、行程卡，确认颜色和途经地。'),
    s('告知健康监测要求', '告知 3 天 2 检和每日自报体温的要求，发放告知书。'),
    s('张贴告知单', '经住户同意后在门口张贴健康监测告知单。', false),
    s('登记并上报', '在系统中登记核查结果，异常情况立即上报社区。'),
  ] });
  const after = await procedures.detail(o.admin, screening);
  await procedures.publish(o.admin, actor, screening, { changeNote: '增加入户防护要求和告知单张贴步骤', version: after.versions.find((v) => v.status === 'draft')!.version });
  await publish('居家隔离工作流程', 'quarantine', '居家隔离从告知到解除的统一做法。', [
    s('送达隔离告知书', '当面送达并请住户签收，说明隔离期限。'),
    s('安装门磁', '在入户门安装门磁并测试上报。'),
    s('建立联系群', '建立“网格员 + 医生 + 住户”联系群，留存联系方式。'),
    s('每日两次体温询问', '上午、下午各询问一次体温和症状并登记。'),
    s('生活物资和垃圾收运', '确认代购需求和垃圾收运时间。', false),
  ], '首次发布');
  const service = await publish('“双报到”服务流程', 'service', '在职党员到社区报到后的服务安排。', [
    s('核对报到信息', '核对党员所在单位和报到社区。'),
    s('确认服务岗位', '按特长安排卡口值守、代购、宣传等岗位。'),
    s('岗前告知', '讲清岗位要求和个人防护。'),
    s('记录服务时长', '服务结束后登记服务时长。', false),
  ], '首次发布');
  if (!o.worker) return;
  const w = o.worker;
  for (const [proc, subject] of [[screening, '幸福小区3幢2单元'], [screening, '幸福小区5幢1单元'], [service, '南门卡口值守岗']] as const) {
    const run = await procedures.start(w, actor, { procedureId: proc, subject });
    for (const st of run.steps) await procedures.tick(w, actor, run.id, st.no, { done: true });
    await procedures.complete(w, actor, run.id, { version: run.version });
  }
}
