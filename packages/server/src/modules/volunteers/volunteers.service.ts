import { maskName, maskPhone, normalizeCnMobile } from '@renxing/shared';
import { type Kysely, sql } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { ymdOf } from '../privacy';

/** 志愿者 (ADR 0085): applications, the roster, shifts, check-in / check-out and service hours. */
const PURPOSE = 'service.volunteers';
export const SKILLS = ['shopping', 'gate', 'sampling', 'data_entry', 'counselling', 'nursing', 'driving', 'translation', 'other'] as const;
export const SHIFT_KINDS = ['gate', 'sampling', 'grocery', 'other'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const BANDS = ['morning', 'afternoon', 'evening'] as const;
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const VOLUNTEER_KINDS = { approved: 'volunteer_approved', assigned: 'volunteer_assigned', retired: 'volunteer_retired' } as const;
export const ROSTER_STATUSES = ['active', 'retired'] as const;
export type Skill = (typeof SKILLS)[number];
export type ShiftKind = (typeof SHIFT_KINDS)[number];

const TEXT = {
  skills: {
    shopping: ['采购配送', 'Shopping and delivery'], gate: ['卡口值守', 'Gate duty'], sampling: ['核酸采样协助', 'Sampling support'], data_entry: ['信息录入', 'Data entry'],
    counselling: ['心理疏导', 'Counselling'], nursing: ['医疗护理', 'Nursing'], driving: ['驾驶', 'Driving'], translation: ['翻译', 'Translation'], other: ['其他', 'Other'],
  },
  kinds: { gate: ['卡口值守', 'Gate duty'], sampling: ['采样协助', 'Sampling support'], grocery: ['代购配送', 'Grocery runs'], other: ['其他', 'Other'] },
  weekdays: { mon: ['周一', 'Mon'], tue: ['周二', 'Tue'], wed: ['周三', 'Wed'], thu: ['周四', 'Thu'], fri: ['周五', 'Fri'], sat: ['周六', 'Sat'], sun: ['周日', 'Sun'] },
  bands: { morning: ['上午', 'Morning'], afternoon: ['下午', 'Afternoon'], evening: ['晚上', 'Evening'] },
} as const;

export type VolunteersDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels' | 'usersIn'>; notifications: Pick<NotificationsService, 'notify'>;
};
export type ApplicationBody = {
  communityId: string; name: string; phone: string; skills: Skill[]; availability: { weekdays: string[]; bands: string[] }; note?: string;
};
export type VolunteerPatch = { skills?: Skill[]; availability?: { weekdays: string[]; bands: string[] }; userId?: string | null; version: number };
export type ShiftBody = { kind: ShiftKind; title: string; place: string; day: string; starts: string; ends: string; slots: number; skill?: Skill; note?: string };

/** An instant from a Shanghai day and HH:MM. */
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);
const overlaps = (a: { day: string; starts: string; ends: string }, b: { day: string; starts: string; ends: string }) =>
  a.day === b.day && a.starts < b.ends && b.starts < a.ends;

export function createVolunteers(deps: VolunteersDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const json = (v: unknown) => JSON.parse(String(v ?? '[]')) as never;

  const community = async (p: Principal) => deps.orgs.ownCommunity(p.orgPath);

  async function volunteerOfUser(p: Principal) {
    const v = await db.selectFrom('volunteers').selectAll().where('user_id', '=', p.id).where('active', '=', codec.bool(true)).executeTakeFirst();
    if (!v) throw errors.conflict('not_on_roster', '您还不在本社区的志愿者名册中，请先报名并等待社区审核', 'You are not on the community’s volunteer roster yet: apply and wait for the community’s approval');
    return v as Record<string, unknown>;
  }

  async function shiftRow(p: Principal, id: string) {
    const s = await db.selectFrom('volunteer_shifts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s || !String(s.org_path).startsWith(p.orgPath) && !p.orgPath.startsWith(String(s.org_path))) throw errors.notFound('班次', 'Shift');
    return s as Record<string, unknown>;
  }

  const shiftOf = (s: Record<string, unknown>) => ({ day: String(s.day), starts: String(s.starts), ends: String(s.ends) });

  async function shiftViews(rows: Array<Record<string, unknown>>, withMembers: boolean) {
    const ids = rows.map((r) => String(r.id));
    const members = ids.length
      ? await db.selectFrom('volunteer_shift_members as m').innerJoin('volunteers as v', 'v.id', 'm.volunteer_id')
        .select(['m.id', 'm.shift_id', 'm.volunteer_id', 'm.source', 'm.checked_in_at', 'm.checked_out_at', 'm.minutes', 'v.name']).where('m.shift_id', 'in', ids).execute()
      : [];
    return rows.map((r) => {
      const mine = members.filter((m) => m.shift_id === r.id);
      return {
        id: String(r.id), kind: String(r.kind) as ShiftKind, title: String(r.title), place: String(r.place), day: String(r.day), starts: String(r.starts), ends: String(r.ends),
        slots: codec.readInt(r.slots), filled: mine.length, skill: (r.skill as Skill | null) ?? null, note: (r.note as string | null) ?? null,
        ...(withMembers ? {
          members: mine.map((m) => ({
            id: String(m.id), volunteerId: String(m.volunteer_id), nameMasked: maskName(String(m.name)), source: String(m.source),
            checkedInAt: codec.readTs(m.checked_in_at), checkedOutAt: codec.readTs(m.checked_out_at), minutes: m.minutes == null ? null : codec.readInt(m.minutes),
          })),
        } : {}),
        version: codec.readInt(r.version),
      };
    });
  }

  function appView(r: Record<string, unknown>) {
    return {
      id: String(r.id), communityId: String(r.community_id), nameMasked: maskName(String(r.name)), phoneMasked: String(r.phone_masked), skills: json(r.skills) as Skill[],
      availability: json(r.availability) as { weekdays: string[]; bands: string[] }, note: (r.note as string | null) ?? null, status: String(r.status),
      reason: (r.reason as string | null) ?? null, decidedAt: codec.readTs(r.decided_at), createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
    };
  }

  /** Inserts a membership after the checks: slots left, not on the shift already, no overlapping shift of the same volunteer. */
  async function join(shift: Record<string, unknown>, volunteerId: string, source: 'signup' | 'assigned', by: string | null, actor: AuditActor) {
    const today = ymdOf(now());
    if (String(shift.day) < today) throw errors.conflict('shift_past', '这个班次已经过去了', 'This shift is in the past');
    const [count, theirs] = await Promise.all([
      db.selectFrom('volunteer_shift_members').select((eb) => eb.fn.countAll().as('n')).where('shift_id', '=', String(shift.id)).executeTakeFirst(),
      db.selectFrom('volunteer_shift_members as m').innerJoin('volunteer_shifts as s', 's.id', 'm.shift_id').select(['s.id', 's.day', 's.starts', 's.ends', 's.title'])
        .where('m.volunteer_id', '=', volunteerId).where('s.day', '=', String(shift.day)).execute(),
    ]);
    if (theirs.some((s) => s.id === shift.id)) throw errors.conflict('already_on_shift', '已经在这个班次中了', 'Already on this shift');
    const clash = theirs.find((s) => overlaps(shiftOf(s as Record<string, unknown>), shiftOf(shift)));
    if (clash) throw errors.conflict('overlapping_shift', `与同一时段的班次“${String(clash.title)}”冲突`, `Overlaps the shift “${String(clash.title)}” at the same time`);
    if (codec.readInt(count?.n) >= codec.readInt(shift.slots)) throw errors.conflict('shift_full', '这个班次的名额已满', 'This shift is full');
    const id = uuidv7();
    const user = source === 'assigned' ? await db.selectFrom('volunteers').select('user_id').where('id', '=', volunteerId).executeTakeFirst() : undefined;
    const t = now();
    try {
      await writes.run(async (trx) => {
        await trx.insertInto('volunteer_shift_members').values({
          id, shift_id: String(shift.id), volunteer_id: volunteerId, org_path: String(shift.org_path), source, assigned_by: by, checked_in_at: null, checked_out_at: null,
          minutes: null, created_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: source === 'signup' ? 'sign_up' : 'assign', objectType: 'volunteer_shift', objectId: String(shift.id), outcome: 'success', fields: ['volunteer'] });
        if (user?.user_id) {
          await deps.notifications.notify(trx, {
            recipientIds: [String(user.user_id)], kind: VOLUNTEER_KINDS.assigned, objectType: 'volunteer_shift', objectId: String(shift.id),
            payload: { shiftId: String(shift.id), title: String(shift.title), day: String(shift.day), starts: String(shift.starts) }, at: t,
          });
        }
      });
    } catch (e) {
      if (/unique|UNIQUE/.test(String((e as Error).message))) throw errors.conflict('already_on_shift', '已经在这个班次中了', 'Already on this shift');
      throw e;
    }
    return id;
  }

  /** A volunteer account of the community that no other roster entry (in the roster or retired) holds: else 400 / 409. */
  async function linkable(communityId: string, userId: string, self: string | null) {
    const u = await db.selectFrom('users').select(['id', 'role', 'org_id']).where('id', '=', userId).executeTakeFirst();
    if (!u || u.role !== 'volunteer' || u.org_id !== communityId) throw errors.field('userId', 'not_volunteer', '只能关联本社区的志愿者账号', 'only a volunteer account of this community can be linked');
    const other = await db.selectFrom('volunteers').select(['id', 'name', 'active']).where('user_id', '=', userId).executeTakeFirst();
    if (other && other.id !== self) {
      throw codec.readBool(other.active)
        ? errors.conflict('account_linked', `这个账号已关联了名册中的志愿者${maskName(String(other.name))}`, `This account is already linked to the volunteer ${maskName(String(other.name))}`)
        : errors.conflict('account_linked', `这个账号关联的志愿者${maskName(String(other.name))}已退出，请在名册的“已退出”中恢复`, `This account belongs to ${maskName(String(other.name))}, who left the roster: reinstate them under “Retired”`);
    }
  }

  async function volunteerRow(p: Principal, id: string) {
    const c = await community(p);
    const v = await db.selectFrom('volunteers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!v || v.community_id !== c.id) throw errors.notFound('志愿者', 'Volunteer');
    return v as Record<string, unknown>;
  }

  async function hoursOf(volunteerIds: string[]) {
    if (!volunteerIds.length) return new Map<string, { minutes: number; done: number }>();
    const rows = await db.selectFrom('volunteer_shift_members').select(['volunteer_id', (eb) => eb.fn.sum<number>('minutes').as('m'), (eb) => eb.fn.count<number>('checked_out_at').as('n')])
      .where('volunteer_id', 'in', volunteerIds).groupBy('volunteer_id').execute();
    return new Map(rows.map((r) => [String(r.volunteer_id), { minutes: codec.readInt(r.m ?? 0), done: codec.readInt(r.n) }]));
  }

  return {
    meta() {
      const t = <K extends string>(m: Record<K, readonly [string, string]>) => (Object.keys(m) as K[]).map((code) => ({ code, zh: m[code][0], en: m[code][1] }));
      return { skills: t(TEXT.skills), kinds: t(TEXT.kinds), weekdays: t(TEXT.weekdays), bands: t(TEXT.bands) };
    },

    /** The communities one can apply to (public: names only). */
    async communities() {
      const rows = await db.selectFrom('orgs').select(['id', 'name', 'code', 'path']).where('level', '=', 'community').orderBy('path').execute();
      return { items: rows.map((r) => ({ id: String(r.id), name: String(r.name), code: String(r.code) })) };
    },

    /** A public application (no login; rate-limited by the route). Same mobile in the same community pending, approved or on the roster → folded (answered alike, nothing stored). */
    async apply(actor: AuditActor, b: ApplicationBody) {
      const org = await deps.orgs.get(b.communityId);
      if (!org || org.level !== 'community') throw errors.field('communityId', 'not_found', '没有这个社区', 'no such community');
      const phone = normalizeCnMobile(b.phone);
      if (!phone) throw errors.field('phone', 'invalid', '手机号不正确', 'not a valid mobile number');
      const bidx = crypto.blindIndex('phone', phone);
      const [dupApp, dupVol] = await Promise.all([
        db.selectFrom('volunteer_applications').select('id').where('community_id', '=', org.id).where('phone_bidx', '=', bidx).where('status', 'in', ['pending', 'approved']).executeTakeFirst(),
        db.selectFrom('volunteers').select('id').where('community_id', '=', org.id).where('phone_bidx', '=', bidx).where('active', '=', codec.bool(true)).executeTakeFirst(),
      ]);
      if (dupApp || dupVol) {
        // Folded, answered as a new application: a 409 would tell anyone that this mobile has applied here. The answer's
        // id is new and stored nowhere (the real one's time would show in its uuidv7); the audit says what happened.
        await deps.audit.record(actor, {
          action: 'create', objectType: 'volunteer_application', objectId: String((dupApp ?? dupVol)!.id), outcome: 'denied', purpose: PURPOSE, reason: 'duplicate_application', fields: [],
        });
        return { id: uuidv7(), communityName: org.name, nameMasked: maskName(b.name), phoneMasked: maskPhone(phone), status: 'pending' as const };
      }
      const id = uuidv7();
      const t = now();
      await writes.run(async (trx) => {
        await trx.insertInto('volunteer_applications').values({
          id, community_id: org.id, org_path: org.path, name: b.name, phone_enc: crypto.encrypt('volunteer_applications.phone', phone), phone_bidx: bidx, phone_masked: maskPhone(phone),
          skills: JSON.stringify([...new Set(b.skills)]), availability: JSON.stringify(b.availability), note: b.note ?? null, user_id: null, resident_id: null, status: 'pending',
          reason: null, decided_by: null, decided_at: null, created_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'volunteer_application', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['name', 'phone', 'skills'] });
      });
      return { id, communityName: org.name, nameMasked: maskName(b.name), phoneMasked: maskPhone(phone), status: 'pending' as const };
    },

    async applications(p: Principal, actor: AuditActor, q: { status?: (typeof APPLICATION_STATUSES)[number] }) {
      let sel = db.selectFrom('volunteer_applications').selectAll().where('org_path', 'like', `${p.orgPath}%`);
      if (q.status) sel = sel.where('status', '=', q.status);
      const items = (await sel.orderBy('created_at', 'desc').limit(500).execute()).map((r) => appView(r as Record<string, unknown>));
      if (items.length) {
        await deps.audit.record(actor, { action: 'list', objectType: 'volunteer_application', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'phoneMasked', 'skills'] });
      }
      return { items };
    },

    /** Approve (→ a roster entry, optionally linked to a volunteer account of the community, who is told) or reject with a reason. */
    async decide(p: Principal, actor: AuditActor, id: string, b: { decision: 'approve' | 'reject'; reason?: string; userId?: string; version: number }) {
      const c = await community(p);
      const a = await db.selectFrom('volunteer_applications').selectAll().where('id', '=', id).executeTakeFirst();
      if (!a || a.community_id !== c.id) throw errors.notFound('报名', 'Application');
      if (a.status !== 'pending') throw errors.conflict('already_decided', '这份报名已经审核过了', 'This application has already been decided');
      if (codec.readInt(a.version) !== b.version) throw errors.stale(codec.readInt(a.version));
      if (b.decision === 'reject' && !b.reason) throw errors.field('reason', 'required', '不通过时请填写原因', 'a rejection needs a reason');
      if (b.userId) await linkable(c.id, b.userId, null);
      const t = now();
      const volunteerId = uuidv7();
      await writes.run(async (trx) => {
        const r = await trx.updateTable('volunteer_applications').set({
          status: b.decision === 'approve' ? 'approved' : 'rejected', reason: b.reason ?? null, decided_by: p.id, decided_at: codec.ts(t), version: b.version + 1,
        }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw errors.stale(b.version + 1);
        if (b.decision === 'approve') {
          await trx.insertInto('volunteers').values({
            id: volunteerId, community_id: c.id, org_path: String(a.org_path), application_id: id, name: a.name, phone_enc: a.phone_enc, phone_bidx: a.phone_bidx,
            phone_masked: a.phone_masked, skills: a.skills, availability: a.availability, user_id: b.userId ?? null, resident_id: a.resident_id ?? null, active: codec.bool(true),
            joined_at: codec.ts(t), version: 1,
          }).execute();
          if (b.userId) {
            await deps.notifications.notify(trx, {
              recipientIds: [b.userId], kind: VOLUNTEER_KINDS.approved, objectType: 'volunteer', objectId: volunteerId, payload: { volunteerId, communityName: c.name }, at: t,
            });
          }
        }
        await deps.audit.append(trx, actor, { action: b.decision, objectType: 'volunteer_application', objectId: id, outcome: 'success', purpose: PURPOSE, ...(b.reason ? { reason: b.reason } : {}) });
      });
      return { ...appView(await db.selectFrom('volunteer_applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>), volunteerId: b.decision === 'approve' ? volunteerId : null };
    },

    /** The roster of the area with skills, total hours and shifts done (masked; audited). */
    async roster(p: Principal, actor: AuditActor, q: { status?: (typeof ROSTER_STATUSES)[number] } = {}) {
      const retired = q.status === 'retired';
      let sel = db.selectFrom('volunteers').selectAll().where('org_path', 'like', `${p.orgPath}%`).where('active', '=', codec.bool(!retired));
      // An erased resident's entry (ADR 0037) left the roster without a retirement: it is counted, never listed.
      if (retired) sel = sel.where('retired_at', 'is not', null);
      const rows = await (retired ? sel.orderBy('retired_at', 'desc') : sel.orderBy('joined_at')).orderBy('id').execute();
      const hours = await hoursOf(rows.map((r) => String(r.id)));
      const accounts = await deps.accounts.userLabels(rows.map((r) => r.user_id).filter((x): x is string => typeof x === 'string'));
      const items = rows.map((r) => {
        const h = hours.get(String(r.id)) ?? { minutes: 0, done: 0 };
        return {
          id: String(r.id), nameMasked: maskName(String(r.name)), phoneMasked: (r.phone_masked as string | null) ?? null, skills: json(r.skills) as Skill[],
          availability: json(r.availability) as { weekdays: string[]; bands: string[] }, linked: !!r.user_id, joinedAt: codec.readTs(r.joined_at)!,
          account: r.user_id ? { id: String(r.user_id), name: accounts.get(String(r.user_id)) ?? '' } : null,
          active: codec.readBool(r.active), retiredAt: codec.readTs(r.retired_at), retiredReason: (r.retired_reason as string | null) ?? null,
          minutes: h.minutes, hours: Math.round(h.minutes / 6) / 10, shiftsDone: h.done, version: codec.readInt(r.version),
        };
      });
      if (items.length) await deps.audit.record(actor, { action: 'list', objectType: 'volunteer', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'phoneMasked', 'skills', 'hours'] });
      return { items };
    },

    /** Shifts of the area between two days with slots filled and who is on them (masked; audited when anyone is). */
    async shifts(p: Principal, actor: AuditActor, q: { from: string; to: string }) {
      const rows = await db.selectFrom('volunteer_shifts').selectAll().where('org_path', 'like', `${p.orgPath}%`).where('day', '>=', q.from).where('day', '<=', q.to)
        .orderBy('day').orderBy('starts').execute();
      const items = await shiftViews(rows as Array<Record<string, unknown>>, true);
      const shown = items.reduce((n, s) => n + (s.members?.length ?? 0), 0);
      if (shown) await deps.audit.record(actor, { action: 'list', objectType: 'volunteer_shift', outcome: 'success', purpose: PURPOSE, count: shown, fields: ['nameMasked', 'checkedInAt', 'minutes'] });
      return { items };
    },

    /** The community's volunteer accounts, each with the roster entry that holds it (for 关联志愿者账号). */
    async accounts(p: Principal, actor: AuditActor) {
      const c = await community(p);
      const users = await deps.accounts.usersIn([c.id], { roles: ['volunteer'], activeOnly: true });
      const held = users.length
        ? await db.selectFrom('volunteers').select(['id', 'name', 'user_id', 'active']).where('user_id', 'in', users.map((u) => u.id)).execute()
        : [];
      if (held.length) await deps.audit.record(actor, { action: 'list', objectType: 'volunteer', outcome: 'success', purpose: PURPOSE, count: held.length, fields: ['nameMasked', 'account'] });
      return {
        items: users.map((u) => {
          const v = held.find((x) => x.user_id === u.id);
          return { id: u.id, name: u.displayName, linkedTo: v ? { volunteerId: String(v.id), nameMasked: maskName(String(v.name)), active: codec.readBool(v.active) } : null };
        }),
      };
    },

    /** Skills, availability and the account link of a roster entry (version-checked); a newly linked account is told. */
    async update(p: Principal, actor: AuditActor, id: string, b: VolunteerPatch) {
      const v = await volunteerRow(p, id);
      if (codec.readInt(v.version) !== b.version) throw errors.stale(codec.readInt(v.version));
      if (b.userId) await linkable(String(v.community_id), b.userId, id);
      const set: Record<string, unknown> = { version: b.version + 1 };
      if (b.skills) set.skills = JSON.stringify([...new Set(b.skills)]);
      if (b.availability) set.availability = JSON.stringify(b.availability);
      if (b.userId !== undefined) set.user_id = b.userId;
      const newlyLinked = !!b.userId && b.userId !== v.user_id && codec.readBool(v.active);
      const t = now();
      const c = await community(p);
      try {
        await writes.run(async (trx) => {
          const r = await trx.updateTable('volunteers').set(set).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) throw errors.stale(b.version + 1);
          await deps.audit.append(trx, actor, { action: 'update', objectType: 'volunteer', objectId: id, outcome: 'success', purpose: PURPOSE, fields: Object.keys(set).filter((k) => k !== 'version') });
          if (newlyLinked) {
            await deps.notifications.notify(trx, { recipientIds: [b.userId!], kind: VOLUNTEER_KINDS.approved, objectType: 'volunteer', objectId: id, payload: { volunteerId: id, communityName: c.name }, at: t });
          }
        });
      } catch (e) {
        // Two admins linking one account to two entries at once: the unique index answers for the second.
        if (/unique|UNIQUE/.test(String((e as Error).message))) throw errors.conflict('account_linked', '这个账号刚刚被关联到另一位志愿者', 'This account was just linked to another volunteer');
        throw e;
      }
      return { id, version: b.version + 1 };
    },

    /**
     * 退出 (off the roster, with a reason: their future shifts they have not checked in to are freed and a linked account
     * is told) or 恢复 (back on the roster). Hours stay with the entry either way.
     */
    async retire(p: Principal, actor: AuditActor, id: string, b: { retire: boolean; reason?: string; version: number }) {
      const v = await volunteerRow(p, id);
      if (codec.readInt(v.version) !== b.version) throw errors.stale(codec.readInt(v.version));
      const active = codec.readBool(v.active);
      if (b.retire && !active) throw errors.conflict('already_retired', '这位志愿者已经退出了', 'This volunteer has already left the roster');
      if (!b.retire && active) throw errors.conflict('not_retired', '这位志愿者仍在名册中', 'This volunteer is still on the roster');
      if (!b.retire && !v.retired_at) throw errors.conflict('erased', '这条名册记录的个人信息已删除，不能恢复', 'This entry’s personal data was erased; it cannot be reinstated');
      if (b.retire && !b.reason) throw errors.field('reason', 'required', '退出时请填写原因', 'leaving the roster needs a reason');
      const t = now();
      const today = ymdOf(t);
      const c = await community(p);
      let freed = 0;
      await writes.run(async (trx) => {
        const r = await trx.updateTable('volunteers').set(b.retire
          ? { active: codec.bool(false), retired_at: codec.ts(t), retired_reason: b.reason!, retired_by: p.id, version: b.version + 1 }
          : { active: codec.bool(true), retired_at: null, retired_reason: null, retired_by: null, version: b.version + 1 }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw errors.stale(b.version + 1);
        if (b.retire) {
          const future = await trx.selectFrom('volunteer_shift_members as m').innerJoin('volunteer_shifts as s', 's.id', 'm.shift_id').select('m.id')
            .where('m.volunteer_id', '=', id).where('s.day', '>', today).where('m.checked_in_at', 'is', null).execute();
          if (future.length) await trx.deleteFrom('volunteer_shift_members').where('id', 'in', future.map((m) => String(m.id))).execute();
          freed = future.length;
          if (v.user_id) {
            await deps.notifications.notify(trx, {
              recipientIds: [String(v.user_id)], kind: VOLUNTEER_KINDS.retired, objectType: 'volunteer', objectId: id, payload: { volunteerId: id, communityName: c.name, freedShifts: String(freed) }, at: t,
            });
          }
        }
        await deps.audit.append(trx, actor, { action: b.retire ? 'retire' : 'reinstate', objectType: 'volunteer', objectId: id, outcome: 'success', purpose: PURPOSE, ...(b.reason ? { reason: b.reason } : {}) });
      });
      return { id, active: !b.retire, freedShifts: freed, version: b.version + 1 };
    },

    async createShift(p: Principal, actor: AuditActor, b: ShiftBody) {
      const c = await community(p);
      if (b.ends <= b.starts) throw errors.field('ends', 'before_start', '结束时间必须晚于开始时间', 'the end must be after the start');
      if (b.day < ymdOf(now())) throw errors.field('day', 'past', '不能发布已经过去的日期的班次', 'a shift cannot be on a past day');
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('volunteer_shifts').values({
          id, community_id: c.id, org_path: c.path, kind: b.kind, title: b.title, place: b.place, day: b.day, starts: b.starts, ends: b.ends, slots: b.slots,
          skill: b.skill ?? null, note: b.note ?? null, created_by: p.id, created_at: codec.ts(now()), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'volunteer_shift', objectId: id, outcome: 'success', fields: ['kind', 'day', 'slots'] });
      });
      return (await shiftViews([await db.selectFrom('volunteer_shifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>], false))[0]!;
    },

    /** The admin puts a roster volunteer on a shift (no over-booking, no overlapping shift); a linked account is told. */
    async assign(p: Principal, actor: AuditActor, shiftId: string, volunteerId: string) {
      const c = await community(p);
      const s = await shiftRow(p, shiftId);
      if (s.community_id !== c.id) throw errors.notFound('班次', 'Shift');
      const v = await db.selectFrom('volunteers').select(['id', 'community_id', 'active']).where('id', '=', volunteerId).executeTakeFirst();
      if (!v || v.community_id !== c.id || !codec.readBool(v.active)) throw errors.field('volunteerId', 'not_found', '名册中没有这位志愿者', 'no such volunteer on the roster');
      const memberId = await join(s, volunteerId, 'assigned', p.id, actor);
      return { memberId };
    },

    /** A volunteer account signs itself up for an open shift of its community. */
    async signUp(p: Principal, actor: AuditActor, shiftId: string) {
      const v = await volunteerOfUser(p);
      const s = await shiftRow(p, shiftId);
      if (s.community_id !== v.community_id) throw errors.notFound('班次', 'Shift');
      const memberId = await join(s, String(v.id), 'signup', null, actor);
      return { memberId };
    },

    /** Check in (from an hour before it starts — the day before for a shift just after midnight — until its day has passed) or check out (after checking in): the minutes between are the service time. */
    async check(p: Principal, actor: AuditActor, shiftId: string, what: 'in' | 'out') {
      const v = await volunteerOfUser(p);
      const s = await shiftRow(p, shiftId);
      const m = await db.selectFrom('volunteer_shift_members').selectAll().where('shift_id', '=', shiftId).where('volunteer_id', '=', String(v.id)).executeTakeFirst();
      if (!m) throw errors.conflict('not_on_shift', '您不在这个班次中', 'You are not on this shift');
      const t = now();
      if (what === 'in') {
        if (m.checked_in_at) throw errors.conflict('already_checked_in', '已经签到过了', 'Already checked in');
        // The window opens an hour before the start, as an instant: for a shift starting 00:30 that is 23:30 the day
        // before (Shanghai wall-clock). It closes when the shift's day has passed.
        if (ymdOf(t) > String(s.day)) throw errors.conflict('shift_past', '这个班次的日期已经过去，不能再签到', 'This shift’s day has passed; check-in is closed');
        if (t.getTime() < at(String(s.day), String(s.starts)).getTime() - 3_600_000) {
          throw errors.conflict('not_yet', '签到从班次开始前一小时起开放', 'Check-in opens an hour before the shift starts');
        }
      } else {
        if (!m.checked_in_at) throw errors.conflict('not_checked_in', '请先签到', 'Check in first');
        if (m.checked_out_at) throw errors.conflict('already_checked_out', '已经签退过了', 'Already checked out');
      }
      const minutes = what === 'out' ? Math.max(0, Math.round((t.getTime() - Date.parse(codec.readTs(m.checked_in_at)!)) / 60_000)) : null;
      await writes.run(async (trx) => {
        const r = await trx.updateTable('volunteer_shift_members').set(what === 'in'
          ? { checked_in_at: codec.ts(t), version: codec.readInt(m.version) + 1 }
          : { checked_out_at: codec.ts(t), minutes, version: codec.readInt(m.version) + 1 }).where('id', '=', String(m.id)).where('version', '=', codec.readInt(m.version)).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(m.version) + 1);
        await deps.audit.append(trx, actor, { action: what === 'in' ? 'check_in' : 'check_out', objectType: 'volunteer_shift', objectId: shiftId, outcome: 'success' });
      });
      return { shiftId, checkedInAt: what === 'in' ? t.toISOString() : codec.readTs(m.checked_in_at), checkedOutAt: what === 'out' ? t.toISOString() : null, minutes };
    },

    /** 我的志愿服务: the caller's hours, shifts done, upcoming shifts (own, with check-in state) and the community's open shifts. */
    async mine(p: Principal, actor: AuditActor) {
      const v = await db.selectFrom('volunteers').selectAll().where('user_id', '=', p.id).where('active', '=', codec.bool(true)).executeTakeFirst();
      if (!v) return { onRoster: false as const, nameMasked: null, hours: 0, minutes: 0, shiftsDone: 0, myShifts: [], openShifts: [] };
      const today = ymdOf(now());
      const h = (await hoursOf([String(v.id)])).get(String(v.id)) ?? { minutes: 0, done: 0 };
      const memberRows = await db.selectFrom('volunteer_shift_members as m').innerJoin('volunteer_shifts as s', 's.id', 'm.shift_id').selectAll('s')
        .select(['m.checked_in_at as m_in', 'm.checked_out_at as m_out', 'm.minutes as m_minutes']).where('m.volunteer_id', '=', String(v.id)).where('s.day', '>=', today)
        .orderBy('s.day').orderBy('s.starts').execute();
      const views = await shiftViews(memberRows as Array<Record<string, unknown>>, false);
      const myShifts = views.map((s, i) => {
        const r = memberRows[i] as Record<string, unknown>;
        return { ...s, checkedInAt: codec.readTs(r.m_in), checkedOutAt: codec.readTs(r.m_out), minutes: r.m_minutes == null ? null : codec.readInt(r.m_minutes) };
      });
      const mineIds = new Set(myShifts.map((s) => s.id));
      const open = (await shiftViews(await db.selectFrom('volunteer_shifts').selectAll().where('community_id', '=', String(v.community_id)).where('day', '>=', today)
        .orderBy('day').orderBy('starts').limit(100).execute() as Array<Record<string, unknown>>, false)).filter((s) => !mineIds.has(s.id) && s.filled < s.slots);
      await deps.audit.record(actor, { action: 'read', objectType: 'volunteer', objectId: String(v.id), outcome: 'success', purpose: PURPOSE, fields: ['nameMasked', 'hours'] });
      return {
        onRoster: true as const, nameMasked: maskName(String(v.name)), minutes: h.minutes, hours: Math.round(h.minutes / 6) / 10, shiftsDone: h.done, myShifts, openShifts: open,
      };
    },
  };
}
export type Volunteers = ReturnType<typeof createVolunteers>;

/**
 * A resident's erasure (ADR 0037 → 0085): their applications go (linked to the record, or filed with the record's mobile
 * in its community); a roster entry of theirs keeps its hours for the community's counts but loses the name and mobile,
 * its account link, and leaves the roster.
 */
export async function eraseVolunteersOf(trx: Kysely<any>, residentId: string): Promise<Record<string, number>> {
  const r = await trx.selectFrom('residents').select(['phone_bidx', 'org_path']).where('id', '=', residentId).executeTakeFirst();
  const mine = <T>(q: any) => q.where((eb: any) => eb.or([
    eb('resident_id', '=', residentId),
    // Filed with the record's mobile in the community holding the record's household.
    ...(r?.phone_bidx ? [eb.and([eb('phone_bidx', '=', String(r.phone_bidx)), sql<boolean>`${String(r.org_path)} like ${sql.ref('org_path')} || '%'`])] : []),
  ])) as T;
  const a = await mine<any>(trx.deleteFrom('volunteer_applications')).executeTakeFirst();
  const v = await mine<any>(trx.updateTable('volunteers').set({
    name: '已删除', phone_enc: null, phone_bidx: null, phone_masked: null, user_id: null, resident_id: null, active: sql`1 = 0`,
  })).executeTakeFirst();
  return { volunteer_applications: Number(a.numDeletedRows), volunteers: Number(v.numUpdatedRows) };
}
