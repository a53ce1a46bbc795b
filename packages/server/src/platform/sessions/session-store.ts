/** A server-side session. `id` is the SHA-256 of the cookie token; the token itself is never stored. */
export type Session = {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgentHash: string | null;
  /** When this session passed a second factor (TOTP); null until then. */
  mfaAt: string | null;
};

/** Port for session storage: the database by default, Redis when REDIS_URL is set. */
export interface SessionStore {
  readonly kind: 'sql' | 'redis';
  create(s: Session): Promise<void>;
  get(id: string): Promise<Session | null>;
  /** Records activity (sliding idle timeout). */
  touch(id: string, at: string): Promise<void>;
  /** Records that the session passed the second factor. */
  markMfa(id: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  close(): Promise<void>;
}
