import ExcelJS from 'exceljs';
import { lastFullQuarter, MAX_PACK_DAYS } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { sha256, uuidv7 } from '../../platform/ids';
import {
  type AccessStatRow, type AnchorStatus, type AuditActor, type AuditEvent, type AuditMonth, type AuditService, auditAccessStatistics, auditActionOutcomeCounts,
  auditActionTally, auditEventsPage, checkpointStatus, countAuditRows, denyAudited, newestAnchorStatus, type PeriodVerification, verifyAuditPeriod,
} from '../audit';
import { accountNames, LOGIN_POLICY, ROLE_LABELS, type Role } from '../auth';
import { exportsBetween, safeCell } from '../exports';
import type { Org, OrgsService } from '../orgs';
import { RETENTION_CLASS_LABELS, retentionCertificatesBetween } from '../privacy';
import { deletionRequestCounts } from '../deletions';
import { breakGlassGrants, residentIdsUnder } from '../registry';
import { securityAlertsBetween } from '../security-alerts';

/**
 * The compliance audit pack (AUD-10, ADR 0038; 《个人信息保护合规审计管理办法》): one XLSX workbook for a period and an
 * area — access statistics, exports, break-the-glass grants, deletions, security alerts and account changes, with the
 * audit chain's verification — for the auditor. Every number is aggregated in SQL by the module that owns the table
 * (through its index); lists are of rare, staff-made events and capped. Residents appear nowhere (no name, ID number,
 * phone or record id); staff appear by username (accountability, PIPL Art. 68). Every cell is a text cell, formula-
 * neutralised by the exports module's safeCell; the workbook is watermarked (pack id, user, time) on its first sheet
 * and in its properties, and its SHA-256 is written into the audit row (`audit_pack`, counts only).
 */

/** The period rules, shared with the web card (@renxing/shared contracts/audit-pack.ts). */
export { lastFullQuarter, MAX_PACK_DAYS };
/** Rows at most in each list sheet; a longer list is cut and says so (its totals stay exact). */
export const PACK_LIST_LIMIT = 50_000;

const SHANGHAI_MS = 8 * 3600_000;
const DAY = 86_400_000;
const PURPOSE = 'audit.compliance_audit';

/** Access categories of the 访问统计 sheet: audit actions (and object types) per kind of access. */
export const ACCESS_CATEGORIES = [
  { category: 'reads', actions: ['read', 'list'], objectTypes: ['resident', 'household', 'self_report', 'correction_request', 'deletion_request', 'minor_access_request', 'resident_import'] },
  { category: 'searches', actions: ['search', 'lookup'] },
  { category: 'reveals', actions: ['reveal'] },
  { category: 'exports', actions: ['export_download'] },
  { category: 'breakGlass', actions: ['break_glass'] },
] as const;

/** Account and permission events of the 账户与权限 sheet (from the audit log). */
export const ACCOUNT_ACTIONS: Record<string, [string, string]> = {
  user_create: ['创建账号', 'Account created'],
  user_update: ['修改姓名/岗位/单位', 'Name / role / org changed'],
  disable: ['停用账号', 'Account disabled'],
  enable: ['启用账号', 'Account enabled'],
  password_reset: ['重置密码', 'Password reset'],
  mfa_enable: ['启用第二因素', 'Second factor enrolled'],
  mfa_reset: ['重置第二因素', 'Second factor reset'],
  sessions_end_all: ['全部下线', 'Signed out everywhere'],
  token_create: ['签发访问密钥', 'API token issued'],
  token_revoke: ['吊销访问密钥', 'API token revoked'],
  // By the user themself: the first one replaces a one-time password; denied ones are wrong current passwords.
  password_change: ['本人修改密码', 'Password changed by the user'],
};

/** The newest external anchor's state (audit.figures AnchorStatus) in words, not as a code. */
const ANCHOR_STATES: Record<AnchorStatus['state'], Pair> = {
  ok: ['核对通过', 'checked, matches'],
  failed: ['核对未通过', 'checked, does NOT match'],
  purged: ['所指记录已清理（以清理检查点为准）', 'its row was purged (the checkpoint stands in)'],
  not_configured: ['未配置每日链锚目录（RENXING_AUDIT_ANCHOR_DIR）', 'no daily anchor directory configured (RENXING_AUDIT_ANCHOR_DIR)'],
  none: ['链锚目录中还没有链锚', 'no anchor in the anchor directory yet'],
  unreadable: ['链锚目录或文件无法读取', 'anchor directory or file unreadable'],
};
const LOCKOUT: Pair = ['登录锁定（连续输错密码）', 'Locked out (wrong passwords)'];

/** `areaId`: an org id or an area code; absent = the auditor's own area. */
export type PackRequest = { from: string; to: string; areaId?: string };
export type PackFile = { body: Buffer; filename: string; packId: string; sha256: string; rows: number };

type Pair = [string, string];
type Sheet = { name: string; en: string; note: Pair; headers: Pair[]; rows: string[][]; truncated?: boolean };

/** `YYYY-MM-DD` (Shanghai) → the instant its day starts, as a Date. */
const dayStart = (ymd: string) => new Date(Date.parse(`${ymd}T00:00:00Z`) - SHANGHAI_MS);

/** The Shanghai months touched by [from, to), each clipped to it. */
export function packMonths(from: Date, to: Date): AuditMonth[] {
  const out: AuditMonth[] = [];
  let cur = from;
  while (cur < to) {
    const local = new Date(cur.getTime() + SHANGHAI_MS);
    const next = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - SHANGHAI_MS);
    const end = next < to ? next : to;
    out.push({ month: local.toISOString().slice(0, 7), from: cur.toISOString(), to: end.toISOString() });
    cur = end;
  }
  return out;
}


export function createAuditPackService(p: Platform, audit: AuditService, orgs: OrgsService, o: { anchorDir: string | null }) {
  const { db, codec } = p.database;
  const now = () => p.clock.now();

  /** The community an org belongs to (a grid's parent; the org itself at community level), else the org itself. */
  const placeCache = new Map<string, string>();
  async function placeOfOrg(org: Org | null): Promise<string> {
    if (!org) return '';
    const hit = placeCache.get(org.id);
    if (hit !== undefined) return hit;
    let label = `${org.name}（${org.level}）`;
    if (org.level === 'community') label = org.name;
    else if (org.level === 'grid' && org.parentId) label = (await orgs.get(org.parentId))?.name ?? org.name;
    placeCache.set(org.id, label);
    return label;
  }
  async function placeOfPath(path: string | null): Promise<string> {
    if (!path) return '';
    const code = path.split('/').filter(Boolean).at(-1);
    return placeOfOrg(code ? await orgs.byCode(code) : null);
  }
  const roleLabel = (role: string | null) => (role ? `${ROLE_LABELS[role as Role]?.[0] ?? role} ${role}` : '');
  const cap = <T>(xs: T[]) => ({ items: xs.slice(0, PACK_LIST_LIMIT), truncated: xs.length > PACK_LIST_LIMIT });

  async function resolveArea(pr: Principal, actor: AuditActor, areaId: string | undefined): Promise<Org | null> {
    const own = await orgs.get(pr.orgId);
    if (areaId === undefined) return own;
    // An org id, or an area code (the web form picks from the public list of districts, streets and communities).
    const org = /^\d{6}(?:\d{3}){0,3}$/.test(areaId) ? await orgs.byCode(areaId) : await orgs.get(areaId);
    if (!org || !orgs.inScope(pr.orgPath, org.path)) {
      return denyAudited(audit, actor, { action: 'audit_pack', objectType: 'org', objectId: areaId, purpose: PURPOSE },
        new AppError(404, 'not_found', '区域不存在或不在您的范围内', 'Area not found or outside your scope', [
          { path: 'area', code: 'not_found', message: '没有这个区域，或不在您的范围内', messageEn: 'no such area within your scope' },
        ]));
    }
    return org;
  }

  return {
    /** Builds the workbook of [from, to] (Shanghai dates) for the area (default: the auditor's own), audited with its hash. */
    async build(pr: Principal, actor: AuditActor, q: PackRequest, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<PackFile> {
      const area = await resolveArea(pr, actor, q.areaId);
      const areaPath = area?.path ?? pr.orgPath;
      const range = { from: dayStart(q.from).toISOString(), to: new Date(dayStart(q.to).getTime() + DAY).toISOString() };
      const at = now();
      const generatedAt = at.toISOString();
      const packId = `AUDITPACK-${uuidv7(at.getTime())}`;
      const months = packMonths(new Date(range.from), new Date(range.to));
      const inArea = new Set((await orgs.within(areaPath)).map((x) => x.id));
      const areaName = area ? `${area.name}（${area.code}）` : areaPath;

      // Chain verification over the period, purge checkpoints, newest external anchor.
      const verification: PeriodVerification = await verifyAuditPeriod(db, range);
      const cps = await checkpointStatus(db);
      const anchor: AnchorStatus = await newestAnchorStatus(db, o.anchorDir, now);

      // 访问统计: month × role × community × category, aggregated in SQL, folded to the actor's community here.
      const stats: AccessStatRow[] = await auditAccessStatistics(db, codec, months, ACCESS_CATEGORIES);
      const access = new Map<string, { month: string; role: string | null; place: string; c: Record<string, number> }>();
      for (const s of stats) {
        if (s.orgId === null || !inArea.has(s.orgId)) continue;
        const place = await placeOfOrg(await orgs.get(s.orgId));
        const key = `${s.month}|${s.role}|${place}`;
        const e = access.get(key) ?? { month: s.month, role: s.role, place, c: {} };
        e.c[s.category] = (e.c[s.category] ?? 0) + s.events;
        if (s.category === 'reads' || s.category === 'searches') e.c[`${s.category}Records`] = (e.c[`${s.category}Records`] ?? 0) + s.records;
        access.set(key, e);
      }
      const accessRows = [...access.values()].sort((a, b) => a.month.localeCompare(b.month) || (a.role ?? '').localeCompare(b.role ?? '') || a.place.localeCompare(b.place, 'zh-CN'));
      const accessTotals: Record<string, number> = {};
      for (const r of accessRows) for (const [k, v] of Object.entries(r.c)) accessTotals[k] = (accessTotals[k] ?? 0) + v;

      // Lists of staff-made events (capped), with the staff by username.
      const exps = cap(await exportsBetween(db, codec, range, areaPath, PACK_LIST_LIMIT + 1));
      const grants = cap(await breakGlassGrants(db, codec, range, areaPath, PACK_LIST_LIMIT + 1));
      const alerts = cap(await securityAlertsBetween(db, codec, range, areaPath, PACK_LIST_LIMIT + 1));
      // Account events and lock-outs (failed sign-ins that reached the limit), paged by row id; a flood stops the paging.
      const accountEvents: AuditEvent[] = [];
      let accountTruncated = false;
      const pageAll = async (actions: string[], f: { outcome?: string; minCount?: number }) => {
        for (let after = 0; !accountTruncated;) {
          const page = await auditEventsPage(db, codec, range, actions, after, 1000, f);
          if (page.length === 0) break;
          after = page[page.length - 1]!.id;
          accountEvents.push(...page);
          if (accountEvents.length > PACK_LIST_LIMIT * 4) accountTruncated = true;
        }
      };
      await pageAll(Object.keys(ACCOUNT_ACTIONS), {});
      await pageAll(['login_failed'], { outcome: 'denied', minCount: LOGIN_POLICY.maxFailures });
      accountEvents.sort((a, b) => a.id - b.id);
      const userIds = new Set<string>();
      for (const e of exps.items) [e.requesterId, e.approverId].forEach((x) => x && userIds.add(x));
      for (const g of grants.items) userIds.add(g.userId);
      for (const a of alerts.items) [a.actorId, a.acknowledgedBy, a.closedBy].forEach((x) => x && userIds.add(x));
      for (const e of accountEvents) {
        if (e.actorId) userIds.add(e.actorId);
        if (e.objectType === 'user' && e.objectId) userIds.add(e.objectId);
      }
      const names = await accountNames(db, [...userIds]);
      const uname = (id: string | null) => (id ? (names.get(id)?.username ?? id) : '');
      // In the area: done by someone of the area, or to an account of the area.
      const accountRows = cap(accountEvents.filter((e) => {
        const target = e.objectType === 'user' && e.objectId ? names.get(e.objectId) : undefined;
        return (e.action !== 'login_failed' && e.actorOrg !== null && inArea.has(e.actorOrg)) || (target !== undefined && inArea.has(target.orgId));
      }));
      accountTruncated ||= accountRows.truncated;

      // Deletions: the retention job's certificates (installation-wide), correction and deletion requests (the area's residents).
      const certs = await retentionCertificatesBetween(db, codec, range);
      const requests = await auditActionTally(db, codec, range, {
        actions: ['correction_request', 'correction_resolve'], reasonOf: ['correction_resolve'],
        subjectIn: residentIdsUnder(areaPath),
      });
      // Deletion requests by the place the record had when asked (an erased record is no longer under the area).
      const dels = await deletionRequestCounts(db, codec, range, areaPath);
      const reqCount = (action: string, reason?: string) => requests.filter((x) => x.action === action && (reason === undefined || x.reason === reason)).reduce((a, x) => a + x.n, 0);
      const lockouts = await countAuditRows(db, codec, range, { action: 'login_failed', outcome: 'denied', minCount: LOGIN_POLICY.maxFailures });
      const lockedAttempts = (await auditActionOutcomeCounts(db, codec, range, ['login_locked'])).reduce((a, x) => a + x.n, 0);

      const zh = lang === 'zh-CN';
      const t = (x: Pair) => (zh ? x[0] : x[1]);
      const yes: Pair = ['是', 'yes'];
      const no: Pair = ['否', 'no'];
      const num = (n: number | null | undefined) => (n == null ? '' : String(n));

      const certLines = certs.flatMap((c) => c.counts.map((l) => [
        String(c.seq), c.id, c.startedAt, c.finishedAt, c.actor ?? 'system', l.table, t([RETENTION_CLASS_LABELS[l.table]?.zh ?? l.table, RETENTION_CLASS_LABELS[l.table]?.en ?? l.table]),
        l.action, l.emergency ? 'emergency_end' : 'age', String(l.rows), String(c.total), c.hash, c.prevHash,
      ]));

      const summaryRows: string[][] = [
        [t(['审计包编号', 'Pack ID']), packId],
        [t(['期间（上海时间，含首尾）', 'Period (Asia/Shanghai, inclusive)']), `${q.from} – ${q.to}`],
        [t(['期间（UTC）', 'Period (UTC)']), `${range.from} – ${range.to}`],
        [t(['区域', 'Area']), areaName],
        [t(['生成人', 'Generated by']), `${pr.username} (${pr.id}, ${pr.role})`],
        [t(['生成时间（UTC）', 'Generated at (UTC)']), generatedAt],
        [t(['审计链校验（本期间）', 'Audit chain check (period)']), verification.ok ? t(['通过', 'passed']) : t(['未通过', 'FAILED'])],
        [t(['本期间审计记录', 'Audit rows in period']), verification.rows === 0 ? '0' : `${verification.rows} (#${verification.firstId} – #${verification.lastId})`],
        [t(['已校验记录', 'Rows checked']), String(verification.checked)],
        [t(['首条记录衔接', 'First row linked to']), verification.linkedTo ?? ''],
        [t(['首个异常记录', 'First broken row']), verification.firstBrokenId === null ? '' : `#${verification.firstBrokenId} ${verification.reason}`],
        [t(['清理检查点链', 'Purge checkpoint chain']), `${cps.ok ? t(['通过', 'passed']) : t(['未通过', 'FAILED'])}; ${cps.checked}${cps.brokenSeq !== null ? `; #${cps.brokenSeq}` : ''}`],
        [t(['最新清理检查点', 'Newest purge checkpoint']), cps.newest ? `#${cps.newest.seq} through row ${cps.newest.throughId} at ${cps.newest.createdAt} (${cps.newest.hash})` : t(['无', 'none'])],
        [t(['最新外部链锚', 'Newest external anchor']), `${t(ANCHOR_STATES[anchor.state])}${anchor.file ? `; ${anchor.file}; row ${anchor.anchorId}` : ''}${anchor.check ? `; ${anchor.check}` : ''}${anchor.reason ? ` ${anchor.reason}` : ''}`],
        [t(['访问：查看（次）', 'Access: reads (events)']), num(accessTotals.reads ?? 0)],
        [t(['访问：查找（次）', 'Access: searches (events)']), num(accessTotals.searches ?? 0)],
        [t(['访问：查看明文（次）', 'Access: reveals (events)']), num(accessTotals.reveals ?? 0)],
        [t(['访问：导出下载（次）', 'Access: export downloads (events)']), num(accessTotals.exports ?? 0)],
        [t(['访问：紧急访问（次）', 'Access: break-the-glass (events)']), num(accessTotals.breakGlass ?? 0)],
        [t(['导出申请', 'Exports requested']), `${exps.items.length}${exps.truncated ? '+' : ''}`],
        [t(['紧急访问授权', 'Break-the-glass grants']), `${grants.items.length}${grants.truncated ? '+' : ''}`],
        [t(['删除证明（保存期限到期）', 'Deletion certificates (retention)']), String(certs.length)],
        [t(['删除的记录（保存期限到期）', 'Rows deleted or emptied (retention)']), String(certs.reduce((a, c) => a + c.total, 0))],
        [t(['更正申请：提出 / 已更正 / 未更正', 'Correction requests: opened / applied / rejected']), `${reqCount('correction_request')} / ${reqCount('correction_resolve', 'applied')} / ${reqCount('correction_resolve', 'rejected')}`],
        [t(['删除申请：提出 / 已删除 / 限制处理 / 未删除', 'Deletion requests: opened / erased / restricted / rejected']), `${dels.requested} / ${dels.erased} / ${dels.restricted} / ${dels.rejected}`],
        [t(['安全提醒', 'Security alerts']), `${alerts.items.length}${alerts.truncated ? '+' : ''}`],
        [t(['账户与权限事件', 'Account and permission events']), `${accountRows.items.length}${accountTruncated ? '+' : ''}`],
        [t(['登录锁定（全系统）', 'Sign-in lock-outs (installation)']), String(lockouts)],
        [t(['锁定期间的登录尝试（全系统）', 'Attempts while locked (installation)']), String(lockedAttempts)],
        [t(['说明', 'Notice']), t(['本审计包仅含统计数字和工作人员账号，不含居民姓名、身份证号、电话或记录编号；工作人员以账号名出现（个人信息保护法第六十八条，责任可追溯）。生成已登记并留痕，文件哈希记入审计日志。',
          'Counts and staff usernames only: no resident name, ID number, phone or record id. Staff appear by username (PIPL Art. 68 accountability). This pack is logged with its SHA-256 in the audit log.'])],
      ];

      const sheets: Sheet[] = [
        { name: '概要', en: 'Summary', note: ['合规审计包概要', 'Compliance audit pack summary'], headers: [['项目', 'Item'], ['内容', 'Value']], rows: summaryRows },
        {
          name: '访问统计', en: 'Access statistics', note: ['按月、岗位、社区统计（仅计数，不含居民）', 'Per month × role × community (counts only, no residents)'],
          headers: [['月份', 'Month'], ['岗位', 'Role'], ['社区/单位', 'Community / org'], ['查看（次）', 'Reads (events)'], ['查看涉及条数', 'Records listed or read'],
            ['查找（次）', 'Searches (events)'], ['查找结果条数', 'Search results'], ['查看明文（次）', 'Reveals'], ['导出下载（次）', 'Export downloads'], ['紧急访问（次）', 'Break-the-glass']],
          rows: accessRows.map((r) => [r.month, roleLabel(r.role), r.place, num(r.c.reads ?? 0), num(r.c.readsRecords ?? 0), num(r.c.searches ?? 0), num(r.c.searchesRecords ?? 0),
            num(r.c.reveals ?? 0), num(r.c.exports ?? 0), num(r.c.breakGlass ?? 0)]),
        },
        {
          name: '导出', en: 'Exports', note: ['本期间提出的导出申请（双人审批，文件哈希）', 'Exports requested in the period (dual control, file hash)'], truncated: exps.truncated,
          headers: [['导出编号', 'Export ID'], ['申请时间（UTC）', 'Requested at (UTC)'], ['申请人岗位', 'Requester role'], ['申请人账号', 'Requester username'],
            ['审批人账号', 'Approver username'], ['审批人岗位', 'Approver role'], ['审批时间（UTC）', 'Decided at (UTC)'], ['审批级别', 'Approval level'], ['行数', 'Rows'],
            ['文件行数', 'File rows'], ['列', 'Columns'], ['脱敏', 'Masked'], ['明文列', 'Columns in clear'], ['用途', 'Purpose'], ['格式', 'Format'], ['文件 SHA-256', 'File SHA-256'],
            ['状态', 'Status'], ['下载时间（UTC）', 'Downloaded at (UTC)']],
          rows: exps.items.map((e) => [e.id, e.createdAt, roleLabel(e.requesterRole), uname(e.requesterId), uname(e.approverId), roleLabel(e.approverRole), e.decidedAt ?? '',
            e.approvalLevel, String(e.rowCount), num(e.fileRows), e.columns.join(', '), t(e.unmasked.length === 0 ? yes : no), e.unmasked.join(', '), e.purpose, e.format,
            e.fileSha256 ?? '', e.status, e.downloadedAt ?? '']),
        },
        {
          name: '紧急访问', en: 'Break-the-glass', note: ['紧急访问授权（理由可能含个人信息，只列字数）', 'Break-the-glass grants (the reason may hold personal data: its length only)'],
          truncated: grants.truncated,
          headers: [['授权编号', 'Grant ID'], ['时间（UTC）', 'Granted at (UTC)'], ['到期（UTC）', 'Expires at (UTC)'], ['工作人员账号', 'Staff username'], ['岗位', 'Role'],
            ['理由字数', 'Reason length (characters)'], ['社区', 'Community']],
          rows: await Promise.all(grants.items.map(async (g) => [g.id, g.grantedAt, g.expiresAt, uname(g.userId), roleLabel(names.get(g.userId)?.role ?? null),
            String(g.reasonLength), await placeOfPath(g.orgPath)])),
        },
        {
          name: '删除', en: 'Deletions', note: ['保存期限到期删除证明（全系统，每类一行，含哈希链）', 'Retention deletion certificates (installation-wide, one line per class, hash-chained)'],
          headers: [['证明序号', 'Certificate #'], ['证明编号', 'Certificate ID'], ['开始（UTC）', 'Started (UTC)'], ['结束（UTC）', 'Finished (UTC)'], ['执行者', 'Run by'],
            ['表', 'Table'], ['类别', 'Class'], ['处理', 'Action'], ['触发', 'Trigger'], ['条数', 'Rows'], ['本次合计', 'Certificate total'], ['证明哈希', 'Certificate hash'],
            ['上一证明哈希', 'Previous hash']],
          rows: [
            ...certLines,
            [],
            [t(['更正申请（本区域居民）', 'Correction requests (residents of the area)']), t(['提出', 'opened']), String(reqCount('correction_request')), t(['已更正', 'applied']),
              String(reqCount('correction_resolve', 'applied')), t(['未更正', 'rejected']), String(reqCount('correction_resolve', 'rejected'))],
            [t(['删除申请（本区域居民）', 'Deletion requests (residents of the area)']), t(['提出', 'opened']), String(dels.requested), t(['已删除', 'erased']),
              String(dels.erased), t(['限制处理', 'restricted']), String(dels.restricted), t(['未删除', 'rejected']), String(dels.rejected)],
          ],
        },
        {
          name: '安全提醒', en: 'Security alerts', note: ['本期间产生的安全提醒', 'Security alerts raised in the period'], truncated: alerts.truncated,
          headers: [['提醒编号', 'Alert ID'], ['时间（UTC）', 'Raised at (UTC)'], ['类型', 'Kind'], ['级别', 'Severity'], ['状态', 'Status'], ['涉及账号', 'Account concerned'],
            ['数量', 'Count'], ['确认人', 'Acknowledged by'], ['确认时间（UTC）', 'Acknowledged at (UTC)'], ['关闭人', 'Closed by'], ['关闭时间（UTC）', 'Closed at (UTC)']],
          rows: alerts.items.map((a) => [a.id, a.createdAt, a.kind, a.severity, a.status, uname(a.actorId), num(a.count), uname(a.acknowledgedBy), a.acknowledgedAt ?? '',
            uname(a.closedBy), a.closedAt ?? '']),
        },
        {
          name: '账户与权限', en: 'Accounts and permissions', note: ['账号创建、停用、岗位变更、锁定、第二因素（来自审计日志）', 'Accounts created, disabled, role changes, lock-outs, second factor (from the audit log)'],
          truncated: accountTruncated,
          headers: [['审计记录', 'Audit row'], ['时间（UTC）', 'Time (UTC)'], ['事件', 'Event'], ['操作', 'Action'], ['结果', 'Outcome'], ['操作人账号', 'Done by'], ['操作人岗位', 'Their role'],
            ['对象账号', 'Account'], ['变更项', 'Fields changed']],
          rows: accountRows.items.map((e) => [String(e.id), e.ts, t(e.action === 'login_failed' ? LOCKOUT : (ACCOUNT_ACTIONS[e.action] ?? [e.action, e.action])), e.action, e.outcome, uname(e.actorId), roleLabel(e.actorRole),
            e.objectType === 'user' ? uname(e.objectId) : '', e.fields.filter((f) => ['role', 'org', 'status', 'displayName', 'username'].includes(f)).join(', ')]),
        },
      ];

      const body = await writeWorkbook(sheets, { packId, userId: pr.id, username: pr.username, generatedAt, period: `${q.from} – ${q.to}`, area: areaName });
      const hash = sha256(body);
      const rows = sheets.reduce((a, s) => a + s.rows.length, 0);
      try {
        await audit.record(actor, {
          action: 'audit_pack', objectType: 'audit_pack', objectId: packId, purpose: PURPOSE, outcome: 'success', severity: 'high', count: rows,
          reason: `from=${q.from}; to=${q.to}; area=${area?.id ?? ''}; sha256=${hash}; exports=${exps.items.length}; breakGlass=${grants.items.length}; certificates=${certs.length}; alerts=${alerts.items.length}; accountEvents=${accountRows.items.length}; chain=${verification.ok ? 'ok' : 'broken'}`,
        });
      } catch (err) {
        p.logger.error({ err: { message: (err as Error).message }, requestId: actor.requestId }, 'audit write failed; refusing to return the audit pack');
        throw errors.unavailable('audit_unavailable', '审计日志暂不可用，已拒绝生成审计包', 'Audit log unavailable; pack withheld');
      }
      return { body, filename: `audit-pack-${q.from}-${q.to}${area ? `-${area.code}` : ''}.xlsx`, packId, sha256: hash, rows };
    },
  };
}

type PackWatermark = { packId: string; userId: string; username: string; generatedAt: string; period: string; area: string };

/** The workbook: every cell a neutralised text cell; the watermark in the properties and each sheet's page header. */
async function writeWorkbook(sheets: Sheet[], w: PackWatermark): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(w.generatedAt);
  wb.creator = `renxing user ${w.username} (${w.userId})`;
  wb.lastModifiedBy = wb.creator;
  wb.created = at;
  wb.modified = at;
  wb.title = `合规审计包 Compliance audit pack ${w.packId}`;
  wb.subject = `${w.period} ${w.area}`;
  wb.keywords = `packId=${w.packId}; userId=${w.userId}; username=${w.username}; generatedAt=${w.generatedAt}`;
  wb.category = 'renxing-audit-pack';
  wb.description = `packId=${w.packId} userId=${w.userId} username=${w.username} generatedAt=${w.generatedAt} period=${w.period}`;
  const hf = (s: string) => s.replace(/&/g, '&&');
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.headerFooter.oddHeader = `&L${hf(`${w.packId}`)}&R${hf(`${w.username} ${w.generatedAt}`)}`;
    ws.headerFooter.oddFooter = '&R&P/&N';
    const put = (cells: string[]) => {
      const row = ws.addRow(cells.map((c) => safeCell(c)));
      row.eachCell((c) => {
        c.numFmt = '@';
      });
      return row;
    };
    // Row 1: the sheet's English name and what it holds; row 2: the watermark; then the bilingual column headers.
    put([s.en, `${s.note[0]} / ${s.note[1]}`]).font = { bold: true };
    put([`${w.packId}`, `${w.username} ${w.generatedAt}`]).font = { italic: true, color: { argb: 'FF888888' } };
    put(s.headers.map(([zh, en]) => `${zh} ${en}`)).font = { bold: true };
    for (const r of s.rows) put(r);
    if (s.truncated) put([`（仅列出前 ${PACK_LIST_LIMIT} 条） Only the first ${PACK_LIST_LIMIT} rows are listed`]).font = { italic: true };
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 28 : 20;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type AuditPackService = ReturnType<typeof createAuditPackService>;
