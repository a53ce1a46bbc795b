import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { errors } from '../../http/errors';
import { anchorLine, parseAnchor } from './audit.anchor';
import { denyAudited } from './audit.deny';
import type { AuditService } from './audit.service';

/**
 * Largest page of one audit row's disclosures: the request lists name up to 500 residents (ADR 0046), so one page holds
 * any of them; the registry's lists and searches (≤ 100) fit in the default page.
 */
const MAX_DISCLOSURES_PAGE = 500;

/**
 * The org ids of the area at `orgPath` (the org itself and every org below it), or null when that area is the whole
 * installation (it holds every org). Passed in by app.ts from the orgs service (the audit module imports no module).
 */
export type AuditAreaOrgIds = (orgPath: string) => Promise<readonly string[] | null>;

/**
 * The staff accounts the viewer names (passed in by app.ts from the auth module, which imports this one): `names` gives
 * the usernames of the given actor ids in one batched read (ids that are no account — system sources, tokens — are
 * absent); `idOf` the account id of a username (null: no such account).
 */
export type AuditActorDirectory = {
  names: (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  idOf: (username: string) => Promise<string | null>;
};

/** A value of the actor filter that can be a username (account ids are UUIDs, other actors `system:…`/`token:…`). */
const USERNAME_LIKE = /^[a-z0-9._-]{3,32}$/;

/**
 * Audit viewer API (auditor role only). Reading the audit log is itself audited. An auditor reads the rows of their
 * area: those whose actor belongs to an org within it; an auditor of the whole installation also reads the rows
 * without an actor org (system jobs, anonymous and public requests). The chain checks (verify, anchors, checkpoints)
 * stay installation-wide: they prove integrity and show no row's content.
 */
export function registerAuditRoutes(app: FastifyInstance, deps: {
  audit: AuditService; areaOrgIds: AuditAreaOrgIds; actors: AuditActorDirectory; auditRetentionDays?: number;
  /** The names of orgs by id (unknown or deleted ids absent), so the viewer names an actor's unit instead of its id. */
  orgNames: (ids: readonly string[]) => Promise<Map<string, string>>;
}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** The caller's area as the service's `actorOrgs` filter (undefined: the whole installation). */
  const areaOf = async (req: Parameters<typeof principalOf>[0]) => (await deps.areaOrgIds(principalOf(req).orgPath)) ?? undefined;
  r.get('/api/audit', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'], summary: 'Search the audit log',
      querystring: z.strictObject({
        from: z.iso.datetime().optional(), to: z.iso.datetime().optional(), actorId: z.string().max(80).optional(),
        action: z.string().max(64).optional(), objectType: z.string().max(64).optional(), subjectId: z.string().max(80).optional(),
        outcome: z.enum(['success', 'denied', 'error']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }).superRefine((q, ctx) => {
        // A reversed range would silently answer "nothing found"; say what is wrong instead (as the impact query does).
        if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) > Date.parse(q.to)) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: '结束时间不能早于开始时间|must not be before from', params: { code: 'before_from' } });
        }
      }),
    },
  }, async (req) => {
    const q = req.query;
    // The actor filter takes an actor id or a staff username (what the auditor reads in the list); an unknown username
    // is refused naming the field rather than answering "nothing found".
    let actorId = q.actorId?.trim() || undefined;
    if (actorId !== undefined && USERNAME_LIKE.test(actorId.toLowerCase())) {
      const id = await deps.actors.idOf(actorId.toLowerCase());
      if (id === null) {
        throw errors.field('querystring.actorId', 'unknown_username', `操作人：没有用户名为「${actorId}」的账号`, `actor: no account has the username "${actorId}"`);
      }
      actorId = id;
    }
    const { items, total, totalExact } = await deps.audit.query({ ...q, actorId, actorOrgs: await areaOf(req) });
    // ADR 0046: how many residents each row's answer showed (0: none recorded), counted for this page's rows only.
    const disclosed = await deps.audit.disclosedCounts(items.map((r) => r.id));
    // The usernames of the page's staff actors, one read for the page (null: system, token or deleted actor).
    const names = await deps.actors.names([...new Set(items.flatMap((r) => (r.actorId ? [r.actorId] : [])))]);
    // Likewise the names of their units (null: no unit, or one deleted since; the id stays in `actorOrg`).
    const orgNames = await deps.orgNames([...new Set(items.flatMap((r) => (r.actorOrg ? [r.actorOrg] : [])))]);
    await deps.audit.record(actorOf(req), { action: 'audit_search', objectType: 'audit_log', outcome: 'success', count: items.length });
    return {
      items: items.map((r) => ({
        ...r, actorName: (r.actorId && names.get(r.actorId)) || null, actorOrgName: (r.actorOrg && orgNames.get(r.actorOrg)) || null,
        disclosed: disclosed.get(r.id) ?? 0,
      })),
      total, totalExact, page: q.page, pageSize: q.pageSize,
    };
  });
  r.get('/api/audit/:id/disclosures', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: 'The residents one audit row’s list, search or household answer showed (record ids only, ADR 0046)',
      params: z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(MAX_DISCLOSURES_PAGE).default(100),
      }),
    },
  }, async (req) => {
    const { id } = req.params;
    const { page, pageSize } = req.query;
    // A row outside the auditor's area answers like an unknown id, and the refusal is recorded (ADR 0046 addendum).
    const where = await deps.audit.rowInArea(id, (await areaOf(req)) ?? null);
    if (where === 'outside') {
      return denyAudited(deps.audit, actorOf(req), { action: 'audit_disclosures', objectType: 'audit_log', objectId: String(id), reason: 'out_of_scope' },
        errors.notFound('审计记录', 'Audit entry'));
    }
    const res = where === 'missing' ? null : await deps.audit.disclosures({ auditId: id, page, pageSize });
    if (!res) throw errors.notFound('审计记录', 'Audit entry');
    // Read like the rest of the viewer: audited, with what was asked for and how many ids were returned. Ids only, no
    // names (the auditor does not read residents, SECURITY D23), so the row names no residents itself.
    await deps.audit.record(actorOf(req), { action: 'audit_disclosures', objectType: 'audit_log', objectId: String(id), outcome: 'success', count: res.residentIds.length });
    return { auditId: id, residentIds: res.residentIds, total: res.total, page, pageSize };
  });
  r.get('/api/audit/verify', {
    config: { access: 'audit:read' },
    schema: { tags: ['audit'], summary: 'Verify the hash chain' },
  }, async (req) => {
    const res = await deps.audit.verify();
    await deps.audit.record(actorOf(req), { action: 'audit_verify', objectType: 'audit_log', outcome: res.ok ? 'success' : 'error', count: res.checked });
    return {
      ok: res.ok, checked: res.checked, firstBrokenId: res.firstBrokenId, reason: res.reason, lastHash: res.lastHash,
      checkpoint: res.checkpoint, checkpoints: res.checkpoints, brokenCheckpoint: res.brokenCheckpoint,
    };
  });
  r.get('/api/audit/checkpoints', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'], summary: 'Purge checkpoints of the audit log, newest first (ids, counts, times and hashes only)',
      querystring: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(10) }),
    },
  }, async (req) => ({ ...(await deps.audit.checkpoints(req.query)), retentionDays: deps.auditRetentionDays ?? null }));
  r.get('/api/audit/anchor', {
    config: { access: 'audit:read' },
    schema: { tags: ['audit'], summary: 'The current anchor of the hash chain (to keep outside this system)' },
  }, async (req) => {
    const anchor = await deps.audit.anchor();
    if (!anchor) throw errors.conflict('audit_empty', '审计日志为空，尚无链锚', 'The audit log is empty; there is no anchor yet');
    await deps.audit.record(actorOf(req), { action: 'audit_anchor', objectType: 'audit_log', objectId: String(anchor.id), outcome: 'success' });
    return { anchor, line: anchorLine(anchor) };
  });
  r.post('/api/audit/anchor/check', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'], summary: 'Check an earlier anchor against the log',
      // The pasted text (JSON or the one-line form) or the JSON document itself; checked field by field below.
      body: z.strictObject({ anchor: z.union([z.string().min(1).max(4000), z.record(z.string(), z.unknown())]) }),
    },
  }, async (req) => {
    const parsed = parseAnchor(req.body.anchor);
    if (!parsed.ok) {
      const e = parsed.error;
      const field = e.field === 'anchor' ? 'anchor' : `anchor.${e.field}`;
      throw errors.badRequest('validation_failed', `链锚格式有误：${e.message}`, `Malformed anchor: ${e.messageEn}`, [{ path: field, code: e.code, message: e.message, messageEn: e.messageEn }]);
    }
    const res = await deps.audit.checkAnchor(parsed.anchor);
    await deps.audit.record(actorOf(req), {
      action: 'audit_anchor_check', objectType: 'audit_log', objectId: String(parsed.anchor.id), count: res.checked,
      outcome: res.ok ? 'success' : 'error', severity: res.ok ? 'normal' : 'high', reason: res.check ? `${res.check}:${res.reason}@${res.rowId}` : null,
    });
    return res;
  });
}
