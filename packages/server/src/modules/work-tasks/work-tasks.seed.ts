import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor } from '../audit';
import type { TaskKind, WorkTasks } from './work-tasks.service';

const HOUR = 3_600_000;

/**
 * 工作任务 demo (ADR 0087): what a community's inbox holds on an ordinary outbreak day — grid 1's worker with a
 * disinfection due this afternoon and an urgent statistics task already overdue, door-to-door checks dispatched per grid
 * (grid 1 assigned, grid 2 waiting for someone), a grocery run the volunteer did yesterday, gate duty for the doctor.
 * Past states are written as they would stand (the service refuses a due time in the past). Idempotent: skipped once a
 * task exists.
 */
export async function seedWorkTasksDemo(platform: Platform, tasks: WorkTasks, actor: AuditActor, o: { admin: Principal; grids: string[]; users: Record<'grid1' | 'volunteer' | 'doctor', string | null> }) {
  const { db, codec } = platform.database;
  if (await db.selectFrom('work_tasks').select('id').limit(1).executeTakeFirst()) return;
  const now = platform.clock.now();
  const later = (h: number) => new Date(now.getTime() + h * HOUR).toISOString();
  if (o.users.grid1) {
    await tasks.create(o.admin, actor, {
      kind: 'disinfection', title: '3幢楼道及电梯消杀', detail: '重点：电梯按键、单元门把手、信报箱；消杀后拍照上传。', place: '幸福小区3幢', priority: 'normal', dueAt: later(5), assigneeId: o.users.grid1,
    });
  }
  if (o.grids.length >= 2) {
    await tasks.create(o.admin, actor, {
      kind: 'door_check', title: '返乡人员入户核查', detail: '核对近 7 天返乡人员的健康码和自报情况，未自报的当面提醒。', priority: 'normal', dueAt: later(28), gridIds: o.grids.slice(0, 2),
    });
  }
  if (o.users.doctor) {
    await tasks.create(o.admin, actor, { kind: 'gate_duty', title: '南门卡口晚班', place: '南门卡口', priority: 'normal', dueAt: later(10), assigneeId: o.users.doctor });
  }
  const write = async (kind: TaskKind, title: string, assignee: string, o2: { dueH: number; priority?: 'normal' | 'urgent'; doneH?: number; result?: string; gridId?: string | null }) => {
    const t = (h: number) => codec.ts(new Date(now.getTime() + h * HOUR));
    const grid = o2.gridId ? await db.selectFrom('orgs').select('path').where('id', '=', o2.gridId).executeTakeFirst() : null;
    await db.insertInto('work_tasks').values({
      id: uuidv7(), community_id: o.admin.orgId, grid_id: o2.gridId ?? null, org_path: grid ? String(grid.path) : o.admin.orgPath, batch_id: null, kind, title, detail: null, place: null,
      priority: o2.priority ?? 'normal', due_at: t(o2.dueH), assignee_id: assignee, assigned_at: t(o2.dueH - 6), status: o2.doneH != null ? 'done' : 'open',
      result: o2.result ?? null, photo_enc: null, photo_mime: null, photo_size: null, completed_at: o2.doneH != null ? t(o2.doneH) : null, completed_by: o2.doneH != null ? assignee : null,
      returned_reason: null, cancel_reason: null, created_by: o.admin.id, created_at: t(o2.dueH - 6), updated_at: t(o2.doneH ?? o2.dueH - 6), version: o2.doneH != null ? 2 : 1,
    }).execute();
  };
  if (o.users.grid1) {
    await write('statistics', '统计本网格独居老人药品需求', o.users.grid1, { dueH: -2, priority: 'urgent', gridId: o.grids[0] ?? null });
  }
  if (o.users.volunteer) {
    await write('purchasing', '为5幢隔离户代购蔬菜和常用药', o.users.volunteer, { dueH: -20, doneH: -22, result: '已送到门口，住户电话确认收到，药品小票已拍照留存。' });
  }
}
