import { maskCnId, maskFreeAddress, maskName, maskPhone, normalizeCnMobile, validateCnId } from '@renxing/shared';
import type { Kysely } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { OrgsService } from '../orgs';
import { ymdOf } from '../privacy';
import { personSketches, RESTRICTED_ID, residentsByIdIndexes, type Sheet } from '../registry';
import type { Screening } from '../screening';

/** 病例与密接 (ADR 0084). */
const PURPOSE = 'epidemic.cases';
export const CLASSIFICATIONS = ['confirmed', 'asymptomatic', 'suspected'] as const;
export const CASE_STATUSES = ['active', 'recovered', 'excluded'] as const;
export const CONTACT_KINDS = ['close', 'secondary'] as const;
export const SETTINGS = ['household', 'work', 'transport', 'dining', 'medical', 'other'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type ContactKind = (typeof CONTACT_KINDS)[number];
export type Setting = (typeof SETTINGS)[number];

const TEXT = {
  classifications: { confirmed: ['确诊病例', 'Confirmed case'], asymptomatic: ['无症状感染者', 'Asymptomatic infection'], suspected: ['疑似病例', 'Suspected case'] },
  statuses: { active: ['在治/在管', 'Under treatment / management'], recovered: ['已治愈/解除', 'Recovered / released'], excluded: ['已排除', 'Excluded'] },
  kinds: { close: ['密切接触者', 'Close contact'], secondary: ['密接的密接', 'Contact of a close contact'] },
  settings: {
    household: ['同住', 'Same household'], work: ['同事', 'Workplace'], transport: ['同乘交通工具', 'Same transport'], dining: ['聚餐', 'Shared meal'],
    medical: ['就医', 'Medical visit'], other: ['其他', 'Other'],
  },
} as const;

export type CasesDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels'>;
  screening: Pick<Screening, 'create' | 'rowStates'>;
};

export type CaseBody = {
  classification: Classification; reportedOn: string; onsetOn?: string; residentId?: string; name?: string; idNumber?: string; phone?: string;
  exposureNote?: string; sourceCaseId?: string;
};
export type ContactBody = {
  kind: ContactKind; name: string; idNumber?: string; phone?: string; address?: string; exposureOn: string; setting: Setting; note?: string; viaContactId?: string;
};

export function createCases(deps: CasesDeps) {
  const { database, clock, crypto } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const stale = (v: unknown) => errors.stale(codec.readInt(v));
  const today = () => ymdOf(now());

  const caseRow = async (p: Principal, id: string) => {
    const r = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('病例', 'Case');
    return r as Record<string, unknown>;
  };

  /** The numbers of a person given by hand: a valid ID number and / or a mainland mobile, else 400 naming the field. */
  function numbers(b: { idNumber?: string; phone?: string }, table: 'cases' | 'case_contacts') {
    let id: string | null = null;
    let phone: string | null = null;
    if (b.idNumber) {
      const v = validateCnId(b.idNumber, now());
      if (!v.ok) throw errors.field('idNumber', 'invalid', '身份证号不正确（位数、出生日期或校验位）', 'not a valid ID number (length, birth date or check digit)');
      id = v.id;
    }
    if (b.phone) {
      phone = normalizeCnMobile(b.phone);
      if (!phone) throw errors.field('phone', 'invalid', '手机号不正确', 'not a valid mobile number');
    }
    return {
      id_enc: id ? crypto.encrypt(`${table}.id_number`, id) : null, id_bidx: id ? crypto.blindIndex('cnid', id) : null, id_masked: id ? maskCnId(id) : null,
      phone_enc: phone ? crypto.encrypt(`${table}.phone`, phone) : null, phone_bidx: phone ? crypto.blindIndex('phone', phone) : null, phone_masked: phone ? maskPhone(phone) : null,
    };
  }

  /** The views of case rows as `scope` (the reader's org path) sees them: a source case outside it is named, not linked. */
  async function views(rows: Array<Record<string, unknown>>, scope: string) {
    const ids = rows.map((r) => String(r.id));
    const residentIds = [...new Set(rows.map((r) => r.resident_id as string | null).filter((x): x is string => !!x))];
    const sourceIds = [...new Set(rows.map((r) => r.source_case_id as string | null).filter((x): x is string => !!x))];
    const [sk, sources, contacts] = await Promise.all([
      personSketches(db, codec, residentIds),
      sourceIds.length ? db.selectFrom('cases').select(['id', 'code', 'org_path']).where('id', 'in', sourceIds).execute() : Promise.resolve([]),
      ids.length ? db.selectFrom('case_contacts').select(['case_id', 'kind', 'list_id', 'list_row', 'became_case_id']).where('case_id', 'in', ids).execute() : Promise.resolve([]),
    ]);
    const lists = [...new Set(contacts.map((c) => c.list_id as string | null).filter((x): x is string => !!x))];
    const states = new Map(await Promise.all(lists.map(async (l) => [l, await deps.screening.rowStates(l)] as const)));
    const paths = [...new Set([...sk.values()].map((s) => s.orgPath))];
    const communities = new Map(await Promise.all(paths.map(async (p) => [p, (await deps.orgs.communityOf(p))?.name ?? ''] as const)));
    const codeOf = new Map(sources.map((s) => [String(s.id), String(s.code)]));
    const sourceSeen = new Set(sources.filter((s) => String(s.org_path).startsWith(scope)).map((s) => String(s.id)));
    const contactsOf = new Map<string, typeof contacts>();
    for (const c of contacts) contactsOf.set(String(c.case_id), [...(contactsOf.get(String(c.case_id)) ?? []), c]);
    return rows.map((r) => {
      const s = r.resident_id ? sk.get(String(r.resident_id)) : undefined;
      const mine = contactsOf.get(String(r.id)) ?? [];
      const checked = mine.filter((c) => c.list_id && states.get(String(c.list_id))?.get(codec.readInt(c.list_row))?.status === 'done').length;
      return {
        id: String(r.id), code: String(r.code), classification: String(r.classification) as Classification, status: String(r.status) as CaseStatus,
        onsetOn: (r.onset_on as string | null) ?? null, reportedOn: String(r.reported_on),
        nameMasked: s ? maskName(s.name) : r.name ? maskName(String(r.name)) : '', idMasked: s ? (s.restricted ? RESTRICTED_ID : s.idMasked) : (r.id_masked as string | null) ?? null,
        residentId: (r.resident_id as string | null) ?? null, communityName: s ? communities.get(s.orgPath) ?? '' : null,
        sourceCaseId: (r.source_case_id as string | null) ?? null, sourceCode: r.source_case_id ? codeOf.get(String(r.source_case_id)) ?? null : null,
        sourceVisible: !!r.source_case_id && sourceSeen.has(String(r.source_case_id)),
        exposureNote: (r.exposure_note as string | null) ?? null,
        contacts: {
          close: mine.filter((c) => c.kind === 'close').length, secondary: mine.filter((c) => c.kind === 'secondary').length,
          sent: mine.filter((c) => !!c.list_id).length, checked, becameCases: mine.filter((c) => !!c.became_case_id).length,
        },
        createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
      };
    });
  }
  type CaseView = Awaited<ReturnType<typeof views>>[number];

  const auditCases = async (actor: AuditActor, items: CaseView[], objectId?: string) => {
    if (!items.length) return;
    await deps.audit.record(actor, {
      action: objectId ? 'read' : 'list', objectType: 'case', ...(objectId ? { objectId } : {}), outcome: 'success', purpose: PURPOSE, count: items.length,
      fields: ['nameMasked', 'idMasked', 'classification'], ...(items.some((i) => i.residentId) ? { subjectIds: items.map((i) => i.residentId).filter((x): x is string => !!x) } : {}),
    });
  };

  /** The next code of the day, read in the transaction that writes it (unique: a concurrent second one fails and is retried by the caller). */
  async function nextCode(trx: Kysely<any>, day: string) {
    const prefix = `BL-${day.replace(/-/g, '')}-`;
    const n = codec.readInt((await trx.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('code', 'like', `${prefix}%`).executeTakeFirst())?.n);
    return `${prefix}${String(n + 1).padStart(3, '0')}`;
  }

  /** A source case in scope that does not descend from `self` (no cycles), else 400 naming sourceCaseId. */
  async function checkSource(p: Principal, sourceId: string, self: string | null) {
    let cur: string | null = sourceId;
    const seen = new Set<string>();
    const first = await db.selectFrom('cases').select(['id', 'org_path']).where('id', '=', sourceId).executeTakeFirst();
    if (!first || !String(first.org_path).startsWith(p.orgPath)) throw errors.field('sourceCaseId', 'not_found', '没有这个传染来源病例', 'no such source case');
    while (cur) {
      if (cur === self || seen.has(cur)) throw errors.field('sourceCaseId', 'cycle', '传染来源不能是本病例或由本病例传出的病例', 'the source cannot be this case or one infected through it');
      seen.add(cur);
      const r: { source_case_id: unknown } | undefined = await db.selectFrom('cases').select('source_case_id').where('id', '=', cur).executeTakeFirst();
      cur = (r?.source_case_id as string | null) ?? null;
    }
  }

  const checkDates = (reportedOn: string, onsetOn?: string) => {
    if (reportedOn > today()) throw errors.field('reportedOn', 'future', '报告日期不能晚于今天', 'the report date cannot be after today');
    if (onsetOn && onsetOn > reportedOn) throw errors.field('onsetOn', 'after_report', '发病日期不能晚于报告日期', 'the onset cannot be after the report');
  };

  async function insertCase(p: Principal, actor: AuditActor, row: Record<string, unknown>, after?: (trx: Kysely<any>, id: string) => Promise<void>) {
    const at = now();
    const id = uuidv7(at.getTime());
    for (let attempt = 0; ; attempt++) {
      try {
        await writes.run(async (trx) => {
          const code = await nextCode(trx, ymdOf(at));
          await trx.insertInto('cases').values({ id, code, ...row, created_by: p.id, created_at: codec.ts(at), version: 1 }).execute();
          if (after) await after(trx, id);
          await deps.audit.append(trx, actor, {
            action: 'create', objectType: 'case', objectId: id, ...(row.resident_id ? { subjectId: String(row.resident_id) } : {}), outcome: 'success', purpose: PURPOSE,
            reason: String(row.classification), fields: ['classification', 'person', 'dates'],
          });
        });
        return id;
      } catch (e) {
        if (attempt < 2 && /unique|UNIQUE/.test(String((e as Error).message))) continue;
        throw e;
      }
    }
  }

  async function contactViews(rows: Array<Record<string, unknown>>) {
    const became = [...new Set(rows.map((r) => r.became_case_id as string | null).filter((x): x is string => !!x))];
    const codes = became.length ? await db.selectFrom('cases').select(['id', 'code']).where('id', 'in', became).execute() : [];
    const codeOf = new Map(codes.map((c) => [String(c.id), String(c.code)]));
    const lists = [...new Set(rows.map((r) => r.list_id as string | null).filter((x): x is string => !!x))];
    const states = new Map(await Promise.all(lists.map(async (l) => [l, await deps.screening.rowStates(l)] as const)));
    return rows.map((r) => {
      const st = r.list_id ? states.get(String(r.list_id))?.get(codec.readInt(r.list_row)) : undefined;
      return {
        id: String(r.id), caseId: String(r.case_id), kind: String(r.kind) as ContactKind, nameMasked: maskName(String(r.name)), idMasked: (r.id_masked as string | null) ?? null,
        phoneMasked: (r.phone_masked as string | null) ?? null, addressMasked: r.address ? maskFreeAddress(String(r.address)) : null,
        exposureOn: String(r.exposure_on), setting: String(r.setting) as Setting, note: (r.note as string | null) ?? null, viaContactId: (r.via_contact_id as string | null) ?? null,
        becameCaseId: (r.became_case_id as string | null) ?? null, becameCaseCode: r.became_case_id ? codeOf.get(String(r.became_case_id)) ?? null : null,
        listId: (r.list_id as string | null) ?? null, check: st ? { status: st.status, outcome: st.outcome, state: st.state, confidence: st.confidence } : null,
        version: codec.readInt(r.version),
      };
    });
  }

  const one = async (id: string, scope: string) => (await views([await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>], scope))[0]!;

  return {
    meta() {
      const t = <K extends string>(m: Record<K, readonly [string, string]>) => (Object.keys(m) as K[]).map((code) => ({ code, zh: m[code][0], en: m[code][1] }));
      return { classifications: t(TEXT.classifications), statuses: t(TEXT.statuses), kinds: t(TEXT.kinds), settings: t(TEXT.settings) };
    },

    async list(p: Principal, actor: AuditActor, q: { status?: CaseStatus; classification?: Classification; q?: string }) {
      let sel = db.selectFrom('cases').selectAll().where('org_path', 'like', `${p.orgPath}%`);
      if (q.status) sel = sel.where('status', '=', q.status);
      if (q.classification) sel = sel.where('classification', '=', q.classification);
      if (q.q) sel = sel.where('code', 'like', `%${q.q.replace(/[%_\\]/g, '')}%`);
      const rows = await sel.orderBy('reported_on', 'desc').orderBy('code', 'desc').limit(500).execute();
      const items = await views(rows as Array<Record<string, unknown>>, p.orgPath);
      await auditCases(actor, items);
      return { items };
    },

    async create(p: Principal, actor: AuditActor, b: CaseBody) {
      checkDates(b.reportedOn, b.onsetOn);
      let person: Record<string, unknown> | null = null;
      let orgPath = p.orgPath;
      if (b.residentId && (b.name || b.idNumber || b.phone)) throw errors.field('residentId', 'one_of', '选择了居民就不用再填姓名和号码', 'a resident chosen needs no name or numbers');
      let residentId = b.residentId;
      if (!residentId) {
        if (!b.name) throw errors.field('name', 'required', '请选择居民，或填写姓名', 'choose a resident or give a name');
        if (!b.idNumber && !b.phone) throw errors.field('idNumber', 'required', '请填写身份证号或手机号', 'give an ID number or a mobile number');
        const n = numbers(b, 'cases');
        if (n.id_bidx) {
          const dup = await db.selectFrom('cases').select('code').where('id_bidx', '=', n.id_bidx).where('status', '!=', 'excluded').executeTakeFirst();
          if (dup) throw errors.conflict('already_case', `此人已登记为病例 ${String(dup.code)}`, `This person is case ${String(dup.code)} already`);
          // A resident of the area given by number is linked, not copied.
          residentId = (await residentsByIdIndexes(db, codec, [n.id_bidx], p.orgPath)).get(n.id_bidx)?.id;
        }
        if (!residentId) person = { resident_id: null, name: b.name, ...n };
      }
      if (residentId) {
        const s = (await personSketches(db, codec, [residentId])).get(residentId);
        if (!s || !s.orgPath.startsWith(p.orgPath)) throw errors.field('residentId', 'not_found', '本辖区没有这位居民', 'no such resident in your area');
        person = { resident_id: s.id, name: null, id_enc: null, id_bidx: null, id_masked: null, phone_enc: null, phone_bidx: null, phone_masked: null };
        orgPath = s.orgPath;
        const dup = await db.selectFrom('cases').select('code').where('resident_id', '=', s.id).where('status', '!=', 'excluded').executeTakeFirst();
        if (dup) throw errors.conflict('already_case', `这位居民已登记为病例 ${String(dup.code)}`, `This resident is case ${String(dup.code)} already`);
      }
      if (b.sourceCaseId) await checkSource(p, b.sourceCaseId, null);
      const id = await insertCase(p, actor, {
        org_path: orgPath, ...person!, classification: b.classification, status: 'active', onset_on: b.onsetOn ?? null, reported_on: b.reportedOn,
        exposure_note: b.exposureNote || null, source_case_id: b.sourceCaseId ?? null,
      });
      return one(id, p.orgPath);
    },

    async detail(p: Principal, actor: AuditActor, id: string) {
      const r = await caseRow(p, id);
      const [view] = await views([r], p.orgPath);
      const rows = await db.selectFrom('case_contacts').selectAll().where('case_id', '=', id).orderBy('kind').orderBy('created_at').execute();
      const contacts = await contactViews(rows as Array<Record<string, unknown>>);
      await auditCases(actor, [view!], id);
      if (contacts.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'case_contact', objectId: id, outcome: 'success', purpose: PURPOSE, count: contacts.length, fields: ['nameMasked', 'idMasked', 'phoneMasked', 'addressMasked'],
        });
      }
      return { case: view!, contacts };
    },

    async update(p: Principal, actor: AuditActor, id: string, b: { status?: CaseStatus; classification?: Classification; sourceCaseId?: string | null; exposureNote?: string; version: number }) {
      const r = await caseRow(p, id);
      if (b.sourceCaseId) await checkSource(p, b.sourceCaseId, id);
      const set: Record<string, unknown> = {
        ...(b.status ? { status: b.status } : {}), ...(b.classification ? { classification: b.classification } : {}),
        ...(b.sourceCaseId !== undefined ? { source_case_id: b.sourceCaseId } : {}), ...(b.exposureNote !== undefined ? { exposure_note: b.exposureNote || null } : {}),
      };
      if (!Object.keys(set).length) throw errors.badRequest('nothing_to_change', '没有要修改的内容', 'Nothing to change');
      await writes.run(async (trx) => {
        const res = await trx.updateTable('cases').set({ ...set, version: b.version + 1 }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'case', objectId: id, ...(r.resident_id ? { subjectId: String(r.resident_id) } : {}), outcome: 'success', purpose: PURPOSE, fields: Object.keys(set),
        });
      });
      return one(id, p.orgPath);
    },

    async addContact(p: Principal, actor: AuditActor, caseId: string, b: ContactBody) {
      const c = await caseRow(p, caseId);
      if (!b.idNumber && !b.phone && !b.address) throw errors.field('idNumber', 'required', '身份证号、手机号、地址至少填写一项', 'give at least one of ID number, mobile number, address');
      if (b.exposureOn > today()) throw errors.field('exposureOn', 'future', '接触日期不能晚于今天', 'the exposure date cannot be after today');
      if (b.kind === 'close' && b.viaContactId) throw errors.field('viaContactId', 'not_applicable', '密接不需要填写“经由”', 'a close contact comes through no one');
      if (b.kind === 'secondary') {
        if (!b.viaContactId) throw errors.field('viaContactId', 'required', '次密接请选择经由的密接', 'choose the close contact a secondary contact came through');
        const via = await db.selectFrom('case_contacts').select(['kind']).where('id', '=', b.viaContactId).where('case_id', '=', caseId).executeTakeFirst();
        if (!via || via.kind !== 'close') throw errors.field('viaContactId', 'not_found', '本病例没有这位密接', 'no such close contact of this case');
      }
      const n = numbers(b, 'case_contacts');
      const at = now();
      const id = uuidv7(at.getTime());
      await writes.run(async (trx) => {
        await trx.insertInto('case_contacts').values({
          id, case_id: caseId, org_path: String(c.org_path), kind: b.kind, name: b.name, ...n, address: b.address || null, exposure_on: b.exposureOn, setting: b.setting,
          note: b.note || null, via_contact_id: b.viaContactId ?? null, became_case_id: null, list_id: null, list_row: null, created_by: p.id, created_at: codec.ts(at),
          day: ymdOf(at), version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'create', objectType: 'case_contact', objectId: id, outcome: 'success', purpose: PURPOSE, reason: b.kind, fields: ['name', 'numbers', 'exposure'] });
      });
      const [view] = await contactViews([await db.selectFrom('case_contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Record<string, unknown>]);
      return view!;
    },

    async toCase(p: Principal, actor: AuditActor, caseId: string, contactId: string, b: { classification: Classification; reportedOn: string; onsetOn?: string }) {
      await caseRow(p, caseId);
      const k = await db.selectFrom('case_contacts').selectAll().where('id', '=', contactId).where('case_id', '=', caseId).executeTakeFirst();
      if (!k) throw errors.notFound('密接', 'Contact');
      if (k.became_case_id) throw errors.conflict('already_case', '这位密接已转为病例', 'This contact is a case already');
      checkDates(b.reportedOn, b.onsetOn);
      const idNumber = k.id_enc ? crypto.decrypt('case_contacts.id_number', String(k.id_enc)) : undefined;
      const phone = k.phone_enc ? crypto.decrypt('case_contacts.phone', String(k.phone_enc)) : undefined;
      const resident = k.id_bidx ? (await residentsByIdIndexes(db, codec, [String(k.id_bidx)], p.orgPath)).get(String(k.id_bidx)) : undefined;
      if (!resident && !idNumber && !phone) throw errors.conflict('no_numbers', '这位密接没有身份证号或手机号，请先登记为病例再关联', 'This contact has no ID or mobile number; register the case by hand');
      const person = resident
        ? { resident_id: resident.id, name: null, id_enc: null, id_bidx: null, id_masked: null, phone_enc: null, phone_bidx: null, phone_masked: null }
        : { resident_id: null, name: String(k.name), ...numbers({ idNumber, phone }, 'cases') };
      const newId = await insertCase(p, actor, {
        org_path: resident?.orgPath ?? p.orgPath, ...person, classification: b.classification, status: 'active', onset_on: b.onsetOn ?? null, reported_on: b.reportedOn,
        exposure_note: null, source_case_id: caseId,
      }, async (trx, id) => {
        const res = await trx.updateTable('case_contacts').set({ became_case_id: id, version: codec.readInt(k.version) + 1 }).where('id', '=', contactId).where('became_case_id', 'is', null).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.conflict('already_case', '这位密接已转为病例', 'This contact is a case already');
      });
      return one(newId, p.orgPath);
    },

    async followUp(p: Principal, actor: AuditActor, caseId: string, b: { kind: ContactKind; dueAt: Date }) {
      const c = await caseRow(p, caseId);
      const rows = await db.selectFrom('case_contacts').selectAll().where('case_id', '=', caseId).where('kind', '=', b.kind).where('list_id', 'is', null).orderBy('created_at').execute();
      if (!rows.length) throw errors.conflict('nothing_to_send', '这类接触者都已下发过随访名单', 'Every contact of this kind has been sent already');
      const code = String(c.code);
      const sheet: Sheet = {
        headers: ['姓名', '身份证号', '手机号', '地址', '接触日期', '来源地', '备注'],
        rows: rows.map((r, i) => ({
          row: i + 1,
          cells: [
            String(r.name), r.id_enc ? crypto.decrypt('case_contacts.id_number', String(r.id_enc)) : '', r.phone_enc ? crypto.decrypt('case_contacts.phone', String(r.phone_enc)) : '',
            (r.address as string | null) ?? '', String(r.exposure_on), `${code} ${TEXT.settings[String(r.setting) as Setting][0]}`, '',
          ],
        })),
      };
      const kindZh = b.kind === 'close' ? '密接' : '次密接';
      const made = await deps.screening.create(p, actor, {
        kind: b.kind === 'close' ? 'close_contact' : 'secondary_contact', title: `${code} ${kindZh}随访名单`, source: '区流调组', dueAt: b.dueAt,
      }, `${code}-${b.kind}.csv`, sheet);
      const refused = new Set(made.errors.map((e) => e.row));
      const sent = rows.map((r, i) => ({ id: String(r.id), row: i + 1 })).filter((x) => !refused.has(x.row));
      await writes.run(async (trx) => {
        for (const s of sent) await trx.updateTable('case_contacts').set({ list_id: made.list.id, list_row: s.row }).where('id', '=', s.id).execute();
        await deps.audit.append(trx, actor, {
          action: 'update', objectType: 'case', objectId: caseId, outcome: 'success', purpose: PURPOSE, reason: `follow_up:${b.kind}`, count: sent.length, fields: ['listId'],
        });
      });
      return { listId: made.list.id, sent: sent.length };
    },

    async graph(p: Principal, actor: AuditActor) {
      const rows = await db.selectFrom('cases').selectAll().where('org_path', 'like', `${p.orgPath}%`).orderBy('reported_on').limit(500).execute();
      const items = await views(rows as Array<Record<string, unknown>>, p.orgPath);
      const seen = new Set(items.map((i) => i.id));
      await auditCases(actor, items);
      return {
        nodes: items.map((i) => ({
          id: i.id, code: i.code, classification: i.classification, status: i.status, onsetOn: i.onsetOn, nameMasked: i.nameMasked, contacts: i.contacts.close + i.contacts.secondary,
        })),
        edges: items.filter((i) => i.sourceCaseId && seen.has(i.sourceCaseId)).map((i) => ({ from: i.sourceCaseId!, to: i.id })),
      };
    },
  };
}

export type Cases = ReturnType<typeof createCases>;

/** The cases part of erasing a resident (ADR 0037): their case loses the link (its code, dates and chain stay). */
export async function eraseCasesOf(trx: Kysely<any>, residentId: string): Promise<Record<string, number>> {
  const r = await trx.updateTable('cases').set({ resident_id: null }).where('resident_id', '=', residentId).executeTakeFirst();
  return { cases: Number(r.numUpdatedRows) };
}

