import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgsService } from '../orgs';

/** 工作规程 (ADR 0088): versioned procedures of an org (applying to everything beneath it) and the checklists run from them. */
const PURPOSE = 'command';
export const PROCEDURE_CATEGORIES = ['screening', 'quarantine', 'sampling', 'service', 'other'] as const;
export type ProcedureCategory = (typeof PROCEDURE_CATEGORIES)[number];
export type Step = { title: string; detail?: string; required: boolean };
const CATEGORY_TEXT: Record<ProcedureCategory, [string, string]> = {
  screening: ['排查', 'Screening'], quarantine: ['隔离', 'Quarantine'], sampling: ['采样', 'Sampling'], service: ['服务', 'Service'], other: ['其他', 'Other'],
};

/** Optional: a work task the run is for, looked up through the work-tasks module (404 outside the caller's scope). */
export type TaskLookup = (p: Principal, actor: AuditActor, id: string) => Promise<unknown>;
export type ProceduresDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; taskLookup?: TaskLookup };
type Row = Record<string, unknown>;

export function createProcedures(deps: ProceduresDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  /** A procedure applies to the caller (set above or at their org) or lies in their area (set below it). */
  const sees = (p: Principal, path: string) => p.orgPath.startsWith(path) || path.startsWith(p.orgPath);
  const manages = (p: Principal, path: string) => p.permissions.has('procedure:manage') && path.startsWith(p.orgPath);
  const seesRun = (p: Principal, r: Row) => String(r.org_path).startsWith(p.orgPath) && (p.permissions.has('procedure:read') || p.permissions.has('procedure:manage')) || r.started_by === p.id;

  async function procRow(p: Principal, id: string): Promise<Row> {
    const r = await db.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, String(r.org_path))) throw errors.notFound('规程', 'Procedure');
    return r as Row;
  }
  async function runRow(p: Principal, id: string): Promise<Row> {
    const r = await db.selectFrom('procedure_runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !seesRun(p, r as Row)) throw errors.notFound('清单', 'Checklist');
    return r as Row;
  }
  async function names(ids: unknown[]) {
    const u = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
    const rows = u.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', u).execute() : [];
    const m = new Map(rows.map((r) => [String(r.id), String(r.display_name)]));
    return (id: unknown) => (typeof id === 'string' ? { id, name: m.get(id) ?? '' } : null);
  }
  const stepsOf = (r: Row) => JSON.parse(String(r.steps)) as Step[];
  const versionView = (r: Row, ref: (id: unknown) => { id: string; name: string } | null) => ({
    id: String(r.id), number: codec.readInt(r.number), status: String(r.status) as 'draft' | 'published' | 'superseded', steps: stepsOf(r),
    changeNote: (r.change_note as string | null) ?? null, publishedBy: ref(r.published_by), publishedAt: codec.readTs(r.published_at), supersededAt: codec.readTs(r.superseded_at),
    createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
  });
  const procView = (r: Row) => ({
    id: String(r.id), title: String(r.title), category: String(r.category) as ProcedureCategory, purpose: (r.purpose as string | null) ?? null,
    orgId: String(r.org_id), version: codec.readInt(r.version),
  });
  const readAudit = (actor: AuditActor, count: number, objectId?: string) =>
    count ? deps.audit.record(actor, { action: objectId ? 'read' : 'list', objectType: 'procedure_run', ...(objectId ? { objectId } : { count }), outcome: 'success', purpose: PURPOSE, fields: ['subject', 'note'] }) : undefined;

  async function runViews(rows: Row[]) {
    if (!rows.length) return [];
    const ids = rows.map((r) => String(r.id));
    const [ticks, versions, procs, ref] = await Promise.all([
      db.selectFrom('procedure_run_ticks').selectAll().where('run_id', 'in', ids).orderBy('step_no').execute(),
      db.selectFrom('procedure_versions').selectAll().where('id', 'in', [...new Set(rows.map((r) => String(r.version_id)))]).execute(),
      db.selectFrom('procedures').select(['id', 'title', 'category']).where('id', 'in', [...new Set(rows.map((r) => String(r.procedure_id)))]).execute(),
      names(rows.map((r) => r.started_by)),
    ]);
    return rows.map((r) => {
      const v = versions.find((x) => x.id === r.version_id)!;
      const pr = procs.find((x) => x.id === r.procedure_id)!;
      const steps = stepsOf(v as Row);
      const mine = ticks.filter((x) => x.run_id === r.id);
      const done = new Map(mine.map((x) => [codec.readInt(x.step_no), x]));
      return {
        id: String(r.id), procedure: { id: String(pr.id), title: String(pr.title), category: String(pr.category) }, versionId: String(v.id), versionNumber: codec.readInt(v.number),
        subject: String(r.subject), taskId: (r.task_id as string | null) ?? null, status: String(r.status) as 'open' | 'done',
        startedBy: ref(r.started_by), startedAt: codec.readTs(r.started_at)!, completedAt: codec.readTs(r.completed_at), version: codec.readInt(r.version),
        steps: steps.map((s, i) => {
          const tk = done.get(i + 1);
          return { no: i + 1, ...s, done: !!tk, note: tk ? ((tk.note as string | null) ?? null) : null, doneAt: tk ? codec.readTs(tk.ticked_at) : null };
        }),
        progress: { done: done.size, total: steps.length },
      };
    });
  }

  return {
    meta() {
      return { categories: PROCEDURE_CATEGORIES.map((code) => ({ code, zh: CATEGORY_TEXT[code][0], en: CATEGORY_TEXT[code][1] })) };
    },

    /** Procedures that apply to the caller or lie in their area, with their current published version's number and whether a draft waits. */
    async list(p: Principal, q: { category?: ProcedureCategory }) {
      const ancestors = p.orgPath.split('/').filter(Boolean).map((_, i, a) => `/${a.slice(0, i + 1).join('/')}/`);
      let sel = db.selectFrom('procedures').selectAll().where((eb) => eb.or([eb('org_path', 'in', ancestors), eb('org_path', 'like', `${p.orgPath}%`)]));
      if (q.category) sel = sel.where('category', '=', q.category);
      const rows = (await sel.orderBy('org_path').orderBy('title').orderBy('id').limit(500).execute()) as Row[];
      const ids = rows.map((r) => String(r.id));
      const vs = rows.length ? await db.selectFrom('procedure_versions').select(['procedure_id', 'number', 'status', 'published_at', 'published_by']).where('procedure_id', 'in', ids).where('status', 'in', ['draft', 'published']).execute() : [];
      // Runs in the caller's area per procedure and status (counts only: no subject, no note — not audited).
      const counts = rows.length ? await db.selectFrom('procedure_runs').select((eb) => ['procedure_id', 'status', eb.fn.countAll().as('n')])
        .where('procedure_id', 'in', ids).where('org_path', 'like', `${p.orgPath}%`).groupBy(['procedure_id', 'status']).execute() : [];
      const runsOf = (pid: unknown, st: string) => codec.readInt(counts.find((c) => c.procedure_id === pid && c.status === st)?.n ?? 0);
      const [orgNames, ref] = await Promise.all([deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]), names(vs.map((v) => v.published_by))]);
      return {
        items: rows.map((r) => {
          const pub = vs.find((v) => v.procedure_id === r.id && v.status === 'published');
          return {
            ...procView(r), org: { id: String(r.org_id), name: orgNames.get(String(r.org_id)) ?? '' },
            current: pub ? { number: codec.readInt(pub.number), publishedAt: codec.readTs(pub.published_at), publishedBy: ref(pub.published_by) } : null,
            hasDraft: vs.some((v) => v.procedure_id === r.id && v.status === 'draft'), canManage: manages(p, String(r.org_path)),
            runs: { open: runsOf(r.id, 'open'), done: runsOf(r.id, 'done') },
          };
        }),
      };
    },

    /** A procedure with every version (newest first) and, per version, the runs started and completed in the caller's area. */
    async detail(p: Principal, id: string) {
      const r = await procRow(p, id);
      const vs = (await db.selectFrom('procedure_versions').selectAll().where('procedure_id', '=', id).orderBy('number', 'desc').execute()) as Row[];
      const runs = await db.selectFrom('procedure_runs').select(['version_id', 'status']).where('procedure_id', '=', id).where('org_path', 'like', `${p.orgPath}%`).execute();
      const ref = await names(vs.map((v) => v.published_by));
      return {
        procedure: procView(r), canManage: manages(p, String(r.org_path)),
        versions: vs.map((v) => ({
          ...versionView(v, ref),
          runs: { started: runs.filter((x) => x.version_id === v.id).length, completed: runs.filter((x) => x.version_id === v.id && x.status === 'done').length },
        })),
      };
    },

    /** A new procedure at the caller's org with its first draft (v1). */
    async create(p: Principal, actor: AuditActor, b: { title: string; category: ProcedureCategory; purpose?: string; steps?: Step[] }) {
      const t = now();
      const id = uuidv7();
      const vid = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('procedures').values({
          id, org_id: p.orgId, org_path: p.orgPath, title: b.title, category: b.category, purpose: b.purpose ?? null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await trx.insertInto('procedure_versions').values({
          id: vid, procedure_id: id, org_path: p.orgPath, number: 1, status: 'draft', steps: JSON.stringify(b.steps ?? []), change_note: null, published_by: null, published_at: null,
          superseded_at: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'procedure', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['title', 'category', 'purpose', 'steps'] });
      });
      return this.detail(p, id);
    },

    /** Title, category, purpose (version-checked). */
    async update(p: Principal, actor: AuditActor, id: string, b: { title?: string; category?: ProcedureCategory; purpose?: string | null; version: number }) {
      const r = await procRow(p, id);
      if (!manages(p, String(r.org_path))) throw errors.forbidden();
      const set: Row = {};
      if (b.title !== undefined) set.title = b.title;
      if (b.category !== undefined) set.category = b.category;
      if (b.purpose !== undefined) set.purpose = b.purpose || null;
      await writes.run(async (trx) => {
        const res = await trx.updateTable('procedures').set({ ...set, updated_at: codec.ts(now()), version: b.version + 1 }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await deps.audit.append(trx, actor, { action: 'update', objectType: 'procedure', objectId: id, outcome: 'success', purpose: PURPOSE, fields: Object.keys(set) });
      });
      return this.detail(p, id);
    },

    /** A new draft from the current published version's steps (one draft at a time). */
    async newDraft(p: Principal, actor: AuditActor, id: string) {
      const r = await procRow(p, id);
      if (!manages(p, String(r.org_path))) throw errors.forbidden();
      const vs = await db.selectFrom('procedure_versions').select(['number', 'status', 'steps']).where('procedure_id', '=', id).orderBy('number', 'desc').execute();
      if (vs.some((v) => v.status === 'draft')) throw errors.conflict('draft_exists', '已有未发布的草稿', 'A draft already exists');
      const pub = vs.find((v) => v.status === 'published');
      const t = now();
      await writes.run(async (trx) => {
        await trx.insertInto('procedure_versions').values({
          id: uuidv7(), procedure_id: id, org_path: String(r.org_path), number: codec.readInt(vs[0]?.number ?? 0) + 1, status: 'draft', steps: pub ? String(pub.steps) : '[]',
          change_note: null, published_by: null, published_at: null, superseded_at: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'procedure_version', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['steps'] });
      });
      return this.detail(p, id);
    },

    async draftOf(p: Principal, id: string) {
      const r = await procRow(p, id);
      if (!manages(p, String(r.org_path))) throw errors.forbidden();
      const d = await db.selectFrom('procedure_versions').selectAll().where('procedure_id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      if (!d) throw errors.conflict('no_draft', '没有草稿：已发布的版本不能修改，请先新建草稿', 'There is no draft: a published version cannot be changed; start a new draft');
      return d as Row;
    },

    /** Save the draft's steps (version-checked; only a draft row is ever written). */
    async saveDraft(p: Principal, actor: AuditActor, id: string, b: { steps: Step[]; version: number }) {
      const d = await this.draftOf(p, id);
      await writes.run(async (trx) => {
        const res = await trx.updateTable('procedure_versions').set({ steps: JSON.stringify(b.steps), updated_at: codec.ts(now()), version: b.version + 1 })
          .where('id', '=', String(d.id)).where('status', '=', 'draft').where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(d.version));
        await deps.audit.append(trx, actor, { action: 'update', objectType: 'procedure_version', objectId: String(d.id), outcome: 'success', purpose: PURPOSE, fields: ['steps'] });
      });
      return this.detail(p, id);
    },

    /** 发布: the draft becomes the published version; the one before is superseded (kept, readable). */
    async publish(p: Principal, actor: AuditActor, id: string, b: { changeNote: string; version: number }) {
      const d = await this.draftOf(p, id);
      if (!stepsOf(d).length) throw errors.field('steps', 'required', '至少需要一个步骤', 'at least one step is needed');
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('procedure_versions').set({ status: 'published', change_note: b.changeNote, published_by: p.id, published_at: codec.ts(t), updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', String(d.id)).where('status', '=', 'draft').where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(d.version));
        await trx.updateTable('procedure_versions').set({ status: 'superseded', superseded_at: codec.ts(t), updated_at: codec.ts(t) })
          .where('procedure_id', '=', id).where('status', '=', 'published').where('id', '!=', String(d.id)).execute();
        await deps.audit.append(trx, actor, { action: 'publish', objectType: 'procedure_version', objectId: String(d.id), outcome: 'success', purpose: PURPOSE, fields: ['status', 'change_note'], reason: b.changeNote });
      });
      return this.detail(p, id);
    },

    /** The runs of a procedure in the caller's area, filtered (audited: the subject and notes are personal free text). */
    async runs(p: Principal, actor: AuditActor, id: string, q: { versionId?: string; status?: 'open' | 'done'; startedBy?: string; page?: number; pageSize?: number }) {
      await procRow(p, id);
      let sel = db.selectFrom('procedure_runs').where('procedure_id', '=', id).where('org_path', 'like', `${p.orgPath}%`);
      if (q.versionId) sel = sel.where('version_id', '=', q.versionId);
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.startedBy) sel = sel.where('started_by', '=', q.startedBy);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const [total, rows] = await Promise.all([
        sel.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        sel.selectAll().orderBy('started_at', 'desc').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      ]);
      const items = await runViews(rows as Row[]);
      await readAudit(actor, items.length);
      return { items, total: codec.readInt(total?.n ?? 0), page, pageSize };
    },

    /** 我的清单: the caller's open runs and those completed in the last 7 days, and the procedures they can start. */
    async mine(p: Principal, actor: AuditActor) {
      const since = codec.ts(new Date(now().getTime() - 7 * 86_400_000));
      const rows = await db.selectFrom('procedure_runs').selectAll().where('started_by', '=', p.id)
        .where((eb) => eb.or([eb('status', '=', 'open'), eb('completed_at', '>=', since)])).orderBy('started_at', 'desc').limit(200).execute();
      const items = await runViews(rows as Row[]);
      await readAudit(actor, items.length);
      return { open: items.filter((i) => i.status === 'open'), done: items.filter((i) => i.status === 'done') };
    },

    /** Start a run of the procedure's current published version (only procedures that apply to the caller). */
    async start(p: Principal, actor: AuditActor, b: { procedureId: string; subject: string; taskId?: string }) {
      const r = await db.selectFrom('procedures').selectAll().where('id', '=', b.procedureId).executeTakeFirst();
      if (!r || !p.orgPath.startsWith(String(r.org_path))) throw errors.field('procedureId', 'not_found', '没有适用于您的这项规程', 'no such procedure applies to you');
      const v = await db.selectFrom('procedure_versions').select(['id']).where('procedure_id', '=', b.procedureId).where('status', '=', 'published').executeTakeFirst();
      if (!v) throw errors.conflict('not_published', '这项规程还没有发布的版本', 'This procedure has no published version yet');
      if (b.taskId) {
        if (!deps.taskLookup) throw errors.field('taskId', 'not_found', '找不到这项任务', 'no such task');
        try { await deps.taskLookup(p, actor, b.taskId); } catch { throw errors.field('taskId', 'not_found', '找不到这项任务（须在您的范围内）', 'no such task in your scope'); }
      }
      const t = now();
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('procedure_runs').values({
          id, procedure_id: b.procedureId, version_id: String(v.id), org_path: p.orgPath, subject: b.subject, task_id: b.taskId ?? null, status: 'open',
          started_by: p.id, started_at: codec.ts(t), completed_at: null, updated_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'procedure_run', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['subject', 'task_id'] });
      });
      return (await runViews([(await db.selectFrom('procedure_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
    },

    async run(p: Principal, actor: AuditActor, id: string) {
      const r = await runRow(p, id);
      const [v] = await runViews([r]);
      await readAudit(actor, 1, id);
      return { run: v!, canWork: r.started_by === p.id && r.status === 'open' };
    },

    /** Tick (or untick) one step with an optional note; only the worker who started the open run. */
    async tick(p: Principal, actor: AuditActor, id: string, no: number, b: { done: boolean; note?: string }) {
      const r = await runRow(p, id);
      if (r.started_by !== p.id) throw errors.conflict('not_runner', '只有开始这份清单的人可以勾选', 'Only the worker who started the checklist can tick it');
      if (r.status !== 'open') throw errors.conflict('run_closed', '清单已完成', 'The checklist is completed');
      const v = await db.selectFrom('procedure_versions').select('steps').where('id', '=', String(r.version_id)).executeTakeFirstOrThrow();
      if (no > stepsOf(v as Row).length) throw errors.field('no', 'not_found', '没有这个步骤', 'no such step');
      const t = now();
      await writes.run(async (trx) => {
        await trx.deleteFrom('procedure_run_ticks').where('run_id', '=', id).where('step_no', '=', no).execute();
        if (b.done) {
          await trx.insertInto('procedure_run_ticks').values({ run_id: id, step_no: no, org_path: String(r.org_path), note: b.note || null, ticked_by: p.id, ticked_at: codec.ts(t) }).execute();
        }
        await trx.updateTable('procedure_runs').set({ updated_at: codec.ts(t) }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: b.done ? 'tick' : 'untick', objectType: 'procedure_run', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['note'] });
      });
      return (await runViews([(await db.selectFrom('procedure_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
    },

    /** 完成: refused (409 `steps_missing`, naming them) while a required step is open. */
    async complete(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const r = await runRow(p, id);
      if (r.started_by !== p.id) throw errors.conflict('not_runner', '只有开始这份清单的人可以完成', 'Only the worker who started the checklist can complete it');
      if (r.status !== 'open') throw errors.conflict('run_closed', '清单已完成', 'The checklist is completed');
      const [view] = await runViews([r]);
      const missing = view!.steps.filter((s) => s.required && !s.done);
      if (missing.length) {
        throw errors.conflict('steps_missing', `还有必做步骤未完成：${missing.map((s) => `${s.no}. ${s.title}`).join('；')}`, `Required steps are still open: ${missing.map((s) => `${s.no}. ${s.title}`).join('; ')}`,
          missing.map((s) => ({ path: `steps.${s.no}`, code: 'required', message: `第 ${s.no} 步：${s.title}`, messageEn: `step ${s.no}: ${s.title}` })));
      }
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('procedure_runs').set({ status: 'done', completed_at: codec.ts(t), updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await deps.audit.append(trx, actor, { action: 'complete', objectType: 'procedure_run', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['status'] });
      });
      return (await runViews([(await db.selectFrom('procedure_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
    },
  };
}

export type Procedures = ReturnType<typeof createProcedures>;
