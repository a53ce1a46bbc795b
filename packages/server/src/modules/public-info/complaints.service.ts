import { randomInt } from 'node:crypto';
import { maskPhone, normalizeCnMobile } from '@renxing/shared';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { roleHas, type AuthService, type Role } from '../auth';
import type { EmergencyInfra } from '../emergency-infra';
import type { NotificationsService } from '../notifications';
import type { Org, OrgsService } from '../orgs';
import { ymdOf } from '../privacy';

/** 投诉与举报 (ADR 0086). */
export const COMPLAINT_CATEGORIES = ['fire_lane', 'misconduct', 'privacy_leak', 'supplies', 'sanitation', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_STATUSES = ['new', 'accepted', 'resolved', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/**
 * Hours to close a complaint from its submission (ADR 0086). A blocked fire lane takes the community's clearance hours
 * (emergency-infra, default 2): it is forwarded there as an occupation report when accepted.
 */
export const SLA_HOURS: Record<Exclude<ComplaintCategory, 'fire_lane'>, number> = { privacy_leak: 24, supplies: 24, misconduct: 72, sanitation: 48, other: 48 };
export const CATEGORY_TEXT: Record<ComplaintCategory, readonly [string, string]> = {
  fire_lane: ['消防通道占用', 'Blocked fire lane'], misconduct: ['工作人员作风/违规', 'Staff misconduct'], privacy_leak: ['个人信息泄露', 'Personal data leak'],
  supplies: ['物资问题', 'Supplies'], sanitation: ['环境卫生', 'Sanitation'], other: ['其他', 'Other'],
};
export const COMPLAINT_NOTIFY = { new: 'complaint_new', assigned: 'complaint_assigned', escalated: 'complaint_privacy_leak', overdue: 'complaint_overdue' } as const;
/** A photo: JPEG or PNG, at most 2 MB, its first bytes checked. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const HOUR = 3_600_000;
const OPEN = ['new', 'accepted'];

export type ComplaintInput = {
  category: ComplaintCategory; communityCode?: string; place: string; description: string; contact?: string; photo?: { mime: 'image/jpeg' | 'image/png'; data: string };
};
export type ComplaintDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>;
  notifications: Pick<NotificationsService, 'notify'>; infra: Pick<EmergencyInfra, 'forwardReport' | 'reportStates' | 'clearanceHoursOf'>;
  /** The grid path of the household of the resident linked to a resident account, or null. */
  residentAreaOfAccount: (userId: string) => Promise<string | null>;
};

type Row = Record<string, unknown>;
/** Columns of a complaint without its photo (the photo is read alone). */
const COLS = [
  'id', 'ticket', 'community_id', 'org_path', 'category', 'place', 'description', 'photo_mime', 'photo_size', 'contact_masked', 'reporter_id', 'status', 'priority',
  'assignee_id', 'due_at', 'lane_report_id', 'resolution', 'submitted_at', 'closed_at', 'closed_by', 'version',
] as const;

/** Checks a photo's bytes against its type: a JPEG starts FF D8 FF, a PNG 89 50 4E 47 0D 0A 1A 0A. */
export function checkPhoto(photo: { mime: string; data: string }): Buffer {
  const bad = (zh: string, en: string) => errors.field('photo', 'invalid_photo', zh, en);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(photo.data) || photo.data.length % 4 !== 0) throw bad('照片数据不正确（应为 base64）', 'the photo is not valid base64');
  const bytes = Buffer.from(photo.data, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw errors.field('photo', 'too_large', '照片不能超过 2 MB', 'the photo must be at most 2 MB');
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (photo.mime === 'image/jpeg' ? !jpeg : !png) throw bad('照片只能是 JPEG 或 PNG 图片，且与所选类型一致', 'the photo must be a JPEG or PNG image of the type given');
  return bytes;
}

export function createComplaints(deps: ComplaintDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const codeIndex = (ticket: string, code: string) => crypto.blindIndex('complaint_code', `${ticket}:${code.toUpperCase()}`);

  /**
   * Who reads what: one who handles complaints reads those of their area and those assigned to them; one who only reads
   * them (the security admin, ADR 0086 addendum) reads the privacy leaks of their area — a leak is their matter, a
   * broken street lamp is not.
   */
  const leaksOnly = (p: Principal) => !p.permissions.has('complaint:handle');
  const sees = (p: Principal, r: Row) => (leaksOnly(p) ? r.category === 'privacy_leak' && String(r.org_path).startsWith(p.orgPath)
    : String(r.org_path).startsWith(p.orgPath) || r.assignee_id === p.id);
  const manages = (p: Principal, r: Row) => String(r.org_path).startsWith(p.orgPath);

  async function row(id: string) {
    return await db.selectFrom('complaints').select([...COLS]).where('id', '=', id).executeTakeFirst() as Row | undefined;
  }
  async function visible(p: Principal, id: string) {
    const r = await row(id);
    if (!r || !sees(p, r)) throw errors.notFound('投诉', 'Complaint');
    return r;
  }

  async function slaHours(category: ComplaintCategory, communityId: string) {
    return category === 'fire_lane' ? deps.infra.clearanceHoursOf(communityId) : SLA_HOURS[category];
  }

  async function views(rows: Row[]) {
    const at = now().toISOString();
    const users = [...new Set(rows.flatMap((r) => [r.assignee_id, r.closed_by]).filter((x): x is string => !!x))];
    const [names, communities, lanes] = await Promise.all([
      deps.accounts.userLabels(users), deps.orgs.names([...new Set(rows.map((r) => String(r.community_id)))]),
      deps.infra.reportStates(rows.map((r) => r.lane_report_id as string | null).filter((x): x is string => !!x)),
    ]);
    return rows.map((r) => {
      const dueAt = codec.readTs(r.due_at)!;
      const status = String(r.status) as ComplaintStatus;
      return {
        id: String(r.id), ticket: String(r.ticket), category: String(r.category) as ComplaintCategory, communityId: String(r.community_id),
        communityName: communities.get(String(r.community_id)) ?? '', place: String(r.place), description: String(r.description), status, priority: String(r.priority) as Priority,
        hasPhoto: !!r.photo_mime, contactMasked: (r.contact_masked as string | null) ?? null, byResident: !!r.reporter_id,
        assignee: r.assignee_id ? { id: String(r.assignee_id), name: names.get(String(r.assignee_id)) ?? '' } : null,
        submittedAt: codec.readTs(r.submitted_at)!, dueAt, overdue: OPEN.includes(status) && dueAt <= at, closedAt: codec.readTs(r.closed_at),
        closedBy: r.closed_by ? names.get(String(r.closed_by)) ?? '' : null, resolution: (r.resolution as string | null) ?? null,
        laneReport: r.lane_report_id ? lanes.get(String(r.lane_report_id)) ?? null : null, version: codec.readInt(r.version),
      };
    });
  }
  type View = Awaited<ReturnType<typeof views>>[number];

  async function events(id: string, publicOnly: boolean) {
    let q = db.selectFrom('complaint_events').selectAll().where('complaint_id', '=', id);
    if (publicOnly) q = q.where('public', '=', codec.bool(true));
    const rows = await q.orderBy('seq').execute();
    const names = publicOnly ? new Map<string, string>() : await deps.accounts.userLabels([...new Set(rows.map((r) => r.actor_id as string | null).filter((x): x is string => !!x))]);
    return rows.map((r) => ({
      at: codec.readTs(r.at)!, kind: String(r.kind), public: codec.readBool(r.public), text: (r.text as string | null) ?? null,
      ...(publicOnly ? {} : { by: r.actor_id ? names.get(String(r.actor_id)) ?? '' : null }),
    }));
  }

  /** Appends to a complaint's history, numbered in the complaint's own write (its row is locked by that write's update). */
  const event = async (trx: Kysely<any>, r: { id: string; org_path: string }, at: Date, actorId: string | null, kind: string, o: { public?: boolean; text?: string | null } = {}) => {
    const n = await trx.selectFrom('complaint_events').select((eb) => eb.fn.countAll().as('n')).where('complaint_id', '=', r.id).executeTakeFirst();
    await trx.insertInto('complaint_events').values({
      id: uuidv7(at.getTime()), complaint_id: r.id, seq: codec.readInt(n?.n) + 1, org_path: r.org_path, at: codec.ts(at), actor_id: actorId, kind,
      public: codec.bool(o.public ?? false), text: o.text ?? null,
    }).execute();
  };

  async function audited(actor: AuditActor, items: View[], o: { objectId?: string; reason?: string } = {}) {
    if (!items.length) return;
    await deps.audit.record(actor, {
      action: o.objectId ? 'read' : 'list', objectType: 'complaint', ...(o.objectId ? { objectId: o.objectId } : {}), outcome: 'success', purpose: 'complaint',
      count: items.length, fields: ['description', ...(items.some((i) => i.contactMasked) ? ['contactMasked'] : [])], ...(o.reason ? { reason: o.reason } : {}),
    });
  }

  /** Submits a complaint of a community; answers the ticket and the tracking code (shown once). */
  async function submit(community: Org, reporterId: string | null, actor: AuditActor, b: ComplaintInput) {
    const photo = b.photo ? checkPhoto(b.photo) : null;
    let contact: string | null = null;
    if (b.contact) {
      contact = normalizeCnMobile(b.contact);
      if (!contact) throw errors.field('contact', 'invalid', '手机号不正确', 'not a valid mobile number');
    }
    const at = now();
    const hours = await slaHours(b.category, community.id);
    const admins = await deps.accounts.activeUserIds(['community_admin'], [community.id]);
    const secAdmins = b.category === 'privacy_leak' ? await deps.accounts.activeUserIds('security_admin', (await deps.orgs.ancestors(community.path)).map((o) => o.id)) : [];
    const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    const id = uuidv7(at.getTime());
    const day = ymdOf(at);
    const prefix = `TS-${day.replaceAll('-', '')}-`;
    const photoEnc = photo ? crypto.encrypt('complaints.photo', photo.toString('base64')) : null;
    for (let attempt = 0; ; attempt++) {
      try {
        const ticket = await writes.run(async (trx) => {
          const n = await trx.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).where('ticket', 'like', `${prefix}%`).executeTakeFirst();
          const ticket = `${prefix}${String(codec.readInt(n?.n) + 1).padStart(4, '0')}`;
          await trx.insertInto('complaints').values({
            id, ticket, code_hash: codeIndex(ticket, code), community_id: community.id, org_path: community.path, category: b.category, place: b.place, description: b.description,
            photo_enc: photoEnc, photo_mime: photo ? b.photo!.mime : null, photo_size: photo ? photo.length : null,
            contact_enc: contact ? crypto.encrypt('complaints.contact', contact) : null, contact_bidx: contact ? crypto.blindIndex('phone', contact) : null,
            contact_masked: contact ? maskPhone(contact) : null, reporter_id: reporterId, status: 'new', priority: b.category === 'privacy_leak' ? 'high' : 'normal',
            assignee_id: null, due_at: codec.ts(new Date(at.getTime() + hours * HOUR)), overdue_notified_at: null, lane_report_id: null, resolution: null,
            submitted_at: codec.ts(at), day, closed_at: null, closed_by: null, version: 1,
          }).execute();
          const ref = { id, org_path: community.path };
          await event(trx, ref, at, reporterId, 'submitted', { public: true });
          await deps.notifications.notify(trx, { recipientIds: admins, kind: COMPLAINT_NOTIFY.new, objectType: 'complaint', objectId: id, at, payload: { ticket, category: b.category } });
          if (b.category === 'privacy_leak') {
            // An insider leak is the security admins' matter (ADR 0086): told at once, recorded in the history.
            await deps.notifications.notify(trx, { recipientIds: secAdmins, kind: COMPLAINT_NOTIFY.escalated, objectType: 'complaint', objectId: id, at, payload: { ticket, category: b.category } });
            await event(trx, ref, at, null, 'escalated', { text: '已通报安全管理员' });
          }
          await deps.audit.append(trx, actor, {
            action: 'complaint_submit', objectType: 'complaint', objectId: id, reason: b.category, outcome: 'success', purpose: 'complaint',
            fields: ['category', 'place', 'description', ...(contact ? ['contact'] : []), ...(photo ? ['photo'] : [])],
          });
          return ticket;
        });
        return { ticket, code, status: 'new' as const, dueAt: new Date(at.getTime() + hours * HOUR).toISOString() };
      } catch (e) {
        if (attempt < 3 && /unique|UNIQUE/.test(String((e as Error).message))) continue;
        throw e;
      }
    }
  }

  /** Users the caller may assign a complaint to: active staff holding complaint:handle in the complaint's community or the caller's area. */
  async function assignable(p: Principal, r: Row) {
    const path = String(r.org_path).startsWith(p.orgPath) ? String(r.org_path) : p.orgPath;
    const rows = await db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.display_name', 'u.role', 'o.path'])
      .where('u.status', '=', 'active').where((eb) => eb.or([eb('o.path', 'like', `${path}%`), eb('o.path', '=', p.orgPath)])).orderBy('u.display_name').limit(500).execute();
    return rows.filter((u) => roleHas(String(u.role) as Role, 'complaint:handle')).map((u) => ({ id: String(u.id), name: String(u.display_name), role: String(u.role) }));
  }

  async function change(p: Principal, actor: AuditActor, id: string, version: number, f: (r: Row, trx: Transaction<any>, at: Date) => Promise<Record<string, unknown>>, audit: { action: string; reason?: string }) {
    const r = await visible(p, id);
    const at = now();
    await writes.run(async (trx) => {
      // The version step first: it locks the row, so the history's numbering below does not race.
      const res = await trx.updateTable('complaints').set({ version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
      const set = await f(r, trx, at);
      if (Object.keys(set).length) await trx.updateTable('complaints').set(set).where('id', '=', id).execute();
      await deps.audit.append(trx, actor, { action: audit.action, objectType: 'complaint', objectId: id, outcome: 'success', purpose: 'complaint', ...(audit.reason ? { reason: audit.reason } : {}) });
    });
    return (await views([(await row(id))!]))[0]!;
  }
  const mustBeOpen = (r: Row) => {
    if (!OPEN.includes(String(r.status))) throw errors.conflict('closed', '这件投诉已经办结', 'This complaint is closed already');
  };

  return {
    residentArea: (userId: string) => deps.residentAreaOfAccount(userId),

    meta: () => ({
      categories: COMPLAINT_CATEGORIES.map((code) => ({ code, zh: CATEGORY_TEXT[code][0], en: CATEGORY_TEXT[code][1], slaHours: code === 'fire_lane' ? null : SLA_HOURS[code] })),
      photoMaxBytes: PHOTO_MAX_BYTES,
    }),

    async publicSubmit(actor: AuditActor, b: ComplaintInput) {
      const c = b.communityCode ? await deps.orgs.byCode(b.communityCode) : null;
      if (!c || c.level !== 'community') throw errors.field('communityCode', 'not_found', '没有这个社区', 'no such community');
      return submit(c, null, actor, b);
    },

    async residentSubmit(p: Principal, actor: AuditActor, b: ComplaintInput) {
      const area = await deps.residentAreaOfAccount(p.id);
      const c = area ? await deps.orgs.communityOf(area) : null;
      if (!c) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      return submit(c, p.id, actor, b);
    },

    async mine(p: Principal, actor: AuditActor) {
      const rows = await db.selectFrom('complaints').select([...COLS]).where('reporter_id', '=', p.id).orderBy('submitted_at', 'desc').limit(50).execute() as Row[];
      const items = await views(rows);
      await audited(actor, items, { reason: 'own_complaints' });
      return {
        items: await Promise.all(items.map(async (v) => ({
          id: v.id, ticket: v.ticket, category: v.category, communityName: v.communityName, place: v.place, description: v.description, status: v.status, submittedAt: v.submittedAt,
          dueAt: v.dueAt, closedAt: v.closedAt, resolution: v.resolution, contactMasked: v.contactMasked, replies: (await events(v.id, true)).filter((e) => e.kind === 'reply'),
        }))),
      };
    },

    /** The reporter's view by ticket and code, without login: nothing beyond their own masked contact. */
    async track(actor: AuditActor, ticket: string, code: string) {
      const r = await db.selectFrom('complaints').select([...COLS, 'code_hash']).where('ticket', '=', ticket.toUpperCase()).executeTakeFirst() as Row | undefined;
      if (!r || r.code_hash !== codeIndex(String(r.ticket), code)) throw errors.notFound('投诉（工单号或查询码不对）', 'Complaint (ticket or code wrong)');
      const [v] = await views([r]);
      const history = await events(String(r.id), true);
      if (v!.contactMasked) await audited(actor, [v!], { objectId: v!.id, reason: 'tracking' });
      return {
        ticket: v!.ticket, category: v!.category, communityName: v!.communityName, place: v!.place, description: v!.description, status: v!.status,
        submittedAt: v!.submittedAt, dueAt: v!.dueAt, closedAt: v!.closedAt, resolution: v!.resolution, contactMasked: v!.contactMasked, history,
      };
    },

    async queue(p: Principal, actor: AuditActor, q: { status?: ComplaintStatus; category?: ComplaintCategory; overdue?: boolean; from?: string; to?: string; page: number; pageSize: number }) {
      let sel = leaksOnly(p)
        ? db.selectFrom('complaints').where('org_path', 'like', `${p.orgPath}%`).where('category', '=', 'privacy_leak')
        : db.selectFrom('complaints').where((eb) => eb.or([eb('org_path', 'like', `${p.orgPath}%`), eb('assignee_id', '=', p.id)]));
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.category) sel = sel.where('category', '=', q.category);
      if (q.from) sel = sel.where('day', '>=', q.from);
      if (q.to) sel = sel.where('day', '<=', q.to);
      if (q.overdue) sel = sel.where('status', 'in', OPEN).where('due_at', '<=', codec.ts(now()));
      const at = codec.ts(now());
      // The page, its total and the area's open / overdue figures (one statement with a conditional count), side by side.
      const [counted, rows, figures] = await Promise.all([
        sel.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        sel.select([...COLS]).orderBy(sql`case when status in ('new','accepted') then 0 else 1 end`).orderBy(sql`case when status in ('new','accepted') then due_at end`)
          .orderBy('submitted_at', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute() as Promise<Row[]>,
        db.selectFrom('complaints').where('org_path', 'like', `${p.orgPath}%`).where('status', 'in', OPEN).$if(leaksOnly(p), (qb) => qb.where('category', '=', 'privacy_leak'))
          .select((eb) => [eb.fn.countAll().as('open'), sql<number>`coalesce(sum(case when due_at <= ${at} then 1 else 0 end), 0)`.as('overdue')])
          .executeTakeFirstOrThrow(),
      ]);
      const total = codec.readInt(counted.n);
      const items = await views(rows);
      await audited(actor, items);
      return { items, total, page: q.page, pageSize: q.pageSize, figures: { open: codec.readInt(figures.open), overdue: codec.readInt(figures.overdue) } };
    },

    async detail(p: Principal, actor: AuditActor, id: string) {
      const r = await visible(p, id);
      const [v] = await views([r]);
      await audited(actor, [v!], { objectId: id });
      return { complaint: v!, history: await events(id, false), assignable: manages(p, r) && p.permissions.has('complaint:handle') ? await assignable(p, r) : [] };
    },

    async photo(p: Principal, actor: AuditActor, id: string) {
      await visible(p, id);
      const r = await db.selectFrom('complaints').select(['photo_enc', 'photo_mime']).where('id', '=', id).executeTakeFirst();
      if (!r?.photo_enc) throw errors.notFound('照片', 'Photo');
      await deps.audit.record(actor, { action: 'read', objectType: 'complaint', objectId: id, fields: ['photo'], outcome: 'success', purpose: 'complaint' });
      return { mime: String(r.photo_mime), bytes: Buffer.from(crypto.decrypt('complaints.photo', String(r.photo_enc)), 'base64') };
    },

    /** Accept: a priority and optionally an assignee; a blocked fire lane is forwarded to emergency-infra as an occupation report. */
    async accept(p: Principal, actor: AuditActor, id: string, b: { priority: Priority; assigneeId?: string; version: number }) {
      const r = await visible(p, id);
      if (!manages(p, r)) throw errors.forbidden();
      if (r.status !== 'new') throw errors.conflict('not_new', '这件投诉已经受理过了', 'This complaint has been accepted already');
      if (b.assigneeId && !(await assignable(p, r)).some((u) => u.id === b.assigneeId)) throw errors.field('assigneeId', 'not_found', '不能指派给这位用户', 'cannot assign to this user');
      const fwd = r.category === 'fire_lane'
        ? await deps.infra.forwardReport(String(r.community_id), p.id, { location: String(r.place), description: `[${String(r.ticket)}] ${String(r.description)}`.slice(0, 200) })
        : null;
      return change(p, actor, id, b.version, async (_r, trx, at) => {
        await event(trx, { id, org_path: String(r.org_path) }, at, p.id, 'accepted', { public: true });
        if (b.assigneeId) {
          await event(trx, { id, org_path: String(r.org_path) }, at, p.id, 'assigned');
          await deps.notifications.notify(trx, { recipientIds: [b.assigneeId], kind: COMPLAINT_NOTIFY.assigned, objectType: 'complaint', objectId: id, at, payload: { ticket: String(r.ticket), category: String(r.category) } });
        }
        if (fwd) {
          await fwd.write(trx);
          await event(trx, { id, org_path: String(r.org_path) }, at, p.id, 'forwarded', { text: fwd.ref() });
        }
        return { status: 'accepted', priority: b.priority, ...(b.assigneeId ? { assignee_id: b.assigneeId } : {}), ...(fwd ? { lane_report_id: fwd.id } : {}) };
      }, { action: 'complaint_accept', reason: b.priority });
    },

    async assign(p: Principal, actor: AuditActor, id: string, b: { assigneeId: string; priority?: Priority; version: number }) {
      const r = await visible(p, id);
      if (!manages(p, r)) throw errors.forbidden();
      mustBeOpen(r);
      if (!(await assignable(p, r)).some((u) => u.id === b.assigneeId)) throw errors.field('assigneeId', 'not_found', '不能指派给这位用户', 'cannot assign to this user');
      return change(p, actor, id, b.version, async (_r, trx, at) => {
        await event(trx, { id, org_path: String(r.org_path) }, at, p.id, 'assigned');
        await deps.notifications.notify(trx, { recipientIds: [b.assigneeId], kind: COMPLAINT_NOTIFY.assigned, objectType: 'complaint', objectId: id, at, payload: { ticket: String(r.ticket), category: String(r.category) } });
        return { assignee_id: b.assigneeId, ...(b.priority ? { priority: b.priority } : {}), ...(r.status === 'new' ? { status: 'accepted' } : {}) };
      }, { action: 'complaint_assign' });
    },

    /** A public reply (the reporter reads it on the tracking page) or an internal note. */
    async reply(p: Principal, actor: AuditActor, id: string, b: { text: string; public: boolean; version: number }) {
      const r = await visible(p, id);
      mustBeOpen(r);
      return change(p, actor, id, b.version, async (_r, trx, at) => {
        await event(trx, { id, org_path: String(r.org_path) }, at, p.id, b.public ? 'reply' : 'note', { public: b.public, text: b.text });
        return {};
      }, { action: 'complaint_reply', reason: b.public ? 'public' : 'internal' });
    },

    async close(p: Principal, actor: AuditActor, id: string, b: { outcome: 'resolved' | 'rejected'; reason: string; version: number }) {
      const r = await visible(p, id);
      mustBeOpen(r);
      return change(p, actor, id, b.version, async (_r, trx, at) => {
        await event(trx, { id, org_path: String(r.org_path) }, at, p.id, b.outcome, { public: true, text: b.reason });
        return { status: b.outcome, resolution: b.reason, closed_at: codec.ts(at), closed_by: p.id };
      }, { action: 'complaint_close', reason: b.outcome });
    },

    /** Housekeeping: an open complaint past its due time tells its assignee (or the community admins), once. */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('complaints').select(['id', 'ticket', 'category', 'community_id', 'assignee_id', 'due_at'])
        .where('status', 'in', OPEN).where('overdue_notified_at', 'is', null).where('due_at', '<=', codec.ts(at)).execute();
      if (!due.length) return { notified: 0 };
      // The community admins of each community without an assignee, read once per community; then one write for all.
      const admins = new Map<string, string[]>();
      for (const c of new Set(due.filter((r) => !r.assignee_id).map((r) => String(r.community_id)))) {
        admins.set(c, await deps.accounts.activeUserIds(['community_admin'], [c]));
      }
      let notified = 0;
      await writes.run(async (trx) => {
        for (const r of due) {
          const res = await trx.updateTable('complaints').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', String(r.id)).where('overdue_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) continue;
          await deps.notifications.notify(trx, {
            recipientIds: r.assignee_id ? [String(r.assignee_id)] : admins.get(String(r.community_id))!, kind: COMPLAINT_NOTIFY.overdue, objectType: 'complaint', objectId: String(r.id), at,
            payload: { ticket: String(r.ticket), category: String(r.category), dueAt: codec.readTs(r.due_at)! },
          });
          notified++;
        }
      });
      return { notified };
    },
  };
}

export type Complaints = ReturnType<typeof createComplaints>;

/**
 * The complaints part of erasing a resident (ADR 0037 / 0086): a complaint they made from their account, or that gave
 * their mobile as its contact, loses the contact and the link to the account; the complaint itself stays.
 */
export async function eraseComplaintsOf(trx: Kysely<any>, residentId: string): Promise<Record<string, number>> {
  const [res, acc] = await Promise.all([
    trx.selectFrom('residents').select('phone_bidx').where('id', '=', residentId).executeTakeFirst(),
    trx.selectFrom('resident_accounts').select('user_id').where('resident_id', '=', residentId).execute(),
  ]);
  const users = acc.map((a) => String(a.user_id));
  const bidx = (res?.phone_bidx as string | null) ?? null;
  if (!users.length && !bidx) return { complaints: 0 };
  const r = await trx.updateTable('complaints').set({ contact_enc: null, contact_bidx: null, contact_masked: null, reporter_id: null })
    .where((eb) => eb.or([...(users.length ? [eb('reporter_id', 'in', users)] : []), ...(bidx ? [eb('contact_bidx', '=', bidx)] : [])])).executeTakeFirst();
  return { complaints: Number(r.numUpdatedRows) };
}
