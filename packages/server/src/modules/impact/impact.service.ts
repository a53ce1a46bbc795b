import { type ImpactAnswer, type ImpactSubject, maskName } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { actorAuditQuery, actorDisclosuresQuery, oldestAuditTs, type AuditActor, type AuditEntry, type AuditService } from '../audit';
import type { AuthService } from '../auth';
import { actorExportsQuery, buildCsv, EXPORT_RECORD_COLUMNS, exportRecord, exportSubjectsQuery, type ExportColumn } from '../exports';
import type { OrgsService } from '../orgs';
import { residentSketches } from '../registry';
import {
  ACTION_DEFAULT_FIELDS, ACTION_LABELS, actionCategory, CLASS_LABELS, classifyField, columnLabel, IMPACT_ACTIONS, IMPACT_CLASSES, NON_DISCLOSING_ACTIONS, type FieldView,
  type ImpactAction, type ImpactClass,
} from './impact.classes';

/**
 * Breach impact query (PIPL Art. 57, SECURITY.md §7 test 68, OPS-04; ADR 0031): whom a suspected leak affects.
 * - by export: the residents an export covered (`export_subjects`), with the data classes of its columns;
 * - by actor and time window: every resident whose data the account read, revealed, looked up, changed (audit rows
 *   that name a subject) or exported (the subjects of the exports it downloaded in the window), with classes and
 *   actions; list, search and household answers through the residents their audit row names in its disclosures
 *   (ADR 0046); audit rows that touched personal data without naming anyone (older rows, aggregates) are reported as
 *   counts.
 * Residents appear as record ids with masked names and their community — never an ID or phone number. The query is
 * audited (`impact_query`, parameters and counts only).
 */

export type ImpactQuery = { kind: 'export'; exportId: string } | { kind: 'actor'; actor: string; from: string; to: string };
export type ImpactPage = { page: number; pageSize: number };

type Pair = { zh: string; en: string };

export type { ImpactAnswer, ImpactSubject };
type ImpactExport = NonNullable<ImpactAnswer['export']>;
type Totals = ImpactAnswer['totals'];
type ClassCount = Totals['byClass'][number];
type ActionCount = Totals['byAction'][number];
type CommunityCount = Totals['byCommunity'][number];
type Unattributed = ImpactAnswer['unattributed'][number];

export type ImpactCsv = { body: Buffer; filename: string; rows: number };

type Acc = {
  id: string;
  /** name, grid and org path have been read from the resident's row (audit rows carry only the id). */
  known: boolean;
  name: string | null;
  gridId: string | null;
  orgPath: string | null;
  actions: Map<ImpactAction, number>;
  classes: Map<ImpactClass, boolean>;
  events: number;
  first: string | null;
  last: string | null;
  community: { id: string; name: string } | null;
};

type Collected = {
  kind: 'export' | 'actor';
  objectType: 'export' | 'user' | 'api_token';
  objectId: string;
  /** Actor queries: the audit rows' actor id (a user id, or `token:<id>` for an API token); the export id otherwise. */
  subject: string;
  params: string;
  exp: ImpactExport | null;
  actor: ImpactAnswer['actor'];
  window: ImpactAnswer['window'];
  subjects: Acc[];
  outsideScope: number;
  columns: Map<ImpactClass, Set<string>>;
  unattributed: Unattributed[];
  unclassified: Set<string>;
  coverage: ImpactAnswer['coverage'];
};

/** Object types whose list / page reads disclose residents' data (counted as unattributed when no subject is named). */
const PERSONAL_OBJECT_TYPES = new Set(['resident', 'household', 'self_report', 'correction_request', 'resident_import']);

const PURPOSE = 'security.breach_assessment';

/*
 * The queries over other modules' tables live with their owners and are called through their index: audit
 * (actorAuditQuery: one range of audit_log_actor_idx; oldestAuditTs), exports (exportRecord, actorExportsQuery,
 * exportSubjectsQuery) and registry (residentSketches). bench/impact.ts checks their plans.
 */

export function createImpactService(p: Platform, audit: AuditService, orgs: OrgsService, auth: AuthService) {
  const { db, codec } = p.database;
  const now = () => p.clock.now();

  const newAcc = (id: string, name: string | null, gridId: string | null, orgPath: string | null, known = true): Acc => ({
    id, known, name, gridId, orgPath, actions: new Map(), classes: new Map(), events: 0, first: null, last: null, community: null,
  });

  /**
   * The classes a set of classified fields touches (clear wins over masked), computed once per distinct field list;
   * registers the columns for the class totals and the names nobody mapped. A field name not mapped counts as `other`.
   */
  function classSet(views: FieldView[], columns: Map<ImpactClass, Set<string>>, unclassified: Set<string>): Array<[ImpactClass, boolean]> {
    const out = new Map<ImpactClass, boolean>();
    for (const v of views) {
      if (!v) continue;
      if ('unknown' in v) {
        unclassified.add(v.unknown);
        out.set('other', out.get('other') ?? false);
        continue;
      }
      out.set(v.class, (out.get(v.class) ?? false) || v.clear);
      let set = columns.get(v.class);
      if (!set) columns.set(v.class, (set = new Set()));
      set.add(v.column);
    }
    return [...out];
  }

  function addClasses(a: Acc, set: Array<[ImpactClass, boolean]>) {
    for (const [k, clear] of set) {
      const cur = a.classes.get(k);
      if (cur === undefined || (clear && !cur)) a.classes.set(k, clear);
    }
  }

  const stamp = (a: Acc, ts: string | null) => {
    if (!ts) return;
    if (!a.first || ts < a.first) a.first = ts;
    if (!a.last || ts > a.last) a.last = ts;
  };

  async function deny(actor: AuditActor, objectType: string, objectId: string, params: string, what: [string, string] | AppError): Promise<never> {
    await audit.record(actor, { action: 'impact_query', objectType, objectId, reason: `${params}; not_found`, purpose: PURPOSE, outcome: 'denied' });
    throw what instanceof AppError ? what : errors.notFound(what[0], what[1]);
  }

  type ExportRow = Record<string, any>;

  function exportView(e: ExportRow, username: string | null): ImpactExport {
    const unmasked = e.approval_level === 'none' ? [] : codec.readJson<string[]>(e.approved_unmasked ?? '[]');
    return {
      id: e.id, status: e.status, exposed: e.status === 'downloaded', requester: { id: e.requester_id, username, role: e.requester_role }, purpose: e.purpose,
      columns: codec.readJson<string[]>(e.column_list), unmasked, rowCount: Number(e.row_count), fileRows: e.file_rows == null ? null : Number(e.file_rows),
      fileSha256: e.file_sha256 ?? null, createdAt: codec.readTs(e.created_at)!, downloadedAt: codec.readTs(e.downloaded_at),
    };
  }

  const exportCols = EXPORT_RECORD_COLUMNS;

  /** Adds the residents an export covered (PK range of export_subjects), with the classes of its columns. */
  async function addExportSubjects(e: ExportRow, subjects: Map<string, Acc>, columns: Map<ImpactClass, Set<string>>, unclassified: Set<string>) {
    const cols = codec.readJson<ExportColumn[]>(e.column_list);
    const unmasked = new Set(e.approval_level === 'none' ? [] : codec.readJson<string[]>(e.approved_unmasked ?? '[]'));
    const set = classSet(cols.map((c) => classifyField(c, 'export', unmasked)), columns, unclassified);
    const at = codec.readTs(e.downloaded_at);
    // Residents by id only (PK range); their name, grid and path are looked up with the audit-named ones below.
    const rows = await exportSubjectsQuery(db, e.id).execute();
    for (const r of rows) {
      let a = subjects.get(r.resident_id);
      if (!a) subjects.set(r.resident_id, (a = newAcc(r.resident_id, null, null, null, false)));
      a.actions.set('export', (a.actions.get('export') ?? 0) + 1);
      a.events++;
      stamp(a, at);
      addClasses(a, set);
    }
  }

  /** Everything the answer needs, before paging: subjects with their classes, actions and community, and the totals' inputs. */
  async function collect(pr: Principal, actor: AuditActor, q: ImpactQuery): Promise<Collected> {
    const subjects = new Map<string, Acc>();
    const columns = new Map<ImpactClass, Set<string>>();
    const unclassified = new Set<string>();
    const unattributed: Unattributed[] = [];
    let base: Omit<Collected, 'subjects' | 'outsideScope' | 'columns' | 'unattributed' | 'unclassified'>;
    // Access keys by id only: their names are not unique, so a name is looked up as a username and the answer says how to ask.
    const NOT_FOUND = () => new AppError(404, 'not_found', '用户或接入密钥不存在（接入密钥请按 token:<编号> 填写，密钥名称可能重复）',
      'User or access key not found (give an access key as token:<id>; key names are not unique)');

    if (q.kind === 'export') {
      const params = `exportId=${q.exportId}`;
      const e = await exportRecord(db, q.exportId);
      if (!e || !orgs.inScope(pr.orgPath, e.scope_path)) return deny(actor, 'export', q.exportId, params, ['导出记录', 'Export']);
      const requester = await auth.findById(e.requester_id);
      await addExportSubjects(e, subjects, columns, unclassified);
      base = { kind: 'export', objectType: 'export', objectId: e.id, subject: e.id, params, exp: exportView(e, requester?.username ?? null), actor: null, window: null, coverage: null };
    } else {
      const from = new Date(q.from).toISOString();
      const to = new Date(q.to).toISOString();
      // What was typed is kept only as a keyed hash (it could be anything, even a resident's number typed by mistake).
      const typed = () => `term:${p.crypto.blindIndex('search', q.actor.trim().toLowerCase()).slice(0, 16)}`;
      let who: { actorId: string; objectType: 'user' | 'api_token'; objectId: string; view: NonNullable<ImpactAnswer['actor']> };
      if (/^token:/i.test(q.actor)) {
        // An API token (device or integration) by its id only: token names are not unique (the route checked the form).
        const tok = await auth.findApiToken(q.actor.slice('token:'.length).toLowerCase());
        const tokOrg = tok ? await orgs.get(tok.orgId) : null;
        if (!tok || !tokOrg || !orgs.inScope(pr.orgPath, tokOrg.path)) {
          return deny(actor, 'api_token', tok ? tok.id : typed(), `from=${from}; to=${to}`, NOT_FOUND());
        }
        who = {
          actorId: `token:${tok.id}`, objectType: 'api_token', objectId: tok.id,
          view: {
            kind: 'token', id: `token:${tok.id}`, name: tok.name, role: tok.role, org: { id: tokOrg.id, name: tokOrg.name }, issuedBy: tok.issuedBy,
            issuedAt: tok.createdAt, expiresAt: tok.expiresAt, revokedAt: tok.revokedAt,
          },
        };
      } else {
        const user = (await auth.findById(q.actor)) ?? (await auth.findByUsername(q.actor));
        const userOrg = user ? await orgs.get(user.orgId) : null;
        if (!user || !userOrg || !orgs.inScope(pr.orgPath, userOrg.path)) return deny(actor, 'user', user ? user.id : typed(), `from=${from}; to=${to}`, NOT_FOUND());
        who = { actorId: user.id, objectType: 'user', objectId: user.id, view: { id: user.id, username: user.username, role: user.role, status: user.status } };
      }
      const params = `actor=${who.actorId}; from=${from}; to=${to}`;

      // One range of audit_log_actor_idx (actor_id, ts); each distinct (action, fields) is classified once.
      const rows = await actorAuditQuery(db, who.actorId, from, to).execute();
      // The residents that list, search and household answers showed (ADR 0046): the same range joined to the
      // disclosures, folded per audit row.
      const disclosed = new Map<number, string[]>();
      for (const d of await actorDisclosuresQuery(db, who.actorId, from, to).execute()) {
        const id = Number(d.audit_id);
        const list = disclosed.get(id);
        if (list) list.push(d.resident_id as string);
        else disclosed.set(id, [d.resident_id as string]);
      }
      const unatt = new Map<string, Unattributed>();
      // The classes of a field list are worked out once, when a row naming a subject first carries it.
      const viewsOf = new Map<string, { views: FieldView[]; personal: boolean; set: Array<[ImpactClass, boolean]> | null }>();
      for (const r of rows) {
        const key = `${r.action}|${r.fields}`;
        let v = viewsOf.get(key);
        if (!v) {
          let views = [...codec.readJson<string[]>(r.fields), ...(ACTION_DEFAULT_FIELDS[r.action] ?? [])].map((f) => classifyField(f, 'audit'));
          if (NON_DISCLOSING_ACTIONS.has(r.action)) views = views.map((x) => (x && !('unknown' in x) ? { ...x, clear: false } : x));
          viewsOf.set(key, (v = { views, personal: views.some((x) => x !== null && !('unknown' in x)), set: null }));
        }
        const ts = String(r.ts);
        // Exports are counted from their subjects below; the impact queries themselves list nobody's data.
        if (r.subject_id == null && (r.object_type === 'export' || r.action === 'impact_query')) continue;
        const shown = disclosed.get(Number(r.id));
        if (r.subject_id == null && !shown) {
          if (!PERSONAL_OBJECT_TYPES.has(r.object_type) && !v.personal) continue;
          // An answer that showed nobody (an empty search or page) disclosed nothing: nothing is missing from the list.
          if (r.count != null && codec.readInt(r.count) === 0) continue;
          const k = `${r.action}|${r.object_type ?? ''}`;
          const u = unatt.get(k) ?? { action: r.action, category: actionCategory(r.action), objectType: r.object_type ?? null, events: 0, records: 0 };
          u.events++;
          u.records += codec.readInt(r.count);
          unatt.set(k, u);
          continue;
        }
        // The row's subject and the residents its answer showed, each with the row's fields (a masked field stays masked).
        const ids = r.subject_id == null ? shown! : shown ? [...new Set([r.subject_id as string, ...shown])] : [r.subject_id as string];
        const cat = actionCategory(r.action);
        v.set ??= classSet(v.views, columns, unclassified);
        for (const id of ids) {
          let a = subjects.get(id);
          if (!a) subjects.set(id, (a = newAcc(id, null, null, null, false)));
          a.actions.set(cat, (a.actions.get(cat) ?? 0) + 1);
          a.events++;
          stamp(a, ts);
          addClasses(a, v.set);
        }
      }
      unattributed.push(...[...unatt.values()].sort((x, y) => y.events - x.events || x.action.localeCompare(y.action)));

      // Exports this account downloaded in the window (exports_requester_idx: requester, created before the window's end).
      const exps = await actorExportsQuery(db, who.actorId, from, to).select([...exportCols]).execute();
      for (const e of exps) await addExportSubjects(e, subjects, columns, unclassified);

      // Nothing before the oldest stored audit row can be found (installation date, or rows purged after their retention).
      const oldestAuditAt = await oldestAuditTs(db);
      base = {
        kind: 'actor', objectType: who.objectType, objectId: who.objectId, subject: who.actorId, params, exp: null, actor: who.view, window: { from, to },
        coverage: { oldestAuditAt, complete: oldestAuditAt !== null && oldestAuditAt <= from },
      };
    }

    // Residents named by audit rows or export lists: name, grid and path by primary key, in slices (registry).
    const unknown = [...subjects.values()].filter((a) => !a.known).map((a) => a.id);
    for (const r of await residentSketches(db, unknown)) Object.assign(subjects.get(r.id)!, { known: true, name: r.name, gridId: r.gridId, orgPath: r.orgPath });

    // Community of each grid (grid → its parent), through the cached org service; scope = the caller's area.
    const communities = new Map<string, { id: string; name: string } | null>();
    const gridIds = new Set<string>();
    for (const a of subjects.values()) if (a.gridId) gridIds.add(a.gridId);
    for (const gridId of gridIds) {
      const grid = await orgs.get(gridId);
      const c = grid?.parentId ? await orgs.get(grid.parentId) : null;
      communities.set(gridId, c ? { id: c.id, name: c.name } : null);
    }
    const list: Collected['subjects'] = [];
    let outsideScope = 0;
    for (const a of subjects.values()) {
      if (a.orgPath !== null && !orgs.inScope(pr.orgPath, a.orgPath)) {
        outsideScope++;
        continue;
      }
      a.community = a.gridId ? (communities.get(a.gridId) ?? null) : null;
      list.push(a);
    }
    // By community (collated once per pair of different communities), then by resident id.
    const coll = new Intl.Collator('zh-CN');
    list.sort((x, y) => {
      const cx = x.community?.name ?? '\uffff';
      const cy = y.community?.name ?? '\uffff';
      return (cx === cy ? 0 : coll.compare(cx, cy)) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
    return { ...base, subjects: list, outsideScope, columns, unattributed, unclassified };
  }

  function totals(c: Collected): ImpactAnswer['totals'] {
    // One pass over the subjects for both tallies.
    const cls = new Map<ImpactClass, { subjects: number; clear: number }>();
    const act = new Map<ImpactAction, { subjects: number; events: number }>();
    for (const s of c.subjects) {
      for (const [k, clear] of s.classes) {
        const x = cls.get(k) ?? { subjects: 0, clear: 0 };
        x.subjects++;
        if (clear) x.clear++;
        cls.set(k, x);
      }
      for (const [k, n] of s.actions) {
        const x = act.get(k) ?? { subjects: 0, events: 0 };
        x.subjects++;
        x.events += n;
        act.set(k, x);
      }
    }
    const byClass: ClassCount[] = IMPACT_CLASSES.filter((k) => cls.has(k)).map((k) => {
      // Columns sharing one everyday label (a masked copy and its source) are listed once.
      const seen = new Set<string>();
      const columns = [...(c.columns.get(k) ?? [])].sort().map((column) => ({ column, label: columnLabel(column) }))
        .filter((x) => !seen.has(x.label.zh) && seen.add(x.label.zh));
      return { class: k, label: CLASS_LABELS[k], subjects: cls.get(k)!.subjects, clearSubjects: cls.get(k)!.clear, columns };
    });
    const byAction: ActionCount[] = IMPACT_ACTIONS.filter((k) => act.has(k)).map((k) => ({ action: k, label: ACTION_LABELS[k], ...act.get(k)! }));
    const byCom = new Map<string, CommunityCount>();
    for (const s of c.subjects) {
      const key = s.community?.id ?? '';
      const x = byCom.get(key) ?? { id: s.community?.id ?? null, name: s.community?.name ?? null, subjects: 0 };
      x.subjects++;
      byCom.set(key, x);
    }
    const byCommunity = [...byCom.values()].sort((x, y) => y.subjects - x.subjects || (x.name ?? '').localeCompare(y.name ?? '', 'zh-CN'));
    return { subjects: c.subjects.length, outsideScope: c.outsideScope, byClass, byAction, byCommunity };
  }

  function item(s: Collected['subjects'][number]): ImpactSubject {
    const classes = IMPACT_CLASSES.filter((k) => s.classes.has(k));
    return {
      residentId: s.id, nameMasked: s.name ? maskName(s.name) : '', community: s.community, classes, clearClasses: classes.filter((k) => s.classes.get(k) === true),
      actions: IMPACT_ACTIONS.filter((k) => s.actions.has(k)), events: s.events, firstAt: s.first, lastAt: s.last,
    };
  }

  /** Appends the audit row of the query before the answer leaves; if that fails, no answer (fail closed, 503). */
  async function audited(actor: AuditActor, e: AuditEntry) {
    try {
      await audit.record(actor, e);
    } catch (err) {
      p.logger.error({ err: { message: (err as Error).message }, requestId: actor.requestId }, 'audit write failed; refusing to return the impact answer');
      throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝返回结果', 'Audit log unavailable; answer withheld');
    }
  }

  return {
    /** One page of the affected residents with the totals (audited: parameters and counts, never names). */
    async query(pr: Principal, actor: AuditActor, q: ImpactQuery, pg: ImpactPage): Promise<ImpactAnswer> {
      const c = await collect(pr, actor, q);
      const t = totals(c);
      const start = (pg.page - 1) * pg.pageSize;
      const items = c.subjects.slice(start, start + pg.pageSize).map(item);
      await audited(actor, {
        action: 'impact_query', objectType: c.objectType, objectId: c.objectId, reason: `${c.params}; page=${pg.page}`, purpose: PURPOSE,
        fields: ['residentId', 'nameMasked', 'community'], outcome: 'success', severity: 'high', count: t.subjects,
      });
      return {
        kind: c.kind, export: c.exp, actor: c.actor, window: c.window, totals: t, unattributed: c.unattributed, unclassifiedFields: [...c.unclassified].sort(),
        coverage: c.coverage, items, page: pg.page, pageSize: pg.pageSize, total: t.subjects,
      };
    },

    /**
     * The whole list as CSV for the notification letters: masked names, community, classes and actions in words,
     * formula-neutralised and watermarked by the exports module's file helper (the watermark id is the audit row's object).
     */
    async csv(pr: Principal, actor: AuditActor, q: ImpactQuery, lang: 'zh-CN' | 'en'): Promise<ImpactCsv> {
      const c = await collect(pr, actor, q);
      const zh = lang === 'zh-CN';
      const pick = (x: Pair) => (zh ? x.zh : x.en);
      const sep = zh ? '、' : '; ';
      const fileId = `IMPACT-${uuidv7(now().getTime())}`;
      const headers = zh
        ? ['居民编号', '姓名（部分隐藏）', '社区', '涉及的信息', '其中明文', '涉及的操作', '次数', '最早时间（UTC）', '最近时间（UTC）']
        : ['Resident ID', 'Name (masked)', 'Community', 'Data involved', 'Of which in clear', 'Actions', 'Events', 'First (UTC)', 'Last (UTC)'];
      const rows = c.subjects.map(item).map((s) => [
        s.residentId, s.nameMasked, s.community?.name ?? '', s.classes.map((k) => pick(CLASS_LABELS[k])).join(sep), s.clearClasses.map((k) => pick(CLASS_LABELS[k])).join(sep),
        s.actions.map((k) => pick(ACTION_LABELS[k])).join(sep), String(s.events), s.firstAt ?? '', s.lastAt ?? '',
      ]);
      const what = q.kind === 'export' ? `export ${q.exportId}` : `actor=${c.subject} ${c.window!.from}–${c.window!.to}`;
      const body = buildCsv({
        headers, rows,
        watermark: {
          exportId: fileId, userId: pr.id, username: pr.username, generatedAt: now().toISOString(), rowCount: rows.length,
          purpose: zh ? `个人信息泄露影响评估及通知（个人信息保护法第五十七条）：${what}` : `Breach impact assessment and notification (PIPL Art. 57): ${what}`,
        },
      });
      await audited(actor, {
        action: 'impact_query', objectType: c.objectType, objectId: c.objectId, reason: `${c.params}; format=csv; file=${fileId}`, purpose: PURPOSE,
        fields: ['residentId', 'nameMasked', 'community'], outcome: 'success', severity: 'high', count: rows.length,
      });
      const day = now().toISOString().slice(0, 10).replace(/-/g, '');
      return { body, filename: `impact-${day}-${c.objectId}.csv`, rows: rows.length };
    },
  };
}

export type ImpactService = ReturnType<typeof createImpactService>;
