// Response shape of the breach impact query (影响评估, PIPL Art. 57, ADR 0031): GET /api/admin/impact
// (packages/server/src/modules/impact/impact.routes.ts), in one place for the server and the web app — the same
// arrangement as contracts/warnings.ts: the server's service is typed against it and its test parses live answers with
// it (strict: a field added or dropped on either side fails); not attached to the route as a response schema. The web
// app imports the inferred types only (`import type`), so no zod code reaches its bundle.
import { z } from 'zod';

/**
 * Data classes of an answer, derived on the server from the field registry (class and mask rule of each column):
 * identity = ID number, contact = phone, name, address, sensitive / special = the registry's sensitive and special
 * classes (health data, care tags …), other = any other personal column.
 */
export const IMPACT_CLASSES = ['identity', 'contact', 'name', 'address', 'sensitive', 'special', 'other'] as const;
export type ImpactClass = (typeof IMPACT_CLASSES)[number];

/** What was done with the data: audit actions grouped (read, reveal, lookup/search, export download, change). */
export const IMPACT_ACTIONS = ['read', 'reveal', 'search', 'export', 'change', 'other'] as const;
export type ImpactAction = (typeof IMPACT_ACTIONS)[number];

const int = z.number().int();
const Label = z.strictObject({ zh: z.string(), en: z.string() });

/** One affected resident: record id, masked name and community only — never an ID or phone number. */
export const ImpactSubjectSchema = z.strictObject({
  residentId: z.string(),
  nameMasked: z.string(),
  community: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  classes: z.array(z.enum(IMPACT_CLASSES)),
  /** Of `classes`, those seen or handled in clear (a revealed phone, an approved plaintext column, a full name on a profile). */
  clearClasses: z.array(z.enum(IMPACT_CLASSES)),
  actions: z.array(z.enum(IMPACT_ACTIONS)),
  /** Audit rows plus downloaded exports naming this person. */
  events: int,
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
});
export type ImpactSubject = z.infer<typeof ImpactSubjectSchema>;

export const ImpactAnswerSchema = z.strictObject({
  kind: z.enum(['export', 'actor']),
  export: z.strictObject({
    id: z.string(),
    status: z.string(),
    /** The file was downloaded: the data left the system. */
    exposed: z.boolean(),
    requester: z.strictObject({ id: z.string(), username: z.string().nullable(), role: z.string() }),
    purpose: z.string(),
    columns: z.array(z.string()),
    unmasked: z.array(z.string()),
    rowCount: int,
    fileRows: int.nullable(),
    fileSha256: z.string().nullable(),
    createdAt: z.string(),
    downloadedAt: z.string().nullable(),
  }).nullable(),
  /**
   * Actor queries: the account (shape unchanged; `kind` absent or 'user'), or an API token of a device or integration
   * (`kind: 'token'`, id `token:<id>` as in its audit rows): its name, role, org, who issued it and when, expiry and
   * revocation — never its secret.
   */
  actor: z.union([
    z.strictObject({ kind: z.literal('user').optional(), id: z.string(), username: z.string(), role: z.string(), status: z.string() }),
    z.strictObject({
      kind: z.literal('token'), id: z.string(), name: z.string(), role: z.string(),
      org: z.strictObject({ id: z.string(), name: z.string() }),
      issuedBy: z.strictObject({ id: z.string(), username: z.string() }),
      issuedAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable(),
    }),
  ]).nullable(),
  window: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
  totals: z.strictObject({
    subjects: int,
    /** Affected residents outside the caller's area: counted, not listed. */
    outsideScope: int,
    byClass: z.array(z.strictObject({
      class: z.enum(IMPACT_CLASSES), label: Label, subjects: int, clearSubjects: int,
      /** The registry columns involved, with their everyday names (from the processing notice). */
      columns: z.array(z.strictObject({ column: z.string(), label: Label })),
    })),
    byAction: z.array(z.strictObject({ action: z.enum(IMPACT_ACTIONS), label: Label, subjects: int, events: int })),
    byCommunity: z.array(z.strictObject({ id: z.string().nullable(), name: z.string().nullable(), subjects: int })),
  }),
  /** The account's audit rows in the window that disclosed personal data without naming anyone (lists, searches …). */
  unattributed: z.array(z.strictObject({ action: z.string(), category: z.enum(IMPACT_ACTIONS), objectType: z.string().nullable(), events: int, records: int })),
  /** Field names in audit rows the server could not classify (counted as `other`). */
  unclassifiedFields: z.array(z.string()),
  /** Actor queries: how far back the audit log reaches; `complete` is false when the window starts before that. */
  coverage: z.strictObject({ oldestAuditAt: z.string().nullable(), complete: z.boolean() }).nullable(),
  items: z.array(ImpactSubjectSchema),
  page: int,
  pageSize: int,
  total: int,
});
export type ImpactAnswer = z.infer<typeof ImpactAnswerSchema>;
