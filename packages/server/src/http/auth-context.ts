import type { FastifyRequest } from 'fastify';
import type { Permission } from '../modules/auth/roles';
import type { AuditActor } from '../modules/audit/audit.service';
import { sha256 } from '../platform/ids';

/** The authenticated principal behind a request. */
export type Principal = {
  kind: 'user' | 'token';
  id: string;
  username: string;
  displayName: string;
  role: string;
  orgId: string;
  orgPath: string;
  orgLevel: string;
  orgName: string;
  orgCode: string;
  permissions: ReadonlySet<Permission>;
  sessionId: string | null;
  csrfToken: string | null;
  /** The user has a second factor (TOTP) set up. */
  mfaEnrolled: boolean;
  /** When this session passed the second factor; null if it has not (always null for API tokens). */
  mfaAt: string | null;
  /**
   * When the user last re-entered the password in this session (POST /api/auth/step-up, ADR 0034); absent or null if
   * never (always for API tokens). Opening a new resident over the browsing threshold needs one younger than the window.
   */
  stepUpAt?: string | null;
  /**
   * The user must set their own password first (a one-time password from a security admin, ADR 0017): every route
   * answers 403 password_change_required except those flagged `config.duringPasswordChange`. Absent for API tokens.
   */
  mustChangePassword?: boolean;
};

/**
 * What a route requires: a permission, any one of several permissions (a route that answers each holder what that
 * permission allows, e.g. the self-report coverage: exact counts for `self-report:read`, suppressed ones for the
 * count-only `self-report:coverage`), any authenticated principal, or nothing.
 */
export type RouteAccess = Permission | readonly [Permission, ...Permission[]] | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** `required`: mutating call must carry Idempotency-Key (offline clients, devices). */
    idempotency?: 'required' | 'optional';
    /** The session must have passed the second factor (privileged actions, SECURITY.md §7 G34); 401 mfa_required otherwise. */
    mfa?: boolean;
    /**
     * The route stays open to a session that must change its password first (ADR 0017): only who am I, change password
     * and log out. Every other authenticated route answers 403 password_change_required to such a session.
     */
    duringPasswordChange?: boolean;
    /** `false`: a public route outside the per-address public rate limit (ADR 0036; login has its own throttle). */
    publicRateLimit?: boolean;
  }
}

/** Audit actor fields for a request. */
export function actorOf(req: FastifyRequest): AuditActor {
  const p = req.principal;
  const ua = req.headers['user-agent'];
  return {
    actorId: p?.id ?? null,
    actorRole: p?.role ?? null,
    actorOrg: p?.orgId ?? null,
    sessionId: p?.sessionId ?? null,
    ip: req.ip ?? null,
    userAgentHash: ua ? sha256(ua).slice(0, 16) : null,
    requestId: req.id,
  };
}

/** The principal, or a 401 if the route forgot to require authentication. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw Object.assign(new Error('unauthenticated'), { statusCode: 401 });
  return req.principal;
}
