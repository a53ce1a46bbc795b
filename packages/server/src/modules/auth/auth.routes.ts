import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { sessionCookieName } from '../../http/access';
import type { AuthService } from './auth.service';
import { PERMISSIONS, ROLES } from './roles';

const Me = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), role: z.string(),
  org: z.object({ id: z.string(), level: z.string(), name: z.string(), code: z.string() }),
  orgChain: z.array(z.object({ id: z.string(), level: z.string(), name: z.string(), code: z.string() })), permissions: z.array(z.string()),
  /** Second factor: set up for this user, and passed in this session. */
  mfa: z.object({ enrolled: z.boolean(), verified: z.boolean() }),
  /** The user must set their own password before anything else works (one-time password from a security admin, ADR 0017). */
  mustChangePassword: z.boolean(),
  /** Minutes without use after which the session ends; the web app also signs out an untouched tab after it. */
  sessionIdleMinutes: z.number(),
});

/** POST /api/auth/login, GET /api/auth/me, GET /api/auth/session, POST /api/auth/logout, POST /api/auth/password, API tokens. */
export function registerAuthRoutes(app: FastifyInstance, deps: { auth: AuthService; cookieSecure: boolean; sessionMaxHours: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookie = sessionCookieName(deps.cookieSecure);
  const cookieOpts = { path: '/', httpOnly: true, secure: deps.cookieSecure, sameSite: 'strict' as const, maxAge: deps.sessionMaxHours * 3600 };

  r.post('/api/auth/login', {
    // Not under the per-address public limit (ADR 0036): the account throttle and lock-out protect it.
    config: { access: 'public', publicRateLimit: false },
    schema: {
      tags: ['auth'], summary: 'Password login; sets the HttpOnly session cookie',
      body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      response: { 200: z.object({ user: Me, csrfToken: z.string() }) },
    },
  }, async (req, reply) => {
    const { token, session, principal } = await deps.auth.login(req.body.username, req.body.password, actorOf(req), { userAgent: req.headers['user-agent'] ?? null });
    reply.setCookie(cookie, token, cookieOpts);
    return { user: await deps.auth.me(principal), csrfToken: session.csrfToken };
  });

  r.get('/api/auth/me', {
    config: { access: 'authenticated', duringPasswordChange: true },
    schema: { tags: ['auth'], summary: 'The current user', response: { 200: z.object({ user: Me, csrfToken: z.string().nullable() }) } },
  }, async (req) => {
    const p = principalOf(req);
    return { user: await deps.auth.me(p), csrfToken: p.csrfToken };
  });

  // The web app's first question on every load, signed in or not: 200 with `user: null` for a visitor, so an anonymous
  // page (login, the transparency report) does not log a failed request in the browser's console (ADR 0065 addendum).
  // What it answers a signed-in caller is what /api/auth/me answers (also during a password change).
  r.get('/api/auth/session', {
    config: { access: 'public', publicRateLimit: false },
    schema: {
      tags: ['auth'], summary: 'The current session, or user null when not signed in (never 401)',
      response: { 200: z.object({ user: Me.nullable(), csrfToken: z.string().nullable() }) },
    },
  }, async (req) => {
    const p = req.principal;
    return p ? { user: await deps.auth.me(p), csrfToken: p.csrfToken } : { user: null, csrfToken: null };
  });

  r.post('/api/auth/logout', {
    config: { access: 'authenticated', duringPasswordChange: true },
    schema: { tags: ['auth'], summary: 'Ends the session server-side' },
  }, async (req, reply) => {
    await deps.auth.logout(principalOf(req), actorOf(req));
    reply.clearCookie(cookie, { path: '/' });
    return reply.status(204).send();
  });

  r.post('/api/auth/password', {
    config: { access: 'authenticated', duringPasswordChange: true },
    schema: {
      tags: ['auth'], summary: 'Change own password (ends all sessions of the user)',
      body: z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
    },
  }, async (req, reply) => {
    await deps.auth.changePassword(principalOf(req), req.body.currentPassword, req.body.newPassword, actorOf(req));
    reply.clearCookie(cookie, { path: '/' });
    return reply.status(204).send();
  });

  // 登录设备 (ADR 0026): the caller's own sessions. `id` is an opaque handle, never the cookie token or the stored id.
  const MySession = z.object({
    id: z.string(), deviceLabel: z.string().nullable(), ipNetwork: z.string().nullable(), signedInAt: z.string(), lastActiveAt: z.string(), current: z.boolean(),
  });
  const Ended = z.object({ ended: z.number() });

  r.get('/api/auth/sessions', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'], summary: 'My signed-in devices: device label, masked network, signed in at, last active, which one is this one',
      response: { 200: z.object({ items: z.array(MySession) }) },
    },
  }, async (req) => deps.auth.mySessions(principalOf(req), actorOf(req)));

  r.post('/api/auth/sessions/end-others', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Sign out all my other devices (this session stays)', response: { 200: Ended } },
  }, async (req) => deps.auth.endMyOtherSessions(principalOf(req), actorOf(req)));

  r.post('/api/auth/sessions/:id/end', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'], summary: "Sign out one of my other devices at once (someone else's or unknown: 404; this one: 409, use logout)",
      params: z.strictObject({ id: z.string().min(1).max(64) }),
    },
  }, async (req, reply) => {
    await deps.auth.endMySession(principalOf(req), actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  const Code = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, '6 digits') });
  const MfaState = z.object({ enrolled: z.boolean(), verified: z.boolean() });

  r.post('/api/auth/mfa/setup', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'], summary: 'Second factor: start setting up an authenticator app (returns the secret and an otpauth:// URI for a QR code)',
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) },
    },
  }, async (req) => deps.auth.mfaSetup(principalOf(req), actorOf(req)));

  r.post('/api/auth/mfa/enable', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Second factor: confirm the set-up with the first code; this session counts as verified', body: Code, response: { 200: MfaState } },
  }, async (req) => deps.auth.mfaEnable(principalOf(req), actorOf(req), req.body.code));

  r.post('/api/auth/mfa/verify', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Second factor: enter the current code; privileged actions are then allowed in this session', body: Code, response: { 200: MfaState } },
  }, async (req) => deps.auth.mfaVerify(principalOf(req), actorOf(req), req.body.code));

  r.post('/api/auth/step-up', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['auth'],
      summary: 'Step-up: re-enter the password in this session (asked after opening many residents\' records in a short time; ADR 0034). Wrong password 401, throttled like login (429)',
      body: z.strictObject({ password: z.string().min(1).max(256) }),
      response: { 200: z.object({ steppedUpAt: z.string(), validUntil: z.string() }) },
    },
  }, async (req) => deps.auth.stepUp(principalOf(req), actorOf(req), req.body.password));

  const AdminUser = z.object({
    id: z.string(), username: z.string(), displayName: z.string(), role: z.string(),
    org: z.object({ id: z.string(), name: z.string(), level: z.string() }),
    status: z.enum(['active', 'disabled']), mfaEnrolled: z.boolean(), mustChangePassword: z.boolean(), version: z.number(), createdAt: z.string(),
    /** Live sessions (signed-in devices) of the account; in the list only (ADR 0026). */
    activeSessions: z.number().optional(),
  });

  r.get('/api/admin/users', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'], summary: "Accounts in the caller's org and below (no password hashes or secrets; only whether a second factor is set up)",
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
        q: z.string().trim().max(64).optional(), role: z.enum(ROLES).optional(),
      }),
      response: { 200: z.object({ items: z.array(AdminUser), total: z.number(), page: z.number(), pageSize: z.number() }) },
    },
  }, async (req) => deps.auth.listUsers(principalOf(req), req.query, actorOf(req)));

  r.post('/api/admin/users/:id/mfa-reset', {
    config: { access: 'user:manage', mfa: true },
    schema: { tags: ['admin'], summary: "Remove a user's second factor (lost phone); their sessions end", params: z.strictObject({ id: z.string().min(1).max(64) }) },
  }, async (req, reply) => {
    await deps.auth.mfaReset(principalOf(req), req.params.id, actorOf(req));
    return reply.status(204).send();
  });

  // Disable / re-enable an account (ADR 0013): same permission and second factor as the authenticator reset.
  const UserId = z.strictObject({ id: z.string().min(1).max(64) });
  const Reason = z.strictObject({ reason: z.string().trim().min(2).max(200) });

  r.post('/api/admin/users/:id/disable', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'],
      summary: "Disable an account (reason required; not one's own): login fails, every session ends at once, API tokens the user issued stop working; 409 if already disabled",
      params: UserId, body: Reason,
    },
  }, async (req, reply) => {
    await deps.auth.disableUser(principalOf(req), actorOf(req), req.params.id, req.body.reason);
    return reply.status(204).send();
  });

  r.post('/api/admin/users/:id/enable', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'], summary: 'Re-enable a disabled account (reason required): the user can log in again and their API tokens work again; 409 if already active',
      params: UserId, body: Reason,
    },
  }, async (req, reply) => {
    await deps.auth.enableUser(principalOf(req), actorOf(req), req.params.id, req.body.reason);
    return reply.status(204).send();
  });

  r.post('/api/admin/users/:id/sessions/end', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'],
      summary: "Sign a user out on every device without disabling the account (lost phone; reason required; not one's own; ADR 0026)",
      params: UserId, body: Reason, response: { 200: Ended },
    },
  }, async (req) => deps.auth.endAllSessions(principalOf(req), actorOf(req), req.params.id, req.body.reason));

  // Account administration (ADR 0017): create, change name / role / org, reset a forgotten password. Same permission
  // and second factor as disable / enable. The one-time password is in the response only, once.
  const OneTime = z.object({ user: AdminUser, oneTimePassword: z.string() });
  const Username = z.string().trim().min(1).max(64); // 3–32 of [a-z0-9._-] after lower-casing: checked by the service, naming `username`
  const DisplayName = z.string().trim().min(1).max(64);

  r.get('/api/admin/orgs', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'], summary: "Organisations an account can be put in (the caller's org and below, optionally one level) and the org levels each role fits",
      querystring: z.strictObject({ level: z.enum(['city', 'district', 'street', 'community', 'grid']).optional() }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), name: z.string(), code: z.string(), level: z.string(), label: z.string() })),
          roleLevels: z.record(z.string(), z.array(z.string())),
        }),
      },
    },
  }, async (req) => deps.auth.accountOrgs(principalOf(req), req.query.level));

  r.post('/api/admin/users', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'],
      summary: 'Create a staff account; answers the account and a one-time password (shown once, never stored in clear) that must be changed at first login',
      body: z.strictObject({ username: Username, displayName: DisplayName, role: z.enum(ROLES), orgId: z.string().min(1).max(64) }),
      response: { 201: OneTime },
    },
  }, async (req, reply) => reply.status(201).send(await deps.auth.createAccount(principalOf(req), actorOf(req), req.body)));

  r.post('/api/admin/users/:id/update', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'],
      summary: "Change an account's display name, role or organisation (version checked: 409 stale_version); a new role or organisation ends the user's sessions",
      params: UserId,
      body: z.strictObject({ version: z.number().int().min(1), displayName: DisplayName.optional(), role: z.enum(ROLES).optional(), orgId: z.string().min(1).max(64).optional() }),
      response: { 200: AdminUser },
    },
  }, async (req) => deps.auth.updateAccount(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/admin/users/:id/password-reset', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'],
      summary: 'Reset a forgotten password (reason required; not one\'s own): a new one-time password, shown once; the user\'s sessions end and they must change it at next login',
      params: UserId, body: Reason,
      response: { 200: OneTime },
    },
  }, async (req) => deps.auth.resetPassword(principalOf(req), actorOf(req), req.params.id, req.body.reason));

  r.get('/api/admin/api-tokens', {
    config: { access: 'user:manage' },
    schema: { tags: ['admin'], summary: "API tokens of orgs in the caller's scope (secrets are never shown again)" },
  }, async (req) => ({ items: await deps.auth.listApiTokens(principalOf(req)) }));

  r.post('/api/admin/api-tokens', {
    config: { access: 'user:manage', mfa: true },
    schema: {
      tags: ['admin'], summary: 'Issue an API token for a device or integration',
      body: z.strictObject({
        name: z.string().trim().min(1).max(80), role: z.enum(ROLES), orgId: z.string().min(1).max(64), scopes: z.array(z.enum(PERMISSIONS)).min(1),
        expiresAt: z.iso.datetime().nullable().optional(),
      }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const out = await deps.auth.createApiToken(p, { ...req.body, createdBy: p.id }, actorOf(req));
    return reply.status(201).send(out);
  });

  r.delete('/api/admin/api-tokens/:id', {
    config: { access: 'user:manage', mfa: true },
    schema: { tags: ['admin'], summary: 'Revoke an API token', params: z.object({ id: z.string().min(1).max(64) }) },
  }, async (req, reply) => {
    await deps.auth.revokeApiToken(principalOf(req), req.params.id, actorOf(req));
    return reply.status(204).send();
  });
}
