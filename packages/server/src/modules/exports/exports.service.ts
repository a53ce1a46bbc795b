import { countText, maskName, maskRoom } from '@renxing/shared';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { sha256, uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import { type AuthService, ROLES, roleHas } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import type { SecurityAlertsService } from '../security-alerts';
import type { CareTag, ResidenceType } from '../registry';
import { buildCsv, buildXlsx, type ExportTable } from './exports.file';
import {
  type ApprovalReason, assessExport, COLUMN_SPECS, type DataClass, DEFAULT_EXPORT_POLICY, EXPORT_PURPOSE_LABELS, type ExportColumn, type ExportFormat, type ExportPolicy,
  type ExportPurpose, type UnmaskableColumn,
} from './exports.policy';

export type ExportFilters = { gridId?: string; tag?: CareTag; residenceType?: ResidenceType };

export type ExportRequest = {
  kind: 'residents';
  filters: ExportFilters;
  columns: ExportColumn[];
  unmasked: UnmaskableColumn[];
  purpose: ExportPurpose;
  reason: string;
  format: ExportFormat;
};

/** Stored status plus `expired` (a pending request nobody decided, or a ready file nobody fetched, in time). */
export type ExportStatus = 'pending_approval' | 'pending_district_approval' | 'ready' | 'rejected' | 'downloaded' | 'expired';

/** What the API returns about an export (never personal data of residents). */
export type ExportView = {
  id: string;
  kind: 'residents';
  status: ExportStatus;
  requester: { id: string; username: string; displayName: string; role: string };
  filters: ExportFilters;
  /** The name of the grid of `filters.gridId` (null without one), so that a list needs no place tree to show it. */
  gridName: string | null;
  columns: ExportColumn[];
  unmasked: UnmaskableColumn[];
  purpose: ExportPurpose;
  reason: string;
  format: ExportFormat;
  rowCount: number;
  dataClass: DataClass;
  approvalLevel: 'none' | 'community' | 'district';
  approvalReasons: ApprovalReason[];
  decision: { decision: 'approve' | 'reject'; by: { id: string; username: string; displayName: string; role: string }; note: string | null; at: string; unmasked: UnmaskableColumn[] } | null;
  createdAt: string;
  expiresAt: string;
  downloadedAt: string | null;
  file: { rows: number; bytes: number; sha256: string } | null;
  /** The caller may approve or reject it now. */
  canDecide: boolean;
  /** The caller may download it now. */
  canDownload: boolean;
};

export type ExportFile = { body: Buffer; contentType: string; filename: string; sha256: string; rows: number };

/**
 * What a request with these filters and columns would meet, before it is filed (ADR 0049): how many residents, the
 * approval it needs, and the requester's daily cap. `verdict`: `ok`; `empty` (nobody matches); `too_large` (the request
 * alone exceeds the cap: refused up front, 422 export_too_large, no security alert); `over_daily_cap` (together with
 * the last 24 hours' requests it exceeds the cap: refused with 429 daily_export_cap and a security alert).
 */
export type ExportPreview = {
  rows: number;
  dataClass: DataClass;
  approvalLevel: 'none' | 'community' | 'district';
  approvalReasons: ApprovalReason[];
  cap: { perDay: number; usedLast24h: number; remaining: number };
  verdict: 'ok' | 'empty' | 'too_large' | 'over_daily_cap';
};

const PENDING = ['pending_approval', 'pending_district_approval'] as const;
/** Lapsed requests handled per transaction by `settleLapsed`. */
const LAPSED_BATCH = 100;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const SEX_LABEL: Record<string, string> = { M: '男', F: '女' };
const RELATION_LABEL: Record<string, string> = {
  head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', grandparent: '祖父母', sibling: '兄弟姐妹', other: '其他',
};
const RESIDENCE_LABEL: Record<string, string> = { registered: '户籍', floating: '流动', tenant: '租户', away: '外出' };
const TAG_LABEL: Record<string, string> = {
  elderly60: '60岁以上', elderly80: '80岁以上', living_alone: '独居', disabled: '残疾', chronic: '慢病', pregnant: '孕妇', infant: '婴幼儿', minor: '未成年人',
};

type Row = Record<string, any>;

/**
 * What the exports module needs of other modules, each through its index (wired in app.ts): the security-alerts
 * module's `raise`, which writes the daily-cap alert through the refusal's own transaction; the accounts (whom to tell
 * about a request waiting for approval); the notifications, written inside the request's and the decision's transaction.
 */
export type ExportsDeps = {
  alerts: Pick<SecurityAlertsService, 'raise'>;
  accounts: Pick<AuthService, 'activeUserIds'>;
  notifications: Pick<NotificationsService, 'notify' | 'settle'>;
};

/**
 * The notification kinds of this module: a request waiting for approval (to the approvers), a decision (to the
 * requester), and a request nobody decided in time (to the requester; `settleLapsed`).
 */
export const EXPORT_NOTIFICATION_KINDS = { request: 'export_request', decided: 'export_decided', lapsed: 'export_lapsed' } as const;

/**
 * The roles that may decide an export of this approval level, the requester's own excepted (dual control: another
 * role decides): those granted `export:approve` (the approve route's permission) and, at the district level,
 * `export:approve-district` too — the rule `decideCheck` applies to a person.
 */
export function exportApproverRoles(level: 'community' | 'district', requesterRole: string) {
  return ROLES.filter((r) => r !== requesterRole && roleHas(r, 'export:approve') && (level !== 'district' || roleHas(r, 'export:approve-district')));
}

/**
 * Resident exports under dual control (SECURITY.md §5 T1, §7 C14–C17). A request snapshots the residents in the
 * requester's scope; small masked exports are ready at once, others wait for a different person with a different
 * role (district level at the criminal thresholds). The requester downloads the file once, inside a window; it is
 * generated at download time from the snapshot, masked unless the approval lists plaintext columns, neutralised and
 * watermarked, and its SHA-256 is written to the export log together with the audit row before the bytes leave.
 * A request that waits for approval is notified to those who may decide it, the decision to the requester.
 */
export function createExportsService(p: Platform, audit: AuditService, orgs: OrgsService, deps: ExportsDeps, policy: ExportPolicy = DEFAULT_EXPORT_POLICY) {
  const { database, clock, crypto } = p;
  const { db, writes, codec } = database;
  const { alerts, accounts, notifications } = deps;
  const now = () => clock.now();

  const fields = (columns: readonly string[], unmasked: readonly string[]) => columns.map((c) => (unmasked.includes(c) ? `${c}:unmasked` : c));

  /** Residents in the requester's scope matching the filters (filters narrow, never widen). */
  function scoped(scopePath: string, f: ExportFilters) {
    let q = db.selectFrom('residents as r').where('r.org_path', 'like', `${scopePath}%`).where('r.status', '=', 'active');
    if (f.gridId) q = q.where('r.grid_id', '=', f.gridId);
    if (f.residenceType) q = q.where('r.residence_type', '=', f.residenceType);
    if (f.tag) q = q.where('r.id', 'in', db.selectFrom('resident_tags').select('resident_id').where('tag', '=', f.tag).where('org_path', 'like', `${scopePath}%`));
    return q;
  }

  /** Rows this user asked for in the last 24 hours (rejected requests excluded). */
  async function usedRows(trx: Pick<typeof db, 'selectFrom'>, userId: string): Promise<number> {
    const since = codec.ts(new Date(now().getTime() - DAY));
    const r = await trx.selectFrom('exports').select((eb) => eb.fn.sum<number>('row_count').as('n'))
      .where('requester_id', '=', userId).where('created_at', '>=', since).where('status', '!=', 'rejected').executeTakeFirst();
    return codec.readInt(r?.n);
  }

  function effectiveStatus(r: Row): ExportStatus {
    const s = r.status as ExportStatus;
    if ((s === 'ready' || (PENDING as readonly string[]).includes(s)) && Date.parse(codec.readTs(r.expires_at)!) <= now().getTime()) return 'expired';
    return s;
  }

  /** The caller may approve/reject: pending, in their scope, someone else's, another role, the right level. */
  function decideCheck(pr: Principal, r: Row): { ok: true } | { ok: false; error: AppError; severity: 'normal' | 'high' } {
    if (!orgs.inScope(pr.orgPath, r.scope_path)) return { ok: false, severity: 'normal', error: errors.notFound('导出记录', 'Export') };
    const st = effectiveStatus(r);
    if (st === 'expired') return { ok: false, severity: 'normal', error: new AppError(409, 'export_expired', '该导出申请已过期', 'This export request has expired') };
    if (!(PENDING as readonly string[]).includes(st)) {
      return { ok: false, severity: 'normal', error: new AppError(409, 'export_not_pending', '该导出申请已处理', 'This export request has already been decided') };
    }
    if (r.requester_id === pr.id) {
      return { ok: false, severity: 'high', error: new AppError(403, 'self_approval', '不能审批本人提交的导出申请', 'You cannot approve your own export request') };
    }
    if (r.requester_role === pr.role) {
      return { ok: false, severity: 'high', error: new AppError(403, 'same_role_approval', '须由不同角色的人员审批（双人双岗）', 'An export must be approved by someone with a different role (dual control)') };
    }
    if (st === 'pending_district_approval' && !pr.permissions.has('export:approve-district')) {
      return {
        ok: false, severity: 'normal',
        error: new AppError(403, 'requires_district_approval', '该导出达到法定敏感数量，须由区级审批', 'This export reaches a criminal-law threshold and needs district-level approval'),
      };
    }
    if (!pr.permissions.has('export:approve') && !pr.permissions.has('export:approve-district')) return { ok: false, severity: 'normal', error: errors.forbidden() };
    return { ok: true };
  }

  /** The name of the export's area (the requester's org when it was filed): the last of its ancestors. */
  const areaName = (above: ReadonlyArray<{ path: string; name: string }>, at: { orgPath: string; orgName: string }) =>
    above.find((o) => o.path === at.orgPath)?.name ?? at.orgName;

  const visible = (pr: Principal, r: Row) =>
    r.requester_id === pr.id || ((pr.permissions.has('export:approve') || pr.permissions.has('export:approve-district')) && orgs.inScope(pr.orgPath, r.scope_path));

  const person = (id: string | null, username: string | null, displayName: string | null, role: string | null) => ({
    id: id ?? '', username: username ?? '', displayName: displayName ?? '', role: role ?? '',
  });

  function view(pr: Principal, r: Row): ExportView {
    const st = effectiveStatus(r);
    const decided = r.decided_at != null;
    return {
      id: r.id, kind: r.kind, status: st,
      requester: person(r.requester_id, r.req_username, r.req_display_name, r.requester_role),
      filters: codec.readJson(r.filters), gridName: null, columns: codec.readJson(r.column_list), unmasked: codec.readJson(r.unmasked), purpose: r.purpose, reason: r.reason,
      format: r.file_format, rowCount: Number(r.row_count), dataClass: r.data_class, approvalLevel: r.approval_level, approvalReasons: codec.readJson(r.approval_reasons),
      decision: decided
        ? {
            decision: r.status === 'rejected' ? 'reject' : 'approve', by: person(r.approver_id, r.apr_username, r.apr_display_name, r.approver_role),
            note: r.decision_note ?? null, at: codec.readTs(r.decided_at)!, unmasked: r.approved_unmasked ? codec.readJson(r.approved_unmasked) : [],
          }
        : null,
      createdAt: codec.readTs(r.created_at)!, expiresAt: codec.readTs(r.expires_at)!, downloadedAt: codec.readTs(r.downloaded_at),
      file: r.file_sha256 ? { rows: Number(r.file_rows), bytes: Number(r.file_bytes), sha256: r.file_sha256 } : null,
      canDecide: decideCheck(pr, r).ok, canDownload: st === 'ready' && r.requester_id === pr.id,
    };
  }

  /** Names the grid filter of each export: one lookup of the ids needed, through the orgs service (ADR 0048). */
  async function withGridNames(views: ExportView[]): Promise<ExportView[]> {
    const ids = [...new Set(views.map((v) => v.filters.gridId).filter((x): x is string => !!x))];
    if (!ids.length) return views;
    const names = await orgs.names(ids);
    return views.map((v) => (v.filters.gridId ? { ...v, gridName: names.get(v.filters.gridId) ?? null } : v));
  }
  const named = async (v: ExportView) => (await withGridNames([v]))[0]!;

  const withPeople = () =>
    db.selectFrom('exports as e').innerJoin('users as ru', 'ru.id', 'e.requester_id').leftJoin('users as au', 'au.id', 'e.approver_id')
      .selectAll('e').select(['ru.username as req_username', 'ru.display_name as req_display_name', 'au.username as apr_username', 'au.display_name as apr_display_name']);

  const load = (id: string) => withPeople().where('e.id', '=', id).executeTakeFirst();

  async function loadVisible(pr: Principal, actor: AuditActor, id: string, action: string): Promise<Row> {
    const r = await load(id);
    if (!r || !visible(pr, r)) return denyAudited(audit, actor, { action, objectType: 'export', objectId: id, reason: 'not_found' }, errors.notFound('导出记录', 'Export'));
    return r;
  }

  /** Refuses a request over the daily cap: commits a high-severity alert and audit row, returns the 429 to throw. */
  async function capExceeded(trx: Transaction<any>, pr: Principal, actor: AuditActor, req: ExportRequest, used: number, rows: number) {
    await alerts.raise(trx, {
      kind: 'daily_export_cap', severity: 'high', actorId: pr.id, orgPath: pr.orgPath, objectType: 'export', objectId: null, count: used + rows,
      details: { cap: policy.dailyRowCap, used, requested: rows, windowHours: 24, purpose: req.purpose, columns: req.columns }, at: now(),
    });
    await audit.append(trx, actor, {
      action: 'export_cap_exceeded', objectType: 'export', fields: fields(req.columns, req.unmasked), purpose: req.purpose, outcome: 'denied', severity: 'high', count: rows,
    });
  }
  const capError = (used: number, rows: number) =>
    new AppError(429, 'daily_export_cap', `已超过每人每日导出上限（24小时内 ${countText(policy.dailyRowCap)} 条）`, `Daily export cap exceeded (${countText(policy.dailyRowCap)} rows per 24 hours)`, [
      { path: 'rows', code: 'daily_export_cap', message: `24小时内已申请 ${countText(used)} 条，本次 ${countText(rows)} 条`, messageEn: `${countText(used)} rows requested in the last 24 hours, ${countText(rows)} more asked` },
    ]);

  /** A single request that alone asks for more rows than the daily cap: refused before anything else (ADR 0049). */
  const tooLargeError = (rows: number) =>
    new AppError(
      422, 'export_too_large',
      `本次筛选共 ${countText(rows)} 人，超过每人每日导出上限 ${countText(policy.dailyRowCap)} 条，无法一次导出。请按网格、人员类型或标签缩小范围，分批申请（每批不超过 ${countText(policy.dailyRowCap)} 条）`,
      `These filters match ${countText(rows)} residents, more than the daily export cap of ${countText(policy.dailyRowCap)} rows; this cannot be exported at once. Narrow the filter by grid, residence type or care tag and request in batches of at most ${countText(policy.dailyRowCap)} rows`,
      [{
        path: 'filters', code: 'export_too_large',
        message: `共 ${countText(rows)} 人，上限 ${countText(policy.dailyRowCap)} 条：请按网格、人员类型或标签缩小范围`,
        messageEn: `${countText(rows)} residents, cap ${countText(policy.dailyRowCap)} rows: narrow by grid, residence type or care tag`,
      }],
    );

  return {
    policy,

    /**
     * Dry run of a request (ADR 0049): the number of residents the filters select in the caller's scope, the approval
     * it would need and the caller's daily cap. Writes nothing but an audit row (a count of residents is a read).
     */
    async preview(pr: Principal, actor: AuditActor, input: Pick<ExportRequest, 'filters' | 'columns' | 'unmasked'> & { purpose?: ExportPurpose }): Promise<ExportPreview> {
      const columns = [...new Set(input.columns)];
      const unmasked = [...new Set(input.unmasked)].filter((c) => columns.includes(c));
      const rows = codec.readInt((await scoped(pr.orgPath, input.filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const used = await usedRows(db, pr.id);
      const a = assessExport({ columns, unmasked, filters: input.filters }, rows, policy);
      const verdict: ExportPreview['verdict'] = rows === 0 ? 'empty' : rows > policy.dailyRowCap ? 'too_large' : used + rows > policy.dailyRowCap ? 'over_daily_cap' : 'ok';
      const out: ExportPreview = {
        rows, dataClass: a.dataClass, approvalLevel: a.level, approvalReasons: a.reasons,
        cap: { perDay: policy.dailyRowCap, usedLast24h: used, remaining: Math.max(0, policy.dailyRowCap - used) }, verdict,
      };
      try {
        await audit.record(actor, {
          action: 'export_preview', objectType: 'export', fields: fields(columns, unmasked), purpose: input.purpose, outcome: 'success', count: rows,
          reason: `filters=${JSON.stringify(input.filters)}; verdict=${verdict}`,
        });
      } catch {
        throw errors.unavailable('audit_unavailable', '审计日志暂不可用，请稍后重试', 'Audit log unavailable; try again later');
      }
      return out;
    },

    /** Files a request: counts the scoped rows, applies the cap, decides the approval level, snapshots the residents. */
    async request(pr: Principal, actor: AuditActor, input: ExportRequest): Promise<ExportView> {
      const columns = [...new Set(input.columns)];
      const unmasked = [...new Set(input.unmasked)];
      const stray = unmasked.filter((c) => !columns.includes(c));
      if (stray.length) {
        throw errors.field('unmasked', 'not_in_columns', `明文列须同时出现在导出列中：${stray.join('、')}`, `unmasked columns must also be exported: ${stray.join(', ')}`);
      }
      const req: ExportRequest = { ...input, columns, unmasked };
      const base = scoped(pr.orgPath, req.filters);
      const counted = codec.readInt((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      if (counted === 0) {
        throw new AppError(422, 'export_empty', '您的管辖范围内没有符合条件的居民', 'No residents in your scope match these filters');
      }
      // A request that alone exceeds the cap is oversize, not a pattern of exporting: refused up front, audited, no alert.
      if (counted > policy.dailyRowCap) {
        return denyAudited(audit, actor, {
          action: 'export_request', objectType: 'export', fields: fields(columns, unmasked), purpose: req.purpose, reason: 'export_too_large', count: counted,
        }, tooLargeError(counted));
      }
      // Fast refusal before loading anything (the authoritative check runs again inside the write transaction).
      const usedBefore = await usedRows(db, pr.id);
      if (usedBefore + counted > policy.dailyRowCap) {
        await writes.run((trx) => capExceeded(trx, pr, actor, req, usedBefore, counted));
        throw capError(usedBefore, counted);
      }
      const ids = (await base.select('r.id').orderBy('r.id').execute()).map((x) => x.id as string);
      const rows = ids.length;
      const a = assessExport(req, rows, policy);
      const status = a.level === 'district' ? 'pending_district_approval' : a.level === 'community' ? 'pending_approval' : 'ready';
      const t = now();
      const id = uuidv7(t.getTime());
      const expires = new Date(t.getTime() + (status === 'ready' ? policy.downloadWindowHours : policy.approvalWindowHours) * HOUR);
      // Who may decide it (read before the write: the notification goes through the write's own transaction).
      const above = a.level === 'none' ? [] : await orgs.ancestors(pr.orgPath);
      const approvers = a.level === 'none' ? [] : (await accounts.activeUserIds(exportApproverRoles(a.level, pr.role), above.map((o) => o.id))).filter((u) => u !== pr.id);
      const gridName = approvers.length && req.filters.gridId ? ((await orgs.names([req.filters.gridId])).get(req.filters.gridId) ?? null) : null;
      const outcome = await writes.run(async (trx) => {
        const used = await usedRows(trx, pr.id);
        if (used + rows > policy.dailyRowCap) {
          await capExceeded(trx, pr, actor, req, used, rows);
          return { capped: used };
        }
        await trx.insertInto('exports').values({
          id, kind: req.kind, requester_id: pr.id, requester_role: pr.role, org_id: pr.orgId, scope_path: pr.orgPath, filters: codec.json(req.filters),
          column_list: codec.json(columns), unmasked: codec.json(unmasked), purpose: req.purpose, reason: req.reason, file_format: req.format, row_count: rows,
          data_class: a.dataClass, approval_level: a.level, approval_reasons: codec.json(a.reasons), status, approver_id: null, approver_role: null,
          approved_unmasked: null, decision_note: null, decided_at: null, expires_at: codec.ts(expires), downloaded_at: null, file_rows: null, file_bytes: null,
          file_sha256: null, created_at: codec.ts(t), updated_at: codec.ts(t),
        }).execute();
        for (let i = 0; i < ids.length; i += 400) {
          await trx.insertInto('export_subjects').values(ids.slice(i, i + 400).map((rid) => ({ export_id: id, resident_id: rid }))).execute();
        }
        // The approvers learn that a request waits and where it is from: the area, the count, the level and the purpose
        // (never a resident, nor the reason text); the request itself is on 导出审批.
        await notifications.notify(trx, {
          recipientIds: approvers, kind: EXPORT_NOTIFICATION_KINDS.request, objectType: 'export', objectId: id, at: t,
          payload: { area: areaName(above, pr), ...(gridName ? { grid: gridName } : {}), rows: String(rows), level: a.level, purpose: req.purpose },
        });
        await audit.append(trx, actor, {
          action: 'export_request', objectType: 'export', objectId: id, fields: fields(columns, unmasked), purpose: req.purpose, reason: req.reason,
          outcome: 'success', severity: a.level === 'district' || unmasked.length > 0 ? 'high' : 'normal', count: rows,
        });
        return { capped: null };
      });
      if (outcome.capped !== null) throw capError(outcome.capped, rows);
      return named(view(pr, (await load(id))!));
    },

    /** Approve or reject (different person, different role, export in scope, district level where required). */
    async decide(pr: Principal, actor: AuditActor, id: string, d: { decision: 'approve' | 'reject'; note: string; unmasked?: UnmaskableColumn[] }): Promise<ExportView> {
      const action = d.decision === 'approve' ? 'export_approve' : 'export_reject';
      const r = await load(id);
      if (!r || !orgs.inScope(pr.orgPath, r.scope_path)) return denyAudited(audit, actor, { action, objectType: 'export', objectId: id, reason: 'not_found' }, errors.notFound('导出记录', 'Export'));
      const columns = codec.readJson<string[]>(r.column_list);
      const requested = codec.readJson<UnmaskableColumn[]>(r.unmasked);
      const check = decideCheck(pr, r);
      if (!check.ok) {
        return denyAudited(audit, actor, { action, objectType: 'export', objectId: id, fields: fields(columns, requested), reason: check.error.code, severity: check.severity, count: Number(r.row_count) }, check.error);
      }
      // The approver may narrow the plaintext columns, never widen them.
      const approvedUnmasked = [...new Set(d.unmasked ?? requested)];
      const extra = approvedUnmasked.filter((c) => !requested.includes(c));
      if (extra.length) {
        throw errors.field('unmasked', 'not_requested', `只能批准申请中列出的明文列：${extra.join('、')} 未申请`, `only requested plaintext columns can be approved; not requested: ${extra.join(', ')}`);
      }
      const t = now();
      const next = d.decision === 'approve' ? 'ready' : 'rejected';
      const until = new Date(t.getTime() + policy.downloadWindowHours * HOUR);
      const filters = codec.readJson<ExportFilters>(r.filters);
      // The notice names the export's area and grid: one look-up of both (cached orgs, ADR 0048).
      const names = await orgs.names(filters.gridId ? [r.org_id, filters.gridId] : [r.org_id]);
      const gridName = filters.gridId ? (names.get(filters.gridId) ?? null) : null;
      await writes.run(async (trx) => {
        const res = await trx.updateTable('exports').set({
          status: next, approver_id: pr.id, approver_role: pr.role, approved_unmasked: codec.json(d.decision === 'approve' ? approvedUnmasked : []), decision_note: d.note,
          decided_at: codec.ts(t), updated_at: codec.ts(t), expires_at: codec.ts(until),
        }).where('id', '=', id).where('status', '=', r.status).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'export_not_pending', '该导出申请已处理', 'This export request has already been decided');
        await audit.append(trx, actor, {
          action, objectType: 'export', objectId: id, fields: fields(columns, d.decision === 'approve' ? approvedUnmasked : []), purpose: r.purpose, reason: d.note,
          outcome: 'success', severity: r.approval_level === 'district' || approvedUnmasked.length > 0 ? 'high' : 'normal', count: Number(r.row_count),
        });
        // Decided: the other approvers' bells stop counting it; the requester is told — approved until when they may
        // download it, rejected with the approver's note (typed by staff, never an ID number: staffReason).
        await notifications.settle(trx, 'export', id, t);
        await notifications.notify(trx, {
          recipientIds: [r.requester_id], kind: EXPORT_NOTIFICATION_KINDS.decided, objectType: 'export', objectId: id, at: t,
          payload: {
            decision: d.decision, area: names.get(r.org_id) ?? '', ...(gridName ? { grid: gridName } : {}), rows: String(Number(r.row_count)),
            ...(d.decision === 'approve' ? { until: until.toISOString() } : { note: d.note }),
          },
        });
      });
      return named(view(pr, (await load(id))!));
    },

    /**
     * Requests that waited for approval and lapsed undecided (`expires_at` passed; ADR 0069): the approvers'
     * notices are marked read — the bells stop counting what nobody can decide any more — and the requester is told it
     * lapsed. Run by the housekeeping job (registered in app.ts).
     *
     * Each request is handled once: handling it sets its `updated_at` to the time of handling, at or after `expires_at`,
     * while a request still pending has `updated_at` = `created_at` < `expires_at` (nothing else updates a pending
     * request: a decision changes its status). So a run finds only lapsed requests not yet handled, through the
     * status index, and reads no other module's table; a second run, or a second process, finds nothing (the update
     * is conditional). No audit row: nobody acted, the lapse is the stored `expires_at` (as the list shows it).
     */
    async settleLapsed(at: Date = now()): Promise<{ lapsed: number }> {
      const ts = codec.ts(at);
      let lapsed = 0;
      for (;;) {
        const due = await db.selectFrom('exports').select(['id', 'status', 'requester_id', 'org_id', 'filters', 'row_count', 'expires_at'])
          .where('status', 'in', [...PENDING]).where('expires_at', '<=', ts).where((eb) => eb('updated_at', '<', eb.ref('expires_at')))
          .orderBy('expires_at').orderBy('id').limit(LAPSED_BATCH).execute();
        if (!due.length) break;
        // The requester's notice names the area and grid, as a decision's does: one look-up for the batch (cached orgs).
        const gridOf = (r: Row) => codec.readJson<ExportFilters>(r.filters).gridId;
        const names = await orgs.names([...new Set(due.flatMap((r) => [r.org_id as string, gridOf(r)].filter((x): x is string => !!x)))]);
        const handled = await writes.run(async (trx) => {
          let n = 0;
          for (const r of due) {
            const res = await trx.updateTable('exports').set({ updated_at: ts })
              .where('id', '=', r.id).where('status', '=', r.status).where((eb) => eb('updated_at', '<', eb.ref('expires_at'))).executeTakeFirst();
            if (Number(res.numUpdatedRows) !== 1) continue;
            await notifications.settle(trx, 'export', r.id, at);
            const grid = gridOf(r);
            await notifications.notify(trx, {
              recipientIds: [r.requester_id], kind: EXPORT_NOTIFICATION_KINDS.lapsed, objectType: 'export', objectId: r.id, at,
              payload: {
                area: names.get(r.org_id) ?? '', ...(grid && names.get(grid) ? { grid: names.get(grid)! } : {}), rows: String(Number(r.row_count)),
                expiredAt: codec.readTs(r.expires_at)!,
              },
            });
            n++;
          }
          return n;
        });
        lapsed += handled;
        // A batch that changed nothing (another process took it) is not read again.
        if (handled === 0 || due.length < LAPSED_BATCH) break;
      }
      return { lapsed };
    },

    /** One export, for its requester or an approver whose scope holds it (others: 404). */
    async get(pr: Principal, actor: AuditActor, id: string): Promise<ExportView> {
      return named(view(pr, await loadVisible(pr, actor, id, 'export_read')));
    },

    /**
     * How many requests await the caller's decision (the menu badge of 导出审批): those `canDecide` would allow — pending
     * and not lapsed, in scope, someone else's of another role, at a level the caller may approve. A count, not audited.
     */
    async pendingCount(pr: Principal): Promise<{ pending: number }> {
      const district = pr.permissions.has('export:approve-district');
      if (!district && !pr.permissions.has('export:approve')) return { pending: 0 };
      const r = await db.selectFrom('exports').select((eb) => eb.fn.countAll().as('n'))
        .where('status', 'in', district ? [...PENDING] : ['pending_approval']).where('scope_path', 'like', `${pr.orgPath}%`)
        .where('requester_id', '!=', pr.id).where('requester_role', '!=', pr.role).where('expires_at', '>', codec.ts(now())).executeTakeFirstOrThrow();
      return { pending: Number(r.n) };
    },

    /** The caller's own requests, those awaiting the caller's decision, and those the caller decided (newest first). */
    async list(pr: Principal): Promise<{ items: ExportView[] }> {
      const mayApprove = pr.permissions.has('export:approve') || pr.permissions.has('export:approve-district');
      let q = withPeople().where((eb) => {
        const ors = [eb('e.requester_id', '=', pr.id), eb('e.approver_id', '=', pr.id)];
        if (mayApprove) {
          ors.push(eb.and([eb('e.status', 'in', [...PENDING]), eb('e.scope_path', 'like', `${pr.orgPath}%`), eb('e.requester_id', '!=', pr.id), eb('e.requester_role', '!=', pr.role)]));
        }
        return eb.or(ors);
      });
      q = q.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(200);
      const rows = await q.execute();
      // Pending items of the district tier are listed only to district approvers; lapsed ones drop out of "awaiting".
      const items = await withGridNames(rows.filter((r) => r.requester_id === pr.id || r.approver_id === pr.id || decideCheck(pr, r).ok).map((r) => view(pr, r)));
      return { items };
    },

    /**
     * The file, once: only the requester, only when ready and inside the window. The file is built from the snapshot
     * (residents still active and in scope), then its hash, the log update and the audit row commit before returning.
     */
    async download(pr: Principal, actor: AuditActor, id: string): Promise<ExportFile> {
      const r = await loadVisible(pr, actor, id, 'export_download');
      const columns = codec.readJson<ExportColumn[]>(r.column_list);
      const deny = (e: AppError, severity: 'normal' | 'high' = 'normal') =>
        denyAudited(audit, actor, { action: 'export_download', objectType: 'export', objectId: id, fields: columns, reason: e.code, severity, count: Number(r.row_count) }, e);
      if (r.requester_id !== pr.id) return deny(new AppError(403, 'not_requester', '只有申请人可以下载导出文件', 'Only the requester can download the export'), 'high');
      const st = effectiveStatus(r);
      if (st === 'pending_approval' || st === 'pending_district_approval') return deny(new AppError(403, 'export_not_approved', '导出申请尚未审批通过', 'The export has not been approved yet'));
      if (st === 'rejected') return deny(new AppError(403, 'export_rejected', '导出申请已被驳回', 'The export request was rejected'));
      if (st === 'downloaded') return deny(new AppError(410, 'export_consumed', '导出文件只能下载一次，已被下载', 'The export file can be downloaded once and already was'));
      if (st === 'expired') return deny(new AppError(410, 'export_expired', '导出文件已过下载期限', 'The download window has passed'));

      const unmasked = new Set<string>(r.approval_level === 'none' ? [] : codec.readJson<string[]>(r.approved_unmasked ?? '[]'));
      const data = await db.selectFrom('export_subjects as s')
        .innerJoin('residents as r', 'r.id', 's.resident_id').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
        .innerJoin('buildings as b', 'b.id', 'u.building_id').innerJoin('compounds as c', 'c.id', 'b.compound_id').innerJoin('orgs as co', 'co.id', 'c.community_id')
        .innerJoin('orgs as g', 'g.id', 'r.grid_id')
        .select([
          'r.id', 'r.name', 'r.sex', 'r.birth_date', 'r.id_masked', 'r.phone_masked', 'r.id_number_enc', 'r.phone_enc', 'r.relation', 'r.residence_type', 'r.tags',
          'r.restricted', 'h.room', 'u.name as unit', 'b.name as building', 'c.name as compound', 'co.name as community', 'g.name as grid_name',
        ])
        // Still active, still inside the export's scope and inside the requester's current scope (a moved requester gets less, never more).
        .where('s.export_id', '=', id).where('r.org_path', 'like', `${r.scope_path}%`).where('r.org_path', 'like', `${pr.orgPath}%`).where('r.status', '=', 'active')
        .orderBy('r.org_path').orderBy('h.address').orderBy('r.id').execute();

      const cell = (x: Row, c: ExportColumn): string => {
        // Restricted records (VIPs, subjects who asked) stay masked whatever the approval says.
        const restricted = codec.readBool(x.restricted);
        const plain = (col: string) => unmasked.has(col) && !restricted;
        switch (c) {
          case 'name': return plain('name') ? x.name : maskName(x.name);
          case 'idNumber': return plain('idNumber') ? crypto.decrypt('residents.id_number', x.id_number_enc) : x.id_masked;
          case 'phone': return x.phone_enc == null ? '' : plain('phone') ? crypto.decrypt('residents.phone', x.phone_enc) : (x.phone_masked ?? '');
          case 'sex': return SEX_LABEL[x.sex] ?? x.sex;
          case 'birthDate': return restricted ? `${String(x.birth_date).slice(0, 4)}-**-**` : x.birth_date;
          case 'address': return [x.community, x.compound, x.building, x.unit, `${maskRoom(x.room)}室`].join(' ');
          case 'relation': return RELATION_LABEL[x.relation] ?? x.relation;
          case 'residenceType': return RESIDENCE_LABEL[x.residence_type] ?? x.residence_type;
          case 'tags': return restricted ? '***' : codec.readJson<string[]>(x.tags).map((tg) => TAG_LABEL[tg] ?? tg).join('、');
          case 'gridName': return x.grid_name;
        }
      };
      const generatedAt = now().toISOString();
      const table: ExportTable = {
        headers: columns.map((c) => COLUMN_SPECS[c].header),
        rows: data.map((x) => columns.map((c) => cell(x, c))),
        // The purpose in words on the sheet (the file is read by Chinese staff); its code stays in the document properties.
        watermark: {
          exportId: id, userId: pr.id, username: pr.username, generatedAt, purpose: EXPORT_PURPOSE_LABELS[r.purpose as ExportPurpose] ?? r.purpose, purposeCode: r.purpose,
          rowCount: data.length,
        },
      };
      const format = r.file_format as ExportFormat;
      const body = format === 'csv' ? buildCsv(table) : await buildXlsx(table);
      const hash = sha256(body);
      await writes.run(async (trx) => {
        const res = await trx.updateTable('exports').set({
          status: 'downloaded', downloaded_at: codec.ts(now()), file_rows: data.length, file_bytes: body.length, file_sha256: hash, updated_at: codec.ts(now()),
        }).where('id', '=', id).where('status', '=', 'ready').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError(410, 'export_consumed', '导出文件只能下载一次，已被下载', 'The export file can be downloaded once and already was');
        await audit.append(trx, actor, {
          action: 'export_download', objectType: 'export', objectId: id, fields: fields(columns, [...unmasked]), purpose: r.purpose, outcome: 'success',
          severity: r.approval_level === 'district' || unmasked.size > 0 ? 'high' : 'normal', count: data.length,
        });
      });
      const stamp = generatedAt.slice(0, 10).replace(/-/g, '');
      return {
        body, sha256: hash, rows: data.length,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `residents-${stamp}-${id}.${format}`,
      };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
