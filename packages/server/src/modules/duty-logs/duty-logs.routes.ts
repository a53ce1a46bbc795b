import { withoutIdOrMobile } from '../registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import type { Platform } from '../../platform/context';
import { isUniqueViolation } from '../../platform/db/dialect';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgsService } from '../orgs';
import type { WarningsService } from '../warnings';

export const DUTY_CATEGORIES = ['shift', 'incident', 'dispatch', 'meeting', 'other'] as const;
const FUTURE_SKEW_MS = 5 * 60_000;
/** The longest entry: a shift handover of a busy night fits; a pasted document does not. */
export const DUTY_CONTENT_MAX = 4000;

const DutyLog = z.object({
  id: z.string(), orgId: z.string(), authorId: z.string(), category: z.enum(DUTY_CATEGORIES), content: z.string(), occurredAt: z.string(), createdAt: z.string(),
  followUp: z.boolean(), closesId: z.string().nullable(), warningAlertId: z.string().nullable(),
});

/** 办结 of an item that did not ask for a follow-up, or one already settled (ADR 0071): 409 naming `closesId`. */
const notOpen = (code: 'not_follow_up' | 'already_closed') => code === 'not_follow_up'
  ? errors.conflict(code, '这条记录没有标为待跟进，无需办结', 'this entry was not marked for follow-up; there is nothing to settle', [
    { path: 'closesId', code, message: '该记录不是待跟进事项', messageEn: 'is not a follow-up item' }])
  : errors.conflict(code, '这项待跟进事项已经办结', 'this follow-up item has already been settled', [
    { path: 'closesId', code, message: '已办结', messageEn: 'is already settled' }]);

/**
 * What an entry may say (ADR 0070): everyone on duty in the area reads the log, volunteers included, and an entry is
 * never changed or erased — so no ID number and no mobile number. A caller is named by surname and building; the
 * number belongs in the resident's record, where it is masked and every look is audited.
 */
const content = withoutIdOrMobile(z.string().trim().min(1).max(DUTY_CONTENT_MAX), {
  idNumber: '值班日志中请勿填写身份证号：写明姓氏和楼栋即可，证件信息在居民档案中查看|do not type an ID number in the duty log: write the surname and building; identity details are in the resident record',
  mobile: '值班日志中请勿填写手机号：写明姓氏和楼栋即可，联系电话记入居民档案|do not type a mobile number in the duty log: write the surname and building; keep phone numbers in the resident record',
});

/**
 * Only the open follow-up items (待跟进 asked for, not settled by a later entry; ADR 0071) of a query over `duty_logs as d`:
 * read through duty_logs_open_idx (entries that asked) and duty_logs_closes_idx (settled?), not the whole log.
 */
export const openOnly = <Q extends SelectQueryBuilder<any, 'd', any>>(q: Q): Q =>
  q.where(sql<boolean>`d.follow_up`).where(sql<boolean>`not exists (select 1 from duty_logs s where s.closes_id = d.id)`) as Q;

/** The open follow-up items of an area (`path`: its org path) and below. */
export const openFollowUpsUnder = (db: Kysely<any>, path: string) => openOnly(db.selectFrom('duty_logs as d').where('d.org_path', 'like', `${path}%`));

/** Shanghai midnight of a YYYY-MM-DD date. */
const dayStart = (ymd: string) => new Date(`${ymd}T00:00:00+08:00`);
const DAY_MS = 86_400_000;

/**
 * 值班日志: the duty log of a community, street office or command centre — who was on duty, what happened, what was
 * dispatched, what the next shift must know. Append-only (a mistake is put right by a later entry, as in a paper log);
 * audited, idempotent, scoped: an officer reads the entries of their area and every area below it.
 */
export function registerDutyLogRoutes(app: FastifyInstance, deps: {
  platform: Platform; audit: AuditService; orgs: OrgsService; idempotentWrite: IdempotentWrite;
  /** Names the alerts entries are about (ADR 0072), in the caller's scope. */
  warnings: Pick<WarningsService, 'alertRefs'>;
}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = deps.platform;
  const { db, codec } = database;
  const insert = database.statement(
    'insert into duty_logs (id, org_id, org_path, author_id, category, content, occurred_at, created_at, follow_up, closes_id, warning_alert_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  /** An alert the caller may see (warning:read and in scope), or 404 naming the field — the same as an unknown one. */
  async function alertInScope(p: ReturnType<typeof principalOf>, id: string) {
    const ref = p.permissions.has('warning:read') ? (await deps.warnings.alertRefs(p, [id])).get(id) : undefined;
    if (!ref) {
      throw new AppError(404, 'not_found', '预警不存在', 'Alert not found', [{ path: 'warningAlertId', code: 'not_found', message: '预警不存在', messageEn: 'alert not found' }]);
    }
    return ref;
  }
  /** Whether an item is settled (through duty_logs_closes_idx). */
  const settledBy = database.statement('select id from duty_logs where closes_id = ?');

  /** An entry of the caller's area or below, or 404 — the same answer as an unknown one (a filter never widens scope). */
  async function entryInScope(orgPath: string, id: string) {
    const row = await db.selectFrom('duty_logs').select(['id', 'org_path', 'follow_up']).where('id', '=', id).executeTakeFirst();
    if (!row || !deps.orgs.inScope(orgPath, row.org_path as string)) throw errors.notFound('值班记录', 'Duty-log entry');
    return { id: row.id as string, followUp: codec.readBool(row.follow_up) };
  }


  r.post('/api/duty-logs', {
    config: { access: 'duty-log:write', idempotency: 'optional' },
    schema: {
      tags: ['command'], summary: 'Write a duty-log entry in the caller’s area (Idempotency-Key supported); no ID or mobile numbers in the text',
      body: z.strictObject({
        category: z.enum(DUTY_CATEGORIES),
        content,
        occurredAt: z.iso.datetime({ offset: true }).optional(),
        /** 待跟进: the next shift must follow this up; it stays on the open list until an entry settles it. */
        followUp: z.boolean().optional(),
        /** 办结: this entry settles that open item (in the caller's area or below; once). */
        closesId: z.string().min(1).max(64).optional(),
        /** The warning alert this entry is about (one the caller may see; ADR 0072). */
        warningAlertId: z.string().min(1).max(64).optional(),
      }),
      response: { 201: DutyLog },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const now = clock.now();
    // An entry dated in the future would head the log (newest first) for good; a few minutes of clock skew are allowed.
    if (req.body.occurredAt && new Date(req.body.occurredAt).getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw errors.field('occurredAt', 'future_date', '发生时间不能晚于现在', 'must not be in the future');
    }
    const closesId = req.body.closesId ?? null;
    if (closesId && !(await entryInScope(p.orgPath, closesId)).followUp) throw notOpen('not_follow_up');
    const warningAlertId = req.body.warningAlertId ?? null;
    if (warningAlertId) await alertInScope(p, warningAlertId);
    const entry = {
      id: uuidv7(now.getTime()), orgId: p.orgId, authorId: p.id, category: req.body.category, content: req.body.content,
      occurredAt: req.body.occurredAt ? new Date(req.body.occurredAt).toISOString() : now.toISOString(), createdAt: now.toISOString(),
      followUp: req.body.followUp ?? false, closesId, warningAlertId,
    };
    const fields = ['category', 'content', ...(entry.followUp ? ['followUp'] : []), ...(closesId ? ['closesId'] : []), ...(warningAlertId ? ['warningAlertId'] : [])];
    await deps.idempotentWrite(req, reply, async (trx) => {
      // Settled once: asked inside the write's transaction; two 办结 racing meet the unique index (duty_logs_closes_idx).
      if (closesId && (await settledBy.get(trx, [closesId]))) throw notOpen('already_closed');
      try {
        await insert.run(trx, [
          entry.id, entry.orgId, p.orgPath, entry.authorId, entry.category, entry.content, codec.ts(entry.occurredAt), codec.ts(entry.createdAt),
          codec.bool(entry.followUp), closesId, warningAlertId,
        ]);
      } catch (e) {
        if (closesId && isUniqueViolation(e)) throw notOpen('already_closed');
        throw e;
      }
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'duty_log', objectId: entry.id, fields, outcome: 'success' });
      return { status: 201, body: entry };
    });
  });

  /** The area an `orgId` filter narrows to (the caller's own without one); outside the caller's scope, 404 as unknown. */
  async function areaPath(p: { orgId: string; orgPath: string }, orgId: string | undefined): Promise<string> {
    if (!orgId || orgId === p.orgId) return p.orgPath;
    const o = await deps.orgs.get(orgId);
    if (!o || !deps.orgs.inScope(p.orgPath, o.path)) throw errors.notFound('区域', 'Area');
    return o.path;
  }

  r.get('/api/duty-logs/open-count', {
    config: { access: 'duty-log:read' },
    schema: {
      tags: ['command'],
      summary: 'How many follow-up items (待跟进) of the caller’s area and below are not yet settled — a count, no text (not audited)',
      querystring: z.strictObject({ orgId: z.string().min(1).max(64).optional() }),
      response: { 200: z.object({ open: z.number().int() }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const path = await areaPath(p, req.query.orgId);
    const r = await openFollowUpsUnder(db, path).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { open: Number(r.n) };
  });

  r.get('/api/duty-logs', {
    config: { access: 'duty-log:read' },
    schema: {
      tags: ['command'],
      summary: 'Duty-log entries of the caller’s area and below, newest first: by category, area, days (Shanghai dates, inclusive), a moment on, open follow-up items and words in the text; audited (the text may name people)',
      querystring: z.strictObject({
        category: z.enum(DUTY_CATEGORIES).optional(),
        orgId: z.string().min(1).max(64).optional(),
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
        /** From this moment on (a shift's handover sheet: the last 8, 12 or 24 hours). */
        since: z.iso.datetime({ offset: true }).optional(),
        q: z.string().trim().max(50).optional(),
        /** open: the follow-up items not yet settled (ADR 0071). */
        followUp: z.enum(['open']).optional(),
        /** The entries about one warning alert (ADR 0072). */
        warningAlertId: z.string().min(1).max(64).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const f = req.query;
    if (f.from && f.to && f.from > f.to) throw errors.field('to', 'before_from', '结束日期不能早于开始日期', 'the end date must not be before the start date');
    // An area filter narrows the caller's scope and never widens it: outside it, the same 404 as an unknown area.
    const path = await areaPath(p, f.orgId);
    let q = db.selectFrom('duty_logs as d').where('d.org_path', 'like', `${path}%`);
    if (f.followUp === 'open') q = openOnly(q);
    if (f.warningAlertId) q = q.where('d.warning_alert_id', '=', f.warningAlertId);
    if (f.category) q = q.where('d.category', '=', f.category);
    if (f.from) q = q.where('d.occurred_at', '>=', codec.ts(dayStart(f.from)));
    if (f.to) q = q.where('d.occurred_at', '<', codec.ts(new Date(dayStart(f.to).getTime() + DAY_MS)));
    if (f.since) q = q.where('d.occurred_at', '>=', codec.ts(new Date(f.since)));
    if (f.q) {
      const pattern = `%${f.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      q = q.where(sql<boolean>`d.content like ${pattern} escape '!'`);
    }
    const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // Each entry says whether it was settled, by whom and when; a settling entry, which item it settled.
    const rows = await q.leftJoin('users as u', 'u.id', 'd.author_id')
      .leftJoin('duty_logs as s', 's.closes_id', 'd.id').leftJoin('users as su', 'su.id', 's.author_id')
      .leftJoin('duty_logs as o', 'o.id', 'd.closes_id')
      .select(['d.id', 'd.org_id', 'd.author_id', 'd.category', 'd.content', 'd.occurred_at', 'd.created_at', 'u.display_name', 'u.role', 'd.follow_up', 'd.closes_id', 'd.warning_alert_id'])
      .select(['s.id as s_id', 's.occurred_at as s_at', 'su.display_name as s_name', 'o.occurred_at as o_at', 'o.category as o_category'])
      .orderBy('d.occurred_at', 'desc').orderBy('d.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
    const orgNames = await deps.orgs.names([...new Set(rows.map((x) => x.org_id as string))]);
    // The alerts entries are about, named for a reader who may see them (warning:read, in scope); for others only the id.
    const alertIds = rows.map((x) => x.warning_alert_id as string | null).filter((x): x is string => !!x);
    const alerts = alertIds.length && p.permissions.has('warning:read') ? await deps.warnings.alertRefs(p, alertIds) : new Map();
    // The text may name residents and the author is named: a read of personal data, audited (no row when nothing shown).
    if (rows.length) {
      await deps.audit.record(actorOf(req), { action: 'read', objectType: 'duty_log', fields: ['content', 'authorName'], outcome: 'success', count: rows.length });
    }
    return {
      items: rows.map((x) => ({
        id: x.id as string, orgId: x.org_id as string, orgName: orgNames.get(x.org_id as string) ?? '', authorId: x.author_id as string,
        authorName: (x.display_name as string | null) ?? '', authorRole: (x.role as string | null) ?? '', category: x.category as string, content: x.content as string,
        occurredAt: codec.readTs(x.occurred_at)!, createdAt: codec.readTs(x.created_at)!,
        followUp: codec.readBool(x.follow_up), closesId: (x.closes_id as string | null) ?? null,
        warningAlertId: (x.warning_alert_id as string | null) ?? null, warningAlert: (x.warning_alert_id && alerts.get(x.warning_alert_id as string)) || null,
        settledBy: x.s_id ? { id: x.s_id as string, authorName: (x.s_name as string | null) ?? '', occurredAt: codec.readTs(x.s_at)! } : null,
        closes: x.closes_id && x.o_at ? { id: x.closes_id as string, category: x.o_category as string, occurredAt: codec.readTs(x.o_at)! } : null,
      })),
      total, page: f.page, pageSize: f.pageSize,
    };
  });
}

/** One demo entry: who wrote it (a demo account), how long before now it happened, what. Synthetic; no one's number. */
export type DutyDemoEntry = {
  userId: string; orgId: string; orgPath: string; hoursAgo: number; category: (typeof DUTY_CATEGORIES)[number]; content: string;
  /** 待跟进; `closes`: the index (in the same list, earlier) of the entry this one settles; the alert it is about. */
  followUp?: boolean; closes?: number; warningAlertId?: string;
};

/** The demo duty log (a few days of a street's entries), once: nothing is added when the log has any entry. */
export async function seedDutyLogDemo(platform: Platform, audit: AuditService, actor: AuditActor, entries: readonly DutyDemoEntry[]): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('duty_logs').select('id').limit(1).executeTakeFirst()) return 0;
  const now = platform.clock.now().getTime();
  const ids: string[] = [];
  await writes.run(async (trx) => {
    for (const e of entries) {
      const at = new Date(now - e.hoursAgo * 3_600_000);
      const id = uuidv7(at.getTime());
      const closesId = e.closes === undefined ? null : ids[e.closes] ?? null;
      ids.push(id);
      await trx.insertInto('duty_logs').values({
        id, org_id: e.orgId, org_path: e.orgPath, author_id: e.userId, category: e.category, content: e.content, occurred_at: codec.ts(at), created_at: codec.ts(at),
        follow_up: codec.bool(e.followUp ?? false), closes_id: closesId, warning_alert_id: e.warningAlertId ?? null,
      }).execute();
      const fields = ['category', 'content', ...(e.followUp ? ['followUp'] : []), ...(closesId ? ['closesId'] : []), ...(e.warningAlertId ? ['warningAlertId'] : [])];
      await audit.append(trx, actor, { action: 'create', objectType: 'duty_log', objectId: id, fields, outcome: 'success' });
    }
  });
  return entries.length;
}
