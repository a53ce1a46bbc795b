// Accounts and API tokens for the security admin (packages/server/src/modules/auth/auth.routes.ts, user:manage).
// Resetting an authenticator, disabling/enabling an account and issuing/revoking tokens need the second factor: the API
// client opens the dialog.
import { request } from '../../api/client';
import type { OrgLevel } from '../../api/types';

export type AdminUser = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  org: { id: string; name: string; level: OrgLevel };
  status: 'active' | 'disabled';
  mfaEnrolled: boolean;
  /** Still on a one-time password (new account or reset): must set their own at next login. */
  mustChangePassword: boolean;
  version: number;
  createdAt: string;
  /** Live sessions (signed-in devices); in the list only (ADR 0026). */
  activeSessions?: number;
};

/** An org an account can be put in; `label` names the path, e.g. "A社区 / 第二网格". */
export type AccountOrg = { id: string; name: string; code: string; level: OrgLevel; label: string };

/** The orgs in the admin's scope and the org levels each role fits (the server's rule, ADR 0017). */
export type AccountOrgs = { items: AccountOrg[]; roleLevels: Record<string, OrgLevel[]> };

export type NewAccount = { username: string; displayName: string; role: string; orgId: string };

/** A created or reset account with its one-time password, shown once. */
export type OneTimePassword = { user: AdminUser; oneTimePassword: string };

export type AdminUserList = { items: AdminUser[]; total: number; page: number; pageSize: number };

export type ApiToken = {
  id: string;
  name: string;
  role: string;
  orgId: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** False while the account that issued the key is disabled: the key does not work then (ADR 0013). */
  issuerActive: boolean;
};

export type NewApiToken = { name: string; role: string; orgId: string; scopes: string[]; expiresAt?: string | null };

export function listUsers(q: { page: number; pageSize: number; q?: string }, signal?: AbortSignal): Promise<AdminUserList> {
  return request('/api/admin/users', { query: { page: q.page, pageSize: q.pageSize, ...(q.q ? { q: q.q } : {}) }, signal });
}

export function resetMfa(userId: string): Promise<void> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/mfa-reset`, { method: 'POST' });
}

/** Disables an account (reason required): the user is logged out at once and cannot log in until enabled again. */
export function disableUser(userId: string, reason: string): Promise<void> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/disable`, { method: 'POST', body: { reason } });
}

export function enableUser(userId: string, reason: string): Promise<void> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/enable`, { method: 'POST', body: { reason } });
}

/** Signs the user out on every device without disabling the account (lost phone; reason required; ADR 0026). */
export function endAllSessions(userId: string, reason: string): Promise<{ ended: number }> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/sessions/end`, { method: 'POST', body: { reason } });
}

export function listApiTokens(signal?: AbortSignal): Promise<{ items: ApiToken[] }> {
  return request('/api/admin/api-tokens', { signal });
}

export function issueApiToken(body: NewApiToken): Promise<{ id: string; token: string }> {
  return request('/api/admin/api-tokens', { method: 'POST', body });
}

export function revokeApiToken(id: string): Promise<void> {
  return request(`/api/admin/api-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function listAccountOrgs(signal?: AbortSignal): Promise<AccountOrgs> {
  return request('/api/admin/orgs', { signal });
}

/** Creates an account; the answer carries its one-time password (shown once). */
export function createAccount(body: NewAccount): Promise<OneTimePassword> {
  return request('/api/admin/users', { method: 'POST', body });
}

/** Changes name, role or org (version checked); a new role or org logs the user out. */
export function updateAccount(userId: string, body: { version: number; displayName?: string; role?: string; orgId?: string }): Promise<AdminUser> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/update`, { method: 'POST', body });
}

/** Resets a forgotten password: a new one-time password (shown once); the user is logged out. */
export function resetPassword(userId: string, reason: string): Promise<OneTimePassword> {
  return request(`/api/admin/users/${encodeURIComponent(userId)}/password-reset`, { method: 'POST', body: { reason } });
}
