// Shapes of the server API (packages/server implements the same contract).

export type OrgLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export type Role =
  | 'district_staff'
  | 'street_staff'
  | 'community_admin'
  | 'grid_worker'
  | 'doctor'
  | 'collector'
  | 'volunteer'
  | 'resident'
  | 'device'
  | 'auditor'
  | 'security_admin'
  | 'system_admin';

export type Me = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  org: { id: string; level: OrgLevel; name: string; code: string };
  permissions: string[];
  /** Second factor: set up for this user, and passed in this session. */
  mfa?: { enrolled: boolean; verified: boolean };
  /** Logged in with a one-time password from a security admin: only changing the password works until it is done (ADR 0017). */
  mustChangePassword?: boolean;
  /** The session's idle timeout in minutes: the app signs out a tab nobody has used for this long. */
  sessionIdleMinutes?: number;
};

/** csrfToken is null only for API-token principals, never for a browser session. */
export type Session = { user: Me; csrfToken: string | null };

export type ErrorDetail = { path: string; code: string; message: string; messageEn: string };

export type ErrorEnvelope = {
  error: { code: string; message: string; messageEn: string; details?: ErrorDetail[] };
  requestId?: string;
};

export type AuditOutcome = 'success' | 'denied' | 'error';

export type AuditRow = {
  id: number;
  ts: string;
  actorId: string | null;
  actorRole: string | null;
  actorOrg: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  fields: string[];
  purpose: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  ip: string | null;
  count: number | null;
  prevHash: string;
  hash: string;
  // Also sent by the server (not in the original contract); shown in the detail drawer when present.
  sessionId?: string | null;
  subjectId?: string | null;
  severity?: string | null;
  userAgentHash?: string | null;
  /** How many residents the answer of this row showed (list, search, household; ADR 0046); 0 when none. List only. */
  disclosed?: number;
  /** The staff actor's username (list only); null for system, token and anonymous rows. */
  actorName?: string | null;
  /** The name of the actor's unit (list only); null without a unit or for one deleted since. */
  actorOrgName?: string | null;
};

/** The resident record ids one audit row names (ADR 0046), a page of them. Ids only: the auditor reads no residents. */
export type AuditDisclosures = { auditId: number; residentIds: string[]; total: number; page: number; pageSize: number };

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export type AuditQuery = {
  from?: string;
  to?: string;
  actorId?: string;
  action?: string;
  objectType?: string;
  outcome?: AuditOutcome;
  page: number;
  pageSize: number;
};

export type AuditVerify = {
  ok: boolean; checked: number; firstBrokenId: number | null; reason?: string | null;
  /** After a purge (ADR 0030): the newest checkpoint the check started from, how many checkpoints were checked, the first broken one. */
  checkpoint?: { seq: number; throughId: number; throughHash: string; createdAt: string } | null;
  checkpoints?: number;
  brokenCheckpoint?: number | null;
};

/** A purge checkpoint of the audit log (ADR 0030): ids, counts, times and hashes only. */
export type AuditCheckpoint = {
  seq: number; throughId: number; throughHash: string; rowsPurged: number; oldestTs: string; newestTs: string; createdAt: string;
  actor: string | null; installation: string; prevHash: string; hash: string;
};

/** The external anchor of the audit chain (ADR 0025): ids, hashes and times only. */
export type AuditAnchor = { format: string; id: number; hash: string; ts: string; takenAt: string; rows: number; installation: string };

export type AuditAnchorCheck = {
  ok: boolean;
  /** `purged` (ok: true): the anchored entry was removed by the audit purge — the anchor predates it (ADR 0030). */
  check: 'installation' | 'row' | 'hash' | 'chain' | 'purged' | null;
  rowId: number | null;
  reason: string | null;
  checked: number;
  anchor: { id: number; hash: string; installation: string; ts?: string | null };
  storedHash: string | null;
  /** The purge checkpoint the check went through (the one that removed the anchored entry), if any. */
  checkpoint?: { seq: number; throughId: number } | null;
};
