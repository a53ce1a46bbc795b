import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service';
import type { AuditService } from '../modules/audit/audit.service';
import type { Permission } from '../modules/auth/roles';
import { actorOf, type RouteAccess } from './auth-context';
import { AppError, errors } from './errors';

/** One row of the route inventory (used by the deny-by-default test and the docs). */
export type RouteEntry = { method: string; url: string; access: RouteAccess | undefined; duringPasswordChange?: boolean };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a principal holding `has` passes a route's permission requirement: the permission, or any one of a list.
 * `public` and `authenticated` are not permission requirements (the caller checks them first); false for them.
 */
export function accessAllows(access: RouteAccess, has: (p: Permission) => boolean): boolean {
  if (access === 'public' || access === 'authenticated') return false;
  return typeof access === 'string' ? has(access) : access.some(has);
}

export function sessionCookieName(secure: boolean) {
  return secure ? '__Host-rx_sid' : 'rx_sid';
}

/**
 * Deny by default: every route must declare `config.access`. The onRequest hook resolves the principal (session
 * cookie or bearer token), enforces CSRF on cookie-authenticated writes, and checks the route's permission before
 * the body is even parsed. Routes without an access entry answer 403 (and the inventory test fails).
 */
export function installAccessControl(
  app: FastifyInstance,
  deps: { auth: AuthService; audit: AuditService; cookieSecure: boolean; publicPrefixes: string[] },
): RouteEntry[] {
  const inventory: RouteEntry[] = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    let access = (r.config as { access?: RouteAccess } | undefined)?.access;
    if (!access && deps.publicPrefixes.some((p) => r.url === p || r.url.startsWith(`${p}/`))) {
      // Plugin-registered routes (the interactive docs) are public by explicit allow-list; the web app's one route
      // declares its own access (http/web-shell.ts).
      r.config = { ...(r.config ?? {}), access: 'public' };
      access = 'public';
    }
    const during = (r.config as { duringPasswordChange?: boolean } | undefined)?.duringPasswordChange === true;
    for (const m of methods) if (m !== 'HEAD') inventory.push({ method: String(m), url: r.url, access, ...(during ? { duringPasswordChange: true } : {}) });
  });
  const cookieName = sessionCookieName(deps.cookieSecure);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const access = req.routeOptions.config?.access;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      req.principal = await deps.auth.authenticateToken(authz.slice(7).trim());
      if (!req.principal && access !== 'public') throw errors.unauthorized();
    } else {
      const token = req.cookies?.[cookieName];
      if (token) req.principal = await deps.auth.authenticateSession(token);
      if (req.principal && !SAFE.has(req.method) && access !== 'public') {
        const origin = req.headers.origin;
        const host = req.headers.host;
        if (origin && host && new URL(origin).host !== host) {
          throw new AppError(403, 'csrf_origin', '请求来源不被允许', 'Cross-origin request refused');
        }
        if (req.headers['x-csrf-token'] !== req.principal.csrfToken) {
          throw new AppError(403, 'csrf_token', '安全令牌缺失或无效，请刷新页面后重试', 'Missing or invalid CSRF token; reload the page');
        }
      }
    }
    if (!req.routeOptions.url) return; // 404 handler
    if (access === 'public') return;
    if (!access) throw errors.forbidden();
    if (!req.principal) {
      reply.header('www-authenticate', 'Session');
      throw errors.unauthorized();
    }
    if (req.principal.mustChangePassword && !req.routeOptions.config?.duringPasswordChange) {
      // A one-time password from a security admin (ADR 0017): nothing but setting one's own password until it is done.
      throw new AppError(403, 'password_change_required', '请先设置您自己的密码', 'Set your own password first', [
        { path: 'password', code: 'password_change_required', message: '您正在使用管理员发放的一次性密码，请先修改密码', messageEn: 'you are using a one-time password from an administrator; change it first' },
      ]);
    }
    if (access !== 'authenticated' && !accessAllows(access, (p) => req.principal!.permissions.has(p))) {
      await deps.audit.record(actorOf(req), { action: 'access_denied', objectType: 'route', objectId: `${req.method} ${req.routeOptions.url}`, outcome: 'denied' });
      throw errors.forbidden();
    }
    if (req.routeOptions.config?.mfa && !req.principal.mfaAt) {
      // Privileged action: the session must have passed the second factor. `details[0].code` tells the client whether
      // to set one up first (enroll) or just to enter a code (verify).
      const enrolled = req.principal.mfaEnrolled;
      throw new AppError(401, 'mfa_required', enrolled ? '此操作需要动态验证码，请输入身份验证器上的 6 位数字' : '此操作需要先绑定身份验证器（动态验证码）',
        enrolled ? 'This action needs your authenticator code' : 'This action needs a second factor: set up an authenticator first', [
          { path: 'mfa', code: enrolled ? 'verify' : 'enroll', message: enrolled ? '请输入验证码' : '请先绑定身份验证器', messageEn: enrolled ? 'enter your code' : 'set up an authenticator' },
        ]);
    }
  });
  return inventory;
}
