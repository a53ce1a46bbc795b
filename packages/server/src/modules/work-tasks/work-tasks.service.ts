import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { roleHas, type Role } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { checkPhoto } from '../public-info';

/** 工作任务 (ADR 0087): the community's task inbox — assignment, workload balance, completion with evidence. */
const PURPOSE = 'command';
export const TASK_KINDS = ['door_check', 'disinfection', 'gate_duty', 'statistics', 'purchasing', 'other'] as const;
export const TASK_PRIORITIES = ['normal', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
/** What the list filters by: a status, or `overdue` (open and past its time). */
export const TASK_FILTERS = [...TASK_STATUSES, 'overdue'] as const;
export const TASK_NOTIFY = { assigned: 'task_assigned', returned: 'task_returned', overdue: 'task_overdue' } as const;
/** Kinds whose completion needs a photo (a disinfection is shown, not told). */
export const PHOTO_REQUIRED: ReadonlySet<TaskKind> = new Set(['disinfection']);
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskFilter = (typeof TASK_FILTERS)[number];

const TEXT = {
  kinds: {
    door_check: ['入户排查', 'Door-to-door check'], disinfection: ['消杀', 'Disinfection'], gate_duty: ['卡口值守', 'Gate duty'],
    statistics: ['信息统计', 'Statistics'], purchasing: ['采购代办', 'Purchasing'], other: ['其他', 'Other'],
  },
  priorities: { normal: ['普通', 'Normal'], urgent: ['紧急', 'Urgent'] },
} as const;

export type WorkTasksDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; notifications: Pick<NotificationsService, 'notify'> };
export type TaskBody = {
  kind: TaskKind; title: string; detail?: string; place?: string; priority: TaskPriority; dueAt: string;
  /** One task for this worker. */
  assigneeId?: string;
  /** One task per grid, each to the least loaded worker of that grid (unassigned where the grid has none). */
  gridIds?: string[];
  /** One community task to the least loaded worker of the community. */
  autoAssign?: boolean;
};
type Row = Record<string, unknown>;
type Worker = { id: string; name: string; role: string; orgId: string; orgName: string };

const DAY = 86_400_000;

export function createWorkTasks(deps: WorkTasksDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  const manages = (p: Principal, r: Row) => p.permissions.has('task:manage') && String(r.org_path).startsWith(p.orgPath);
  const sees = (p: Principal, r: Row) => String(r.org_path).startsWith(p.orgPath) || r.assignee_id === p.id;

  async function row(p: Principal, id: string): Promise<Row> {
    const r = await db.selectFrom('work_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, r as Row)) throw errors.notFound('任务', 'Task');
    return r as Row;
  }

  /** The active accounts of a community (and its grids) who may do tasks (task:work), with their org's name. */
  async function workers(communityPath: string): Promise<Worker[]> {
    const rows = await db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.display_name', 'u.role', 'u.org_id', 'o.name'])
      .where('u.status', '=', 'active').where('o.path', 'like', `${communityPath}%`).orderBy('u.display_name').orderBy('u.id').limit(1000).execute();
    return rows.filter((u) => roleHas(String(u.role) as Role, 'task:work'))
      .map((u) => ({ id: String(u.id), name: String(u.display_name), role: String(u.role), orgId: String(u.org_id), orgName: String(u.name) }));
  }

  /** The active community admins of a community (who dispatch its tasks). */
  async function communityAdmins(communityId: string): Promise<string[]> {
    const rows = await db.selectFrom('users').select('id').where('status', '=', 'active').where('role', '=', 'community_admin').where('org_id', '=', communityId).execute();
    return rows.map((u) => String(u.id));
  }

  /** Open tasks per worker, and how many of them are past their time. */
  async function loads(ids: string[], t: Date) {
    if (!ids.length) return new Map<string, { open: number; overdue: number }>();
    const rows = await db.selectFrom('work_tasks').select(['assignee_id', 'due_at']).where('status', '=', 'open').where('assignee_id', 'in', ids).execute();
    const m = new Map<string, { open: number; overdue: number }>(ids.map((i) => [i, { open: 0, overdue: 0 }]));
    for (const r of rows) {
      const l = m.get(String(r.assignee_id))!;
      l.open += 1;
      if (codec.readTs(r.due_at)! < t.toISOString()) l.overdue += 1;
    }
    return m;
  }

  /** The least loaded of `candidates`: fewest open tasks, then fewest overdue, then by name (stable). */
  function leastLoaded(candidates: Worker[], load: Map<string, { open: number; overdue: number }>): Worker | null {
    const sorted = [...candidates].sort((a, b) => {
      const la = load.get(a.id)!; const lb = load.get(b.id)!;
      return la.open - lb.open || la.overdue - lb.overdue || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
    });
    return sorted[0] ?? null;
  }

  async function views(rows: Row[]) {
    const userIds = [...new Set(rows.flatMap((r) => [r.assignee_id, r.created_by, r.completed_by]).filter((x): x is string => typeof x === 'string'))];
    const orgIds = [...new Set(rows.map((r) => r.grid_id).filter((x): x is string => typeof x === 'string'))];
    const [users, grids] = await Promise.all([
      userIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
      deps.orgs.names(orgIds),
    ]);
    const name = new Map(users.map((u) => [String(u.id), String(u.display_name)]));
    const t = now().toISOString();
    return rows.map((r) => {
      const dueAt = codec.readTs(r.due_at)!;
      const ref = (id: unknown) => (typeof id === 'string' ? { id, name: name.get(id) ?? '' } : null);
      return {
        id: String(r.id), kind: String(r.kind) as TaskKind, title: String(r.title), detail: (r.detail as string | null) ?? null, place: (r.place as string | null) ?? null,
        priority: String(r.priority) as TaskPriority, dueAt, overdue: r.status === 'open' && dueAt < t, status: String(r.status),
        grid: typeof r.grid_id === 'string' ? { id: r.grid_id, name: grids.get(r.grid_id) ?? '' } : null,
        assignee: ref(r.assignee_id), assignedAt: codec.readTs(r.assigned_at), createdBy: ref(r.created_by), createdAt: codec.readTs(r.created_at)!,
        result: (r.result as string | null) ?? null, hasPhoto: !!r.photo_mime, completedAt: codec.readTs(r.completed_at), completedBy: ref(r.completed_by),
        returnedReason: (r.returned_reason as string | null) ?? null, cancelReason: (r.cancel_reason as string | null) ?? null,
        batchId: (r.batch_id as string | null) ?? null, photoRequired: PHOTO_REQUIRED.has(String(r.kind) as TaskKind), version: codec.readInt(r.version),
      };
    });
  }
  const readAudit = (actor: AuditActor, count: number, objectId?: string) =>
    count ? deps.audit.record(actor, { action: objectId ? 'read' : 'list', objectType: 'work_task', ...(objectId ? { objectId } : { count }), outcome: 'success', purpose: PURPOSE, fields: ['detail', 'place', 'result'] }) : undefined;

  /** A version-checked change of one task inside one write with its audit row; `set` gets the row read before. */
  async function change(p: Principal, actor: AuditActor, id: string, version: number, check: (r: Row) => void, set: (r: Row, t: Date) => Row,
    audit: { action: string; reason?: string; fields?: string[] }, notify?: (r: Row, trx: Transaction<any>, t: Date, next: Row) => Promise<void>) {
    const r = await row(p, id);
    check(r);
    const t = now();
    const next = set(r, t);
    await writes.run(async (trx) => {
      const res = await trx.updateTable('work_tasks').set({ ...next, updated_at: codec.ts(t), version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
      await deps.audit.append(trx, actor, { action: audit.action, objectType: 'work_task', objectId: id, outcome: 'success', purpose: PURPOSE, fields: audit.fields ?? ['status'], ...(audit.reason ? { reason: audit.reason } : {}) });
      if (notify) await notify(r, trx, t, next);
    });
    return (await views([(await db.selectFrom('work_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
  }

  const notifyAssigned = async (trx: Transaction<any>, to: string, r: { id: string; title: string; kind: string; due: string }, t: Date) =>
    deps.notifications.notify(trx, {
      recipientIds: [to], kind: TASK_NOTIFY.assigned, objectType: 'work_task', objectId: r.id, at: t,
      payload: { taskId: r.id, title: r.title, kind: r.kind, dueAt: r.due },
    });

  return {
    meta() {
      const t = <K extends string>(m: Record<K, readonly [string, string]>) => (Object.keys(m) as K[]).map((code) => ({ code, zh: m[code][0], en: m[code][1] }));
      return { kinds: t(TEXT.kinds), priorities: t(TEXT.priorities), photoRequired: [...PHOTO_REQUIRED] };
    },

    /**
     * 工作量: each worker of the caller's community (or of `communityId` inside the caller's area) with open, overdue and
     * urgent tasks and those done in the last 7 days; the grids with their workers, for dispatching one task per grid.
     */
    async workload(p: Principal, q: { communityId?: string }) {
      const c = q.communityId ? await deps.orgs.get(q.communityId) : await deps.orgs.communityOf(p.orgPath);
      if (!c || c.level !== 'community' || !(c.path.startsWith(p.orgPath) || p.orgPath.startsWith(c.path))) {
        if (q.communityId) throw errors.field('communityId', 'not_found', '不在您的范围内的社区', 'no such community in your area');
        throw errors.field('communityId', 'required', '请选择社区', 'choose a community');
      }
      const t = now();
      const ws = await workers(c.path);
      const ids = ws.map((w) => w.id);
      const [open, done, grids] = await Promise.all([
        ids.length ? db.selectFrom('work_tasks').select(['assignee_id', 'due_at', 'priority']).where('status', '=', 'open').where('assignee_id', 'in', ids).execute() : [],
        ids.length ? db.selectFrom('work_tasks').select(['completed_by']).where('status', '=', 'done').where('completed_by', 'in', ids)
          .where('completed_at', '>=', codec.ts(new Date(t.getTime() - 7 * DAY))).execute() : [],
        db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', c.id).where('level', '=', 'grid').orderBy('path').execute(),
      ]);
      const unassigned = await db.selectFrom('work_tasks').select((eb) => eb.fn.countAll().as('n')).where('community_id', '=', c.id).where('status', '=', 'open').where('assignee_id', 'is', null).executeTakeFirst();
      const iso = t.toISOString();
      const items = ws.map((w) => {
        const mine = open.filter((o) => o.assignee_id === w.id);
        return {
          userId: w.id, name: w.name, role: w.role, org: { id: w.orgId, name: w.orgName },
          open: mine.length, overdue: mine.filter((o) => codec.readTs(o.due_at)! < iso).length, urgent: mine.filter((o) => o.priority === 'urgent').length,
          doneWeek: done.filter((d) => d.completed_by === w.id).length,
        };
      });
      return {
        community: { id: c.id, name: c.name }, items, unassigned: codec.readInt(unassigned?.n ?? 0),
        grids: grids.map((g) => ({ id: String(g.id), name: String(g.name), workers: ws.filter((w) => w.orgId === g.id).length })),
      };
    },

    /** Tasks of the caller's area (and those assigned to the caller), filtered; open ones by due time, closed ones newest first. */
    async list(p: Principal, actor: AuditActor, q: { status?: TaskFilter; kind?: TaskKind; assignee?: string; gridId?: string; batchId?: string; page?: number; pageSize?: number }) {
      const t = now();
      let sel = db.selectFrom('work_tasks').where((eb) => eb.or([eb('org_path', 'like', `${p.orgPath}%`), eb('assignee_id', '=', p.id)]));
      if (q.status === 'overdue') sel = sel.where('status', '=', 'open').where('due_at', '<', codec.ts(t));
      else if (q.status) sel = sel.where('status', '=', q.status);
      if (q.kind) sel = sel.where('kind', '=', q.kind);
      if (q.assignee === 'none') sel = sel.where('assignee_id', 'is', null);
      else if (q.assignee === 'me') sel = sel.where('assignee_id', '=', p.id);
      else if (q.assignee) sel = sel.where('assignee_id', '=', q.assignee);
      if (q.gridId) sel = sel.where('grid_id', '=', q.gridId);
      if (q.batchId) sel = sel.where('batch_id', '=', q.batchId);
      const pageSize = q.pageSize ?? 20;
      const page = q.page ?? 1;
      const closed = q.status === 'done' || q.status === 'cancelled';
      const [total, rows] = await Promise.all([
        sel.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        (closed ? sel.selectAll().orderBy('updated_at', 'desc') : sel.selectAll().orderBy('status', 'desc').orderBy('due_at', 'asc')).orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      ]);
      const items = await views(rows as Row[]);
      await readAudit(actor, items.length);
      return { items, total: codec.readInt(total?.n ?? 0), page, pageSize };
    },

    /** 我的任务: the caller's open tasks (urgent and overdue first, then by due time) and those done in the last 7 days. */
    async mine(p: Principal, actor: AuditActor) {
      const t = now();
      const [open, done] = await Promise.all([
        db.selectFrom('work_tasks').selectAll().where('assignee_id', '=', p.id).where('status', '=', 'open').orderBy('due_at').orderBy('id').limit(200).execute(),
        db.selectFrom('work_tasks').selectAll().where('completed_by', '=', p.id).where('status', '=', 'done')
          .where('completed_at', '>=', codec.ts(new Date(t.getTime() - 7 * DAY))).orderBy('completed_at', 'desc').limit(50).execute(),
      ]);
      const openViews = (await views(open as Row[])).sort((a, b) => Number(b.priority === 'urgent') - Number(a.priority === 'urgent') || Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
      const doneViews = await views(done as Row[]);
      await readAudit(actor, openViews.length + doneViews.length);
      return { open: openViews, done: doneViews, counts: { open: openViews.length, overdue: openViews.filter((v) => v.overdue).length, doneWeek: doneViews.length } };
    },

    async detail(p: Principal, actor: AuditActor, id: string) {
      const r = await row(p, id);
      const [v] = await views([r]);
      await readAudit(actor, 1, id);
      return { task: v!, canManage: manages(p, r), canComplete: r.status === 'open' && r.assignee_id === p.id && p.permissions.has('task:work') };
    },

    /** Dispatch: one task to a worker, one community task to the least loaded, or one per grid to each grid's least loaded. */
    async create(p: Principal, actor: AuditActor, b: TaskBody) {
      const c = await deps.orgs.ownCommunity(p.orgPath);
      const t = now();
      if (Date.parse(b.dueAt) <= t.getTime()) throw errors.field('dueAt', 'past', '完成时限须晚于现在', 'the due time must be in the future');
      const modes = [b.assigneeId ? 1 : 0, b.gridIds?.length ? 1 : 0, b.autoAssign ? 1 : 0].reduce((a, x) => a + x, 0);
      if (modes > 1) throw errors.field('assigneeId', 'conflict', '指定人员、按网格派发、自动分派只能选一种', 'choose one of: a worker, one task per grid, or the least loaded');
      const ws = await workers(c.path);
      const load = await loads(ws.map((w) => w.id), t);
      type Plan = { gridId: string | null; path: string; assignee: Worker | null };
      let plans: Plan[];
      if (b.assigneeId) {
        const w = ws.find((x) => x.id === b.assigneeId);
        if (!w) throw errors.field('assigneeId', 'not_found', '不能派给这位用户（须为本社区可接任务的在岗人员）', 'cannot assign to this user (an active worker of the community)');
        const grid = (await deps.orgs.get(w.orgId));
        plans = [{ gridId: grid?.level === 'grid' ? grid.id : null, path: grid?.level === 'grid' ? grid.path : c.path, assignee: w }];
      } else if (b.gridIds?.length) {
        const ids = [...new Set(b.gridIds)];
        const grids = await db.selectFrom('orgs').select(['id', 'path', 'level', 'parent_id']).where('id', 'in', ids).execute();
        const bad = ids.findIndex((g) => !grids.some((x) => x.id === g && x.level === 'grid' && x.parent_id === c.id));
        if (bad >= 0) throw errors.field(`gridIds.${bad}`, 'not_found', '不是本社区的网格', 'not a grid of this community');
        plans = ids.map((g) => {
          const grid = grids.find((x) => x.id === g)!;
          const assignee = leastLoaded(ws.filter((w) => w.orgId === g), load);
          if (assignee) load.get(assignee.id)!.open += 1;
          return { gridId: g, path: String(grid.path), assignee };
        });
      } else if (b.autoAssign) {
        // Not the dispatcher while anyone else can take it.
        const others = ws.filter((w) => w.id !== p.id);
        const assignee = leastLoaded(others.length ? others : ws, load);
        if (!assignee) throw errors.field('autoAssign', 'no_worker', '本社区没有可接任务的在岗人员', 'the community has no active worker who can take tasks');
        plans = [{ gridId: null, path: c.path, assignee }];
      } else {
        plans = [{ gridId: null, path: c.path, assignee: null }];
      }
      const batchId = plans.length > 1 ? uuidv7() : null;
      const ids = plans.map(() => uuidv7());
      await writes.run(async (trx) => {
        await trx.insertInto('work_tasks').values(plans.map((pl, i) => ({
          id: ids[i]!, community_id: c.id, grid_id: pl.gridId, org_path: pl.path, batch_id: batchId, kind: b.kind, title: b.title, detail: b.detail ?? null,
          place: b.place ?? null, priority: b.priority, due_at: codec.ts(new Date(b.dueAt)), assignee_id: pl.assignee?.id ?? null, assigned_at: pl.assignee ? codec.ts(t) : null,
          status: 'open', result: null, photo_enc: null, photo_mime: null, photo_size: null, completed_at: null, completed_by: null, returned_reason: null, cancel_reason: null,
          created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }))).execute();
        for (const [i, pl] of plans.entries()) {
          await deps.audit.append(trx, actor, { action: 'create', objectType: 'work_task', objectId: ids[i]!, outcome: 'success', purpose: PURPOSE, fields: ['kind', 'title', 'detail', 'place', 'assignee'] });
          if (pl.assignee) await notifyAssigned(trx, pl.assignee.id, { id: ids[i]!, title: b.title, kind: b.kind, due: new Date(b.dueAt).toISOString() }, t);
        }
      });
      const rows = await db.selectFrom('work_tasks').selectAll().where('id', 'in', ids).execute();
      const byId = new Map((await views(rows as Row[])).map((v) => [v.id, v]));
      return { batchId, items: ids.map((i) => byId.get(i)!) };
    },

    /** (Re)assign an open task: to a worker of its community, or to the least loaded (of its grid when it has one). */
    async assign(p: Principal, actor: AuditActor, id: string, b: { assigneeId?: string; auto?: boolean; version: number }) {
      if (!!b.assigneeId === !!b.auto) throw errors.field('assigneeId', 'required', '请选择人员，或选择自动分派', 'choose a worker, or the least loaded');
      const r = await row(p, id);
      if (!manages(p, r)) throw errors.forbidden();
      const community = await deps.orgs.get(String(r.community_id));
      const ws = await workers(community!.path);
      let to: Worker | null;
      if (b.assigneeId) {
        to = ws.find((w) => w.id === b.assigneeId) ?? null;
        if (!to) throw errors.field('assigneeId', 'not_found', '不能派给这位用户（须为本社区可接任务的在岗人员）', 'cannot assign to this user (an active worker of the community)');
      } else {
        // The grid's workers when it has any, else the community's; not the current assignee nor the dispatcher while anyone else can.
        const pool = typeof r.grid_id === 'string' && ws.some((w) => w.orgId === r.grid_id) ? ws.filter((w) => w.orgId === r.grid_id) : ws;
        const others = pool.filter((w) => w.id !== r.assignee_id && w.id !== p.id);
        to = leastLoaded(others.length ? others : pool, await loads(pool.map((w) => w.id), now()));
        if (!to) throw errors.field('auto', 'no_worker', '本社区没有可接任务的在岗人员', 'the community has no active worker who can take tasks');
      }
      const target = to;
      return change(p, actor, id, b.version, (x) => {
        if (x.status !== 'open') throw errors.conflict('task_closed', '任务已办结或已取消', 'The task is done or cancelled');
      }, (_x, t) => ({ assignee_id: target.id, assigned_at: codec.ts(t), overdue_notified_at: null }), { action: 'assign', fields: ['assignee'] }, async (x, trx, t) => {
        await notifyAssigned(trx, target.id, { id, title: String(x.title), kind: String(x.kind), due: codec.readTs(x.due_at)! }, t);
      });
    },

    /** 完成: the assignee closes the task with what was done and, where the kind asks for it, a photo. */
    async complete(p: Principal, actor: AuditActor, id: string, b: { result: string; photo?: { mime: 'image/jpeg' | 'image/png'; data: string }; version: number }) {
      const r = await row(p, id);
      if (r.assignee_id !== p.id) throw errors.conflict('not_assignee', '只有任务的执行人可以办结', 'Only the worker the task is assigned to can complete it');
      if (r.status !== 'open') throw errors.conflict('task_closed', '任务已办结或已取消', 'The task is done or cancelled');
      if (PHOTO_REQUIRED.has(String(r.kind) as TaskKind) && !b.photo) throw errors.field('photo', 'required', '这类任务须上传现场照片', 'this kind of task needs a photo');
      const photo = b.photo ? checkPhoto(b.photo) : null;
      const enc = photo ? crypto.encrypt('work_tasks.photo', photo.toString('base64')) : null;
      return change(p, actor, id, b.version, () => undefined, (_x, t) => ({
        status: 'done', result: b.result, completed_at: codec.ts(t), completed_by: p.id, returned_reason: null,
        photo_enc: enc, photo_mime: photo ? b.photo!.mime : null, photo_size: photo ? photo.length : null,
      }), { action: 'complete', fields: ['status', 'result', ...(photo ? ['photo'] : [])] });
    },

    /** 退回: the community sends a done task back to its worker with a reason (the evidence did not hold). */
    async reopen(p: Principal, actor: AuditActor, id: string, b: { reason: string; version: number }) {
      return change(p, actor, id, b.version, (x) => {
        if (!manages(p, x)) throw errors.forbidden();
        if (x.status !== 'done') throw errors.conflict('not_done', '只有已办结的任务可以退回', 'Only a done task can be sent back');
      }, () => ({ status: 'open', returned_reason: b.reason, completed_at: null, completed_by: null, overdue_notified_at: null }), { action: 'reopen', reason: b.reason }, async (x, trx, t) => {
        if (typeof x.assignee_id !== 'string') return;
        await deps.notifications.notify(trx, {
          recipientIds: [x.assignee_id], kind: TASK_NOTIFY.returned, objectType: 'work_task', objectId: id, at: t, payload: { taskId: id, title: String(x.title), reason: b.reason },
        });
      });
    },

    async cancel(p: Principal, actor: AuditActor, id: string, b: { reason: string; version: number }) {
      return change(p, actor, id, b.version, (x) => {
        if (!manages(p, x)) throw errors.forbidden();
        if (x.status !== 'open') throw errors.conflict('task_closed', '任务已办结或已取消', 'The task is done or cancelled');
      }, () => ({ status: 'cancelled', cancel_reason: b.reason }), { action: 'cancel', reason: b.reason });
    },

    /**
     * Housekeeping: an open task past its time tells its worker once (已超时: title, due time), or, while it waits 待分派,
     * the community's admins. Reassigning or sending the task back arms the reminder again.
     */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('work_tasks').select(['id', 'community_id', 'assignee_id', 'title', 'kind', 'due_at', 'version'])
        .where('status', '=', 'open').where('overdue_notified_at', 'is', null).where('due_at', '<=', codec.ts(at)).orderBy('due_at').limit(1000).execute();
      let notified = 0;
      const admins = new Map<string, Promise<string[]>>(); // once per community and run, however many of its tasks wait
      const adminsOf = (id: string) => admins.get(id) ?? admins.set(id, communityAdmins(id)).get(id)!;
      for (const r of due) {
        const recipients = typeof r.assignee_id === 'string' ? [r.assignee_id] : await adminsOf(String(r.community_id));
        await writes.run(async (trx) => {
          // The version guard: a task reassigned or closed since it was read is left for the next run.
          const res = await trx.updateTable('work_tasks').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', String(r.id))
            .where('version', '=', codec.readInt(r.version)).where('overdue_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1 || !recipients.length) return;
          await deps.notifications.notify(trx, {
            recipientIds: recipients, kind: TASK_NOTIFY.overdue, objectType: 'work_task', objectId: String(r.id), at,
            payload: { taskId: String(r.id), title: String(r.title), kind: String(r.kind), dueAt: codec.readTs(r.due_at)!, unassigned: r.assignee_id ? '' : '1' },
          });
          notified++;
        });
      }
      return { notified };
    },

    /** A completed task's photo (audited). */
    async photo(p: Principal, actor: AuditActor, id: string) {
      await row(p, id);
      const r = await db.selectFrom('work_tasks').select(['photo_enc', 'photo_mime']).where('id', '=', id).executeTakeFirst();
      if (!r?.photo_enc) throw errors.notFound('照片', 'Photo');
      await deps.audit.record(actor, { action: 'read', objectType: 'work_task', objectId: id, fields: ['photo'], outcome: 'success', purpose: PURPOSE });
      return { mime: String(r.photo_mime), bytes: Buffer.from(crypto.decrypt('work_tasks.photo', String(r.photo_enc)), 'base64') };
    },
  };
}

export type WorkTasks = ReturnType<typeof createWorkTasks>;
