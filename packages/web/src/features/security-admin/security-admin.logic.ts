// Pure helpers of the 账号与安全 page (tested in security-admin.logic.test.ts).
import type { ApiToken } from './api';

export type TokenState = 'active' | 'revoked' | 'expired' | 'suspended';

/**
 * Whether a token still works: revoked wins over expired, and both over `suspended` (the account that issued it is
 * disabled; it works again once that account is enabled).
 */
export function tokenState(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'> & { issuerActive?: boolean }, now: number = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  if (token.issuerActive === false) return 'suspended';
  return 'active';
}

/** A token that can still be revoked (it works, or would work again once its issuer is enabled). */
export const isRevocable = (s: TokenState) => s === 'active' || s === 'suspended';

/** How long a new token works, in plain choices; `never` sends no expiry. */
export const TOKEN_VALIDITY = ['30', '90', '365', 'never'] as const;
export type TokenValidity = (typeof TOKEN_VALIDITY)[number];

export function expiryFor(validity: TokenValidity, now: number = Date.now()): string | null {
  if (validity === 'never') return null;
  return new Date(now + Number(validity) * 86_400_000).toISOString();
}

/**
 * Tokens are for devices and integrations (ADR 0011): they get the `device` role, and each right the role allows is
 * offered as one plain-language checkbox. Must stay within ROLE_PERMISSIONS.device on the server.
 */
export const TOKEN_ROLE = 'device';
export const TOKEN_SCOPES = ['device:event', 'warning:ingest'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** i18n key of each scope under securityAdmin.tokens.scopeNames (a ':' in a key would be read as a namespace). */
export const SCOPE_KEY: Record<TokenScope, 'deviceEvent' | 'warningIngest'> = { 'device:event': 'deviceEvent', 'warning:ingest': 'warningIngest' };
export const isTokenScope = (s: string): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s);

/**
 * Organisations a token can be issued for: every org of the admin's scope (`GET /api/admin/orgs`), the admin's own
 * first, each once and named by its path label; the own org stays offered (by its name) while the list loads.
 */
export function tokenOrgOptions(own: { id: string; name: string }, scope: readonly { id: string; label: string }[]): { id: string; label: string }[] {
  const mine = scope.find((o) => o.id === own.id) ?? { id: own.id, label: own.name };
  return orgOptions(mine, scope).map((o) => ({ id: o.id, label: o.label }));
}

/** The admin's own org first, then the others, without repeats. */
export function orgOptions<T extends { id: string }>(own: T, fromUsers: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const o of [own, ...fromUsers]) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    out.push(o);
  }
  return out;
}

/**
 * Roles a security admin can give, in the order offered (ADR 0017). Residents get their account with their resident
 * record and devices use access keys, so neither is offered.
 */
export const ACCOUNT_ROLES = ['grid_worker', 'community_admin', 'doctor', 'collector', 'volunteer', 'street_staff', 'district_staff', 'auditor', 'security_admin', 'system_admin'] as const;

/** The orgs that fit `role` (by the server's role → levels table); all of them while no role is chosen. */
export function orgsForRole<T extends { level: string }>(orgs: readonly T[], roleLevels: Record<string, readonly string[]>, role: string | undefined): T[] {
  if (!role) return [...orgs];
  const levels = roleLevels[role] ?? [];
  return orgs.filter((o) => levels.includes(o.level));
}

/** The fields of an edit that differ from the account (nothing → no request). */
export function accountChanges(
  user: { displayName: string; role: string; org: { id: string } },
  next: { displayName: string; role: string; orgId: string },
): { displayName?: string; role?: string; orgId?: string } {
  const out: { displayName?: string; role?: string; orgId?: string } = {};
  if (next.displayName.trim() !== user.displayName) out.displayName = next.displayName.trim();
  if (next.role !== user.role) out.role = next.role;
  if (next.orgId !== user.org.id) out.orgId = next.orgId;
  return out;
}

/** The impact query's longest window (days; ADR 0031) and the actor form of an access key there (`token:<id>`). */
export const IMPACT_MAX_DAYS = 366;
export const tokenActor = (id: string) => `token:${id}`;

/**
 * The address of 影响评估 asking whose data this key touched: from its issue (at most 366 days back, the query's
 * longest window) until now, or until it was revoked.
 */
export function tokenImpactHref(tok: { id: string; createdAt: string; revokedAt?: string | null }, now: Date): string {
  const end = tok.revokedAt && Date.parse(tok.revokedAt) < now.getTime() ? new Date(tok.revokedAt) : now;
  const earliest = end.getTime() - (IMPACT_MAX_DAYS - 1) * 86_400_000;
  const from = new Date(Math.min(end.getTime(), Math.max(Date.parse(tok.createdAt), earliest)));
  const q = new URLSearchParams({ actor: tokenActor(tok.id), from: from.toISOString(), to: end.toISOString() });
  return `/admin/impact?${q.toString()}`;
}
