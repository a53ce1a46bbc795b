import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';

/** 应急预案与演练 (ADR 0089): plans that are not "paper only" — revisions, drills against the steps' target minutes, findings. */
const PURPOSE = 'command';
export const PLAN_HAZARDS = ['epidemic', 'flood_typhoon', 'fire', 'other'] as const;
export const PLAN_STATUSES = ['draft', 'active', 'retired'] as const;
export const DRILL_KINDS = ['tabletop', 'functional'] as const;
export const DRILL_STATUSES = ['scheduled', 'running', 'finished'] as const;
export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export const PLAN_NOTIFY = { drillScheduled: 'drill_scheduled', roleAssigned: 'plan_role_assigned' } as const;
/** A plan with no drill for this many days is flagged 超期未演练. */
export const DRILL_DUE_DAYS = 365;
/** Staff who may hold a role in a plan: the community's own accounts. */
export const PLAN_STAFF_ROLES = ['community_admin', 'grid_worker', 'doctor'] as const;
export type PlanHazard = (typeof PLAN_HAZARDS)[number];
export type DrillKind = (typeof DRILL_KINDS)[number];
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

const TEXT = {
  hazards: { epidemic: ['疫情', 'Epidemic'], flood_typhoon: ['台风洪涝', 'Typhoon and flood'], fire: ['火灾', 'Fire'], other: ['其他', 'Other'] },
  kinds: { tabletop: ['桌面推演', 'Tabletop exercise'], functional: ['实战演练', 'Functional drill'] },
  severities: { low: ['一般', 'Low'], medium: ['较重', 'Medium'], high: ['严重', 'High'] },
} as const;

export type PlanRoleInput = { name: string; duties?: string; staffIds?: string[] };
export type PlanStepInput = { title: string; role: string; targetMinutes: number };
export type PlanBody = { title: string; hazard: PlanHazard; roles: PlanRoleInput[]; steps: PlanStepInput[] };
export type EmergencyPlansDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; notifications: Pick<NotificationsService, 'notify'> };
type Row = Record<string, unknown>;
type StoredRole = { name: string; duties: string | null; staffIds: string[] };
type StoredStep = { title: string; role: string; targetMinutes: number };

const DAY = 86_400_000;
/** The paths above `path` (`/a/b/c/` → `/a/`, `/a/b/`), for the plans of the orgs above the caller's. */
const ancestorPaths = (path: string) => {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`).concat(['//']);
};
const MIN = 60_000;

export function createEmergencyPlans(deps: EmergencyPlansDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  const manager = (p: Principal) => p.permissions.has('plan:manage');
  /** The org path rule: a plan of the caller's org or below, or of an org above (the street's plan for its communities). */
  const inScope = (p: Principal, path: string) => path.startsWith(p.orgPath) || p.orgPath.startsWith(path);
  const sees = (p: Principal, r: Row) => inScope(p, String(r.org_path)) && (manager(p) || r.status === 'active');
  const manages = (p: Principal, r: Row) => manager(p) && String(r.org_path).startsWith(p.orgPath);

  async function planRow(p: Principal, id: string, manage = false): Promise<Row> {
    const r = (await db.selectFrom('emergency_plans').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!r || !sees(p, r) || (manage && !manages(p, r))) throw errors.notFound('预案', 'Plan');
    return r;
  }
  async function drillRow(p: Principal, id: string, manage = false): Promise<{ d: Row; plan: Row }> {
    const d = (await db.selectFrom('plan_drills').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!d || !inScope(p, String(d.org_path))) throw errors.notFound('演练', 'Drill');
    const plan = (await db.selectFrom('emergency_plans').selectAll().where('id', '=', String(d.plan_id)).executeTakeFirstOrThrow()) as Row;
    if (!manager(p) && plan.status !== 'active') throw errors.notFound('演练', 'Drill');
    if (manage && !manages(p, d)) throw errors.notFound('演练', 'Drill');
    return { d, plan };
  }

  /** The community's staff who may hold a role (active accounts under the plan's org). */
  async function staff(orgPath: string) {
    const rows = await db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.display_name', 'u.role'])
      .where('u.status', '=', 'active').where('o.path', 'like', `${orgPath}%`).where('u.role', 'in', [...PLAN_STAFF_ROLES]).orderBy('u.display_name').orderBy('u.id').limit(1000).execute();
    return rows.map((u) => ({ id: String(u.id), name: String(u.display_name), role: String(u.role) }));
  }

  /** Checks a plan's roles and steps: unique role names, the community's staff, each step's role named. */
  async function checked(orgPath: string, b: PlanBody): Promise<{ roles: StoredRole[]; steps: StoredStep[] }> {
    const names = new Set<string>();
    const ok = new Set((await staff(orgPath)).map((s) => s.id));
    const roles = b.roles.map((r, i) => {
      if (names.has(r.name)) throw errors.field(`roles.${i}.name`, 'duplicate', '角色名称重复', 'the role name is used twice');
      names.add(r.name);
      const ids = [...new Set(r.staffIds ?? [])];
      ids.forEach((s, j) => {
        if (!ok.has(s)) throw errors.field(`roles.${i}.staffIds.${j}`, 'not_staff', '不是本社区的工作人员', 'not a staff account of the community');
      });
      return { name: r.name, duties: r.duties?.trim() ? r.duties.trim() : null, staffIds: ids };
    });
    const steps = b.steps.map((s, i) => {
      if (!names.has(s.role)) throw errors.field(`steps.${i}.role`, 'unknown_role', '负责角色不在本预案的角色中', 'the responsible role is not one of the plan’s roles');
      return { title: s.title, role: s.role, targetMinutes: s.targetMinutes };
    });
    return { roles, steps };
  }

  const rolesOf = (r: Row) => JSON.parse(String(r.roles)) as StoredRole[];
  const stepsOf = (r: Row) => JSON.parse(String(r.steps)) as StoredStep[];
  const marksOf = (d: Row) => JSON.parse(String(d.step_marks)) as Record<string, string>;
  const attendanceOf = (d: Row) => JSON.parse(String(d.attendance)) as string[];

  async function userNames(ids: string[]) {
    const u = [...new Set(ids)];
    const rows = u.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', u).execute() : [];
    return new Map(rows.map((x) => [String(x.id), String(x.display_name)]));
  }

  /** Plan views of many revisions with one read of the staff names and one of the org names. */
  async function planViews(p: Principal, rs: Row[]) {
    const names = await userNames(rs.flatMap((r) => rolesOf(r).flatMap((x) => x.staffIds)));
    const orgs = await deps.orgs.names([...new Set(rs.map((r) => String(r.org_id)))]);
    return rs.map((r) => {
      const roles = rolesOf(r);
      return {
        id: String(r.id), seriesId: String(r.series_id), revision: codec.readInt(r.revision), title: String(r.title), hazard: String(r.hazard) as PlanHazard,
        status: String(r.status), org: { id: String(r.org_id), name: orgs.get(String(r.org_id)) ?? '' },
        roles: roles.map((x) => ({ name: x.name, duties: x.duties, staff: x.staffIds.map((id) => ({ id, name: names.get(id) ?? '' })) })),
        steps: stepsOf(r).map((s, i) => ({ no: i + 1, ...s })),
        myRoles: roles.filter((x) => x.staffIds.includes(p.id)).map((x) => x.name),
        revisionNote: (r.revision_note as string | null) ?? null, publishedAt: codec.readTs(r.published_at), createdAt: codec.readTs(r.created_at)!,
        canManage: manages(p, r), version: codec.readInt(r.version),
      };
    });
  }
  const planView = async (p: Principal, r: Row) => (await planViews(p, [r]))[0]!;

  /** A drill's steps with the elapsed minutes at which each was done against its target (on time / late). */
  function timing(d: Row, plan: Row) {
    const started = codec.readTs(d.started_at);
    const marks = marksOf(d);
    return stepsOf(plan).map((s, i) => {
      const doneAt = marks[String(i + 1)] ?? null;
      const elapsed = doneAt && started ? Math.floor((Date.parse(doneAt) - Date.parse(started)) / MIN) : null;
      return { no: i + 1, title: s.title, role: s.role, targetMinutes: s.targetMinutes, doneAt, elapsedMinutes: elapsed, late: elapsed === null ? null : elapsed > s.targetMinutes };
    });
  }

  async function findingsOf(drillIds: string[]) {
    if (!drillIds.length) return [];
    return (await db.selectFrom('plan_drill_findings').selectAll().where('drill_id', 'in', drillIds).orderBy('created_at').orderBy('id').execute()) as Row[];
  }
  const findingView = (f: Row, revisions: Map<string, number>) => ({
    id: String(f.id), drillId: String(f.drill_id), text: String(f.text), severity: String(f.severity) as FindingSeverity,
    action: (f.action as string | null) ?? null, actionStatus: (f.action_status as string | null) ?? null,
    closedByRevision: typeof f.closed_by_plan_id === 'string' ? revisions.get(f.closed_by_plan_id) ?? null : null, closedAt: codec.readTs(f.closed_at), createdAt: codec.readTs(f.created_at)!,
  });

  async function drillView(p: Principal, d: Row, plan: Row) {
    const att = attendanceOf(d);
    const people = await staff(String(plan.org_path));
    const names = await userNames(att);
    const revs = await revisionMap(String(d.series_id));
    return {
      id: String(d.id), plan: { id: String(plan.id), title: String(plan.title), revision: codec.readInt(plan.revision), hazard: String(plan.hazard) },
      kind: String(d.kind) as DrillKind, place: (d.place as string | null) ?? null, scheduledAt: codec.readTs(d.scheduled_at)!, status: String(d.status),
      startedAt: codec.readTs(d.started_at), finishedAt: codec.readTs(d.finished_at), steps: timing(d, plan),
      attendance: att.map((id) => ({ id, name: names.get(id) ?? '' })), residentsCount: codec.readInt(d.residents_count),
      staff: people.map((s) => ({ id: s.id, name: s.name })),
      findings: (await findingsOf([String(d.id)])).map((f) => findingView(f, revs)), canManage: manages(p, d), version: codec.readInt(d.version),
    };
  }

  async function revisionMap(seriesId: string) {
    const rows = await db.selectFrom('emergency_plans').select(['id', 'revision']).where('series_id', '=', seriesId).execute();
    return new Map(rows.map((x) => [String(x.id), codec.readInt(x.revision)]));
  }

  /**
   * The "not paper only" signal of plan series: last drill, days since, its late steps, open revision actions, 超期未演练.
   * Many series are read with four queries in all (the plans list), not four per series.
   */
  async function signals(seriesIds: string[], t: Date) {
    const ids = [...new Set(seriesIds)];
    const out = new Map<string, Awaited<ReturnType<typeof signalOf>>>();
    if (!ids.length) return out;
    const allDrills = (await db.selectFrom('plan_drills').selectAll().where('series_id', 'in', ids).orderBy('scheduled_at', 'desc').execute()) as Row[];
    const firstPublished = await db.selectFrom('emergency_plans').select(['series_id', (eb) => eb.fn.min('published_at').as('first')])
      .where('series_id', 'in', ids).where('published_at', 'is not', null).groupBy('series_id').execute();
    const allOpen = await db.selectFrom('plan_drill_findings').select(['id', 'series_id', 'action', 'created_at']).where('series_id', 'in', ids).where('action_status', '=', 'open').orderBy('created_at').execute();
    const drillsOf = (id: string) => allDrills.filter((d) => String(d.series_id) === id);
    const lastOf = (id: string) => drillsOf(id).filter((d) => d.status === 'finished').sort((a, b) => String(codec.readTs(b.finished_at)).localeCompare(String(codec.readTs(a.finished_at))))[0];
    const lastPlanIds = ids.map(lastOf).filter((d): d is Row => !!d).map((d) => String(d.plan_id));
    const lastPlans = lastPlanIds.length ? ((await db.selectFrom('emergency_plans').selectAll().where('id', 'in', [...new Set(lastPlanIds)]).execute()) as Row[]) : [];
    function signalOf(id: string) {
      const drills = drillsOf(id);
      const last = lastOf(id);
      let lastDrill = null;
      if (last) {
        const plan = lastPlans.find((x) => String(x.id) === String(last.plan_id))!;
        const at = codec.readTs(last.finished_at)!;
        lastDrill = {
          id: String(last.id), kind: String(last.kind) as DrillKind, finishedAt: at, revision: codec.readInt(plan.revision),
          daysSince: Math.floor((t.getTime() - Date.parse(at)) / DAY), lateSteps: timing(last, plan).filter((s) => s.late).map((s) => ({ no: s.no, title: s.title, targetMinutes: s.targetMinutes, elapsedMinutes: s.elapsedMinutes })),
        };
      }
      const published = firstPublished.find((x) => String(x.series_id) === id);
      const since = last ? codec.readTs(last.finished_at) : codec.readTs(published?.first);
      const next = drills.filter((d) => d.status !== 'finished').sort((a, b) => String(codec.readTs(a.scheduled_at)).localeCompare(String(codec.readTs(b.scheduled_at))))[0];
      return {
        lastDrill,
        nextDrill: next ? { id: String(next.id), kind: String(next.kind) as DrillKind, scheduledAt: codec.readTs(next.scheduled_at)!, status: String(next.status) } : null,
        openActions: allOpen.filter((a) => String(a.series_id) === id).map((a) => ({ id: String(a.id), action: String(a.action) })),
        drillOverdue: since !== null && t.getTime() - Date.parse(since) > DRILL_DUE_DAYS * DAY,
        drills,
      };
    }
    for (const id of ids) out.set(id, signalOf(id));
    return out;
  }
  const signal = async (seriesId: string, t: Date) => (await signals([seriesId], t)).get(seriesId)!;

  const auditIn = (trx: Transaction<any>, actor: AuditActor, action: string, objectType: string, objectId: string, fields: string[]) =>
    deps.audit.append(trx, actor, { action, objectType, objectId, outcome: 'success', purpose: PURPOSE, fields });

  /** A version-checked update of one row inside one write with its audit row. */
  async function bump(trx: Transaction<any>, table: 'emergency_plans' | 'plan_drills', id: string, version: number, set: Row, t: Date) {
    const res = await trx.updateTable(table).set({ ...set, updated_at: codec.ts(t), version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
  }
  const checkVersion = (r: Row, version: number) => {
    if (codec.readInt(r.version) !== version) throw errors.stale(codec.readInt(r.version));
  };

  async function drillChange(p: Principal, actor: AuditActor, id: string, version: number, states: string[], set: (d: Row, plan: Row, t: Date) => Row, action: string, fields: string[]) {
    const { d, plan } = await drillRow(p, id, true);
    checkVersion(d, version);
    if (!states.includes(String(d.status))) throw errors.conflict('drill_state', '演练当前状态下不能这样操作', 'The drill is not in a state that allows this');
    const t = now();
    const next = set(d, plan, t);
    await writes.run(async (trx) => {
      await bump(trx, 'plan_drills', id, version, next, t);
      await auditIn(trx, actor, action, 'plan_drill', id, fields);
    });
    const fresh = (await db.selectFrom('plan_drills').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row;
    return drillView(p, fresh, plan);
  }

  return {
    meta() {
      const m = <K extends string>(x: Record<K, readonly [string, string]>) => (Object.keys(x) as K[]).map((code) => ({ code, zh: x[code][0], en: x[code][1] }));
      return { hazards: m(TEXT.hazards), drillKinds: m(TEXT.kinds), severities: m(TEXT.severities), drillDueDays: DRILL_DUE_DAYS };
    },

    /** The staff of the caller's community who may hold a role in its plans. */
    async staffOf(p: Principal) {
      return { items: await staff(p.orgPath) };
    },

    /** Plans of the caller's area: per plan its current revision (the active one, else the newest) with the drill signal. */
    async list(p: Principal) {
      const t = now();
      const ancestors = ancestorPaths(p.orgPath);
      let sel = db.selectFrom('emergency_plans').selectAll().where((eb) => eb.or([eb('org_path', 'like', `${p.orgPath}%`), eb('org_path', 'in', ancestors)]));
      if (!manager(p)) sel = sel.where('status', '=', 'active');
      const rows = ((await sel.orderBy('series_id').orderBy('revision', 'desc').execute()) as Row[]).filter((r) => inScope(p, String(r.org_path)));
      const bySeries = new Map<string, Row[]>();
      for (const r of rows) bySeries.set(String(r.series_id), [...(bySeries.get(String(r.series_id)) ?? []), r]);
      const current = [...bySeries.values()].map((revs) => ({ revs, cur: revs.find((r) => r.status === 'active') ?? revs[0]! }));
      const sigs = await signals(current.map((c) => String(c.cur.series_id)), t);
      const views = await planViews(p, current.map((c) => c.cur));
      const items = current.map(({ revs, cur }, i) => {
        const s = sigs.get(String(cur.series_id))!;
        const v = views[i]!;
        return {
          id: v.id, seriesId: v.seriesId, revision: v.revision, title: v.title, hazard: v.hazard, status: v.status, org: v.org, myRoles: v.myRoles,
          steps: v.steps.length, roles: v.roles.length, hasDraft: revs.some((r) => r.status === 'draft' && r !== cur),
          lastDrill: s.lastDrill, nextDrill: s.nextDrill, openActions: s.openActions.length, drillOverdue: v.status === 'active' && s.drillOverdue,
        };
      });
      items.sort((a, b) => Number(b.drillOverdue) - Number(a.drillOverdue) || a.title.localeCompare(b.title, 'zh-CN'));
      return { items };
    },

    /** One revision with its roles and steps, the plan's revisions, drills, open revision actions and the drill signal. */
    async detail(p: Principal, id: string) {
      const r = await planRow(p, id);
      const t = now();
      const s = await signal(String(r.series_id), t);
      let revSel = db.selectFrom('emergency_plans').select(['id', 'revision', 'status', 'published_at', 'revision_note']).where('series_id', '=', String(r.series_id));
      if (!manager(p)) revSel = revSel.where('status', '=', 'active');
      const revisions = (await revSel.orderBy('revision', 'desc').execute()).map((x) => ({
        id: String(x.id), revision: codec.readInt(x.revision), status: String(x.status), publishedAt: codec.readTs(x.published_at), note: (x.revision_note as string | null) ?? null,
      }));
      const revs = await revisionMap(String(r.series_id));
      const findings = await findingsOf(s.drills.map((d) => String(d.id)));
      return {
        plan: await planView(p, r), revisions,
        drills: s.drills.map((d) => ({
          id: String(d.id), kind: String(d.kind) as DrillKind, place: (d.place as string | null) ?? null, status: String(d.status), scheduledAt: codec.readTs(d.scheduled_at)!,
          finishedAt: codec.readTs(d.finished_at), revision: revs.get(String(d.plan_id)) ?? null, findings: findings.filter((f) => f.drill_id === d.id).length,
        })),
        actions: findings.filter((f) => f.action_status).map((f) => findingView(f, revs)),
        lastDrill: s.lastDrill, nextDrill: s.nextDrill, openActions: s.openActions, drillOverdue: r.status === 'active' && s.drillOverdue,
      };
    },

    /** A new plan of the caller's org: revision 1, a draft. */
    async create(p: Principal, actor: AuditActor, b: PlanBody) {
      const { roles, steps } = await checked(p.orgPath, b);
      const t = now();
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('emergency_plans').values({
          id, org_id: p.orgId, org_path: p.orgPath, series_id: id, revision: 1, title: b.title, hazard: b.hazard, status: 'draft',
          roles: JSON.stringify(roles), steps: JSON.stringify(steps), revision_note: null, published_at: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await auditIn(trx, actor, 'create', 'emergency_plan', id, ['title', 'roles', 'steps']);
      });
      return planView(p, (await db.selectFrom('emergency_plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row);
    },

    /** Edits a draft revision (version-checked); an active plan is changed by a new revision (`revise`). */
    async update(p: Principal, actor: AuditActor, id: string, b: PlanBody & { version: number }) {
      const r = await planRow(p, id, true);
      checkVersion(r, b.version);
      if (r.status !== 'draft') throw errors.conflict('plan_not_draft', '只能修改草稿；已启用的预案请先“修订”生成新版本', 'Only a draft can be edited; revise an active plan into a new revision');
      const { roles, steps } = await checked(String(r.org_path), b);
      const t = now();
      await writes.run(async (trx) => {
        await bump(trx, 'emergency_plans', id, b.version, { title: b.title, hazard: b.hazard, roles: JSON.stringify(roles), steps: JSON.stringify(steps) }, t);
        await auditIn(trx, actor, 'update', 'emergency_plan', id, ['title', 'roles', 'steps']);
      });
      return planView(p, await planRow(p, id));
    },

    /**
     * 安排人员: who holds each role of a draft or active revision (version-checked). Staffing is not the plan's content —
     * people come and go — so it changes without a new revision; the revision's roles, duties and steps stay as published.
     * Those newly given a role are told (`plan_role_assigned`).
     */
    async staffing(p: Principal, actor: AuditActor, id: string, b: { roles: Array<{ name: string; staffIds: string[] }>; version: number }) {
      const r = await planRow(p, id, true);
      if (r.status === 'retired') throw errors.conflict('plan_retired', '这个版本已被新版本取代，请在现行版本中安排人员', 'This revision was superseded; staff the current one');
      checkVersion(r, b.version);
      const roles = rolesOf(r);
      const ok = new Set((await staff(String(r.org_path))).map((x) => x.id));
      const given = new Map<string, string[]>();
      b.roles.forEach((x, i) => {
        if (!roles.some((role) => role.name === x.name)) throw errors.field(`roles.${i}.name`, 'unknown_role', '预案中没有这个角色', 'the plan has no such role');
        if (given.has(x.name)) throw errors.field(`roles.${i}.name`, 'duplicate', '角色名称重复', 'the role name is given twice');
        x.staffIds.forEach((u, j) => {
          if (!ok.has(u)) throw errors.field(`roles.${i}.staffIds.${j}`, 'not_staff', '不是本社区的工作人员', 'not a staff account of the community');
        });
        given.set(x.name, [...new Set(x.staffIds)]);
      });
      const next = roles.map((role) => ({ ...role, staffIds: given.get(role.name) ?? role.staffIds }));
      const told = next.flatMap((role) => role.staffIds.filter((u) => !roles.find((o) => o.name === role.name)!.staffIds.includes(u) && u !== p.id).map((u) => ({ u, role: role.name })));
      const t = now();
      await writes.run(async (trx) => {
        await bump(trx, 'emergency_plans', id, b.version, { roles: JSON.stringify(next) }, t);
        await auditIn(trx, actor, 'update', 'emergency_plan', id, ['roles.staff']);
        for (const u of [...new Set(told.map((x) => x.u))]) {
          await deps.notifications.notify(trx, {
            recipientIds: [u], kind: PLAN_NOTIFY.roleAssigned, objectType: 'emergency_plan', objectId: id, at: t,
            payload: { planId: id, planTitle: String(r.title), roles: told.filter((x) => x.u === u).map((x) => x.role).join('、') },
          });
        }
      });
      return planView(p, await planRow(p, id));
    },

    /** 修订: a new draft revision copied from the active one (the active one stays in force until the draft is published). */
    async revise(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const r = await planRow(p, id, true);
      checkVersion(r, b.version);
      if (r.status !== 'active') throw errors.conflict('plan_not_active', '只有启用中的预案可以修订', 'Only an active plan can be revised');
      const draft = await db.selectFrom('emergency_plans').select('id').where('series_id', '=', String(r.series_id)).where('status', '=', 'draft').executeTakeFirst();
      if (draft) throw errors.conflict('draft_exists', '该预案已有一份修订草稿', 'This plan already has a draft revision', [{ path: 'id', code: 'draft_exists', message: String(draft.id), messageEn: String(draft.id) }]);
      const max = await db.selectFrom('emergency_plans').select((eb) => eb.fn.max('revision').as('n')).where('series_id', '=', String(r.series_id)).executeTakeFirstOrThrow();
      const t = now();
      const nid = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('emergency_plans').values({
          id: nid, org_id: r.org_id, org_path: r.org_path, series_id: r.series_id, revision: codec.readInt(max.n) + 1, title: r.title, hazard: r.hazard, status: 'draft',
          roles: r.roles, steps: r.steps, revision_note: null, published_at: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await auditIn(trx, actor, 'create', 'emergency_plan', nid, ['title', 'roles', 'steps']);
      });
      return planView(p, await planRow(p, nid));
    },

    /**
     * 发布: a draft becomes the active revision (the previous active one is retired, kept readable); the open revision
     * actions it says it addresses are closed by it.
     */
    async publish(p: Principal, actor: AuditActor, id: string, b: { version: number; note?: string; addresses?: string[] }) {
      const r = await planRow(p, id, true);
      checkVersion(r, b.version);
      if (r.status !== 'draft') throw errors.conflict('plan_not_draft', '只有草稿可以发布', 'Only a draft can be published');
      if (!stepsOf(r).length) throw errors.field('steps', 'required', '发布前至少需要一个步骤', 'a plan needs at least one step to be published');
      const addresses = [...new Set(b.addresses ?? [])];
      const open = new Set((await db.selectFrom('plan_drill_findings').select('id').where('series_id', '=', String(r.series_id)).where('action_status', '=', 'open').execute()).map((x) => String(x.id)));
      addresses.forEach((a, i) => {
        if (!open.has(a)) throw errors.field(`addresses.${i}`, 'not_open_action', '不是本预案未关闭的修订事项', 'not an open revision action of this plan');
      });
      const t = now();
      await writes.run(async (trx) => {
        const prev = await trx.selectFrom('emergency_plans').select(['id', 'version']).where('series_id', '=', String(r.series_id)).where('status', '=', 'active').execute();
        for (const x of prev) {
          await bump(trx, 'emergency_plans', String(x.id), codec.readInt(x.version), { status: 'retired' }, t);
          await auditIn(trx, actor, 'retire', 'emergency_plan', String(x.id), ['status']);
        }
        await bump(trx, 'emergency_plans', id, b.version, { status: 'active', published_at: codec.ts(t), revision_note: b.note ?? null }, t);
        await auditIn(trx, actor, 'publish', 'emergency_plan', id, ['status']);
        if (addresses.length) {
          await trx.updateTable('plan_drill_findings').set({ action_status: 'closed', closed_by_plan_id: id, closed_at: codec.ts(t) }).where('id', 'in', addresses).where('action_status', '=', 'open').execute();
        }
      });
      return planView(p, await planRow(p, id));
    },

    /** 废止: an active plan is retired (kept readable). */
    async retire(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const r = await planRow(p, id, true);
      checkVersion(r, b.version);
      if (r.status !== 'active') throw errors.conflict('plan_not_active', '只有启用中的预案可以废止', 'Only an active plan can be retired');
      const t = now();
      await writes.run(async (trx) => {
        await bump(trx, 'emergency_plans', id, b.version, { status: 'retired' }, t);
        await auditIn(trx, actor, 'retire', 'emergency_plan', id, ['status']);
      });
      return planView(p, await planRow(p, id));
    },

    /** 安排演练: a drill of the active revision in the future; the staff holding a role in the plan are told. */
    async schedule(p: Principal, actor: AuditActor, id: string, b: { scheduledAt: string; kind: DrillKind; place?: string }) {
      const r = await planRow(p, id, true);
      if (r.status !== 'active') throw errors.conflict('plan_not_active', '只能为启用中的预案安排演练', 'Drills are scheduled for an active plan');
      const t = now();
      const at = new Date(b.scheduledAt);
      if (at.getTime() <= t.getTime()) throw errors.field('scheduledAt', 'not_future', '演练时间应在当前时间之后', 'the drill must be scheduled in the future');
      const did = uuidv7();
      const to = [...new Set(rolesOf(r).flatMap((x) => x.staffIds))].filter((u) => u !== p.id);
      await writes.run(async (trx) => {
        await trx.insertInto('plan_drills').values({
          id: did, plan_id: id, series_id: r.series_id, org_id: r.org_id, org_path: r.org_path, kind: b.kind, place: b.place?.trim() ? b.place.trim() : null, scheduled_at: codec.ts(at),
          status: 'scheduled', started_at: null, finished_at: null, step_marks: '{}', attendance: '[]', residents_count: 0, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await auditIn(trx, actor, 'create', 'plan_drill', did, ['kind', 'scheduled_at', 'place']);
        if (to.length) {
          await deps.notifications.notify(trx, {
            recipientIds: to, kind: PLAN_NOTIFY.drillScheduled, objectType: 'plan_drill', objectId: did, at: t,
            payload: { drillId: did, planId: id, planTitle: String(r.title), kind: b.kind, kindName: TEXT.kinds[b.kind][0], scheduledAt: at.toISOString(), place: b.place ?? '' },
          });
        }
      });
      const { d, plan } = await drillRow(p, did);
      return drillView(p, d, plan);
    },

    async drill(p: Principal, id: string) {
      const { d, plan } = await drillRow(p, id);
      return drillView(p, d, plan);
    },

    start(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      return drillChange(p, actor, id, b.version, ['scheduled'], (_d, _plan, t) => ({ status: 'running', started_at: codec.ts(t) }), 'start', ['status']);
    },

    /** 完成 a step now (or undo it): the elapsed minutes since the start are compared with the step's target. */
    async step(p: Principal, actor: AuditActor, id: string, no: number, b: { version: number; done: boolean }) {
      const { plan } = await drillRow(p, id, true);
      if (no < 1 || no > stepsOf(plan).length) throw errors.field('no', 'unknown_step', '没有这个步骤', 'no such step');
      return drillChange(p, actor, id, b.version, ['running'], (d, _plan, t) => {
        const marks = marksOf(d);
        if (b.done) marks[String(no)] = t.toISOString();
        else delete marks[String(no)];
        return { step_marks: JSON.stringify(marks) };
      }, 'step', ['step_marks']);
    },

    /** 签到: the staff present (the community's accounts) and the number of residents taking part. */
    async attendance(p: Principal, actor: AuditActor, id: string, b: { version: number; present: string[]; residents: number }) {
      const { plan } = await drillRow(p, id, true);
      const ok = new Set((await staff(String(plan.org_path))).map((s) => s.id));
      const present = [...new Set(b.present)];
      present.forEach((u, i) => {
        if (!ok.has(u)) throw errors.field(`present.${i}`, 'not_staff', '不是本社区的工作人员', 'not a staff account of the community');
      });
      return drillChange(p, actor, id, b.version, ['running', 'finished'], () => ({ attendance: JSON.stringify(present), residents_count: b.residents }), 'attendance', ['attendance', 'residents_count']);
    },

    finish(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      return drillChange(p, actor, id, b.version, ['running'], (_d, _plan, t) => ({ status: 'finished', finished_at: codec.ts(t) }), 'finish', ['status']);
    },

    /** 复盘: a finding of a finished drill; with `action` it is also an open revision action on the plan. */
    async addFinding(p: Principal, actor: AuditActor, id: string, b: { text: string; severity: FindingSeverity; action?: string }) {
      const { d, plan } = await drillRow(p, id, true);
      if (d.status !== 'finished') throw errors.conflict('drill_state', '演练结束后才能复盘', 'Findings are recorded after the drill has finished');
      const t = now();
      const fid = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('plan_drill_findings').values({
          id: fid, drill_id: id, series_id: d.series_id, org_path: d.org_path, text: b.text, severity: b.severity, action: b.action?.trim() ? b.action.trim() : null,
          action_status: b.action?.trim() ? 'open' : null, closed_by_plan_id: null, closed_at: null, created_by: p.id, created_at: codec.ts(t),
        }).execute();
        await auditIn(trx, actor, 'create', 'plan_drill_finding', fid, ['text', 'action']);
      });
      return drillView(p, d, plan);
    },
  };
}
export type EmergencyPlans = ReturnType<typeof createEmergencyPlans>;
