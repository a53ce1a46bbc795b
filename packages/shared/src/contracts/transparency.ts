// The monthly transparency report (公开透明报告, SECURITY.md §7 test 69, ADR 0032): the public answer of
// GET /api/transparency/:month and the public area list GET /api/transparency/areas
// (packages/server/src/modules/transparency). The server attaches these schemas to its routes as response schemas,
// so nothing outside them can leave the server (strict objects: an extra property fails the response instead of
// leaking); the web app imports the inferred types only (`import type`), so no zod code reaches its bundle.
import { z } from 'zod';

/** How a count of 1–4 is shown (PRIV-01 small-cell suppression). */
export const SUPPRESSED_COUNT = '<5';

/** A count: 0, a number of at least 5, or "<5". */
export const TransparencyCountSchema = z.union([z.number().int().nonnegative(), z.literal(SUPPRESSED_COUNT)]);

/**
 * How a total of at least 5 is shown when publishing it would let a reader work out a "<5" part (or an unlisted rest
 * of 1–4) by subtraction: complementary suppression, ADR 0044. Only totals published next to their parts take it.
 */
export const WITHHELD_COUNT = 'withheld';

/** A total published next to its parts: 0, a number of at least 5, "<5", or "withheld" (ADR 0044). */
export const TransparencyTotalSchema = z.union([z.number().int().nonnegative(), z.literal(SUPPRESSED_COUNT), z.literal(WITHHELD_COUNT)]);

export const TRANSPARENCY_AREA_LEVELS = ['city', 'district', 'street', 'community'] as const;
export const STATUS_CHANGE_REASONS = ['moved_out', 'deceased', 'returned'] as const;
export const REVEAL_FIELDS = ['idNumber', 'phone'] as const;

const Count = TransparencyCountSchema;
const Total = TransparencyTotalSchema;
const Level = z.enum(TRANSPARENCY_AREA_LEVELS);
const Label = z.strictObject({ zh: z.string(), en: z.string() });

export const TransparencyAreaSchema = z.strictObject({ code: z.string(), name: z.string(), level: Level });

export const TransparencyReportSchema = z.strictObject({
  /** YYYY-MM. */
  month: z.string(),
  /** `partial`: the month has not ended yet (figures so far); `final`: a completed month. */
  status: z.enum(['partial', 'final']),
  /** The month in Shanghai calendar days (inclusive). */
  period: z.strictObject({ from: z.string(), to: z.string(), timeZone: z.literal('Asia/Shanghai') }),
  /** Figures up to this instant (the end of the month when final). */
  asOf: z.string(),
  /** The district, street or community; null for the whole installation. */
  area: TransparencyAreaSchema.nullable(),
  /** Counts from 1 to minCell − 1 are shown as "<5"; a total that would reveal one by subtraction as "withheld". */
  minCell: z.number().int(),
  exports: z.strictObject({
    /** Withheld when the requests not needing approval (not listed) are 1–4 (ADR 0044). */
    requested: Total,
    /** Requests that needed a second person's approval (large, unmasked or sensitive). */
    needingApproval: Count,
    approved: Count,
    rejected: Count,
    /** Withheld when the downloads without plaintext columns (not listed) are 1–4 (ADR 0044). */
    downloaded: Total,
    /** Residents' rows in the files downloaded this month. */
    rowsExported: Count,
    /** Downloads that carried approved plaintext (unmasked) columns. */
    downloadsWithPlaintext: Count,
  }),
  /** Reveals of a full ID or phone number, by field; the total is the sum, withheld when a field is "<5" (ADR 0044). */
  reveals: z.strictObject({ total: Total, byField: z.record(z.string(), Count) }),
  breakGlass: z.strictObject({ grants: Count }),
  restrictedRecords: z.strictObject({ restricted: Count, unrestricted: Count }),
  /** Residents' status changes by reason code (ADR 0016): moved_out, deceased, returned. */
  /** The total is the sum of the reasons, withheld when a reason is "<5" (ADR 0044). */
  statusChanges: z.strictObject({ total: Total, byReason: z.record(z.string(), Count) }),
  /**
   * `resolved` = applied + rejected, withheld when either is "<5" (ADR 0044). `withdrawn`: requests the resident took
   * back this month (ADR 0028 addendum) — not part of `resolved`.
   */
  corrections: z.strictObject({ opened: Count, resolved: Total, applied: Count, rejected: Count, withdrawn: Count }),
  /**
   * Residents' requests to delete their data (PIPL Art. 47, ADR 0037): made this month, and decided this month by
   * outcome — erased, processing restricted (kept only where a law requires it), rejected with a reason — and
   * `withdrawn`: taken back by the resident this month before a decision (ADR 0037 addendum; nothing was deleted).
   */
  deletionRequests: z.strictObject({ requested: Count, erased: Count, restricted: Count, rejected: Count, withdrawn: Count }),
  /** Retention job deletion certificates of the month (installation-wide: deleted data has no area left). */
  deletions: z.strictObject({
    scope: z.literal('installation'),
    certificates: Count,
    /** The sum of `byClass`, withheld when a class is "<5" (ADR 0044). */
    total: Total,
    byClass: z.array(z.strictObject({
      class: z.string(),
      label: Label,
      /** delete: rows deleted; clear: rows whose expired columns were emptied. */
      action: z.enum(['delete', 'clear']),
      /** age: the retention period ran out; emergency_end: N days after an emergency period ended. */
      trigger: z.enum(['age', 'emergency_end']),
      count: Count,
    })),
  }),
  emergencies: z.strictObject({
    /** Declared this month; a period cancelled before it began (ADR 0027 addendum) is not counted here … */
    declared: Count,
    /** … nor here (ended this month) … */
    ended: Count,
    /** … but here: periods cancelled this month before they began (they never covered a day). */
    cancelled: Count,
    /** Emergency periods in force at some time in the month (public government decisions). */
    inForce: z.array(z.strictObject({
      area: z.string(), level: z.string(), startDate: z.string(),
      /** The last day, when it ended by the end of the month (or by now, for a partial month). */
      endDate: z.string().nullable(),
      legalRef: z.string(),
    })),
  }),
  /** Accounts locked after repeated wrong passwords (installation-wide: sign-in attempts have no area). */
  signInLockouts: z.strictObject({ scope: z.literal('installation'), count: Count }),
  /**
   * Safeguards: separate consents to care services recorded / withdrawn (ADR 0033), requests to see a child's ID or
   * phone number and their decisions (ADR 0035), security alerts raised (out-of-task browsing, export cap), breach
   * impact queries run (installation-wide).
   */
  safeguards: z.strictObject({
    consentsRecorded: Count, consentsWithdrawn: Count, minorRequests: Count, minorApproved: Count, minorRejected: Count, securityAlerts: Count,
    impactQueries: z.strictObject({ scope: z.literal('installation'), count: Count }),
  }),
});

export const TransparencyAreaListSchema = z.strictObject({
  items: z.array(z.strictObject({ code: z.string(), name: z.string(), level: Level, parentCode: z.string().nullable() })),
});

export type TransparencyCount = z.infer<typeof TransparencyCountSchema>;
export type TransparencyTotal = z.infer<typeof TransparencyTotalSchema>;
export type TransparencyArea = z.infer<typeof TransparencyAreaSchema>;
export type TransparencyReport = z.infer<typeof TransparencyReportSchema>;
export type TransparencyAreaList = z.infer<typeof TransparencyAreaListSchema>;
