import ExcelJS from 'exceljs';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { addDays, ymdOf } from '../privacy';
import { neutralizeCell } from '../registry';
import { FIGURE_CODES, FIGURES, figureMeta, readFigures, SECTIONS, type FigureCode, type Section } from './figures';

/** 上级任务统一受理 and 日报 (ADR 0093). */
const PURPOSE = 'command';
export const REQUEST_NOTIFY = 'upper_request';
export const ITEM_STATUSES = ['todo', 'filled', 'submitted'] as const;
export const DIRECTIONS = ['received', 'issued'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type Direction = (typeof DIRECTIONS)[number];
/** How many days back a daily report may be asked for. */
export const DAILY_DAYS_BACK = 60;

export type UpperRequestsDeps = { platform: Platform; audit: AuditService; orgs: OrgsService; notifications: Pick<NotificationsService, 'notify'> };
export type RequestBody = {
  direction: Direction; sourceDept: string; title: string; content?: string; deadline: string; figures: FigureCode[]; communityIds?: string[];
};
type Answer = { value: number; system: number; readAt: string; reason: string | null };
type Row = Record<string, unknown>;

const norm = (s: string) => s.replace(/[\s，。、,.：:（）()《》“”"']/g, '').toLowerCase();
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

export function createUpperRequests(deps: UpperRequestsDeps) {
  const { platform } = deps;
  const { db, codec, writes } = platform.database;
  const now = () => platform.clock.now();

  async function communitiesUnder(path: string) {
    const rows = await db.selectFrom('orgs').select(['id', 'name', 'path']).where('level', '=', 'community').where('path', 'like', `${path}%`).orderBy('path').execute();
    return rows.map((r) => ({ id: String(r.id), name: String(r.name), path: String(r.path) }));
  }
  async function admins(communityIds: string[]) {
    if (!communityIds.length) return [];
    const rows = await db.selectFrom('users').select('id').where('status', '=', 'active').where('role', '=', 'community_admin').where('org_id', 'in', communityIds).execute();
    return rows.map((u) => String(u.id));
  }
  const figuresOf = (r: Row) => codec.readJson<FigureCode[]>(r.figures);
  const answersOf = (r: Row) => (r.answers == null ? null : codec.readJson<Record<string, Answer>>(r.answers));

  async function requestRow(id: string): Promise<Row | undefined> {
    return (await db.selectFrom('upper_requests').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
  }
  /** An item the caller may see: of a community in their area, or of a request issued in their area. */
  async function itemRow(p: Principal, id: string): Promise<{ item: Row; req: Row }> {
    const item = (await db.selectFrom('upper_request_items').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
    const req = item ? await requestRow(String(item.request_id)) : undefined;
    if (!item || !req || !(String(item.org_path).startsWith(p.orgPath) || String(req.org_path).startsWith(p.orgPath))) throw errors.notFound('任务', 'Request');
    return { item, req };
  }

  function requestView(r: Row, orgNames: Map<string, string>) {
    const deadline = codec.readTs(r.deadline)!;
    return {
      id: String(r.id), direction: String(r.direction) as Direction, sourceDept: String(r.source_dept), title: String(r.title), content: (r.content as string | null) ?? null,
      deadline, figures: figuresOf(r).map(figureMeta), org: { id: String(r.org_id), name: orgNames.get(String(r.org_id)) ?? '' },
      duplicateOf: (r.duplicate_of as string | null) ?? null, createdAt: codec.readTs(r.created_at)!,
    };
  }
  async function itemViews(items: Row[]) {
    const reqIds = [...new Set(items.map((i) => String(i.request_id)))];
    const mergedIds = [...new Set(items.map((i) => i.merged_into).filter((x): x is string => typeof x === 'string'))];
    const merged = mergedIds.length ? await db.selectFrom('upper_request_items').select(['id', 'request_id', 'status']).where('id', 'in', mergedIds).execute() : [];
    for (const m of merged) reqIds.push(String(m.request_id));
    const reqs = reqIds.length ? ((await db.selectFrom('upper_requests').selectAll().where('id', 'in', [...new Set(reqIds)]).execute()) as Row[]) : [];
    const reqById = new Map(reqs.map((r) => [String(r.id), r]));
    const names = await deps.orgs.names([...new Set([...items.map((i) => String(i.community_id)), ...reqs.map((r) => String(r.org_id))])]);
    const t = now().toISOString();
    return items.map((i) => {
      const req = reqById.get(String(i.request_id))!;
      const m = merged.find((x) => x.id === i.merged_into);
      const mreq = m ? reqById.get(String(m.request_id)) : undefined;
      const deadline = codec.readTs(req.deadline)!;
      return {
        id: String(i.id), request: requestView(req, names), community: { id: String(i.community_id), name: names.get(String(i.community_id)) ?? '' },
        status: String(i.status) as ItemStatus, overdue: i.status !== 'submitted' && deadline < t,
        mergedInto: m && mreq ? { itemId: String(m.id), requestId: String(mreq.id), title: String(mreq.title), sourceDept: String(mreq.source_dept), status: String(m.status) } : null,
        answers: answersOf(i), filledAt: codec.readTs(i.filled_at), submittedAt: codec.readTs(i.submitted_at), version: codec.readInt(i.version),
      };
    });
  }

  async function areaOrg(p: Principal, orgId?: string) {
    const o = orgId ? await deps.orgs.get(orgId) : await deps.orgs.get(p.orgId);
    if (!o || !o.path.startsWith(p.orgPath) || !['district', 'street', 'community'].includes(o.level)) {
      throw errors.field('orgId', 'not_found', '不在您的范围内的地区', 'no such area in your scope');
    }
    return o;
  }

  return {
    meta() {
      return {
        figures: FIGURE_CODES.map(figureMeta),
        sections: (Object.keys(SECTIONS) as Section[]).map((code) => ({ code, zh: SECTIONS[code][0], en: SECTIONS[code][1] })),
      };
    },

    /** The communities a request made by the caller goes to (all of their area; their own for a community). */
    async targets(p: Principal) {
      return { communities: (await communitiesUnder(p.orgPath)).map((c) => ({ id: c.id, name: c.name })) };
    },

    /**
     * Record a request from an upper department, or issue one down: one item per community of the caller's area (those
     * chosen), each linked to an open item of the same community asking the same figures or under the same title (合并).
     * The communities' admins are told.
     */
    async create(p: Principal, actor: AuditActor, b: RequestBody) {
      const t = now();
      if (!['district', 'street', 'community'].includes(p.orgLevel)) throw errors.forbidden();
      if (Date.parse(b.deadline) <= t.getTime()) throw errors.field('deadline', 'past', '截止时间须晚于现在', 'the deadline must be in the future');
      const figures = [...new Set(b.figures)];
      const all = await communitiesUnder(p.orgPath);
      let targets = all;
      if (b.communityIds) {
        const byId = new Map(all.map((c) => [c.id, c]));
        b.communityIds.forEach((id, i) => {
          if (!byId.has(id)) throw errors.field(`communityIds.${i}`, 'not_found', '不在您的范围内的社区', 'no such community in your area');
        });
        targets = [...new Set(b.communityIds)].map((id) => byId.get(id)!);
      }
      if (!targets.length) throw errors.field('communityIds', 'required', '没有可下发的社区', 'no community to send this to');
      // 合并: the open items of these communities whose request asks the same figures or has the same title.
      const open = (await db.selectFrom('upper_request_items as i').innerJoin('upper_requests as r', 'r.id', 'i.request_id')
        .select(['i.id', 'i.community_id', 'r.id as request_id', 'r.title', 'r.figures', 'r.created_at'])
        .where('i.community_id', 'in', targets.map((c) => c.id)).where('i.status', '!=', 'submitted').where('i.merged_into', 'is', null)
        .orderBy('r.created_at').execute()) as Row[];
      const like = (o: Row) => sameSet(figuresOf(o), figures) || norm(String(o.title)) === norm(b.title);
      const id = uuidv7(t.getTime());
      const items = targets.map((c) => {
        const dup = open.find((o) => o.community_id === c.id && like(o));
        return { id: uuidv7(t.getTime()), community: c, dup };
      });
      const duplicateOf = items.find((i) => i.dup)?.dup?.request_id ?? null;
      const adminsOf = await Promise.all(items.map(async (i) => ({ i, to: await admins([i.community.id]) })));
      await writes.run(async (trx) => {
        await trx.insertInto('upper_requests').values({
          id, org_id: p.orgId, org_path: p.orgPath, direction: b.direction, source_dept: b.sourceDept, title: b.title, content: b.content || null,
          deadline: codec.ts(new Date(b.deadline)), figures: codec.json(figures), duplicate_of: duplicateOf, created_by: p.id, created_at: codec.ts(t), version: 1,
        }).execute();
        await trx.insertInto('upper_request_items').values(items.map((i) => ({
          id: i.id, request_id: id, community_id: i.community.id, org_path: i.community.path, status: 'todo', answers: null,
          merged_into: i.dup ? String(i.dup.id) : null, version: 1,
        }))).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'upper_request', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['source_dept', 'title', 'content', 'figures'] });
        for (const { i, to } of adminsOf) {
          if (!to.length) continue;
          await deps.notifications.notify(trx, {
            recipientIds: to, kind: REQUEST_NOTIFY, objectType: 'upper_request_item', objectId: i.id, at: t,
            payload: { itemId: i.id, requestId: id, title: b.title, sourceDept: b.sourceDept, deadline: new Date(b.deadline).toISOString(), merged: i.dup ? 'yes' : 'no' },
          });
        }
      });
      return this.request(p, id);
    },

    /**
     * Housekeeping (`upper-request-overdue`): an item past its request's deadline and not yet 报送 (and not merged into
     * another, which answers for it) tells its community's admins once (`upper_request` with `overdue: 'yes'`).
     */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('upper_request_items as i').innerJoin('upper_requests as r', 'r.id', 'i.request_id')
        .select(['i.id', 'i.community_id', 'r.id as request_id', 'r.title', 'r.source_dept', 'r.deadline'])
        .where('i.status', '!=', 'submitted').where('i.merged_into', 'is', null).where('i.overdue_notified_at', 'is', null).where('r.deadline', '<', codec.ts(at))
        .orderBy('r.deadline').limit(1000).execute();
      const adminsOf = new Map<string, string[]>();
      let notified = 0;
      for (const r of due) {
        const cid = String(r.community_id);
        if (!adminsOf.has(cid)) adminsOf.set(cid, await admins([cid]));
        const to = adminsOf.get(cid)!;
        await writes.run(async (trx) => {
          // Guarded: an item submitted or already told since it was read is left alone.
          const res = await trx.updateTable('upper_request_items').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', String(r.id))
            .where('status', '!=', 'submitted').where('overdue_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) return;
          if (to.length) {
            await deps.notifications.notify(trx, {
              recipientIds: to, kind: REQUEST_NOTIFY, objectType: 'upper_request_item', objectId: String(r.id), at,
              payload: { itemId: String(r.id), requestId: String(r.request_id), title: String(r.title), sourceDept: String(r.source_dept), deadline: codec.readTs(r.deadline)!, merged: 'no', overdue: 'yes' },
            });
          }
          notified++;
        });
      }
      return { notified };
    },

    /**
     * 上级任务: the items of the caller's communities (their inbox; merged ones with what they are answered with), and the
     * requests made in the caller's area with each one's progress.
     */
    async list(p: Principal, q: { status?: ItemStatus | 'overdue' | 'open' }) {
      const t = now();
      let sel = db.selectFrom('upper_request_items as i').innerJoin('upper_requests as r', 'r.id', 'i.request_id').selectAll('i').where('i.org_path', 'like', `${p.orgPath}%`);
      if (q.status === 'overdue') sel = sel.where('i.status', '!=', 'submitted').where('r.deadline', '<', codec.ts(t));
      else if (q.status === 'open') sel = sel.where('i.status', '!=', 'submitted');
      else if (q.status) sel = sel.where('i.status', '=', q.status);
      const inboxRows = p.permissions.has('request:answer') ? ((await sel.orderBy('r.deadline').orderBy('i.id').limit(200).execute()) as Row[]) : [];
      const reqs = (await db.selectFrom('upper_requests').selectAll().where('org_path', 'like', `${p.orgPath}%`).orderBy('created_at', 'desc').limit(100).execute()) as Row[];
      const counts = reqs.length ? await db.selectFrom('upper_request_items').select(['request_id', 'status', (eb) => eb.fn.countAll().as('n')])
        .where('request_id', 'in', reqs.map((r) => String(r.id))).groupBy(['request_id', 'status']).execute() : [];
      const names = await deps.orgs.names(reqs.map((r) => String(r.org_id)));
      const iso = t.toISOString();
      const requests = reqs.map((r) => {
        const c = counts.filter((x) => x.request_id === r.id);
        const n = (s: string) => codec.readInt(c.find((x) => x.status === s)?.n);
        const total = c.reduce((a, x) => a + codec.readInt(x.n), 0);
        const v = requestView(r, names);
        return { ...v, total, todo: n('todo'), filled: n('filled'), submitted: n('submitted'), overdue: v.deadline < iso && n('submitted') < total };
      });
      return { items: await itemViews(inboxRows), requests };
    },

    /** A request made in the caller's area with all its communities' items: answers shown once 报送. */
    async request(p: Principal, id: string) {
      const r = await requestRow(id);
      if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('任务', 'Request');
      const items = (await db.selectFrom('upper_request_items').selectAll().where('request_id', '=', id).orderBy('org_path').execute()) as Row[];
      const views = await itemViews(items);
      const names = await deps.orgs.names([String(r.org_id)]);
      return { request: requestView(r, names), items: views.map((v) => ({ ...v, answers: v.status === 'submitted' ? v.answers : null })) };
    },

    /** One community's item with each figure read now from live data (source and time) and what was answered. */
    async item(p: Principal, actor: AuditActor, id: string) {
      const { item, req } = await itemRow(p, id);
      const [view] = await itemViews([item]);
      const codes = figuresOf(req);
      const live = item.status === 'submitted' ? null : await readFigures(platform, String(item.org_path), ymdOf(now()), codes);
      const answers = answersOf(item);
      await deps.audit.record(actor, { action: 'read', objectType: 'upper_request_item', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['answers'] });
      return {
        ...view!,
        figures: codes.map((c) => ({ ...figureMeta(c), system: live ? { value: live.values[c], readAt: live.readAt } : null, answer: answers?.[c] ?? null })),
        canAnswer: p.permissions.has('request:answer') && String(item.org_path).startsWith(p.orgPath) && item.status !== 'submitted' && item.merged_into == null,
      };
    },

    /** 填报: the community's figures — each one that differs from what the system reads now needs a reason (kept). */
    async answer(p: Principal, actor: AuditActor, id: string, b: { values: Array<{ code: FigureCode; value: number; reason?: string }>; version: number }) {
      const { item, req } = await itemRow(p, id);
      if (!String(item.org_path).startsWith(p.orgPath)) throw errors.notFound('任务', 'Request');
      if (item.status === 'submitted') throw errors.conflict('submitted', '已报送，不能再修改', 'already submitted; it cannot be changed');
      if (item.merged_into != null) throw errors.conflict('merged', '已合并到另一项任务，请在该任务中填报', 'merged into another request; answer that one');
      const codes = figuresOf(req);
      const live = await readFigures(platform, String(item.org_path), ymdOf(now()), codes);
      const answers: Record<string, Answer> = {};
      b.values.forEach((v, i) => {
        if (!codes.includes(v.code)) throw errors.field(`values.${i}.code`, 'unknown', '该任务不要求此项数据', 'this request does not ask for this figure');
        const system = live.values[v.code];
        const reason = v.reason?.trim() || null;
        if (v.value !== system && !reason) throw errors.field(`values.${i}.reason`, 'required', '与系统数据不一致时须说明更正原因', 'give the reason for correcting the system figure');
        answers[v.code] = { value: v.value, system, readAt: live.readAt, reason: v.value !== system ? reason : null };
      });
      const missing = codes.findIndex((c) => !answers[c]);
      if (missing >= 0) throw errors.field('values', 'required', `缺少“${FIGURES[codes[missing]!].zh}”`, `missing ${FIGURES[codes[missing]!].en}`);
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('upper_request_items').set({ answers: codec.json(answers), status: 'filled', filled_by: p.id, filled_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '!=', 'submitted').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(item.version));
        await deps.audit.append(trx, actor, { action: 'update', objectType: 'upper_request_item', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['answers', 'status'] });
      });
      return this.item(p, actor, id);
    },

    /** 报送: lock the answer; the items merged into it are answered with the same figures and locked too. */
    async submit(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const { item } = await itemRow(p, id);
      if (!String(item.org_path).startsWith(p.orgPath)) throw errors.notFound('任务', 'Request');
      if (item.status === 'submitted') throw errors.conflict('submitted', '已报送', 'already submitted');
      if (item.merged_into != null) throw errors.conflict('merged', '已合并到另一项任务，请在该任务中报送', 'merged into another request; submit that one');
      if (item.status !== 'filled') throw errors.conflict('not_filled', '请先填报再报送', 'fill in the figures before submitting');
      const t = now();
      const answers = answersOf(item) ?? {};
      const merged = (await db.selectFrom('upper_request_items').selectAll().where('merged_into', '=', id).where('status', '!=', 'submitted').execute()) as Row[];
      const mergedReqs = merged.length ? ((await db.selectFrom('upper_requests').select(['id', 'figures']).where('id', 'in', merged.map((m) => String(m.request_id))).execute()) as Row[]) : [];
      const extra = new Set(mergedReqs.flatMap((r) => figuresOf(r)).filter((c) => !answers[c]));
      const live = extra.size ? await readFigures(platform, String(item.org_path), ymdOf(t), [...extra]) : null;
      await writes.run(async (trx) => {
        const res = await trx.updateTable('upper_request_items').set({ status: 'submitted', submitted_by: p.id, submitted_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'filled').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(item.version));
        for (const m of merged) {
          const codes = figuresOf(mergedReqs.find((r) => r.id === m.request_id)!);
          const a = Object.fromEntries(codes.map((c) => [c, answers[c] ?? { value: live!.values[c], system: live!.values[c], readAt: live!.readAt, reason: null }]));
          await trx.updateTable('upper_request_items').set({
            answers: codec.json(a), status: 'submitted', filled_by: p.id, filled_at: codec.ts(t), submitted_by: p.id, submitted_at: codec.ts(t), version: codec.readInt(m.version) + 1,
          }).where('id', '=', String(m.id)).execute();
        }
        await deps.audit.append(trx, actor, { action: 'submit', objectType: 'upper_request_item', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['status'], ...(merged.length ? { count: merged.length + 1 } : {}) });
      });
      return this.item(p, actor, id);
    },

    /** The request's table as XLSX: one row per community, the figures as 报送 (blank until then), corrections noted. */
    async requestXlsx(p: Principal, actor: AuditActor, id: string) {
      const { request, items } = await this.request(p, id);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('汇总');
      ws.addRow([neutralizeCell(request.title)]);
      ws.addRow([`来文单位：${neutralizeCell(request.sourceDept)}`, `截止：${request.deadline}`]);
      const codes = request.figures.map((f) => f.code as FigureCode);
      ws.addRow(['社区', '状态', ...request.figures.map((f) => `${f.zh}（${f.unit.zh}）`), '报送时间', '更正说明']);
      const STATUS = { todo: '待办', filled: '已填报', submitted: '已报送' } as const;
      for (const i of items) {
        const a = i.answers;
        const notes = a ? codes.filter((c) => a[c]?.reason).map((c) => `${FIGURES[c].zh}：系统 ${a[c]!.system} → ${a[c]!.value}，${a[c]!.reason}`) : [];
        ws.addRow([neutralizeCell(i.community.name), STATUS[i.status] + (i.overdue ? '（逾期）' : ''), ...codes.map((c) => (a?.[c] ? a[c]!.value : null)), i.submittedAt ?? '', neutralizeCell(notes.join('；'))]);
      }
      const done = items.filter((i) => i.answers);
      ws.addRow(['合计', `${done.length}/${items.length} 已报送`, ...codes.map((c) => done.reduce((s, i) => s + (i.answers?.[c]?.value ?? 0), 0))]);
      ws.columns.forEach((c, i) => { c.width = i === 0 ? 18 : 14; });
      await deps.audit.record(actor, { action: 'export', objectType: 'upper_request', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['answers'] });
      return { filename: `upper-request-${id}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
    },

    /** 日报: every figure of the catalogue for an area (the caller's, or one inside it) on a day, in its sections. */
    async daily(p: Principal, q: { day?: string; orgId?: string }) {
      const today = ymdOf(now());
      const day = q.day ?? today;
      if (day > today || day < addDays(today, -DAILY_DAYS_BACK)) throw errors.field('day', 'out_of_range', `只能查看最近 ${DAILY_DAYS_BACK} 天的日报`, `only the last ${DAILY_DAYS_BACK} days`);
      const org = await areaOrg(p, q.orgId);
      const { values, readAt } = await readFigures(platform, org.path, day);
      const children = org.level === 'community' ? [] : await communitiesUnder(org.path);
      const perCommunity = await Promise.all(children.slice(0, 50).map(async (c) => ({ id: c.id, name: c.name, values: (await readFigures(platform, c.path, day)).values })));
      const sections = (Object.keys(SECTIONS) as Section[]).map((s) => ({
        code: s, zh: SECTIONS[s][0], en: SECTIONS[s][1],
        figures: FIGURE_CODES.filter((c) => FIGURES[c].section === s).map((c) => ({ ...figureMeta(c), value: values[c] })),
      }));
      return { org: { id: org.id, name: org.name, level: org.level }, day, readAt, sections, communities: perCommunity };
    },

    async dailyXlsx(p: Principal, actor: AuditActor, q: { day?: string; orgId?: string }) {
      const r = await this.daily(p, q);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('日报');
      ws.addRow([`${neutralizeCell(r.org.name)} 疫情防控工作日报`]);
      ws.addRow([`日期：${r.day}`, `数据读取时间：${r.readAt}`]);
      ws.addRow(['类别', '指标', '数值', '单位', '数据来源']);
      for (const s of r.sections) for (const f of s.figures) ws.addRow([s.zh, f.zh, f.value, f.unit.zh, f.source.zh]);
      if (r.communities.length) {
        const ws2 = wb.addWorksheet('分社区');
        ws2.addRow(['社区', ...FIGURE_CODES.map((c) => FIGURES[c].zh)]);
        for (const c of r.communities) ws2.addRow([neutralizeCell(c.name), ...FIGURE_CODES.map((k) => c.values[k])]);
      }
      ws.columns.forEach((c, i) => { c.width = [14, 20, 10, 8, 22][i] ?? 12; });
      await deps.audit.record(actor, { action: 'export', objectType: 'daily_report', objectId: r.org.id, outcome: 'success', purpose: PURPOSE, fields: [] });
      return { filename: `daily-report-${r.day}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
    },
  };
}
export type UpperRequests = ReturnType<typeof createUpperRequests>;
