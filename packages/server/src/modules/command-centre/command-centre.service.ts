import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { roleHas } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { addDays, ymdOf } from '../privacy';
import { samplingGapFigures } from '../sampling';
import { supplyShortageFigures } from '../supplies';
import { openAlertFigures } from '../warnings';
import { taskFigures } from '../work-tasks';

/** 指挥部 command centre (ADR 0090): working groups, the duty roster, the nightly dispatch meeting, decisions. */
const PURPOSE = 'command';
export const COMMAND_LEVELS = ['district', 'street'] as const;
export const DUTY_ROLES = ['leader', 'officer'] as const;
export const AGENDA_SOURCES = ['tasks', 'alerts', 'sampling', 'supplies', 'decisions', 'other'] as const;
export const DECISION_STATUSES = ['open', 'done', 'cancelled'] as const;
export const DECISION_FILTERS = [...DECISION_STATUSES, 'overdue'] as const;
export const COMMAND_NOTIFY = { decision: 'command_decision' } as const;
/** The district's 13 working groups of the 2022 outbreak (the demo seeds them; a command may name its own). */
export const DEFAULT_GROUPS = [
  '综合组', '安全保障组', '宣传组', '交通运输组', '市场组', '医疗卫生组', '社区组', '物资保障组', '综合督导组', '党建+联防联控组', '涉外组', '数据比对组', '人文关怀组',
] as const;
/** The nightly dispatch meeting's default start, Shanghai time. */
export const MEETING_TIME = '18:00';
export type DutyRole = (typeof DUTY_ROLES)[number];
export type AgendaSource = (typeof AGENDA_SOURCES)[number];
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

/** Where each agenda item's figure is looked at, and its zh-CN title (the web shows its own name per source). */
const SOURCES: Record<Exclude<AgendaSource, 'other'>, { title: string; link: string }> = {
  tasks: { title: '逾期及未办结工作任务', link: '/tasks' },
  alerts: { title: '未处置预警', link: '/warnings' },
  sampling: { title: '核酸采样覆盖缺口', link: '/sampling' },
  supplies: { title: '物资短缺', link: '/supplies' },
  decisions: { title: '逾期未办结的决议事项', link: '/command' },
};


export type CommandCentreDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; notifications: Pick<NotificationsService, 'notify'> };
type Row = Record<string, unknown>;
type Org = { id: string; path: string; name: string; level: string };
type Ref = { id: string; name: string };

export function createCommandCentre(deps: CommandCentreDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const today = () => ymdOf(now());

  async function names(ids: unknown[]): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
    if (!list.length) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute();
    return new Map(rows.map((u) => [String(u.id), String(u.display_name)]));
  }
  const refOf = (m: Map<string, string>) => (id: unknown): Ref | null => (typeof id === 'string' ? { id, name: m.get(id) ?? '' } : null);

  async function commandOrg(orgId: string): Promise<Org> {
    const o = await deps.orgs.get(orgId);
    if (!o || !(COMMAND_LEVELS as readonly string[]).includes(o.level)) throw errors.notFound('指挥部', 'Command centre');
    return { id: o.id, path: o.path, name: o.name, level: o.level };
  }
  const manages = (p: Principal, o: Org) => p.permissions.has('command:manage') && o.path.startsWith(p.orgPath);

  /** Whether the caller takes part in a command: in one of its groups (or leads one), on its roster, or owning one of its decisions. */
  async function member(p: Principal, o: Org): Promise<boolean> {
    if (!p.orgPath.startsWith(o.path)) return false;
    const [g, l, d, c] = await Promise.all([
      db.selectFrom('command_group_members as m').innerJoin('command_groups as g', 'g.id', 'm.group_id').select('m.user_id').where('g.org_id', '=', o.id).where('m.user_id', '=', p.id).executeTakeFirst(),
      db.selectFrom('command_groups').select('id').where('org_id', '=', o.id).where('lead_id', '=', p.id).executeTakeFirst(),
      db.selectFrom('command_duties').select('id').where('org_id', '=', o.id).where('user_id', '=', p.id).executeTakeFirst(),
      db.selectFrom('command_decisions').select('id').where('org_id', '=', o.id).where('owner_user_id', '=', p.id).executeTakeFirst(),
    ]);
    return !!(g || l || d || c);
  }

  /** The command the caller may read (managers of its area, its members), with whether they may manage it. */
  async function access(p: Principal, orgId: string, need: 'read' | 'manage' = 'read'): Promise<{ org: Org; manage: boolean }> {
    const org = await commandOrg(orgId);
    const manage = manages(p, org);
    if (!manage && !(await member(p, org))) throw errors.notFound('指挥部', 'Command centre');
    if (need === 'manage' && !manage) throw errors.forbidden();
    return { org, manage };
  }

  /** The people a command can put in its groups, on its roster and as decision owners: active staff of its org or below who can read the command. */
  async function candidates(o: Org) {
    const rows = await db.selectFrom('users as u').innerJoin('orgs as g', 'g.id', 'u.org_id').select(['u.id', 'u.display_name', 'u.role', 'g.name', 'g.path'])
      .where('u.status', '=', 'active').where('g.path', 'like', `${o.path}%`).orderBy('g.path').orderBy('u.display_name').orderBy('u.id').limit(2000).execute();
    return rows.filter((u) => roleHas(String(u.role), 'command:read')).map((u) => ({ id: String(u.id), name: String(u.display_name), role: String(u.role), orgName: String(u.name) }));
  }
  async function checkPeople(o: Org, ids: readonly string[], field: string) {
    if (!ids.length) return;
    const ok = new Set((await candidates(o)).map((c) => c.id));
    const bad = ids.findIndex((i) => !ok.has(i));
    if (bad >= 0) {
      const path = field.endsWith('s') ? `${field}.${bad}` : field;
      throw errors.field(path, 'not_found', '须为本指挥部所在单位或下级单位的工作人员', 'must be a staff member of the command’s org or below');
    }
  }

  async function groupRow(o: Org, id: string): Promise<Row> {
    const r = await db.selectFrom('command_groups').selectAll().where('id', '=', id).where('org_id', '=', o.id).executeTakeFirst();
    if (!r) throw errors.notFound('工作组', 'Working group');
    return r as Row;
  }

  async function groupViews(o: Org) {
    const rows = await db.selectFrom('command_groups').selectAll().where('org_id', '=', o.id).orderBy('seq').orderBy('name').execute();
    const ids = rows.map((r) => String(r.id));
    const members = ids.length ? await db.selectFrom('command_group_members').select(['group_id', 'user_id']).where('group_id', 'in', ids).orderBy('created_at').execute() : [];
    const n = await names([...rows.map((r) => r.lead_id), ...members.map((m) => m.user_id)]);
    const ref = refOf(n);
    return rows.map((r) => ({
      id: String(r.id), name: String(r.name), duties: (r.duties as string | null) ?? null, lead: ref(r.lead_id), seq: codec.readInt(r.seq),
      members: members.filter((m) => m.group_id === r.id).map((m) => ref(m.user_id)!), version: codec.readInt(r.version),
    }));
  }

  async function rosterDays(o: Org, from: string, days: number) {
    const to = addDays(from, days - 1);
    const rows = await db.selectFrom('command_duties').selectAll().where('org_id', '=', o.id).where('duty_date', '>=', from).where('duty_date', '<=', to).orderBy('duty_date').orderBy('created_at').execute();
    const groups = new Map((await db.selectFrom('command_groups').select(['id', 'name']).where('org_id', '=', o.id).execute()).map((g) => [String(g.id), String(g.name)]));
    const ref = refOf(await names(rows.map((r) => r.user_id)));
    return Array.from({ length: days }, (_, i) => {
      const date = addDays(from, i);
      const mine = rows.filter((r) => r.duty_date === date);
      const entry = (r: (typeof rows)[number]) => ({ id: String(r.id), user: ref(r.user_id)!, group: typeof r.group_id === 'string' ? { id: r.group_id, name: groups.get(r.group_id) ?? '' } : null });
      const leader = mine.find((r) => r.role === 'leader');
      return { date, leader: leader ? entry(leader) : null, officers: mine.filter((r) => r.role === 'officer').map(entry) };
    });
  }

  async function decisionViews(rows: Row[]) {
    const groupIds = [...new Set(rows.map((r) => r.owner_group_id).filter((x): x is string => typeof x === 'string'))];
    const groups = groupIds.length ? await db.selectFrom('command_groups').select(['id', 'name', 'lead_id']).where('id', 'in', groupIds).execute() : [];
    const orgNames = await deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]);
    const ref = refOf(await names(rows.flatMap((r) => [r.owner_user_id, r.created_by, r.closed_by])));
    const t = today();
    return rows.map((r) => {
      const g = groups.find((x) => x.id === r.owner_group_id);
      const dueDate = String(r.due_date);
      return {
        id: String(r.id), command: { id: String(r.org_id), name: orgNames.get(String(r.org_id)) ?? '' }, meetingId: (r.meeting_id as string | null) ?? null,
        itemId: (r.item_id as string | null) ?? null, title: String(r.title), detail: (r.detail as string | null) ?? null,
        owner: { user: ref(r.owner_user_id), group: g ? { id: String(g.id), name: String(g.name) } : null },
        dueDate, status: String(r.status), overdue: r.status === 'open' && dueDate < t, note: (r.note as string | null) ?? null,
        closedAt: codec.readTs(r.closed_at), closedBy: ref(r.closed_by), createdBy: ref(r.created_by), createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
      };
    });
  }
  const readAudit = (actor: AuditActor, objectType: string, count: number, objectId?: string) =>
    count ? deps.audit.record(actor, { action: objectId ? 'read' : 'list', objectType, ...(objectId ? { objectId } : { count }), outcome: 'success', purpose: PURPOSE, fields: ['minutes', 'detail', 'note'] }) : undefined;
  const auditIn = (trx: Transaction<any>, actor: AuditActor, action: string, objectType: string, objectId: string, fields: string[]) =>
    deps.audit.append(trx, actor, { action, objectType, objectId, outcome: 'success', purpose: PURPOSE, fields });

  async function meetingRow(p: Principal, id: string): Promise<{ m: Row; org: Org; manage: boolean }> {
    const m = await db.selectFrom('command_meetings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m) throw errors.notFound('调度会', 'Meeting');
    const { org, manage } = await access(p, String(m.org_id));
    return { m: m as Row, org, manage };
  }
  const mustBeOpen = (m: Row) => {
    if (m.status !== 'open') throw errors.conflict('meeting_ended', '会议已结束，纪要已锁定；如需更正请添加补充说明', 'The meeting has ended and its minutes are locked; add an addendum to correct them');
  };

  /** The groups (lead or member) the user is in. */
  async function groupsOf(userId: string): Promise<string[]> {
    const [m, l] = await Promise.all([
      db.selectFrom('command_group_members').select('group_id').where('user_id', '=', userId).execute(),
      db.selectFrom('command_groups').select('id').where('lead_id', '=', userId).execute(),
    ]);
    return [...new Set([...m.map((x) => String(x.group_id)), ...l.map((x) => String(x.id))])];
  }

  /** The live figures of a command's area, each as an agenda item (title, headline figure, breakdown, link). */
  async function liveFigures(o: Org, at: Date) {
    const [tasks, alerts, sampling, supplies, overdue] = await Promise.all([
      taskFigures(database, o.path, at), openAlertFigures(database, o.path), samplingGapFigures(database, o.path), supplyShortageFigures(database, o.path),
      db.selectFrom('command_decisions').selectAll().where('org_id', '=', o.id).where('status', '=', 'open').where('due_date', '<', ymdOf(at)).orderBy('due_date').limit(50).execute(),
    ]);
    const late = await decisionViews(overdue as Row[]);
    return [
      { source: 'tasks' as const, figure: tasks.overdue, figures: tasks },
      { source: 'alerts' as const, figure: alerts.open, figures: alerts },
      { source: 'sampling' as const, figure: sampling.missing, figures: sampling },
      { source: 'supplies' as const, figure: supplies.shortRounds + supplies.outOfStock, figures: supplies },
      { source: 'decisions' as const, figure: late.length, figures: { overdue: late.length, items: late.map((d) => ({ id: d.id, title: d.title, dueDate: d.dueDate, owner: d.owner.user?.name ?? d.owner.group?.name ?? '' })) } },
    ];
  }

  async function meetingView(p: Principal, actor: AuditActor | null, id: string) {
    const { m, org, manage } = await meetingRow(p, id);
    const [items, att, add, dec] = await Promise.all([
      db.selectFrom('command_agenda_items').selectAll().where('meeting_id', '=', id).orderBy('seq').execute(),
      db.selectFrom('command_attendance').select('user_id').where('meeting_id', '=', id).orderBy('created_at').execute(),
      db.selectFrom('command_addenda').selectAll().where('meeting_id', '=', id).orderBy('created_at').execute(),
      db.selectFrom('command_decisions').selectAll().where('meeting_id', '=', id).orderBy('created_at').execute(),
    ]);
    const ref = refOf(await names([m.ended_by, ...items.map((i) => i.minutes_by), ...att.map((a) => a.user_id), ...add.map((a) => a.created_by)]));
    if (actor) await readAudit(actor, 'command_meeting', 1, id);
    return {
      meeting: {
        id, command: { id: org.id, name: org.name, level: org.level }, date: String(m.meeting_date), startsAt: codec.readTs(m.starts_at)!, status: String(m.status),
        agendaAt: codec.readTs(m.agenda_at), endedAt: codec.readTs(m.ended_at), endedBy: ref(m.ended_by), version: codec.readInt(m.version),
      },
      items: items.map((i) => ({
        id: String(i.id), seq: codec.readInt(i.seq), source: String(i.source) as AgendaSource, title: String(i.title), figure: i.figure == null ? null : codec.readInt(i.figure),
        figures: i.figures ? (JSON.parse(String(i.figures)) as Record<string, unknown>) : null, link: (i.link as string | null) ?? null,
        minutes: (i.minutes as string | null) ?? null, minutesBy: ref(i.minutes_by), minutesAt: codec.readTs(i.minutes_at), version: codec.readInt(i.version),
      })),
      attendance: att.map((a) => ref(a.user_id)!),
      addenda: add.map((a) => ({ id: String(a.id), body: String(a.body), by: ref(a.created_by)!, at: codec.readTs(a.created_at)! })),
      decisions: await decisionViews(dec as Row[]),
      canManage: manage,
    };
  }

  async function notifyDecision(trx: Transaction<any>, d: { id: string; title: string; dueDate: string; orgName: string; ownerUserId: string | null; ownerGroupId: string | null; overdue?: boolean }, t: Date) {
    let to: string[] = d.ownerUserId ? [d.ownerUserId] : [];
    if (d.ownerGroupId) {
      const g = await trx.selectFrom('command_groups').select('lead_id').where('id', '=', d.ownerGroupId).executeTakeFirst();
      // A group's decision goes to its lead; a group without a lead tells its members.
      to = g?.lead_id ? [String(g.lead_id)] : (await trx.selectFrom('command_group_members').select('user_id').where('group_id', '=', d.ownerGroupId).execute()).map((m) => String(m.user_id));
    }
    await deps.notifications.notify(trx, {
      recipientIds: to, kind: COMMAND_NOTIFY.decision, objectType: 'command_decision', objectId: d.id, at: t,
      payload: { decisionId: d.id, title: d.title, dueDate: d.dueDate, command: d.orgName, overdue: d.overdue ? '1' : '' },
    });
  }

  return {
    /** The commands the caller can open: their own district or street when they manage it, and those they take part in. */
    async centres(p: Principal) {
      const ids = new Set<string>();
      if (p.permissions.has('command:manage') && (COMMAND_LEVELS as readonly string[]).includes(p.orgLevel)) ids.add(p.orgId);
      const groups = await groupsOf(p.id);
      const [g, d, c] = await Promise.all([
        groups.length ? db.selectFrom('command_groups').select('org_id').where('id', 'in', groups).execute() : [],
        db.selectFrom('command_duties').select('org_id').distinct().where('user_id', '=', p.id).execute(),
        db.selectFrom('command_decisions').select('org_id').distinct().where('owner_user_id', '=', p.id).execute(),
      ]);
      for (const r of [...g, ...d, ...c]) ids.add(String(r.org_id));
      const out = [];
      for (const id of ids) {
        const o = await deps.orgs.get(id);
        if (!o || !p.orgPath.startsWith(o.path) && !o.path.startsWith(p.orgPath)) continue;
        out.push({ id: o.id, name: o.name, level: o.level, canManage: manages(p, { id: o.id, path: o.path, name: o.name, level: o.level }) });
      }
      return { items: out.sort((a, b) => Number(b.canManage) - Number(a.canManage) || a.name.localeCompare(b.name, 'zh-CN')) };
    },

    /** 今日: who is on duty now, tonight's meeting, open and overdue decisions, the groups. */
    async today(p: Principal, actor: AuditActor, orgId: string) {
      const { org, manage } = await access(p, orgId);
      const t = today();
      const [[duty], meeting, open, groups] = await Promise.all([
        rosterDays(org, t, 1),
        db.selectFrom('command_meetings').select(['id', 'status', 'starts_at', 'agenda_at']).where('org_id', '=', org.id).where('meeting_date', '=', t).executeTakeFirst(),
        db.selectFrom('command_decisions').selectAll().where('org_id', '=', org.id).where('status', '=', 'open').orderBy('due_date').orderBy('id').limit(200).execute(),
        groupViews(org),
      ]);
      const decisions = await decisionViews(open as Row[]);
      await readAudit(actor, 'command_decision', decisions.length);
      return {
        command: { id: org.id, name: org.name, level: org.level }, date: t, canManage: manage, onDuty: duty!,
        meeting: meeting ? { id: String(meeting.id), status: String(meeting.status), startsAt: codec.readTs(meeting.starts_at)!, agendaAt: codec.readTs(meeting.agenda_at) } : null,
        decisions, counts: { open: decisions.length, overdue: decisions.filter((d) => d.overdue).length },
        groups: groups.map((g) => ({ id: g.id, name: g.name, lead: g.lead, members: g.members.length })),
      };
    },

    async candidates(p: Principal, orgId: string) {
      const { org } = await access(p, orgId, 'manage');
      return { items: await candidates(org) };
    },

    async groups(p: Principal, orgId: string) {
      const { org, manage } = await access(p, orgId);
      return { items: await groupViews(org), canManage: manage };
    },

    async createGroup(p: Principal, actor: AuditActor, orgId: string, b: { name: string; duties?: string; leadId?: string; memberIds?: string[] }) {
      const { org } = await access(p, orgId, 'manage');
      const memberIds = [...new Set(b.memberIds ?? [])];
      if (b.leadId) await checkPeople(org, [b.leadId], 'leadId');
      await checkPeople(org, memberIds, 'memberIds');
      if (await db.selectFrom('command_groups').select('id').where('org_id', '=', org.id).where('name', '=', b.name).executeTakeFirst()) {
        throw errors.conflict('group_exists', '已有同名工作组', 'A working group of this name exists');
      }
      const t = now();
      const id = uuidv7();
      const seq = await db.selectFrom('command_groups').select((eb) => eb.fn.max('seq').as('m')).where('org_id', '=', org.id).executeTakeFirst();
      await writes.run(async (trx) => {
        await trx.insertInto('command_groups').values({
          id, org_id: org.id, org_path: org.path, name: b.name, duties: b.duties ?? null, lead_id: b.leadId ?? null, seq: codec.readInt(seq?.m ?? 0) + 1,
          created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        if (memberIds.length) await trx.insertInto('command_group_members').values(memberIds.map((u) => ({ group_id: id, user_id: u, org_path: org.path, created_at: codec.ts(t) }))).execute();
        await auditIn(trx, actor, 'create', 'command_group', id, ['name', 'duties', 'lead', 'members']);
      });
      return (await groupViews(org)).find((g) => g.id === id)!;
    },

    /** A group's name, duties, lead and members (the members given replace the old ones). */
    async updateGroup(p: Principal, actor: AuditActor, orgId: string, id: string, b: { name?: string; duties?: string | null; leadId?: string | null; memberIds?: string[]; version: number }) {
      const { org } = await access(p, orgId, 'manage');
      const r = await groupRow(org, id);
      if (b.leadId) await checkPeople(org, [b.leadId], 'leadId');
      const memberIds = b.memberIds ? [...new Set(b.memberIds)] : null;
      if (memberIds) await checkPeople(org, memberIds, 'memberIds');
      if (b.name && b.name !== r.name && await db.selectFrom('command_groups').select('id').where('org_id', '=', org.id).where('name', '=', b.name).executeTakeFirst()) {
        throw errors.conflict('group_exists', '已有同名工作组', 'A working group of this name exists');
      }
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('command_groups').set({
          ...(b.name !== undefined ? { name: b.name } : {}), ...(b.duties !== undefined ? { duties: b.duties } : {}), ...(b.leadId !== undefined ? { lead_id: b.leadId } : {}),
          updated_at: codec.ts(t), version: b.version + 1,
        }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        if (memberIds) {
          await trx.deleteFrom('command_group_members').where('group_id', '=', id).execute();
          if (memberIds.length) await trx.insertInto('command_group_members').values(memberIds.map((u) => ({ group_id: id, user_id: u, org_path: org.path, created_at: codec.ts(t) }))).execute();
        }
        await auditIn(trx, actor, 'update', 'command_group', id, Object.keys(b).filter((k) => k !== 'version'));
      });
      return (await groupViews(org)).find((g) => g.id === id)!;
    },

    /** 值班表: the 7 days from `from` (default: this week's Monday, Shanghai time). */
    async roster(p: Principal, orgId: string, q: { from?: string }) {
      const { org, manage } = await access(p, orgId);
      const t = today();
      const dow = (new Date(`${t}T00:00:00Z`).getUTCDay() + 6) % 7;
      const from = q.from ?? addDays(t, -dow);
      return { from, today: t, days: await rosterDays(org, from, 7), canManage: manage };
    },

    /** Puts someone on duty for a day: the one 带班领导, or a 值班员 (of a group). The same person twice on one day: 409. */
    async addDuty(p: Principal, actor: AuditActor, orgId: string, b: { date: string; role: DutyRole; userId: string; groupId?: string }) {
      const { org } = await access(p, orgId, 'manage');
      await checkPeople(org, [b.userId], 'userId');
      if (b.groupId) await groupRow(org, b.groupId).catch(() => { throw errors.field('groupId', 'not_found', '不是本指挥部的工作组', 'not a working group of this command'); });
      if (b.date < addDays(today(), -1)) throw errors.field('date', 'past', '不能排已过去的日期', 'cannot put someone on duty for a past day');
      const id = uuidv7();
      await writes.run(async (trx) => {
        const same = await trx.selectFrom('command_duties').select('role').where('org_id', '=', org.id).where('duty_date', '=', b.date).where('user_id', '=', b.userId).executeTakeFirst();
        if (same) throw errors.conflict('duty_taken', '此人当天已在值班表上', 'This person is already on duty that day', [{ path: 'userId', code: 'duty_taken', message: '当天已排班', messageEn: 'already on duty that day' }]);
        if (b.role === 'leader' && await trx.selectFrom('command_duties').select('id').where('org_id', '=', org.id).where('duty_date', '=', b.date).where('role', '=', 'leader').executeTakeFirst()) {
          throw errors.conflict('leader_taken', '当天已有带班领导', 'That day already has a leader on duty', [{ path: 'role', code: 'leader_taken', message: '当天已有带班领导', messageEn: 'that day has a leader' }]);
        }
        await trx.insertInto('command_duties').values({
          id, org_id: org.id, org_path: org.path, duty_date: b.date, role: b.role, group_id: b.groupId ?? null, user_id: b.userId, created_by: p.id, created_at: codec.ts(now()),
        }).execute();
        await auditIn(trx, actor, 'create', 'command_duty', id, ['date', 'role', 'user']);
      });
      return (await rosterDays(org, b.date, 1))[0]!;
    },

    async removeDuty(p: Principal, actor: AuditActor, orgId: string, id: string) {
      const { org } = await access(p, orgId, 'manage');
      await writes.run(async (trx) => {
        const res = await trx.deleteFrom('command_duties').where('id', '=', id).where('org_id', '=', org.id).executeTakeFirst();
        if (Number(res.numDeletedRows) !== 1) throw errors.notFound('值班安排', 'Duty');
        await auditIn(trx, actor, 'delete', 'command_duty', id, ['user']);
      });
      return { ok: true };
    },

    /** The meetings of a command, newest first. */
    async meetings(p: Principal, orgId: string) {
      const { org } = await access(p, orgId);
      const rows = await db.selectFrom('command_meetings').select(['id', 'meeting_date', 'starts_at', 'status', 'agenda_at']).where('org_id', '=', org.id).orderBy('meeting_date', 'desc').limit(60).execute();
      return { items: rows.map((r) => ({ id: String(r.id), date: String(r.meeting_date), startsAt: codec.readTs(r.starts_at)!, status: String(r.status), agendaAt: codec.readTs(r.agenda_at) })) };
    },

    /** 召开调度会: the meeting of a day (default today, at 18:00 Shanghai time); one per day and command. */
    async openMeeting(p: Principal, actor: AuditActor, orgId: string, b: { date?: string; time?: string }) {
      const { org } = await access(p, orgId, 'manage');
      const date = b.date ?? today();
      if (date < today()) throw errors.field('date', 'past', '不能召开已过去日期的调度会', 'cannot hold a meeting on a past day');
      const existing = await db.selectFrom('command_meetings').select('id').where('org_id', '=', org.id).where('meeting_date', '=', date).executeTakeFirst();
      if (existing) throw errors.conflict('meeting_exists', '当天已有调度会', 'That day already has a meeting', [{ path: 'date', code: 'meeting_exists', message: String(existing.id), messageEn: String(existing.id) }]);
      const t = now();
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('command_meetings').values({
          id, org_id: org.id, org_path: org.path, meeting_date: date, starts_at: codec.ts(new Date(`${date}T${b.time ?? MEETING_TIME}:00+08:00`)), status: 'open', agenda_at: null,
          ended_at: null, ended_by: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await auditIn(trx, actor, 'create', 'command_meeting', id, ['date']);
      });
      return meetingView(p, null, id);
    },

    meeting: (p: Principal, actor: AuditActor, id: string) => meetingView(p, actor, id),

    /**
     * 生成议程: the live figures of the command's area, each an agenda item keeping the figure of this moment. Generated
     * again, the items take the new figures and keep their minutes.
     */
    async generateAgenda(p: Principal, actor: AuditActor, id: string) {
      const { m, org, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      const t = now();
      const figures = await liveFigures(org, t);
      await writes.run(async (trx) => {
        const items = await trx.selectFrom('command_agenda_items').select(['id', 'source', 'seq']).where('meeting_id', '=', id).execute();
        let seq = items.reduce((a, i) => Math.max(a, codec.readInt(i.seq)), 0);
        for (const f of figures) {
          const have = items.find((i) => i.source === f.source);
          const values = { title: SOURCES[f.source].title, figure: f.figure, figures: JSON.stringify(f.figures), link: SOURCES[f.source].link, updated_at: codec.ts(t) };
          if (have) await trx.updateTable('command_agenda_items').set(values).where('id', '=', String(have.id)).execute();
          else {
            await trx.insertInto('command_agenda_items').values({
              id: uuidv7(), meeting_id: id, org_path: org.path, seq: ++seq, source: f.source, ...values, minutes: null, minutes_by: null, minutes_at: null, created_at: codec.ts(t), version: 1,
            }).execute();
          }
        }
        const res = await trx.updateTable('command_meetings').set({ agenda_at: codec.ts(t), updated_at: codec.ts(t), version: codec.readInt(m.version) + 1 })
          .where('id', '=', id).where('status', '=', 'open').where('version', '=', codec.readInt(m.version)).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await auditIn(trx, actor, 'generate_agenda', 'command_meeting', id, ['agenda']);
      });
      return meetingView(p, null, id);
    },

    /** A further agenda item of the meeting's own (临时议题). */
    async addItem(p: Principal, actor: AuditActor, id: string, b: { title: string }) {
      const { m, org, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      const t = now();
      const itemId = uuidv7();
      await writes.run(async (trx) => {
        const max = await trx.selectFrom('command_agenda_items').select((eb) => eb.fn.max('seq').as('m')).where('meeting_id', '=', id).executeTakeFirst();
        await trx.insertInto('command_agenda_items').values({
          id: itemId, meeting_id: id, org_path: org.path, seq: codec.readInt(max?.m ?? 0) + 1, source: 'other', title: b.title, figure: null, figures: null, link: null,
          minutes: null, minutes_by: null, minutes_at: null, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
        }).execute();
        await auditIn(trx, actor, 'create', 'command_agenda_item', itemId, ['title']);
      });
      return meetingView(p, null, id);
    },

    /** 纪要 of one agenda item, while the meeting is open. */
    async minutes(p: Principal, actor: AuditActor, itemId: string, b: { minutes: string; version: number }) {
      const item = await db.selectFrom('command_agenda_items').select(['meeting_id', 'version']).where('id', '=', itemId).executeTakeFirst();
      if (!item) throw errors.notFound('议题', 'Agenda item');
      const { m, manage } = await meetingRow(p, String(item.meeting_id));
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      const t = now();
      await writes.run(async (trx) => {
        const open = await trx.selectFrom('command_meetings').select('status').where('id', '=', String(item.meeting_id)).executeTakeFirst();
        mustBeOpen(open as Row);
        const res = await trx.updateTable('command_agenda_items').set({ minutes: b.minutes, minutes_by: p.id, minutes_at: codec.ts(t), updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', itemId).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(item.version));
        await auditIn(trx, actor, 'update', 'command_agenda_item', itemId, ['minutes']);
      });
      return meetingView(p, null, String(item.meeting_id));
    },

    /** 参会人员: the people present (the list given replaces the old one), while the meeting is open. */
    async attendance(p: Principal, actor: AuditActor, id: string, b: { userIds: string[] }) {
      const { m, org, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      const ids = [...new Set(b.userIds)];
      await checkPeople(org, ids, 'userIds');
      const t = now();
      await writes.run(async (trx) => {
        await trx.deleteFrom('command_attendance').where('meeting_id', '=', id).execute();
        if (ids.length) await trx.insertInto('command_attendance').values(ids.map((u, i) => ({ meeting_id: id, user_id: u, org_path: org.path, created_at: codec.ts(new Date(t.getTime() + i)) }))).execute();
        await auditIn(trx, actor, 'update', 'command_meeting', id, ['attendance']);
      });
      return meetingView(p, null, id);
    },

    /** 结束会议: the minutes are locked from now on; corrections go into addenda. */
    async endMeeting(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const { m, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('command_meetings').set({ status: 'ended', ended_at: codec.ts(t), ended_by: p.id, updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(m.version));
        await auditIn(trx, actor, 'end', 'command_meeting', id, ['status']);
      });
      return meetingView(p, null, id);
    },

    /** 补充说明: a correction of an ended meeting's minutes, kept beside them (they stay as they were). */
    async addendum(p: Principal, actor: AuditActor, id: string, b: { body: string }) {
      const { m, org, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      if (m.status !== 'ended') throw errors.conflict('meeting_open', '会议未结束，请直接修改纪要', 'The meeting is still open; edit the minutes instead');
      const aid = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('command_addenda').values({ id: aid, meeting_id: id, org_path: org.path, body: b.body, created_by: p.id, created_at: codec.ts(now()) }).execute();
        await auditIn(trx, actor, 'create', 'command_addendum', aid, ['body']);
      });
      return meetingView(p, null, id);
    },

    /** 决议事项: a decision of the meeting with one owner (a person or a working group) and a deadline; the owner is told. */
    async decide(p: Principal, actor: AuditActor, id: string, b: { title: string; detail?: string; ownerUserId?: string; ownerGroupId?: string; dueDate: string; itemId?: string }) {
      const { m, org, manage } = await meetingRow(p, id);
      if (!manage) throw errors.forbidden();
      mustBeOpen(m);
      if (!!b.ownerUserId === !!b.ownerGroupId) throw errors.field('ownerUserId', 'required', '请选择一位责任人或一个责任工作组', 'choose one owner: a person or a working group');
      if (b.ownerUserId) await checkPeople(org, [b.ownerUserId], 'ownerUserId');
      if (b.ownerGroupId) await groupRow(org, b.ownerGroupId).catch(() => { throw errors.field('ownerGroupId', 'not_found', '不是本指挥部的工作组', 'not a working group of this command'); });
      if (b.dueDate < today()) throw errors.field('dueDate', 'past', '办结时限不能早于今天', 'the deadline cannot be before today');
      if (b.itemId && !(await db.selectFrom('command_agenda_items').select('id').where('id', '=', b.itemId).where('meeting_id', '=', id).executeTakeFirst())) {
        throw errors.field('itemId', 'not_found', '不是本次会议的议题', 'not an agenda item of this meeting');
      }
      const t = now();
      const did = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('command_decisions').values({
          id: did, org_id: org.id, org_path: org.path, meeting_id: id, item_id: b.itemId ?? null, title: b.title, detail: b.detail ?? null, owner_user_id: b.ownerUserId ?? null,
          owner_group_id: b.ownerGroupId ?? null, due_date: b.dueDate, status: 'open', note: null, closed_at: null, closed_by: null, created_by: p.id,
          created_at: codec.ts(t), updated_at: codec.ts(t), version: 1, overdue_notified_at: null,
        }).execute();
        await auditIn(trx, actor, 'create', 'command_decision', did, ['title', 'detail', 'owner', 'dueDate']);
        await notifyDecision(trx, { id: did, title: b.title, dueDate: b.dueDate, orgName: org.name, ownerUserId: b.ownerUserId ?? null, ownerGroupId: b.ownerGroupId ?? null }, t);
      });
      return (await decisionViews([(await db.selectFrom('command_decisions').selectAll().where('id', '=', did).executeTakeFirstOrThrow()) as Row]))[0]!;
    },

    /** The decisions of a command: open (due first), overdue, done or cancelled (newest first). */
    async decisions(p: Principal, actor: AuditActor, orgId: string, q: { status?: DecisionFilter }) {
      const { org } = await access(p, orgId);
      let sel = db.selectFrom('command_decisions').selectAll().where('org_id', '=', org.id);
      if (q.status === 'overdue') sel = sel.where('status', '=', 'open').where('due_date', '<', today());
      else if (q.status) sel = sel.where('status', '=', q.status);
      const closed = q.status === 'done' || q.status === 'cancelled';
      const rows = await (closed ? sel.orderBy('updated_at', 'desc') : sel.orderBy('status', 'desc').orderBy('due_date')).orderBy('id').limit(200).execute();
      const items = await decisionViews(rows as Row[]);
      await readAudit(actor, 'command_decision', items.length);
      return { items };
    },

    /** 办结 (done, with a note: the owner, the owning group's lead or members, or a manager) or 撤销 (cancelled: a manager). */
    async closeDecision(p: Principal, actor: AuditActor, id: string, b: { status: 'done' | 'cancelled'; note: string; version: number }) {
      const r = await db.selectFrom('command_decisions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('决议事项', 'Decision');
      const org = await commandOrg(String(r.org_id));
      const manage = manages(p, org);
      const owner = r.owner_user_id === p.id || (typeof r.owner_group_id === 'string' && (await groupsOf(p.id)).includes(r.owner_group_id));
      if (!manage && !owner) {
        if (!(await member(p, org))) throw errors.notFound('决议事项', 'Decision');
        throw errors.forbidden();
      }
      if (b.status === 'cancelled' && !manage) throw errors.forbidden();
      if (r.status !== 'open') throw errors.conflict('decision_closed', '决议事项已办结或已撤销', 'The decision is done or cancelled');
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('command_decisions').set({ status: b.status, note: b.note, closed_at: codec.ts(t), closed_by: p.id, updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        await auditIn(trx, actor, b.status === 'done' ? 'complete' : 'cancel', 'command_decision', id, ['status', 'note']);
      });
      return (await decisionViews([(await db.selectFrom('command_decisions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
    },

    /**
     * Housekeeping: an open decision whose deadline day has passed (Shanghai time) tells its owner once (the same kind,
     * `command_decision`, with overdue '1'): the person, or the group's lead (its members when it has none).
     */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('command_decisions').select(['id', 'org_id', 'title', 'due_date', 'owner_user_id', 'owner_group_id', 'version'])
        .where('status', '=', 'open').where('overdue_notified_at', 'is', null).where('due_date', '<', ymdOf(at)).orderBy('due_date').limit(1000).execute();
      const orgNames = await deps.orgs.names([...new Set(due.map((r) => String(r.org_id)))]);
      let notified = 0;
      for (const r of due) {
        await writes.run(async (trx) => {
          // The version guard: a decision closed since it was read is left alone.
          const res = await trx.updateTable('command_decisions').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', String(r.id))
            .where('version', '=', codec.readInt(r.version)).where('status', '=', 'open').where('overdue_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) return;
          await notifyDecision(trx, {
            id: String(r.id), title: String(r.title), dueDate: String(r.due_date), orgName: orgNames.get(String(r.org_id)) ?? '',
            ownerUserId: (r.owner_user_id as string | null) ?? null, ownerGroupId: (r.owner_group_id as string | null) ?? null, overdue: true,
          }, at);
          notified++;
        });
      }
      return { notified };
    },

    /** 我的督办事项: open decisions owned by the caller or by a group they lead or are in (overdue first), and those closed in 7 days. */
    async mine(p: Principal, actor: AuditActor) {
      const groups = await groupsOf(p.id);
      const mineQ = () => db.selectFrom('command_decisions').selectAll().where((eb) => eb.or([eb('owner_user_id', '=', p.id), ...(groups.length ? [eb('owner_group_id', 'in', groups)] : [])]));
      const since = codec.ts(new Date(now().getTime() - 7 * 86_400_000));
      const [open, closed] = await Promise.all([
        mineQ().where('status', '=', 'open').orderBy('due_date').orderBy('id').limit(200).execute(),
        mineQ().where('status', '!=', 'open').where('closed_at', '>=', since).orderBy('closed_at', 'desc').limit(50).execute(),
      ]);
      const openViews = await decisionViews(open as Row[]);
      const closedViews = await decisionViews(closed as Row[]);
      await readAudit(actor, 'command_decision', openViews.length + closedViews.length);
      return { open: openViews, closed: closedViews, counts: { open: openViews.length, overdue: openViews.filter((d) => d.overdue).length } };
    },
  };
}

export type CommandCentre = ReturnType<typeof createCommandCentre>;
