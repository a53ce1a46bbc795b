/** A server-side session. `id` is the SHA-256 of the cookie token; the token itself is never stored. */
export type Session = {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgentHash: string | null;
  /** When this session passed a second factor (TOTP); null until then. */
  mfaAt: string | null;
  /** When the user last re-entered the password in this session (step-up, ADR 0034); absent or null until then. */
  stepUpAt?: string | null;
  /** Coarse device label for the 登录设备 list ("Chrome 131 · Android"); never the raw User-Agent (ADR 0026). */
  deviceLabel: string | null;
  /** The client address at login cut to its network part (a.b.*.*, first three IPv6 groups); never the full address. */
  ipNetwork: string | null;
};

/** Port for session storage: the database by default, Redis when REDIS_URL is set. */
export interface SessionStore {
  readonly kind: 'sql' | 'redis';
  create(s: Session): Promise<void>;
  get(id: string): Promise<Session | null>;
  /** The stored sessions of these users (any age: the caller applies the timeouts). */
  listForUsers(userIds: readonly string[]): Promise<Session[]>;
  /** Records activity (sliding idle timeout). */
  touch(id: string, at: string): Promise<void>;
  /** Records that the session passed the second factor. */
  markMfa(id: string, at: string): Promise<void>;
  /** Records that the user re-entered the password in this session (step-up, ADR 0034). */
  markStepUp(id: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session of the user, except `keep` when given (sign out all other devices). */
  deleteForUser(userId: string, keep?: string): Promise<void>;
  close(): Promise<void>;
}
