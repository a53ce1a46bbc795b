import { maskName, maskPhone, normalizeCnMobile } from '@renxing/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { isUniqueViolation } from '../../platform/db/dialect';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { NotificationsService } from '../notifications';
import type { Org, OrgsService } from '../orgs';
import { ymdOf } from '../privacy';
import { TASK_KINDS } from '../work-tasks';
import { isValidCreditCode } from './credit-code';

/** 多方协同与社会组织服务 (ADR 0091): partner units, the responsibility matrix, services, records and remote booking. */
const PURPOSE = 'service.partners';
export const UNIT_KINDS = ['party', 'residents_committee', 'owners_committee', 'property', 'social_org', 'volunteer_team', 'resident_unit'] as const;
export const REG_STATUSES = ['registered', 'filed'] as const;
export const DUTY_ROLES = ['lead', 'support', 'inform'] as const;
export const SERVICE_CATEGORIES = ['haircut', 'counselling', 'errands', 'elderly_care', 'other'] as const;
export const SLOT_MODES = ['phone', 'video', 'visit'] as const;
/** The matrix's rows: the work-task kinds (ADR 0087). */
export const MATRIX_TASK_KINDS = TASK_KINDS;
export const PARTNER_NOTIFY = { confirmed: 'service_booking_confirmed', cancelled: 'service_booking_cancelled' } as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export type DutyRole = (typeof DUTY_ROLES)[number];
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export type SlotMode = (typeof SLOT_MODES)[number];

const TEXT = {
  kinds: {
    party: ['党组织', 'Party organisation'], residents_committee: ['居委会', "Residents' committee"], owners_committee: ['业委会', "Owners' committee"],
    property: ['物业公司', 'Property company'], social_org: ['社会组织', 'Social organisation'], volunteer_team: ['志愿者队伍', 'Volunteer team'], resident_unit: ['驻区单位', 'Unit based in the area'],
  },
  regStatuses: { registered: ['已登记', 'Registered'], filed: ['已备案', 'Filed'] },
  roles: { lead: ['牵头', 'Lead'], support: ['配合', 'Support'], inform: ['知会', 'Informed'] },
  categories: { haircut: ['义剪', 'Free haircuts'], counselling: ['心理疏导', 'Counselling'], errands: ['代购送药', 'Errands and medicine'], elderly_care: ['助老', 'Elderly care'], other: ['其他', 'Other'] },
  modes: { phone: ['电话', 'Phone'], video: ['视频', 'Video'], visit: ['上门', 'Visit'] },
  taskKinds: {
    door_check: ['入户排查', 'Door-to-door check'], disinfection: ['消杀', 'Disinfection'], gate_duty: ['卡口值守', 'Gate duty'],
    statistics: ['信息统计', 'Statistics'], purchasing: ['采购代办', 'Purchasing'], other: ['其他', 'Other'],
  },
} as const;

type Row = Record<string, unknown>;
export type PartnersDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; notifications: Pick<NotificationsService, 'notify'>;
  /** The resident record a resident account is linked to. */
  residentOfAccount: (userId: string) => Promise<{ id: string; orgPath: string } | null>;
  /** Active quarantine orders of these residents (a worker books for a resident in home quarantine). */
  quarantineOf: (ids: readonly string[]) => Promise<Map<string, { kind: string }>>;
};
export type UnitBody = {
  orgId?: string; kind: UnitKind; name: string; regStatus?: 'registered' | 'filed'; creditCode?: string; contactName?: string; contactPhone?: string; servicesNote?: string;
};

export function createPartners(deps: PartnersDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();

  /** Where the caller reads: their community for grid staff (units sit at community or street), else their own org. */
  async function area(p: Principal): Promise<string> {
    if (p.orgLevel === 'grid') return (await deps.orgs.communityOf(p.orgPath))?.path ?? p.orgPath;
    return p.orgPath;
  }
  /** A unit is seen by those of its area and below (a community sees the street's units too). */
  const seesPath = (a: string, path: string) => path.startsWith(a) || a.startsWith(path);

  async function unitRow(id: string): Promise<Row> {
    const r = await db.selectFrom('partner_units').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw errors.notFound('协同单位', 'Partner unit');
    return r as Row;
  }
  async function isMember(unitId: string, userId: string) {
    return !!(await db.selectFrom('partner_members').select('user_id').where('unit_id', '=', unitId).where('user_id', '=', userId).executeTakeFirst());
  }
  async function seenUnit(p: Principal, id: string): Promise<Row> {
    const r = await unitRow(id);
    if (!seesPath(await area(p), String(r.org_path)) && !(await isMember(id, p.id))) throw errors.notFound('协同单位', 'Partner unit');
    return r;
  }
  async function managedUnit(p: Principal, id: string): Promise<Row> {
    const r = await unitRow(id);
    if (!p.permissions.has('partner:manage') || !String(r.org_path).startsWith(p.orgPath)) throw errors.forbidden();
    return r;
  }
  /** The org a registry or matrix is about: `orgId` (a community or street in the caller's area), else the caller's own. */
  async function targetOrg(p: Principal, orgId?: string): Promise<Org> {
    if (orgId) {
      const o = await deps.orgs.get(orgId);
      if (!o || (o.level !== 'community' && o.level !== 'street') || !seesPath(await area(p), o.path)) {
        throw errors.field('orgId', 'not_found', '不在您的范围内的社区或街道', 'no such community or street in your area');
      }
      return o;
    }
    const own = (await deps.orgs.communityOf(p.orgPath)) ?? (p.orgLevel === 'street' ? await deps.orgs.get(p.orgId) : null);
    if (!own) throw errors.field('orgId', 'required', '请选择社区或街道', 'choose a community or street');
    return own;
  }

  async function userNames(ids: string[]) {
    const rows = ids.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
    return new Map(rows.map((u) => [String(u.id), String(u.display_name)]));
  }

  function unitView(r: Row) {
    return {
      id: String(r.id), orgId: String(r.org_id), kind: String(r.kind) as UnitKind, name: String(r.name), regStatus: (r.reg_status as 'registered' | 'filed' | null) ?? null,
      creditCode: (r.credit_code as string | null) ?? null, contactNameMasked: r.contact_name ? maskName(String(r.contact_name)) : null,
      contactPhoneMasked: (r.contact_phone_masked as string | null) ?? null, servicesNote: (r.services_note as string | null) ?? null,
      active: codec.readBool(r.active), endedAt: codec.readTs(r.ended_at), version: codec.readInt(r.version),
    };
  }
  function serviceView(r: Row) {
    return {
      id: String(r.id), unitId: String(r.unit_id), category: String(r.category) as ServiceCategory, name: String(r.name), description: (r.description as string | null) ?? null,
      bookable: codec.readBool(r.bookable), active: codec.readBool(r.active),
    };
  }

  /** Records' totals (records and residents served) per service of these units. */
  async function totalsByService(unitIds: string[]) {
    if (!unitIds.length) return new Map<string, { records: number; served: number }>();
    const rows = await db.selectFrom('service_records').select(['service_id', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum('served_count').as('served')])
      .where('unit_id', 'in', unitIds).groupBy('service_id').execute();
    return new Map(rows.map((r) => [String(r.service_id), { records: codec.readInt(r.n), served: codec.readInt(r.served ?? 0) }]));
  }

  async function slotViews(rows: Row[], viewer: { members: boolean; userId: string }) {
    const ids = rows.map((r) => String(r.id));
    const bookings = ids.length ? await db.selectFrom('service_bookings').selectAll().where('slot_id', 'in', ids).where('status', '<>', 'cancelled').execute() : [];
    const bySlot = new Map(bookings.map((b) => [String(b.slot_id), b as Row]));
    const residents = viewer.members && bookings.length
      ? await db.selectFrom('residents').select(['id', 'name']).where('id', 'in', [...new Set(bookings.map((b) => String(b.resident_id)))]).execute() : [];
    const rn = new Map(residents.map((r) => [String(r.id), String(r.name)]));
    return rows.map((r) => {
      const b = bySlot.get(String(r.id));
      const mine = !!b && b.booked_by === viewer.userId;
      return {
        id: String(r.id), serviceId: String(r.service_id), startsAt: codec.readTs(r.starts_at)!, minutes: codec.readInt(r.minutes), mode: String(r.mode) as SlotMode,
        status: String(r.status), taken: !!b,
        // Who booked: only the organisation's people (and whoever made the booking) see it (ADR 0091).
        booking: b && (viewer.members || mine) ? {
          id: String(b.id), status: String(b.status), residentNameMasked: maskName(rn.get(String(b.resident_id)) ?? ''), bySelf: codec.readBool(b.by_self),
          note: (b.note as string | null) ?? null, version: codec.readInt(b.version),
        } : null,
      };
    });
  }

  async function bookingViews(rows: Row[]) {
    const slotIds = [...new Set(rows.map((r) => String(r.slot_id)))];
    const serviceIds = [...new Set(rows.map((r) => String(r.service_id)))];
    const unitIds = [...new Set(rows.map((r) => String(r.unit_id)))];
    const [slots, services, units] = await Promise.all([
      slotIds.length ? db.selectFrom('service_slots').selectAll().where('id', 'in', slotIds).execute() : [],
      serviceIds.length ? db.selectFrom('partner_services').select(['id', 'name', 'category']).where('id', 'in', serviceIds).execute() : [],
      unitIds.length ? db.selectFrom('partner_units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
    ]);
    const sl = new Map(slots.map((s) => [String(s.id), s as Row]));
    const sv = new Map(services.map((s) => [String(s.id), s as Row]));
    const un = new Map(units.map((u) => [String(u.id), String(u.name)]));
    return rows.map((r) => {
      const s = sl.get(String(r.slot_id))!;
      const v = sv.get(String(r.service_id))!;
      return {
        id: String(r.id), status: String(r.status) as 'pending' | 'confirmed' | 'cancelled', slotId: String(r.slot_id), startsAt: codec.readTs(s.starts_at)!, minutes: codec.readInt(s.minutes),
        mode: String(s.mode) as SlotMode, service: { id: String(v.id), name: String(v.name), category: String(v.category) }, unit: { id: String(r.unit_id), name: un.get(String(r.unit_id)) ?? '' },
        bySelf: codec.readBool(r.by_self), note: (r.note as string | null) ?? null, confirmedAt: codec.readTs(r.confirmed_at), cancelledAt: codec.readTs(r.cancelled_at),
        cancelReason: (r.cancel_reason as string | null) ?? null, createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
      };
    });
  }

  async function accountsOf(trx: Kysely<any> | Transaction<any>, residentId: string): Promise<string[]> {
    const rows = await trx.selectFrom('resident_accounts').select('user_id').where('resident_id', '=', residentId).execute();
    return rows.map((r) => String(r.user_id));
  }

  /** A booking of a free, future, open slot of a bookable service, for `residentId` (one live booking per slot: 409 slot_taken). */
  async function book(p: Principal, actor: AuditActor, b: { slotId: string; residentId: string; residentPath: string; note?: string; self: boolean }) {
    const slot = await db.selectFrom('service_slots').selectAll().where('id', '=', b.slotId).executeTakeFirst();
    if (!slot || slot.status !== 'open') throw errors.field('slotId', 'not_found', '没有这个预约时段', 'no such slot');
    const svc = await db.selectFrom('partner_services').selectAll().where('id', '=', String(slot.service_id)).executeTakeFirstOrThrow();
    const unit = await unitRow(String(slot.unit_id));
    if (!codec.readBool(svc.active) || !codec.readBool(svc.bookable) || !codec.readBool(unit.active)) throw errors.field('slotId', 'not_bookable', '这项服务现在不能预约', 'this service cannot be booked now');
    // The service must be offered where the resident lives (the unit's community or street holds the resident's record).
    if (!b.residentPath.startsWith(String(unit.org_path))) throw errors.field('slotId', 'not_found', '没有这个预约时段', 'no such slot');
    if (codec.readTs(slot.starts_at)! <= now().toISOString()) throw errors.conflict('slot_past', '这个时段已经过去', 'This slot has passed');
    const id = uuidv7();
    const t = now();
    try {
      await writes.run(async (trx) => {
        const taken = await trx.selectFrom('service_bookings').select('id').where('slot_id', '=', b.slotId).where('status', '<>', 'cancelled').executeTakeFirst();
        if (taken) throw slotTaken();
        await trx.insertInto('service_bookings').values({
          id, slot_id: b.slotId, service_id: String(slot.service_id), unit_id: String(slot.unit_id), org_path: String(unit.org_path), resident_id: b.residentId, booked_by: p.id,
          by_self: codec.bool(b.self), note: b.note || null, status: 'pending', confirmed_by: null, confirmed_at: null, cancelled_by: null, cancelled_at: null, cancel_reason: null,
          created_at: codec.ts(t), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, {
          action: 'create', objectType: 'service_booking', objectId: id, subjectId: b.residentId, outcome: 'success', purpose: PURPOSE, fields: ['slot', 'note'],
          ...(b.self ? { reason: 'own_record' } : {}),
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw slotTaken();
      throw e;
    }
    return (await bookingViews([(await db.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
  }
  const slotTaken = () => errors.conflict('slot_taken', '这个时段已被预约，请选择其他时段', 'This slot is already booked; choose another one');

  async function changeBooking(actor: AuditActor, r: Row, next: Row, action: string, notify: string | null, reason?: string) {
    const t = now();
    const id = String(r.id);
    const version = codec.readInt(r.version);
    await writes.run(async (trx) => {
      const res = await trx.updateTable('service_bookings').set({ ...next, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.stale(version);
      await deps.audit.append(trx, actor, { action, objectType: 'service_booking', objectId: id, subjectId: String(r.resident_id), outcome: 'success', purpose: PURPOSE, fields: ['status'], ...(reason ? { reason } : {}) });
      if (notify) {
        const slot = await trx.selectFrom('service_slots').select(['starts_at', 'mode']).where('id', '=', String(r.slot_id)).executeTakeFirstOrThrow();
        const svc = await trx.selectFrom('partner_services').select(['name']).where('id', '=', String(r.service_id)).executeTakeFirstOrThrow();
        await deps.notifications.notify(trx, {
          recipientIds: (await accountsOf(trx, String(r.resident_id))).filter((u) => u !== actor.actorId), kind: notify, objectType: 'service_booking', objectId: id, at: t,
          payload: { bookingId: id, service: String(svc.name), startsAt: codec.readTs(slot.starts_at)!, mode: String(slot.mode) },
        });
      }
    });
    return (await bookingViews([(await db.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row]))[0]!;
  }

  return {
    meta() {
      const t = <K extends string>(m: Record<K, readonly [string, string]>) => (Object.keys(m) as K[]).map((code) => ({ code, zh: m[code][0], en: m[code][1] }));
      return {
        kinds: t(TEXT.kinds), regStatuses: t(TEXT.regStatuses), roles: t(TEXT.roles), categories: t(TEXT.categories), modes: t(TEXT.modes),
        taskKinds: MATRIX_TASK_KINDS.map((code) => ({ code, zh: TEXT.taskKinds[code][0], en: TEXT.taskKinds[code][1] })),
      };
    },

    /** 协同单位: the units of a community or street (and the street's, seen from a community), with the social organisations' counts. */
    async list(p: Principal, actor: AuditActor, q: { orgId?: string; kind?: UnitKind; includeEnded?: boolean }) {
      const org = await targetOrg(p, q.orgId);
      const ancestors = (await deps.orgs.ancestors(org.path)).map((o) => o.id);
      let sel = db.selectFrom('partner_units').selectAll().where('org_id', 'in', ancestors);
      if (q.kind) sel = sel.where('kind', '=', q.kind);
      if (!q.includeEnded) sel = sel.where('active', '=', codec.bool(true));
      const rows = await sel.orderBy('kind').orderBy('name').orderBy('id').limit(500).execute();
      const items = rows.map((r) => ({ ...unitView(r as Row), own: r.org_id === org.id }));
      const social = items.filter((i) => i.kind === 'social_org' && i.active && i.own);
      const withContact = items.filter((i) => i.contactNameMasked).length;
      if (withContact) await deps.audit.record(actor, { action: 'list', objectType: 'partner_unit', outcome: 'success', purpose: PURPOSE, count: withContact, fields: ['contactNameMasked', 'contactPhoneMasked'] });
      return {
        org: { id: org.id, name: org.name, level: org.level }, items,
        socialOrgs: { total: social.length, registered: social.filter((i) => i.regStatus === 'registered').length, filed: social.filter((i) => i.regStatus === 'filed').length },
        canManage: p.permissions.has('partner:manage') && org.path.startsWith(p.orgPath),
      };
    },

    async create(p: Principal, actor: AuditActor, b: UnitBody) {
      const org = await targetOrg(p, b.orgId);
      if (!org.path.startsWith(p.orgPath)) throw errors.field('orgId', 'not_found', '不在您的范围内的社区或街道', 'no such community or street in your area');
      const social = b.kind === 'social_org';
      if (social && !b.regStatus) throw errors.field('regStatus', 'required', '社会组织须选择已登记或已备案', 'a social organisation is registered or filed');
      if (!social && (b.regStatus || b.creditCode)) throw errors.field('regStatus', 'not_applicable', '只有社会组织填写登记状态', 'only a social organisation has a registration status');
      let code: string | null = null;
      if (b.regStatus === 'registered') {
        code = (b.creditCode ?? '').trim().toUpperCase();
        if (!code) throw errors.field('creditCode', 'required', '已登记的社会组织须填写统一社会信用代码', 'a registered organisation needs its unified social credit code');
        if (!isValidCreditCode(code)) throw errors.field('creditCode', 'invalid', '统一社会信用代码不正确（18位，校验位不符）', 'not a valid unified social credit code (18 characters with a check character)');
      } else if (b.creditCode) throw errors.field('creditCode', 'not_applicable', '已备案的组织不填统一社会信用代码', 'a filed organisation has no credit code here');
      let phone: string | null = null;
      if (b.contactPhone) {
        phone = normalizeCnMobile(b.contactPhone);
        if (!phone) throw errors.field('contactPhone', 'invalid', '手机号不正确', 'not a valid mobile number');
      }
      const id = uuidv7();
      const t = now();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('partner_units').values({
            id, org_id: org.id, org_path: org.path, kind: b.kind, name: b.name, reg_status: b.regStatus ?? null, credit_code: code, contact_name: b.contactName || null,
            contact_phone_enc: phone ? crypto.encrypt('partner_units.contact_phone', phone) : null, contact_phone_masked: phone ? maskPhone(phone) : null,
            services_note: b.servicesNote || null, active: codec.bool(true), ended_at: null, created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), version: 1,
          }).execute();
          await deps.audit.append(trx, actor, { action: 'create', objectType: 'partner_unit', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['kind', 'name', 'reg_status', 'credit_code', 'contact_name', 'contact_phone'] });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw errors.conflict('credit_code_taken', '这个统一社会信用代码已登记过', 'This credit code is already in the registry');
        throw e;
      }
      return unitView(await unitRow(id));
    },

    /** 结束合作 / 恢复: a unit leaves (or rejoins) the active registry; its matrix cells go when it ends. */
    async setActive(p: Principal, actor: AuditActor, id: string, b: { active: boolean; version: number }) {
      const r = await managedUnit(p, id);
      const t = now();
      await writes.run(async (trx) => {
        const res = await trx.updateTable('partner_units').set({ active: codec.bool(b.active), ended_at: b.active ? null : codec.ts(t), updated_at: codec.ts(t), version: b.version + 1 })
          .where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale(codec.readInt(r.version));
        if (!b.active) await trx.deleteFrom('partner_duties').where('unit_id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: b.active ? 'reactivate' : 'end', objectType: 'partner_unit', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['active'] });
      });
      return unitView(await unitRow(id));
    },

    /** The contact person and mobile in full (partner:manage; audited). */
    async reveal(p: Principal, actor: AuditActor, id: string) {
      const r = await managedUnit(p, id);
      await deps.audit.record(actor, { action: 'reveal', objectType: 'partner_unit', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['contact_name', 'contact_phone'] });
      return {
        contactName: (r.contact_name as string | null) ?? null,
        contactPhone: r.contact_phone_enc ? crypto.decrypt('partner_units.contact_phone', String(r.contact_phone_enc)) : null,
      };
    },

    /** A unit's page: the unit, its people, services with totals, recent records. */
    async detail(p: Principal, actor: AuditActor, id: string) {
      const r = await seenUnit(p, id);
      const [members, services, records, totals] = await Promise.all([
        db.selectFrom('partner_members').select(['user_id']).where('unit_id', '=', id).execute(),
        db.selectFrom('partner_services').selectAll().where('unit_id', '=', id).orderBy('created_at').execute(),
        db.selectFrom('service_records').selectAll().where('unit_id', '=', id).orderBy('day', 'desc').orderBy('created_at', 'desc').limit(50).execute(),
        totalsByService([id]),
      ]);
      const names = await userNames([...members.map((m) => String(m.user_id)), ...records.map((x) => String(x.created_by))]);
      const linked = records.length ? await db.selectFrom('service_record_residents').select(['record_id']).where('record_id', 'in', records.map((x) => String(x.id))).execute() : [];
      const u = unitView(r);
      if (u.contactNameMasked) await deps.audit.record(actor, { action: 'read', objectType: 'partner_unit', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['contactNameMasked', 'contactPhoneMasked'] });
      const svc = services.map((s) => ({ ...serviceView(s as Row), totals: totals.get(String(s.id)) ?? { records: 0, served: 0 } }));
      const member = members.some((m) => m.user_id === p.id);
      return {
        unit: u, members: members.map((m) => ({ userId: String(m.user_id), name: names.get(String(m.user_id)) ?? '' })), services: svc,
        totals: { records: svc.reduce((a, s) => a + s.totals.records, 0), served: svc.reduce((a, s) => a + s.totals.served, 0) },
        records: records.map((x) => ({
          id: String(x.id), serviceId: String(x.service_id), day: String(x.day), place: String(x.place), servedCount: codec.readInt(x.served_count), note: (x.note as string | null) ?? null,
          linkedResidents: linked.filter((l) => l.record_id === x.id).length, by: names.get(String(x.created_by)) ?? '',
        })),
        canManage: p.permissions.has('partner:manage') && String(r.org_path).startsWith(p.orgPath),
        canRecord: p.permissions.has('service:record') && (member || (p.permissions.has('partner:manage') && String(r.org_path).startsWith(p.orgPath))), isMember: member,
      };
    },

    /** 我的服务组织: the units the caller acts for (their services, slots waiting for confirmation). */
    async myUnits(p: Principal, actor: AuditActor) {
      const rows = await db.selectFrom('partner_members as m').innerJoin('partner_units as u', 'u.id', 'm.unit_id').selectAll('u').where('m.user_id', '=', p.id)
        .orderBy('u.name').execute();
      const ids = rows.map((r) => String(r.id));
      const pending = ids.length ? await db.selectFrom('service_bookings').select(['unit_id']).where('unit_id', 'in', ids).where('status', '=', 'pending').execute() : [];
      const items = rows.map((r) => ({ ...unitView(r as Row), pendingBookings: pending.filter((b) => b.unit_id === r.id).length }));
      // The units' contact persons are shown masked, as on the registry: the read is audited the same way.
      const withContact = items.filter((i) => i.contactNameMasked).length;
      if (withContact) await deps.audit.record(actor, { action: 'list', objectType: 'partner_unit', outcome: 'success', purpose: PURPOSE, count: withContact, fields: ['contactNameMasked', 'contactPhoneMasked'] });
      return { items };
    },

    /** The organisation's people: accounts of its area who act for it (offer slots, see and confirm bookings, record services). */
    async addMember(p: Principal, actor: AuditActor, id: string, b: { userId: string }) {
      const r = await managedUnit(p, id);
      const u = await db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').select(['u.id', 'u.role', 'o.path']).where('u.id', '=', b.userId).where('u.status', '=', 'active').executeTakeFirst();
      const unitPath = String(r.org_path);
      if (!u || u.role === 'resident' || u.role === 'device' || !(String(u.path).startsWith(unitPath) || unitPath.startsWith(String(u.path)))) {
        throw errors.field('userId', 'not_found', '只能添加本社区（街道）的在岗工作人员或志愿者', 'only an active staff or volunteer account of the area');
      }
      const t = now();
      await writes.run(async (trx) => {
        const exists = await trx.selectFrom('partner_members').select('user_id').where('unit_id', '=', id).where('user_id', '=', b.userId).executeTakeFirst();
        if (exists) return;
        await trx.insertInto('partner_members').values({ unit_id: id, user_id: b.userId, org_path: unitPath, added_by: p.id, added_at: codec.ts(t) }).execute();
        await deps.audit.append(trx, actor, { action: 'add_member', objectType: 'partner_unit', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['members'] });
      });
      return { unitId: id, userId: b.userId };
    },

    /** 责任矩阵: the task kinds × the org's active units with 牵头 / 配合 / 知会. */
    async matrix(p: Principal, q: { orgId?: string }) {
      const org = await targetOrg(p, q.orgId);
      const [units, duties] = await Promise.all([
        db.selectFrom('partner_units').selectAll().where('org_id', '=', org.id).where('active', '=', codec.bool(true)).orderBy('kind').orderBy('name').limit(500).execute(),
        db.selectFrom('partner_duties').select(['task_kind', 'unit_id', 'role']).where('org_id', '=', org.id).execute(),
      ]);
      return {
        org: { id: org.id, name: org.name, level: org.level },
        taskKinds: MATRIX_TASK_KINDS.map((code) => ({ code, zh: TEXT.taskKinds[code][0], en: TEXT.taskKinds[code][1] })),
        units: units.map((u) => ({ id: String(u.id), name: String(u.name), kind: String(u.kind) })),
        cells: duties.map((d) => ({ taskKind: String(d.task_kind), unitId: String(d.unit_id), role: String(d.role) as DutyRole })),
        canManage: p.permissions.has('partner:manage') && org.path.startsWith(p.orgPath),
      };
    },

    /** Sets (or clears, role null) one cell; a second 牵头 for a task kind is refused (409 lead_taken naming the lead). */
    async setDuty(p: Principal, actor: AuditActor, b: { unitId: string; taskKind: string; role: DutyRole | null }) {
      const u = await managedUnit(p, b.unitId);
      if (!codec.readBool(u.active)) throw errors.conflict('unit_ended', '这个单位已结束合作', 'This unit no longer takes part');
      const orgId = String(u.org_id);
      const lead = async () => {
        const l = await db.selectFrom('partner_duties as d').innerJoin('partner_units as u', 'u.id', 'd.unit_id').select(['d.unit_id', 'u.name'])
          .where('d.org_id', '=', orgId).where('d.task_kind', '=', b.taskKind).where('d.role', '=', 'lead').executeTakeFirst();
        return l && l.unit_id !== b.unitId ? String(l.name) : null;
      };
      const leadTaken = (name: string) => errors.conflict('lead_taken', `该任务类型已由「${name}」牵头，每类任务只能有一个牵头单位`, `“${name}” already leads this task type; a task type has one lead`,
        [{ path: 'role', code: 'lead_taken', message: name, messageEn: name }]);
      if (b.role === 'lead') {
        const other = await lead();
        if (other) throw leadTaken(other);
      }
      const t = now();
      try {
        await writes.run(async (trx) => {
          await trx.deleteFrom('partner_duties').where('unit_id', '=', b.unitId).where('task_kind', '=', b.taskKind).execute();
          if (b.role) {
            await trx.insertInto('partner_duties').values({ id: uuidv7(), org_id: orgId, org_path: String(u.org_path), task_kind: b.taskKind, unit_id: b.unitId, role: b.role, set_by: p.id, set_at: codec.ts(t) }).execute();
          }
          await deps.audit.append(trx, actor, { action: 'set_duty', objectType: 'partner_unit', objectId: b.unitId, outcome: 'success', purpose: PURPOSE, fields: ['duty'] });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw leadTaken((await lead()) ?? '');
        throw e;
      }
      return this.matrix(p, { orgId });
    },

    async addService(p: Principal, actor: AuditActor, unitId: string, b: { category: ServiceCategory; name: string; description?: string; bookable: boolean }) {
      const u = await managedUnit(p, unitId);
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('partner_services').values({
          id, unit_id: unitId, org_path: String(u.org_path), category: b.category, name: b.name, description: b.description || null, bookable: codec.bool(b.bookable),
          active: codec.bool(true), created_by: p.id, created_at: codec.ts(now()), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'partner_service', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['category', 'name'] });
      });
      return serviceView((await db.selectFrom('partner_services').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row);
    },

    /** 服务记录: a day's service (place, how many served; optionally who, of the area — audited per resident). */
    async record(p: Principal, actor: AuditActor, serviceId: string, b: { day: string; place: string; servedCount: number; note?: string; residentIds?: string[] }) {
      const svc = await db.selectFrom('partner_services').selectAll().where('id', '=', serviceId).executeTakeFirst();
      if (!svc) throw errors.notFound('服务', 'Service');
      const u = await unitRow(String(svc.unit_id));
      const member = await isMember(String(u.id), p.id);
      if (!member && !(p.permissions.has('partner:manage') && String(u.org_path).startsWith(p.orgPath))) throw errors.forbidden();
      if (b.day > ymdOf(now())) throw errors.field('day', 'future', '服务日期不能晚于今天', 'the day cannot be in the future');
      const residentIds = [...new Set(b.residentIds ?? [])];
      if (residentIds.length > b.servedCount) throw errors.field('residentIds', 'too_many', '关联居民不能多于服务人数', 'more residents linked than served');
      if (residentIds.length) {
        const found = await db.selectFrom('residents').select(['id', 'org_path']).where('id', 'in', residentIds).where('status', '=', 'active').execute();
        const ok = new Set(found.filter((r) => String(r.org_path).startsWith(String(u.org_path))).map((r) => String(r.id)));
        const bad = residentIds.findIndex((r) => !ok.has(r));
        if (bad >= 0) throw errors.field(`residentIds.${bad}`, 'not_found', '本社区没有这位居民', 'no such resident in the area');
      }
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('service_records').values({
          id, service_id: serviceId, unit_id: String(u.id), org_path: String(u.org_path), day: b.day, place: b.place, served_count: b.servedCount, note: b.note || null,
          created_by: p.id, created_at: codec.ts(now()),
        }).execute();
        if (residentIds.length) await trx.insertInto('service_record_residents').values(residentIds.map((r) => ({ record_id: id, resident_id: r }))).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'service_record', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['day', 'place', 'served_count', 'note', ...(residentIds.length ? ['residents'] : [])] });
        for (const r of residentIds) await deps.audit.append(trx, actor, { action: 'link', objectType: 'service_record', objectId: id, subjectId: r, outcome: 'success', purpose: PURPOSE, fields: ['resident'] });
      });
      const totals = (await totalsByService([String(u.id)])).get(serviceId)!;
      return { id, serviceId, day: b.day, place: b.place, servedCount: b.servedCount, linkedResidents: residentIds.length, totals };
    },

    /** 服务统计: per service category and per unit of a community or street (records and residents served). */
    async totals(p: Principal, q: { orgId?: string }) {
      const org = await targetOrg(p, q.orgId);
      const units = await db.selectFrom('partner_units').select(['id', 'name', 'kind']).where('org_path', 'like', `${org.path}%`).execute();
      const services = units.length ? await db.selectFrom('partner_services').select(['id', 'unit_id', 'category', 'name']).where('unit_id', 'in', units.map((u) => String(u.id))).execute() : [];
      const t = await totalsByService(units.map((u) => String(u.id)));
      const byCat = new Map<string, { records: number; served: number }>();
      const byUnit = new Map<string, { records: number; served: number }>();
      for (const s of services) {
        const x = t.get(String(s.id)) ?? { records: 0, served: 0 };
        for (const [m, k] of [[byCat, String(s.category)], [byUnit, String(s.unit_id)]] as const) {
          const cur = m.get(k) ?? { records: 0, served: 0 };
          m.set(k, { records: cur.records + x.records, served: cur.served + x.served });
        }
      }
      return {
        org: { id: org.id, name: org.name },
        byCategory: SERVICE_CATEGORIES.map((c) => ({ category: c, ...(byCat.get(c) ?? { records: 0, served: 0 }) })),
        byUnit: units.map((u) => ({ unitId: String(u.id), name: String(u.name), kind: String(u.kind), ...(byUnit.get(String(u.id)) ?? { records: 0, served: 0 }) }))
          .filter((u) => u.records > 0).sort((a, b) => b.served - a.served),
      };
    },

    // ----- slots and bookings ------------------------------------------------------------------------------------

    /** The organisation's people offer a slot of a bookable service. */
    async addSlot(p: Principal, actor: AuditActor, serviceId: string, b: { startsAt: string; minutes: number; mode: SlotMode }) {
      const svc = await db.selectFrom('partner_services').selectAll().where('id', '=', serviceId).executeTakeFirst();
      if (!svc) throw errors.notFound('服务', 'Service');
      if (!(await isMember(String(svc.unit_id), p.id))) throw new AppError(403, 'not_member', '只有该组织的人员可以安排预约时段', 'Only the organisation’s people offer slots');
      if (!codec.readBool(svc.bookable)) throw errors.field('serviceId', 'not_bookable', '这项服务不接受预约', 'this service is not bookable');
      if (new Date(b.startsAt).getTime() <= now().getTime()) throw errors.field('startsAt', 'past', '时段须晚于现在', 'the slot must start in the future');
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('service_slots').values({
          id, service_id: serviceId, unit_id: String(svc.unit_id), org_path: String(svc.org_path), starts_at: codec.ts(new Date(b.startsAt)), minutes: b.minutes, mode: b.mode,
          status: 'open', created_by: p.id, created_at: codec.ts(now()),
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'service_slot', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['starts_at', 'mode'] });
      });
      return (await slotViews([(await db.selectFrom('service_slots').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row], { members: true, userId: p.id }))[0]!;
    },

    /** A service's coming slots; who booked each only for the organisation's people (audited when shown). */
    async slots(p: Principal, actor: AuditActor, serviceId: string) {
      const svc = await db.selectFrom('partner_services').selectAll().where('id', '=', serviceId).executeTakeFirst();
      if (!svc) throw errors.notFound('服务', 'Service');
      const member = await isMember(String(svc.unit_id), p.id);
      if (!member && !seesPath(await area(p), String(svc.org_path))) throw errors.notFound('服务', 'Service');
      const rows = await db.selectFrom('service_slots').selectAll().where('service_id', '=', serviceId).where('status', '=', 'open')
        .where('starts_at', '>=', codec.ts(new Date(now().getTime() - 86_400_000))).orderBy('starts_at').limit(200).execute();
      const items = await slotViews(rows as Row[], { members: member, userId: p.id });
      const shown = items.filter((i) => i.booking);
      if (shown.length) await deps.audit.record(actor, { action: 'list', objectType: 'service_booking', outcome: 'success', purpose: PURPOSE, count: shown.length, fields: ['residentNameMasked', 'note'] });
      return { service: serviceView(svc as Row), isMember: member, items };
    },

    /** The organisation's people confirm a booking; the resident is told. */
    async confirm(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      const r = await db.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !(await isMember(String(r.unit_id), p.id))) throw errors.notFound('预约', 'Booking');
      if (r.status !== 'pending') throw errors.conflict('booking_not_pending', '只有待确认的预约可以确认', 'Only a pending booking can be confirmed');
      if (codec.readInt(r.version) !== b.version) throw errors.stale(codec.readInt(r.version));
      return changeBooking(actor, r as Row, { status: 'confirmed', confirmed_by: p.id, confirmed_at: codec.ts(now()) }, 'confirm', PARTNER_NOTIFY.confirmed);
    },

    /** Cancel: the resident (own), whoever booked it, or the organisation's people (the resident is then told). */
    async cancel(p: Principal, actor: AuditActor, id: string, b: { version: number; reason?: string }) {
      const r = await db.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('预约', 'Booking');
      const own = p.role === 'resident' ? (await deps.residentOfAccount(p.id))?.id === r.resident_id : false;
      const member = await isMember(String(r.unit_id), p.id);
      if (!own && !member && r.booked_by !== p.id) throw errors.notFound('预约', 'Booking');
      if (r.status === 'cancelled') throw errors.conflict('booking_cancelled', '预约已取消', 'The booking is already cancelled');
      if (codec.readInt(r.version) !== b.version) throw errors.stale(codec.readInt(r.version));
      return changeBooking(actor, r as Row, { status: 'cancelled', cancelled_by: p.id, cancelled_at: codec.ts(now()), cancel_reason: b.reason ?? null }, 'cancel',
        own ? null : PARTNER_NOTIFY.cancelled, b.reason);
    },

    /** Bookable services where a resident lives, with their coming free slots. */
    async bookable(residentPath: string) {
      const ancestors = (await deps.orgs.ancestors(residentPath)).map((o) => o.id);
      const units = await db.selectFrom('partner_units').select(['id', 'name']).where('org_id', 'in', ancestors).where('active', '=', codec.bool(true)).execute();
      if (!units.length) return { items: [] };
      const services = await db.selectFrom('partner_services').selectAll().where('unit_id', 'in', units.map((u) => String(u.id))).where('bookable', '=', codec.bool(true))
        .where('active', '=', codec.bool(true)).orderBy('created_at').execute();
      const slots = services.length ? await db.selectFrom('service_slots').selectAll().where('service_id', 'in', services.map((s) => String(s.id))).where('status', '=', 'open')
        .where('starts_at', '>', codec.ts(now())).orderBy('starts_at').limit(500).execute() : [];
      const views = await slotViews(slots as Row[], { members: false, userId: '' });
      const un = new Map(units.map((u) => [String(u.id), String(u.name)]));
      return {
        items: services.map((s) => ({
          ...serviceView(s as Row), unitName: un.get(String(s.unit_id)) ?? '',
          slots: views.filter((v) => v.serviceId === s.id && !v.taken).map(({ booking: _b, ...v }) => v),
        })),
      };
    },

    // ----- the resident's own --------------------------------------------------------------------------------------

    async ownResident(p: Principal) {
      const me = await deps.residentOfAccount(p.id);
      if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      return me;
    },
    async myBookable(p: Principal) {
      return this.bookable((await this.ownResident(p)).orgPath);
    },
    async bookSelf(p: Principal, actor: AuditActor, b: { slotId: string; note?: string }) {
      const me = await this.ownResident(p);
      return book(p, actor, { slotId: b.slotId, residentId: me.id, residentPath: me.orgPath, note: b.note, self: true });
    },
    async mine(p: Principal, actor: AuditActor) {
      const me = await this.ownResident(p);
      const rows = await db.selectFrom('service_bookings').selectAll().where('resident_id', '=', me.id).orderBy('created_at', 'desc').limit(50).execute();
      await deps.audit.record(actor, { action: 'list', objectType: 'service_booking', subjectId: me.id, outcome: 'success', reason: 'own_record', count: rows.length });
      return { items: await bookingViews(rows as Row[]) };
    },

    /** A worker books for a resident of their area who is in home quarantine (远程预约 on their behalf). */
    async bookFor(p: Principal, actor: AuditActor, b: { slotId: string; residentId: string; note?: string }) {
      const r = await db.selectFrom('residents').select(['id', 'org_path', 'status']).where('id', '=', b.residentId).executeTakeFirst();
      if (!r || r.status !== 'active' || !String(r.org_path).startsWith(p.orgPath)) throw errors.field('residentId', 'not_found', '您的范围内没有这位居民', 'no such resident in your area');
      const q = (await deps.quarantineOf([b.residentId])).get(b.residentId);
      if (q?.kind !== 'home_quarantine') throw errors.field('residentId', 'not_quarantined', '代为预约只用于居家隔离的居民；其他居民请自行预约', 'booking on someone’s behalf is for residents in home quarantine');
      return book(p, actor, { slotId: b.slotId, residentId: b.residentId, residentPath: String(r.org_path), note: b.note, self: false });
    },
    /** Bookable services for a resident of the caller's area (the worker's booking form). */
    async bookableFor(p: Principal) {
      return this.bookable(p.orgPath);
    },
  };
}

export type Partners = ReturnType<typeof createPartners>;

/** A resident's erasure (ADR 0037 → 0091): their bookings and their links to service records go (the records' counts stay). */
export async function erasePartnersOf(trx: Kysely<any>, residentId: string): Promise<Record<string, number>> {
  const a = await trx.deleteFrom('service_bookings').where('resident_id', '=', residentId).executeTakeFirst();
  const b = await trx.deleteFrom('service_record_residents').where('resident_id', '=', residentId).executeTakeFirst();
  return { service_bookings: Number(a.numDeletedRows), service_record_residents: Number(b.numDeletedRows) };
}
