// A resident's change history (变更记录, ADR 0041): the registry's answer to GET /api/residents/:id/history, read by
// the profile page. Changes only (who changed what, when, why) — reads of the record are the resident's own access
// log and the auditor's business. No values: field names, never old or new values.

/** Audited actions on a resident that change the record or its standing, shown in the history. */
export const RESIDENT_HISTORY_ACTIONS = [
  'create', 'update', 'move', 'status', 'restrict', 'unrestrict', 'consent_record', 'consent_withdraw', 'set_head',
] as const;
export type ResidentHistoryAction = (typeof RESIDENT_HISTORY_ACTIONS)[number];

export type ResidentHistoryEntry = {
  at: string;
  action: ResidentHistoryAction;
  /** API field names the change touched (e.g. `phone`, `tags`), never their values. */
  fields: string[];
  /** The reason recorded with the change (a status change, a move, a restriction), as typed by staff. */
  reason: string | null;
  /** Who made it: a staff account (display name, role, organisation) or the system (seed, command line, import). */
  by: { kind: 'user'; displayName: string; role: string; organisation: string | null } | { kind: 'system' };
};

export type ResidentHistory = {
  /** When the record was created and last changed (from the record itself: kept longer than the audit rows). */
  createdAt: string;
  updatedAt: string;
  version: number;
  /** A restricted record shows no history without a break-the-glass grant (its changes name reasons). */
  restricted: boolean;
  items: ResidentHistoryEntry[];
  total: number;
  page: number;
  pageSize: number;
};
