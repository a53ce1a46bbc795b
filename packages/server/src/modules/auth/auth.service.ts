import { checkPasswordPolicy } from '@renxing/shared';
import { sql, type Transaction } from 'kysely';
import type { Platform } from '../../platform/context';
import { isUniqueViolation } from '../../platform/db/dialect';
import { inChunks } from '../../platform/db/in-chunks';
import { randomToken, sha256, uuidv7 } from '../../platform/ids';
import type { Session } from '../../platform/sessions/session-store';
import { type AuditActor, type AuditEntry, type AuditService, denyAudited } from '../audit';
import { LEVEL_ZH, type Org, type OrgsService } from '../orgs';
import { hashPassword, hashPublishedPassword, isPublishedPassword, verifyPassword } from './passwords';
import { base32Encode, newTotpSecret, otpauthUri, verifyTotp } from './totp';
import { deviceLabel, maskIp } from './device-label';
import { type Permission, ROLE_PERMISSIONS, type Role, ROLES } from './roles';
import { isAssignableRole, oneTimePassword, PRIVILEGED_ROLES, ROLE_ORG_LEVELS, roleFitsLevel, USERNAME_PATTERN } from './account-rules';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';

export type User = {
  id: string; username: string; displayName: string; role: Role; orgId: string; status: 'active' | 'disabled';
  passwordHash: string; mustChangePassword: boolean; version: number; mfaEnrolled: boolean;
};
/** What another module may know of an account that its rows name (e.g. a building lead): no username, no secrets. */
export type UserRef = { id: string; displayName: string; role: Role; status: 'active' | 'disabled'; orgId: string };
/** An API token as investigations see it (`findApiToken`): no secret, no hash. `id` is the bare id; audit rows name it `token:<id>`. */
export type ApiTokenInfo = {
  id: string; name: string; role: string; orgId: string; scopes: string[]; issuedBy: { id: string; username: string };
  createdAt: string; expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null;
};

/** Lock-out policy: after MAX_FAILURES wrong passwords within WINDOW, the account key is locked for LOCK. */
export const LOGIN_POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/**
 * How long a resolved session (session row + user + org → principal) is reused before it is read again. Timeouts
 * are still checked on every request against the cached session; logout and password change invalidate at once.
 */
export const PRINCIPAL_CACHE_MS = 5_000;
const PRINCIPAL_CACHE_MAX = 10_000;

type CachedPrincipal = { session: Session; principal: Principal; cachedAt: number };

/**
 * In-memory cache of resolved sessions, so that an authenticated request costs no session and user reads.
 * `epoch` guards against a lookup that started before an invalidation repopulating the cache after it.
 */
function createPrincipalCache(ttlMs: number, max: number) {
  const entries = new Map<string, CachedPrincipal>();
  let epoch = 0;
  return {
    get epoch() {
      return epoch;
    },
    get(sessionId: string, now: number): CachedPrincipal | null {
      const e = entries.get(sessionId);
      if (!e) return null;
      if (now - e.cachedAt >= ttlMs || now < e.cachedAt) {
        entries.delete(sessionId);
        return null;
      }
      return e;
    },
    /** Stores the entry unless something was invalidated since `startedAt` (the epoch read when the lookup began). */
    set(startedAt: number, e: CachedPrincipal) {
      if (startedAt !== epoch) return;
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(e.session.id, e);
    },
    invalidateSession(sessionId: string) {
      epoch++;
      entries.delete(sessionId);
    },
    invalidateUser(userId: string) {
      epoch++;
      for (const [id, e] of entries) if (e.session.userId === userId) entries.delete(id);
    },
  };
}

/** Accounts, password login with lock-out, server-side sessions, API tokens. */
export function createAuthService(p: Platform, audit: AuditService, orgs: OrgsService) {
  const { database, clock, crypto, sessions, config } = p;
  const { db, writes, codec } = database;
  // Only where this process sees every change to sessions and users: the SQL session store on SQLite, i.e. one
  // server process owning the database. With PostgreSQL or Redis several app nodes may share the sessions, and a
  // logout on one node must not leave the cookie usable on another for the cache lifetime.
  const cache = sessions.kind === 'sql' && database.dialect.name === 'sqlite' ? createPrincipalCache(PRINCIPAL_CACHE_MS, PRINCIPAL_CACHE_MAX) : null;

  const userFromDb = (r: any): User => ({
    id: r.id, username: r.username, displayName: r.display_name, role: r.role, orgId: r.org_id, status: r.status,
    passwordHash: r.password_hash, mustChangePassword: codec.readBool(r.must_change_password), version: Number(r.version), mfaEnrolled: r.mfa_secret_enc != null,
  });

  const userRefFromDb = (r: any): UserRef => ({ id: r.id, displayName: r.display_name, role: r.role, status: r.status, orgId: r.org_id });

  async function principalFor(u: User, session: Session | null): Promise<Principal> {
    const org = await orgs.get(u.orgId);
    if (!org) throw new Error(`user ${u.id} has unknown org`);
    return {
      kind: 'user', id: u.id, username: u.username, displayName: u.displayName, role: u.role, orgId: org.id, orgPath: org.path,
      orgLevel: org.level, orgName: org.name, orgCode: org.code, permissions: new Set(ROLE_PERMISSIONS[u.role] ?? []),
      sessionId: session?.id ?? null, csrfToken: session?.csrfToken ?? null, mfaEnrolled: u.mfaEnrolled, mfaAt: session?.mfaAt ?? null, stepUpAt: session?.stepUpAt ?? null,
      mustChangePassword: u.mustChangePassword,
    };
  }

  const throttleKey = (username: string) => crypto.blindIndex('login', username.trim().toLowerCase());

  /**
   * Counts one failure against a throttle key under LOGIN_POLICY (failures within the window; the last allowed one
   * locks the key) and appends its audit row in the same transaction.
   */
  async function countFailure(key: string, th: Record<string, any> | undefined, now: Date, audited: (failures: number) => [AuditActor, AuditEntry]) {
    const windowStart = th ? Date.parse(codec.readTs(th.window_started_at)!) : 0;
    const fresh = !th || now.getTime() - windowStart > LOGIN_POLICY.windowMs;
    const failures = fresh ? 1 : Number(th!.failures) + 1;
    const lock = failures >= LOGIN_POLICY.maxFailures ? new Date(now.getTime() + LOGIN_POLICY.lockMs) : null;
    await writes.run(async (trx) => {
      const values = { failures, window_started_at: codec.ts(fresh ? now : new Date(windowStart)), locked_until: lock ? codec.ts(lock) : null };
      if (th) await trx.updateTable('login_throttle').set(values).where('key', '=', key).execute();
      else await trx.insertInto('login_throttle').values({ key, ...values }).execute();
      await audit.append(trx, ...audited(failures));
    });
  }

  /**
   * Counts wrong second-factor codes per user in the login throttle table (same policy as passwords: 5 within 15 min
   * lock the second factor for 15 min), so a 6-digit code cannot be guessed.
   */
  async function mfaAttempt(principal: Principal, actor: AuditActor, ok: boolean, action: string) {
    const key = crypto.blindIndex('mfa', principal.id);
    const now = clock.now();
    const th = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const lockedUntil = th?.locked_until ? Date.parse(codec.readTs(th.locked_until)!) : 0;
    if (lockedUntil > now.getTime()) {
      const retry = Math.ceil((lockedUntil - now.getTime()) / 1000);
      throw new AppError(429, 'too_many_attempts', `验证码错误次数过多，请 ${Math.ceil(retry / 60)} 分钟后再试`, `Too many wrong codes; try again in ${Math.ceil(retry / 60)} minutes`, [], { 'retry-after': String(retry) });
    }
    if (ok) {
      if (th) await writes.run((trx) => trx.deleteFrom('login_throttle').where('key', '=', key).execute());
      return;
    }
    await countFailure(key, th, now, (failures) => [actor, { action, objectType: 'user', objectId: principal.id, outcome: 'denied', count: failures, severity: 'high' }]);
    throw errors.field('code', 'mfa_code_invalid', '验证码不正确或已使用过，请输入身份验证器上最新的 6 位数字', 'wrong or already used code; enter the current 6 digits from your authenticator');
  }

  /** Marks the caller's session as having passed the second factor (and drops its cached principal). */
  async function markSessionMfa(principal: Principal) {
    if (!principal.sessionId) throw errors.forbidden();
    await sessions.markMfa(principal.sessionId, clock.now().toISOString());
    cache?.invalidateSession(principal.sessionId);
  }

  /** Ends every session of a user in the session store (database or Redis) and drops them from the principal cache. */
  async function endSessionsOf(userId: string) {
    cache?.invalidateUser(userId);
    await sessions.deleteForUser(userId);
    cache?.invalidateUser(userId); // a lookup that raced the delete must not linger
  }

  /**
   * Disables or re-enables an account (security admin, ADR 0013). Out of the caller's scope or unknown → 404 (audited as
   * denied); one's own account cannot be disabled; a change to the state the account already has → 409. The status
   * change and its audit row (with the reason) commit together; then every session of the user ends — on disable so
   * that their next request answers 401, on enable to drop a session a login may have created while the disable ran.
   */
  /**
   * An account-administration action on user `id` must stay inside the caller's org scope: an unknown or out-of-scope
   * account answers 404 (the same for both, like every scoped object), and the refused attempt is audited.
   */
  async function requireUserInScope(principal: Principal, actor: AuditActor, id: string, action: string, reason?: string) {
    const target = await db.selectFrom('users').select(['id', 'org_id']).where('id', '=', id).executeTakeFirst();
    const org = target ? await orgs.get(target.org_id as string) : null;
    if (!org || !orgs.inScope(principal.orgPath, org.path)) {
      return denyAudited(audit, actor, { action, objectType: 'user', objectId: id, reason, severity: 'high' }, errors.notFound('用户', 'User'));
    }
  }


  /** The role cannot be given here (resident, device; ADR 0017): 400 naming `role`. */
  function assignableRole(role: string): Role {
    if (!isAssignableRole(role)) {
      throw errors.field('role', 'role_not_assignable', '居民账号随居民档案开通，设备使用接入密钥，不能在这里创建或设置', 'resident accounts come with a resident record and devices use access keys; they cannot be set here');
    }
    return role;
  }

  /** The role does not fit the org's level (ADR 0017 table): 400 naming `role`. */
  function checkRoleFitsOrg(role: Role, org: Org) {
    if (!roleFitsLevel(role, org.level)) {
      const levels = ROLE_ORG_LEVELS[role] ?? [];
      throw errors.field('role', 'role_org_mismatch', `该岗位只能设在${levels.map((l) => LEVEL_ZH[l]).join('或')}一级的单位`, `this role belongs to an organisation at ${levels.join(' or ')} level`);
    }
  }

  /**
   * An org for an account or an API token must exist and lie in the caller's scope: otherwise 404 naming `orgId`,
   * audited as denied against the object being made or changed (`objectType` `user` or `api_token`).
   */
  async function requireOrgInScope(principal: Principal, actor: AuditActor, orgId: string, action: string, objectType: 'user' | 'api_token', objectId: string | null): Promise<Org> {
    const org = await orgs.get(orgId);
    if (!org || !orgs.inScope(principal.orgPath, org.path)) {
      return denyAudited(audit, actor, { action, objectType, objectId, reason: 'org_out_of_scope', severity: 'high' }, new AppError(404, 'not_found', '单位不存在或不在您的管辖范围内', 'Organisation not found in your scope', [
        { path: 'orgId', code: 'not_found', message: '单位不存在或不在您的管辖范围内', messageEn: 'organisation not found in your scope' },
      ]));
    }
    return org;
  }

  /** Refuses an account-administration action on one's own account (409, naming the field), audited as denied. */
  async function refuseSelf(actor: AuditActor, id: string, action: string, code: string, field: string, zh: string, en: string): Promise<never> {
    return denyAudited(audit, actor, { action, objectType: 'user', objectId: id, reason: 'self', severity: 'high' }, errors.conflict(code, zh, en, [
      { path: field, code: 'self', message: '这是您当前登录的账号，请由另一位安全管理员操作', messageEn: 'this is the account you are logged in with; another security admin must do this' },
    ]));
  }

  /** One account as the security admin's page shows it: no password hash, no second-factor secret. */
  async function adminView(id: string) {
    const r = await db.selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'status', 'mfa_secret_enc', 'must_change_password', 'version', 'created_at', 'org_id'])
      .where('id', '=', id).executeTakeFirstOrThrow();
    const org = await orgs.get(r.org_id as string);
    return adminItem({ ...r, org_name: org?.name ?? '', org_level: org?.level ?? '' });
  }

  const adminItem = (r: Record<string, any>) => ({
    id: r.id as string, username: r.username as string, displayName: r.display_name as string, role: r.role as string,
    org: { id: r.org_id as string, name: r.org_name as string, level: r.org_level as string },
    status: r.status as 'active' | 'disabled', mfaEnrolled: r.mfa_secret_enc != null, mustChangePassword: codec.readBool(r.must_change_password),
    version: Number(r.version), createdAt: codec.readTs(r.created_at)!,
  });

  async function setUserStatus(principal: Principal, actor: AuditActor, id: string, reason: string, next: 'active' | 'disabled') {
    const action = next === 'disabled' ? 'disable' : 'enable';
    await requireUserInScope(principal, actor, id, action, reason);
    if (next === 'disabled' && id === principal.id) {
      return denyAudited(audit, actor, { action, objectType: 'user', objectId: id, reason: 'self', severity: 'high' }, errors.conflict('cannot_disable_self', '不能停用自己的账号', 'You cannot disable your own account', [{
        path: 'id', code: 'self', message: '这是您当前登录的账号，请由另一位安全管理员停用', messageEn: 'this is the account you are logged in with; another security admin must disable it',
      }]));
    }
    const now = codec.ts(clock.now());
    const changed = await writes.run(async (trx) => {
      const res = await trx.updateTable('users').set({ status: next, updated_at: now }).set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', id).where('status', '=', next === 'disabled' ? 'active' : 'disabled').executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await audit.append(trx, actor, { action, objectType: 'user', objectId: id, fields: ['status'], reason, outcome: 'success', severity: 'high' });
      return true;
    });
    if (!changed) {
      throw next === 'disabled'
        ? errors.conflict('user_already_disabled', '该账号已经是停用状态', 'This account is already disabled')
        : errors.conflict('user_already_active', '该账号已经是正常状态，无需启用', 'This account is already active');
    }
    await endSessionsOf(id);
  }

  // ── Signed-in devices (ADR 0026) ──────────────────────────────────────────────────────────────────────────────────
  /**
   * The handle of a session in the 登录设备 list: an HMAC of the session id under the index key. It names the session to
   * its owner without being the cookie token, the stored id (its hash), or anything that can be turned into either.
   */
  const sessionHandle = (sessionId: string) => crypto.blindIndex('session-handle', sessionId).slice(0, 32);

  /** Not past the absolute or the idle timeout (the same rule as authenticateSession). */
  const isLive = (s: Session, now: number) => Date.parse(s.expiresAt) > now && now - Date.parse(s.lastSeenAt) <= config.sessionIdleMinutes * 60_000;

  async function liveSessionsOf(userId: string): Promise<Session[]> {
    const now = clock.now().getTime();
    return (await sessions.listForUsers([userId])).filter((s) => s.userId === userId && isLive(s, now));
  }

  async function liveSessionCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    const now = clock.now().getTime();
    const out = new Map<string, number>();
    for (const s of await sessions.listForUsers(userIds)) if (isLive(s, now)) out.set(s.userId, (out.get(s.userId) ?? 0) + 1);
    return out;
  }

  /** Ends one session now: store (database or Redis) and principal cache, like logout. */
  async function endSession(sessionId: string) {
    cache?.invalidateSession(sessionId);
    await sessions.delete(sessionId);
    cache?.invalidateSession(sessionId); // a lookup that raced the delete must not linger
  }

  /** Only a user's own cookie session has devices to list (API tokens have none). */
  function requireSessionUser(principal: Principal): string {
    if (principal.kind !== 'user' || !principal.sessionId) throw errors.forbidden();
    return principal.sessionId;
  }

  return {
    async findByUsername(username: string): Promise<User | null> {
      const r = await db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
      return r ? userFromDb(r) : null;
    },
    /** An account acting without a session (the demo seed acting through a module's own rules). */
    principalWithoutSession(u: User): Promise<Principal> {
      return principalFor(u, null);
    },
    /** Ids of the active accounts with `role` (or one of several roles) in any of `orgIds`, by id (e.g. whom to notify). */
    async activeUserIds(role: Role | readonly Role[], orgIds: readonly string[]): Promise<string[]> {
      const roles: Role[] = typeof role === 'string' ? [role] : [...role];
      if (orgIds.length === 0 || roles.length === 0) return [];
      const rows = await db.selectFrom('users').select('id').where('role', 'in', roles).where('status', '=', 'active').where('org_id', 'in', [...orgIds])
        .orderBy('id').execute();
      return rows.map((r) => r.id as string);
    },
    /**
     * Display names of accounts by id (any status), for another module's rows that name a user (e.g. who acknowledged
     * an alert). Internal read, not audited: the caller audits what it returns.
     */
    async userLabels(ids: readonly string[]): Promise<Map<string, string>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', part).execute());
      return new Map(rows.map((r) => [r.id as string, r.display_name as string]));
    },
    /** Accounts by id (any status) as UserRef, for another module's rows that name a user. Internal read, not audited. */
    async userRefs(ids: readonly string[]): Promise<Map<string, UserRef>> {
      const rows = await inChunks(ids, (part) => db.selectFrom('users').select(['id', 'display_name', 'role', 'status', 'org_id']).where('id', 'in', part).execute());
      return new Map(rows.map((r) => [r.id as string, userRefFromDb(r)]));
    },
    /**
     * Accounts whose org is one of `orgIds` and whose role is one of `roles`, by display name: optionally active ones
     * only, whose display name or username starts with `q`, at most `limit` (default 200). Internal read, not audited:
     * the caller audits what it returns.
     */
    async usersIn(orgIds: readonly string[], o: { roles: readonly Role[]; activeOnly?: boolean; q?: string; limit?: number }): Promise<UserRef[]> {
      if (orgIds.length === 0 || o.roles.length === 0) return [];
      let q = db.selectFrom('users').select(['id', 'display_name', 'role', 'status', 'org_id']).where('org_id', 'in', [...orgIds]).where('role', 'in', [...o.roles]);
      if (o.activeOnly) q = q.where('status', '=', 'active');
      const term = o.q?.trim();
      if (term) {
        const esc = (v: string) => v.replace(/[!%_]/g, (c) => `!${c}`);
        const namePattern = `${esc(term)}%`;
        const userPattern = `${esc(term.toLowerCase())}%`;
        q = q.where((eb) => eb.or([
          sql<boolean>`${eb.ref('username')} like ${userPattern} escape '!'`,
          sql<boolean>`${eb.ref('display_name')} like ${namePattern} escape '!'`,
        ]));
      }
      const rows = await q.orderBy('display_name').orderBy('id').limit(o.limit ?? 200).execute();
      return rows.map(userRefFromDb);
    },
    async findById(id: string): Promise<User | null> {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? userFromDb(r) : null;
    },

    /**
     * Creates an account (seed, admin); the password must satisfy the policy. `demo`: a demo account with the published
     * demo password, whose one hash per process all demo accounts share (`hashPublishedPassword`).
     */
    async createUser(o: { username: string; displayName: string; role: Role; orgId: string; password: string; id?: string; demo?: boolean }): Promise<User> {
      if (!ROLES.includes(o.role)) throw new Error(`unknown role ${o.role}`);
      const policy = checkPasswordPolicy(o.password, { username: o.username });
      if (!policy.ok) throw errors.field('password', policy.code, policy.message, policy.messageEn);
      const hash = o.demo ? await hashPublishedPassword(o.password) : await hashPassword(o.password);
      const now = codec.ts(clock.now());
      const id = o.id ?? uuidv7();
      await writes.run((trx) =>
        trx.insertInto('users').values({
          id, username: o.username.trim().toLowerCase(), display_name: o.displayName, password_hash: hash, role: o.role, org_id: o.orgId,
          status: 'active', must_change_password: codec.bool(false), password_changed_at: now, created_at: now, updated_at: now, version: 1,
        }).execute(),
      );
      return (await this.findById(id))!;
    },

    /**
     * Password login. Unknown accounts and wrong passwords get the same 401; a locked key gets 429 with Retry-After
     * whether or not the account exists. Every attempt is audited.
     */
    async login(username: string, password: string, actor: AuditActor, client: { userAgent?: string | null } = {}): Promise<{ token: string; session: Session; principal: Principal }> {
      const key = throttleKey(username);
      const now = clock.now();
      const th = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const lockedUntil = th?.locked_until ? Date.parse(codec.readTs(th.locked_until)!) : 0;
      if (lockedUntil > now.getTime()) {
        const retry = Math.ceil((lockedUntil - now.getTime()) / 1000);
        return denyAudited(audit, actor, { action: 'login_locked', objectType: 'login', objectId: key.slice(0, 16) },
          new AppError(429, 'too_many_attempts', `登录失败次数过多，请 ${Math.ceil(retry / 60)} 分钟后再试`, `Too many failed attempts; try again in ${Math.ceil(retry / 60)} minutes`, [], { 'retry-after': String(retry) }));
      }
      const user = await this.findByUsername(username);
      const ok = await verifyPassword(user && user.status === 'active' ? user.passwordHash : null, password);
      if (!ok || !user) {
        await countFailure(key, th, now, (failures) => [actor, { action: 'login_failed', objectType: 'user', objectId: user?.id ?? null, outcome: 'denied', count: failures }]);
        throw new AppError(401, 'invalid_credentials', '用户名或密码错误', 'Wrong username or password');
      }
      const token = randomToken(32);
      const session: Session = {
        id: sha256(token), userId: user.id, csrfToken: randomToken(24), createdAt: now.toISOString(), lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + config.sessionMaxHours * 3600_000).toISOString(), userAgentHash: actor.userAgentHash, mfaAt: null,
        // For the 登录设备 list only a coarse label and the network part are kept (ADR 0026).
        deviceLabel: deviceLabel(client.userAgent), ipNetwork: maskIp(actor.ip),
      };
      await sessions.create(session);
      await writes.run(async (trx) => {
        if (th) await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
        await audit.append(trx, { ...actor, actorId: user.id, actorRole: user.role, actorOrg: user.orgId, sessionId: session.id }, {
          action: 'login', objectType: 'session', objectId: session.id.slice(0, 16), outcome: 'success',
        });
      });
      return { token, session, principal: await principalFor(user, session) };
    },

    /** Resolves a session cookie token; enforces idle and absolute timeouts (on every request, cached or not). */
    async authenticateSession(token: string): Promise<Principal | null> {
      const id = sha256(token);
      const now = clock.now().getTime();
      const hit = cache?.get(id, now) ?? null;
      const startedAt = cache?.epoch ?? 0;
      const s = hit ? hit.session : await sessions.get(id);
      if (!s) return null;
      const idleMs = config.sessionIdleMinutes * 60_000;
      if (Date.parse(s.expiresAt) <= now || now - Date.parse(s.lastSeenAt) > idleMs) {
        cache?.invalidateSession(id);
        await sessions.delete(id);
        return null;
      }
      let principal: Principal;
      if (hit) principal = hit.principal;
      else {
        const user = await this.findById(s.userId);
        if (!user || user.status !== 'active') return null;
        principal = await principalFor(user, s);
        cache?.set(startedAt, { session: s, principal, cachedAt: now });
      }
      // Sliding idle timeout; write at most once a minute per session (the cached copy follows the stored one).
      if (now - Date.parse(s.lastSeenAt) > 60_000) {
        const at = new Date(now).toISOString();
        await sessions.touch(id, at);
        s.lastSeenAt = at;
      }
      return principal;
    },

    /** Drops cached sessions of a user at once (call after changing the user's role, org or status). */
    invalidateUser(userId: string) {
      cache?.invalidateUser(userId);
    },

    async logout(principal: Principal, actor: AuditActor) {
      if (principal.sessionId) {
        cache?.invalidateSession(principal.sessionId);
        await sessions.delete(principal.sessionId);
        cache?.invalidateSession(principal.sessionId); // a lookup that raced the delete must not linger
      }
      await audit.record(actor, { action: 'logout', objectType: 'session', objectId: principal.sessionId?.slice(0, 16) ?? null, outcome: 'success' });
    },

    /** Changes the caller's password: checks the current one, applies the policy, ends all other sessions. */
    async changePassword(principal: Principal, current: string, next: string, actor: AuditActor) {
      // Guessing the current password from an unattended session is throttled like step-up, on the same counter
      // (5 wrong passwords within 15 min lock both for 15 min): both re-check the password inside a session.
      const key = crypto.blindIndex('step-up', principal.id);
      const now = clock.now();
      const th = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const lockedUntil = th?.locked_until ? Date.parse(codec.readTs(th.locked_until)!) : 0;
      if (lockedUntil > now.getTime()) {
        const retry = Math.ceil((lockedUntil - now.getTime()) / 1000);
        return denyAudited(audit, actor, { action: 'password_change', objectType: 'user', objectId: principal.id, reason: 'locked' },
          new AppError(429, 'too_many_attempts', `密码错误次数过多，请 ${Math.ceil(retry / 60)} 分钟后再试`, `Too many wrong passwords; try again in ${Math.ceil(retry / 60)} minutes`, [], { 'retry-after': String(retry) }));
      }
      const user = await this.findById(principal.id);
      if (!user || !(await verifyPassword(user.passwordHash, current))) {
        await countFailure(key, th, now, (failures) => [actor, { action: 'password_change', objectType: 'user', objectId: principal.id, outcome: 'denied', count: failures }]);
        throw new AppError(401, 'invalid_credentials', '当前密码不正确', 'Current password is wrong', [
          { path: 'currentPassword', code: 'invalid_credentials', message: '当前密码不正确', messageEn: 'the current password is wrong' },
        ]);
      }
      if (next === current) throw errors.field('newPassword', 'same_as_current', '新密码不能与当前密码相同', 'the new password must differ from the current one');
      const policy = checkPasswordPolicy(next, { username: user.username });
      if (!policy.ok) throw errors.field('newPassword', policy.code, policy.message, policy.messageEn);
      // The demo accounts' password is printed in the README and the demo seed: known to everyone, so never one's own.
      if (isPublishedPassword(next)) {
        throw errors.field('newPassword', 'common', '这是公开的演示密码，人人都知道，请换一个', 'this is the published demo password that everyone knows; choose another');
      }
      const hash = await hashPassword(next);
      const at = codec.ts(clock.now());
      await writes.run(async (trx) => {
        if (th) await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
        await trx.updateTable('users').set({ password_hash: hash, password_changed_at: at, updated_at: at, version: user.version + 1, must_change_password: codec.bool(false) }).where('id', '=', user.id).execute();
        await audit.append(trx, actor, { action: 'password_change', objectType: 'user', objectId: user.id, outcome: 'success' });
      });
      await endSessionsOf(user.id);
    },

    /** Issues an API token for a device or integration; the secret is shown once and stored hashed. */
    /**
     * Issues an API token for a device or an integration. With a `principal` (the security admin; null only for trusted
     * server-side callers) the token's org must exist in their scope (404 naming `orgId`, audited as denied), and its role
     * must be one a machine may hold: `device` at any level, or a staff role that fits the org's level (ADR 0017 table)
     * — never an administering or overseeing role, nor `resident` (400 naming `role`). Scopes must lie within the role.
     */
    async createApiToken(principal: Principal | null, o: { name: string; role: Role; orgId: string; scopes: Permission[]; createdBy: string; expiresAt?: string | null }, actor: AuditActor) {
      if (principal) {
        const org = await requireOrgInScope(principal, actor, o.orgId, 'token_create', 'api_token', null);
        if (o.role !== 'device') {
          if (PRIVILEGED_ROLES.includes(o.role) || !isAssignableRole(o.role)) {
            throw errors.field('role', 'role_not_for_token', '接入密钥不能使用管理、审计或居民角色', 'an access key cannot hold an administering, auditing or resident role');
          }
          checkRoleFitsOrg(o.role, org);
        }
      }
      // A key that has expired before it is handed over is a mistake (a past date picked by hand or a wrong clock).
      if (o.expiresAt && Date.parse(o.expiresAt) <= clock.now().getTime()) {
        throw errors.field('expiresAt', 'in_past', '到期时间必须晚于现在', 'the expiry must be in the future');
      }
      const allowed = new Set(ROLE_PERMISSIONS[o.role]);
      const bad = o.scopes.filter((s) => !allowed.has(s));
      if (bad.length) throw errors.field('scopes', 'scope_not_in_role', `角色不包含权限：${bad.join('、')}`, `scopes not granted to the role: ${bad.join(', ')}`);
      const id = uuidv7();
      const secret = randomToken(32);
      await writes.run(async (trx) => {
        await trx.insertInto('api_tokens').values({
          id, name: o.name, token_hash: sha256(secret), role: o.role, org_id: o.orgId, scopes: codec.json(o.scopes), created_by: o.createdBy,
          created_at: codec.ts(clock.now()), expires_at: o.expiresAt ?? null, revoked_at: null, last_used_at: null,
        }).execute();
        await audit.append(trx, actor, { action: 'token_create', objectType: 'api_token', objectId: id, outcome: 'success', fields: o.scopes });
      });
      return { id, token: `rx_${id}_${secret}` };
    },

    /** Revokes a token; with a `principal`, only a token of an org in their scope (404 otherwise, like an unknown id). */
    async revokeApiToken(principal: Principal | null, id: string, actor: AuditActor) {
      if (principal) {
        const t = await db.selectFrom('api_tokens').select('org_id').where('id', '=', id).executeTakeFirst();
        const org = t ? await orgs.get(t.org_id as string) : null;
        if (!org || !orgs.inScope(principal.orgPath, org.path)) return denyAudited(audit, actor, { action: 'token_revoke', objectType: 'api_token', objectId: id, reason: 'out_of_scope' }, errors.notFound('令牌', 'Token'));
      }
      const r = await writes.run(async (trx) => {
        const res = await trx.updateTable('api_tokens').set({ revoked_at: codec.ts(clock.now()) }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
        await audit.append(trx, actor, { action: 'token_revoke', objectType: 'api_token', objectId: id, outcome: Number(res.numUpdatedRows) ? 'success' : 'error' });
        return Number(res.numUpdatedRows);
      });
      if (!r) throw errors.notFound('令牌', 'Token');
    },

    /** API tokens (never their secrets); with a `principal`, those of orgs in their scope. */
    async listApiTokens(principal: Principal | null) {
      let q = db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.created_by').innerJoin('orgs as o', 'o.id', 't.org_id')
        .select(['t.id', 't.name', 't.role', 't.org_id', 't.scopes', 't.created_at', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.status as issuer_status']);
      if (principal) q = q.where('o.path', 'like', `${principal.orgPath}%`);
      const rows = await q.orderBy('t.created_at', 'desc').execute();
      return rows.map((r) => ({
        id: r.id, name: r.name, role: r.role, orgId: r.org_id, scopes: codec.readJson<string[]>(r.scopes), createdAt: codec.readTs(r.created_at),
        expiresAt: codec.readTs(r.expires_at), revokedAt: codec.readTs(r.revoked_at), lastUsedAt: codec.readTs(r.last_used_at),
        /** False while the account that issued the token is disabled: the token does not authenticate then. */
        issuerActive: r.issuer_status === 'active',
      }));
    },

    /**
     * One API token by id (without `token:`), revoked or not, for investigations (breach impact query, ADR 0031):
     * name, role, org, scopes, who issued it and when, expiry and revocation — never its secret or hash. Null if unknown.
     * No scope check here: the caller decides from `orgId`.
     */
    async findApiToken(id: string): Promise<ApiTokenInfo | null> {
      const r = await db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.created_by')
        .select(['t.id', 't.name', 't.role', 't.org_id', 't.scopes', 't.created_by', 'u.username as issuer_username', 't.created_at', 't.expires_at', 't.revoked_at', 't.last_used_at'])
        .where('t.id', '=', id).executeTakeFirst();
      if (!r) return null;
      return {
        id: r.id, name: r.name, role: r.role, orgId: r.org_id, scopes: codec.readJson<string[]>(r.scopes), issuedBy: { id: r.created_by, username: r.issuer_username },
        createdAt: codec.readTs(r.created_at)!, expiresAt: codec.readTs(r.expires_at), revokedAt: codec.readTs(r.revoked_at), lastUsedAt: codec.readTs(r.last_used_at),
      };
    },

    /** Resolves `Authorization: Bearer rx_<id>_<secret>`; revoked, expired or unknown tokens give null. */
    async authenticateToken(bearer: string): Promise<Principal | null> {
      const m = /^rx_([0-9a-f-]{36})_([A-Za-z0-9_-]{20,})$/.exec(bearer);
      if (!m) return null;
      // A token stops working while the account that issued it is disabled (ADR 0013).
      const r = await db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.created_by').selectAll('t').select('u.status as issuer_status')
        .where('t.id', '=', m[1]!).executeTakeFirst();
      if (!r || r.revoked_at || r.issuer_status !== 'active' || r.token_hash !== sha256(m[2]!)) return null;
      if (r.expires_at && Date.parse(codec.readTs(r.expires_at)!) <= clock.now().getTime()) return null;
      const org = await orgs.get(r.org_id);
      if (!org) return null;
      const scopes = new Set(codec.readJson<Permission[]>(r.scopes).filter((s) => (ROLE_PERMISSIONS[r.role as Role] ?? []).includes(s)));
      return {
        kind: 'token', id: `token:${r.id}`, username: r.name, displayName: r.name, role: r.role, orgId: org.id, orgPath: org.path,
        orgLevel: org.level, orgName: org.name, orgCode: org.code, permissions: scopes, sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
      };
    },

    /**
     * Second factor, step 1 of 2: a new TOTP secret for the caller (kept encrypted as pending until confirmed), with
     * the otpauth:// URI for a QR code. Refused when a second factor is already set up (a security admin resets it).
     */
    async mfaSetup(principal: Principal, actor: AuditActor) {
      if (principal.kind !== 'user' || !principal.sessionId) throw errors.forbidden();
      const u = await db.selectFrom('users').select(['username', 'mfa_secret_enc']).where('id', '=', principal.id).executeTakeFirstOrThrow();
      if (u.mfa_secret_enc) throw new AppError(409, 'mfa_already_enrolled', '已绑定身份验证器；如更换手机，请联系安全管理员重置', 'A second factor is already set up; ask a security admin to reset it');
      const secret = newTotpSecret();
      await writes.run(async (trx) => {
        await trx.updateTable('users').set({ mfa_pending_enc: crypto.encrypt('users.mfa_secret', secret.toString('hex')) }).where('id', '=', principal.id).execute();
        await audit.append(trx, actor, { action: 'mfa_setup', objectType: 'user', objectId: principal.id, outcome: 'success' });
      });
      return { secret: base32Encode(secret), otpauthUri: otpauthUri('Renxing 韧性', u.username, secret) };
    },

    /** Second factor, step 2 of 2: the first code from the app confirms the pending secret; the session counts as verified. */
    async mfaEnable(principal: Principal, actor: AuditActor, code: string) {
      if (principal.kind !== 'user' || !principal.sessionId) throw errors.forbidden();
      const u = await db.selectFrom('users').select(['mfa_secret_enc', 'mfa_pending_enc']).where('id', '=', principal.id).executeTakeFirstOrThrow();
      if (u.mfa_secret_enc) throw new AppError(409, 'mfa_already_enrolled', '已绑定身份验证器', 'A second factor is already set up');
      if (!u.mfa_pending_enc) throw new AppError(409, 'mfa_setup_missing', '请先生成绑定二维码', 'Start the set-up first');
      const secret = Buffer.from(crypto.decrypt('users.mfa_secret', u.mfa_pending_enc), 'hex');
      const step = verifyTotp(secret, code, clock.now().getTime(), null);
      await mfaAttempt(principal, actor, step !== null, 'mfa_enable_failed');
      await writes.run(async (trx) => {
        await trx.updateTable('users').set({ mfa_secret_enc: u.mfa_pending_enc, mfa_pending_enc: null, mfa_enabled_at: codec.ts(clock.now()), mfa_last_step: step })
          .where('id', '=', principal.id).execute();
        await audit.append(trx, actor, { action: 'mfa_enable', objectType: 'user', objectId: principal.id, outcome: 'success', severity: 'high' });
      });
      cache?.invalidateUser(principal.id);
      await markSessionMfa(principal);
      return { enrolled: true, verified: true };
    },

    /** Step-up: a code from the authenticator marks this session as having passed the second factor (each code works once). */
    async mfaVerify(principal: Principal, actor: AuditActor, code: string) {
      if (principal.kind !== 'user' || !principal.sessionId) throw errors.forbidden();
      const u = await db.selectFrom('users').select(['mfa_secret_enc', 'mfa_last_step']).where('id', '=', principal.id).executeTakeFirstOrThrow();
      if (!u.mfa_secret_enc) throw new AppError(409, 'mfa_not_enrolled', '尚未绑定身份验证器', 'No second factor set up yet');
      const secret = Buffer.from(crypto.decrypt('users.mfa_secret', u.mfa_secret_enc), 'hex');
      const last = u.mfa_last_step == null ? null : Number(u.mfa_last_step);
      const step = verifyTotp(secret, code, clock.now().getTime(), last);
      await mfaAttempt(principal, actor, step !== null, 'mfa_verify_failed');
      // Compare-and-set on the last step: two requests with the same code cannot both pass.
      const claimed = await writes.run(async (trx) => {
        let q = trx.updateTable('users').set({ mfa_last_step: step }).where('id', '=', principal.id);
        q = last === null ? q.where('mfa_last_step', 'is', null) : q.where('mfa_last_step', '=', last);
        const res = await q.executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await audit.append(trx, actor, { action: 'mfa_verify', objectType: 'user', objectId: principal.id, outcome: 'success' });
        return true;
      });
      if (!claimed) throw errors.field('code', 'mfa_code_invalid', '验证码已使用过，请等待下一个验证码', 'code already used; wait for the next one');
      await markSessionMfa(principal);
      return { enrolled: true, verified: true };
    },

    /**
     * Step-up (ADR 0034): the user re-enters the password in this session — asked when they have opened more residents'
     * records in a short time than the browsing threshold allows. Throttled per user with the login policy (5 wrong
     * passwords within 15 min lock step-up for 15 min: 429 with Retry-After); a wrong password answers 401
     * invalid_credentials and is audited at high severity; the right one marks the session (`step_up_at`, database or
     * Redis) and is audited. Not for API tokens (no session, no password).
     */
    async stepUp(principal: Principal, actor: AuditActor, password: string) {
      if (principal.kind !== 'user' || !principal.sessionId) throw errors.forbidden();
      const key = crypto.blindIndex('step-up', principal.id);
      const now = clock.now();
      const th = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const lockedUntil = th?.locked_until ? Date.parse(codec.readTs(th.locked_until)!) : 0;
      if (lockedUntil > now.getTime()) {
        await audit.record(actor, { action: 'step_up', objectType: 'user', objectId: principal.id, reason: 'locked', outcome: 'denied', severity: 'high' });
        const retry = Math.ceil((lockedUntil - now.getTime()) / 1000);
        throw new AppError(429, 'too_many_attempts', `密码错误次数过多，请 ${Math.ceil(retry / 60)} 分钟后再试`, `Too many wrong passwords; try again in ${Math.ceil(retry / 60)} minutes`, [], { 'retry-after': String(retry) });
      }
      const user = await this.findById(principal.id);
      const ok = await verifyPassword(user && user.status === 'active' ? user.passwordHash : null, password);
      if (!ok) {
        await countFailure(key, th, now, (failures) => [actor, { action: 'step_up', objectType: 'user', objectId: principal.id, outcome: 'denied', severity: 'high', count: failures }]);
        throw new AppError(401, 'invalid_credentials', '密码不正确', 'Wrong password', [
          { path: 'password', code: 'invalid_credentials', message: '请输入您登录时使用的密码', messageEn: 'enter the password you log in with' },
        ]);
      }
      await writes.run(async (trx) => {
        if (th) await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
        await audit.append(trx, actor, { action: 'step_up', objectType: 'user', objectId: principal.id, outcome: 'success', severity: 'high' });
      });
      const at = now.toISOString();
      await sessions.markStepUp(principal.sessionId, at);
      cache?.invalidateSession(principal.sessionId);
      return { steppedUpAt: at, validUntil: new Date(now.getTime() + config.browsingWindowMinutes * 60_000).toISOString() };
    },

    /** A security admin removes a user's second factor (lost phone); the user's sessions end and they set it up again. */
    /** Removes a user's second factor (lost phone) and ends their sessions. `principal` null: the command line (no scope). */
    async mfaReset(principal: Principal | null, userId: string, actor: AuditActor) {
      if (principal) await requireUserInScope(principal, actor, userId, 'mfa_reset');
      const done = await writes.run(async (trx) => {
        const res = await trx.updateTable('users').set({ mfa_secret_enc: null, mfa_pending_enc: null, mfa_enabled_at: null, mfa_last_step: null }).where('id', '=', userId).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await audit.append(trx, actor, { action: 'mfa_reset', objectType: 'user', objectId: userId, outcome: 'success', severity: 'high' });
        return true;
      });
      if (!done) throw errors.notFound('用户', 'User');
      await endSessionsOf(userId);
    },

    /**
     * Disables an account: the user can no longer log in (same answer as a wrong password), every session ends at once,
     * and the API tokens the user issued fail authentication while the account stays disabled (ADR 0013).
     */
    async disableUser(principal: Principal, actor: AuditActor, id: string, reason: string) {
      await setUserStatus(principal, actor, id, reason, 'disabled');
    },

    /** Re-enables a disabled account: the user can log in again and the API tokens they issued work again. */
    async enableUser(principal: Principal, actor: AuditActor, id: string, reason: string) {
      await setUserStatus(principal, actor, id, reason, 'active');
    },

    /**
     * A resident account whose record was erased on the resident's own deletion request (PIPL Art. 47, ADR 0037), inside
     * the caller's write transaction: disabled, and its username and display name replaced (they may hold the person's
     * name or phone number), second-factor secrets dropped. Only `resident` accounts: a staff account that happened to be
     * linked is left as it is (the caller only unlinks it); returns whether the account was erased. Audited `disable`
     * (high). Call `endSessions(userId)` once the transaction has committed.
     */
    async eraseResidentAccount(trx: Transaction<any>, actor: AuditActor, userId: string, reason: string): Promise<boolean> {
      const u = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
      if (!u || u.role !== 'resident') return false;
      await trx.updateTable('users').set({
        status: 'disabled', username: `erased-${userId}`, display_name: '已注销', mfa_secret_enc: null, mfa_pending_enc: null, updated_at: codec.ts(clock.now()),
      }).set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', userId).execute();
      await audit.append(trx, actor, { action: 'disable', objectType: 'user', objectId: userId, fields: ['status', 'username', 'displayName'], reason, outcome: 'success', severity: 'high' });
      return true;
    },

    /** Ends every session of a user (after a change another module committed, e.g. an erased resident account). */
    async endSessions(userId: string) {
      await endSessionsOf(userId);
    },

    /**
     * Creates a staff account (security admin, ADR 0017): the role must be one a security admin may give and fit the
     * org's level, the org must be in the caller's scope. The server makes a one-time password, returned once and stored
     * only as its hash; the account must change it at first login. The insert and its audit row (fields, never the
     * password) commit together; a privileged role is audited at high severity. A taken username answers 409.
     */
    async createAccount(principal: Principal, actor: AuditActor, o: { username: string; displayName: string; role: string; orgId: string }) {
      const username = o.username.trim().toLowerCase();
      if (!USERNAME_PATTERN.test(username)) {
        throw errors.field('username', 'username_format', '用户名为 3–32 个字符，只能用小写字母、数字和 . _ -', 'a username has 3–32 characters: lower-case letters, digits, . _ -');
      }
      const displayName = o.displayName.trim();
      const role = assignableRole(o.role);
      const org = await requireOrgInScope(principal, actor, o.orgId, 'user_create', 'user', null);
      checkRoleFitsOrg(role, org);
      const password = oneTimePassword(username);
      const hash = await hashPassword(password);
      const now = codec.ts(clock.now());
      const id = uuidv7();
      try {
        await writes.run(async (trx) => {
          await trx.insertInto('users').values({
            id, username, display_name: displayName, password_hash: hash, role, org_id: org.id, status: 'active',
            must_change_password: codec.bool(true), password_changed_at: now, created_at: now, updated_at: now, version: 1,
          }).execute();
          await audit.append(trx, actor, {
            action: 'user_create', objectType: 'user', objectId: id, fields: ['username', 'displayName', 'role', 'org'],
            reason: `role=${role}; org=${org.code}`, outcome: 'success', severity: PRIVILEGED_ROLES.includes(role) ? 'high' : 'normal',
          });
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw errors.conflict('duplicate_username', `用户名“${username}”已被使用`, `The username "${username}" is already taken`, [
          { path: 'username', code: 'duplicate', message: `用户名“${username}”已被使用，请换一个`, messageEn: `the username "${username}" is already taken; choose another` },
        ]);
      }
      return { user: await adminView(id), oneTimePassword: password };
    },

    /**
     * Changes an account's display name, role or org (security admin, ADR 0017), checked against `version` (stale →
     * 409). A new role or org follows the same rules as creation; one's own role and org cannot be changed here. When
     * the role or org changes, every session of the user ends so the new rights apply at once.
     */
    async updateAccount(principal: Principal, actor: AuditActor, id: string, o: { version: number; displayName?: string; role?: string; orgId?: string }) {
      await requireUserInScope(principal, actor, id, 'user_update');
      const current = (await this.findById(id))!;
      const displayName = o.displayName?.trim();
      const roleChanged = o.role !== undefined && o.role !== current.role;
      const orgChanged = o.orgId !== undefined && o.orgId !== current.orgId;
      if ((roleChanged || orgChanged) && id === principal.id) {
        await refuseSelf(actor, id, 'user_update', 'cannot_change_self', roleChanged ? 'role' : 'orgId', '不能修改自己的岗位或单位', 'You cannot change your own role or organisation');
      }
      let newOrg: Org | null = null;
      if (roleChanged || orgChanged) {
        if (!isAssignableRole(current.role)) {
          throw errors.field('role', 'role_not_assignable', '居民账号随居民档案管理，不能在这里改岗位或单位', 'resident accounts follow their resident record; their role and organisation cannot be changed here');
        }
        const role = assignableRole(o.role ?? current.role);
        newOrg = await requireOrgInScope(principal, actor, o.orgId ?? current.orgId, 'user_update', 'user', id);
        checkRoleFitsOrg(role, newOrg);
      }
      if (o.version !== current.version) {
        throw errors.stale(current.version);
      }
      const set: Record<string, unknown> = {};
      const fields: string[] = [];
      if (displayName !== undefined && displayName !== current.displayName) { set.display_name = displayName; fields.push('displayName'); }
      if (roleChanged) { set.role = o.role; fields.push('role'); }
      if (orgChanged) { set.org_id = o.orgId; fields.push('org'); }
      if (fields.length === 0) return adminView(id);
      const oldOrg = orgChanged ? await orgs.get(current.orgId) : null;
      const reason = [
        roleChanged ? `role=${current.role}->${o.role}` : null,
        orgChanged ? `org=${oldOrg?.code ?? current.orgId}->${newOrg!.code}` : null,
      ].filter(Boolean).join('; ') || null;
      const privileged = roleChanged && (PRIVILEGED_ROLES.includes(o.role as Role) || PRIVILEGED_ROLES.includes(current.role));
      const done = await writes.run(async (trx) => {
        const res = await trx.updateTable('users').set({ ...set, updated_at: codec.ts(clock.now()) }).set((eb) => ({ version: eb('version', '+', 1) }))
          .where('id', '=', id).where('version', '=', o.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await audit.append(trx, actor, { action: 'user_update', objectType: 'user', objectId: id, fields, reason, outcome: 'success', severity: privileged || (orgChanged && PRIVILEGED_ROLES.includes(current.role)) ? 'high' : 'normal' });
        return true;
      });
      if (!done) throw errors.stale();
      if (roleChanged || orgChanged) await endSessionsOf(id);
      else cache?.invalidateUser(id); // the display name is part of the cached principal
      return adminView(id);
    },

    /**
     * Resets a forgotten password (security admin, ADR 0017): a new one-time password, returned once, that the user must
     * change at the next login; their sessions end and a login lock-out on the account is lifted. Audited at high
     * severity with the reason. Not for one's own account (409): that is the change-password page.
     */
    async resetPassword(principal: Principal, actor: AuditActor, id: string, reason: string) {
      await requireUserInScope(principal, actor, id, 'password_reset', reason);
      if (id === principal.id) {
        await refuseSelf(actor, id, 'password_reset', 'cannot_reset_self', 'id', '不能在这里重置自己的密码，请使用“修改密码”', 'You cannot reset your own password here; use Change password');
      }
      const user = (await this.findById(id))!;
      const password = oneTimePassword(user.username);
      const hash = await hashPassword(password);
      const now = codec.ts(clock.now());
      await writes.run(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, must_change_password: codec.bool(true), password_changed_at: now, updated_at: now })
          .set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).execute();
        await trx.deleteFrom('login_throttle').where('key', '=', throttleKey(user.username)).execute();
        await audit.append(trx, actor, { action: 'password_reset', objectType: 'user', objectId: id, fields: ['password'], reason, outcome: 'success', severity: 'high' });
      });
      await endSessionsOf(id);
      return { user: await adminView(id), oneTimePassword: password };
    },

    /**
     * Orgs a security admin may put accounts in: their own and everything below it, each with a label naming the path
     * from the caller's org down (e.g. "A社区 / 第二网格"), optionally of one level; and the levels each role fits.
     */
    async accountOrgs(principal: Principal, level?: Org['level']) {
      const all = await orgs.within(principal.orgPath);
      const byId = new Map(all.map((o) => [o.id, o]));
      const label = (o: Org) => {
        const names = [o.name];
        let parent = o.parentId ? byId.get(o.parentId) : undefined;
        // Up to the community: grids share names across communities ("第一网格"), higher levels are unique enough.
        while (parent && names.length < 3 && parent.level !== 'street' && parent.level !== 'district' && parent.level !== 'city') {
          names.unshift(parent.name);
          parent = parent.parentId ? byId.get(parent.parentId) : undefined;
        }
        return names.join(' / ');
      };
      const items = all.filter((o) => !level || o.level === level).map((o) => ({ id: o.id, name: o.name, code: o.code, level: o.level, label: label(o) }));
      const roleLevels: Record<string, string[]> = Object.fromEntries(Object.entries(ROLE_ORG_LEVELS).map(([r, l]) => [r, [...(l ?? [])]]));
      return { items, roleLevels };
    },

    /**
     * Accounts for the security admin's page: the caller's org and everything below it, newest first, filtered by a
     * username or display-name prefix and by role. No password hashes or second-factor secrets, only whether one is
     * set up. The read is audited.
     */
    async listUsers(principal: Principal, q: { page: number; pageSize: number; q?: string; role?: Role }, actor: AuditActor) {
      let base = db.selectFrom('users as u').innerJoin('orgs as o', 'o.id', 'u.org_id').where('o.path', 'like', `${principal.orgPath}%`);
      const term = q.q?.trim();
      if (term) {
        const esc = (v: string) => v.replace(/[!%_]/g, (c) => `!${c}`);
        const namePattern = `${esc(term)}%`;
        const userPattern = `${esc(term.toLowerCase())}%`;
        base = base.where((eb) => eb.or([
          sql<boolean>`${eb.ref('u.username')} like ${userPattern} escape '!'`,
          sql<boolean>`${eb.ref('u.display_name')} like ${namePattern} escape '!'`,
        ]));
      }
      if (q.role) base = base.where('u.role', '=', q.role);
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.status', 'u.mfa_secret_enc', 'u.must_change_password', 'u.version', 'u.created_at', 'o.id as org_id', 'o.name as org_name', 'o.level as org_level'])
        .orderBy('u.created_at', 'desc').orderBy('u.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      const counts = await liveSessionCounts(rows.map((r) => r.id as string));
      const items = rows.map((r) => ({ ...adminItem(r), activeSessions: counts.get(r.id as string) ?? 0 }));
      await audit.record(actor, { action: 'list', objectType: 'user', outcome: 'success', count: items.length, fields: ['username', 'displayName', 'role', 'org', 'status', 'mfaEnrolled', 'mustChangePassword', 'activeSessions'] });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    /**
     * 登录设备: the caller's live sessions, most recently active first — an opaque handle, the device label and masked
     * network (null for sessions from before ADR 0026), when signed in and last active, and which is this one. Audited.
     */
    async mySessions(principal: Principal, actor: AuditActor) {
      const current = requireSessionUser(principal);
      const list = (await liveSessionsOf(principal.id)).sort((a, b) => Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) || (a.id < b.id ? -1 : 1));
      await audit.record(actor, { action: 'list', objectType: 'session', objectId: principal.id, outcome: 'success', count: list.length, fields: ['deviceLabel', 'ipNetwork'] });
      return {
        items: list.map((s) => ({
          id: sessionHandle(s.id), deviceLabel: s.deviceLabel, ipNetwork: s.ipNetwork, signedInAt: s.createdAt, lastActiveAt: s.lastSeenAt, current: s.id === current,
        })),
      };
    },

    /**
     * Ends one of the caller's other sessions (a lost phone) at once. A handle that is not one of the caller's live
     * sessions answers 404 (audited as denied); the current session is refused (409: that is 退出登录). The audit row is
     * written first: if it cannot be, nothing is ended.
     */
    async endMySession(principal: Principal, actor: AuditActor, handle: string) {
      const current = requireSessionUser(principal);
      const target = (await liveSessionsOf(principal.id)).find((s) => sessionHandle(s.id) === handle);
      if (!target) {
        return denyAudited(audit, actor, { action: 'session_end', objectType: 'session', objectId: null, reason: 'not_found' }, new AppError(404, 'not_found', '该登录设备不存在或已退出', 'Signed-in device not found or already signed out', [
          { path: 'id', code: 'not_found', message: '该登录设备不存在或已退出', messageEn: 'no such signed-in device of yours' },
        ]));
      }
      if (target.id === current) {
        throw errors.conflict('current_session', '这是您正在使用的设备，请用“退出登录”', 'This is the device you are using; use Log out', [
          { path: 'id', code: 'current', message: '这是您正在使用的设备，请用“退出登录”', messageEn: 'this is the device you are using; use Log out' },
        ]);
      }
      await audit.record(actor, { action: 'session_end', objectType: 'session', objectId: target.id.slice(0, 16), outcome: 'success' });
      await endSession(target.id);
    },

    /** Ends every session of the caller except this one, at once; answers how many ended. Audited (written first). */
    async endMyOtherSessions(principal: Principal, actor: AuditActor) {
      const current = requireSessionUser(principal);
      const others = (await liveSessionsOf(principal.id)).filter((s) => s.id !== current).length;
      await audit.record(actor, { action: 'session_end_others', objectType: 'user', objectId: principal.id, count: others, outcome: 'success' });
      cache?.invalidateUser(principal.id);
      await sessions.deleteForUser(principal.id, current);
      cache?.invalidateUser(principal.id); // a lookup that raced the delete must not linger
      return { ended: others };
    },

    /**
     * Security admin: signs a user out on every device without disabling the account (lost phone; ADR 0026). Same
     * permission, second factor and scope rules as disable (ADR 0013): out of scope or unknown → 404 audited as denied,
     * one's own account → 409. Audited at high severity with the reason (written first), then every session ends.
     */
    async endAllSessions(principal: Principal, actor: AuditActor, id: string, reason: string) {
      await requireUserInScope(principal, actor, id, 'sessions_end_all', reason);
      if (id === principal.id) {
        await refuseSelf(actor, id, 'sessions_end_all', 'cannot_sign_out_self', 'id', '不能在这里让自己全部下线，请在“登录设备”中退出其他设备', 'You cannot sign yourself out everywhere here; use Signed-in devices');
      }
      const count = (await liveSessionsOf(id)).length;
      await audit.record(actor, { action: 'sessions_end_all', objectType: 'user', objectId: id, reason, count, outcome: 'success', severity: 'high' });
      await endSessionsOf(id);
      return { ended: count };
    },

    /** The public shape of the current user (GET /api/auth/me). */
    /** The public shape of the current user, with the chain of orgs above theirs (city → … → own org). */
    async me(p: Principal) {
      const codes = p.orgPath.split('/').filter(Boolean);
      const chain = [];
      for (const code of codes) {
        const o = await orgs.byCode(code);
        if (o) chain.push({ id: o.id, level: o.level, name: o.name, code: o.code });
      }
      return {
        id: p.id, username: p.username, displayName: p.displayName, role: p.role,
        org: { id: p.orgId, level: p.orgLevel, name: p.orgName, code: p.orgCode }, orgChain: chain, permissions: [...p.permissions].sort(),
        mfa: { enrolled: p.mfaEnrolled, verified: p.mfaAt !== null },
        /** Only who-am-I, change password and log out work until the user has set their own password (ADR 0017). */
        mustChangePassword: p.mustChangePassword === true,
        /**
         * The idle timeout: the web app signs out a tab nobody has touched for this long, even while its background
         * polls (notification bell) keep the server session alive.
         */
        sessionIdleMinutes: config.sessionIdleMinutes,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
