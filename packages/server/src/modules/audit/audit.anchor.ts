// External anchors for the audit hash chain (ADR 0025, SECURITY.md §6.3). The chain alone only shows that the stored
// rows are consistent with each other: someone who can write to the database can edit a row and recompute every later
// hash. An anchor — the id and hash of the newest row, kept outside this system — pins history up to that row.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { zodIssueText } from '../../http/errors';
import {
  AUDIT_RETENTION_FLOOR_DAYS, type AuditCheckpoint, type CheckpointBreak, checkpointCovering, newestCheckpoint, verifyCheckpoints,
} from './audit.checkpoints';
import { type AuditRow, type AuditService, type ChainBreak, auditRowFromDb, GENESIS, systemActor, type VerifyResult, walkChain } from './audit.service';

export const ANCHOR_FORMAT = 'renxing-audit-anchor-v1';

/** The anchor document: ids, hashes and times only — nothing about people. */
export type AuditAnchor = {
  format: typeof ANCHOR_FORMAT;
  /** Id of the newest row when the anchor was taken. */
  id: number;
  /** That row's chain hash. */
  hash: string;
  /** That row's time. */
  ts: string;
  /** When the anchor was taken. */
  takenAt: string;
  /** Rows in the chain up to and including `id` (ids are contiguous from 1, so equal to `id`). */
  rows: number;
  /** This installation: the first 16 hex digits of row 1's hash (after a purge, kept in the checkpoints; ADR 0030). */
  installation: string;
};

/** What a check needs from an anchor (the one-line form carries no `takenAt`/`rows`). */
export type AnchorClaim = { id: number; hash: string; installation: string; ts?: string | null };

/** Which check failed: the anchor is from another installation (or row 1 was rewritten), its row is gone, its row's
 *  hash differs (history up to that row was rewritten), or the chain after it does not hold. `purged` (with ok: true):
 *  the anchored row was removed by the audit purge (ADR 0030) — the anchor predates the purge and can no longer be
 *  checked; not a sign of tampering. */
export type AnchorCheckKind = 'installation' | 'row' | 'hash' | 'chain' | 'purged';

export type AnchorCheck = {
  ok: boolean;
  check: AnchorCheckKind | null;
  /** The row the failed check names. */
  rowId: number | null;
  reason: string | null;
  /** Rows read for the check (the anchored row and the chain after it). */
  checked: number;
  anchor: AnchorClaim;
  /** The stored hash of the anchored row (null when the row is missing; after a purge, the checkpoint's through_hash). */
  storedHash: string | null;
  /** The purge checkpoint the check went through: the one that purged the anchored row (ADR 0030); else null. */
  checkpoint: { seq: number; throughId: number } | null;
};

export const installationOf = (row1Hash: string) => row1Hash.slice(0, 16);

/** The one-line form, for printing or reading out: `RX-ANCHOR v1 <installation> #<id> <ts> <hash in 8 groups of 8>`. */
export function anchorLine(a: Pick<AuditAnchor, 'installation' | 'id' | 'ts' | 'hash'>): string {
  return `RX-ANCHOR v1 ${a.installation} #${a.id} ${a.ts} ${a.hash.match(/.{1,8}/g)!.join(' ')}`;
}

const hex = (n: number) => z.string().trim().regex(new RegExp(`^[0-9a-fA-F]{${n}}$`), `须为 ${n} 位十六进制数|must be ${n} hexadecimal digits`)
  .transform((s) => s.toLowerCase());

/** The JSON document as checked: strict (unknown fields rejected), every field named when wrong. */
export const AnchorDocument = z.strictObject({
  format: z.literal(ANCHOR_FORMAT),
  id: z.number().int().min(1),
  hash: hex(64),
  ts: z.iso.datetime(),
  takenAt: z.iso.datetime(),
  rows: z.number().int().min(1),
  installation: hex(16),
});

/** A problem with a pasted or filed anchor, naming the field. */
export type AnchorParseError = { field: string; code: string; message: string; messageEn: string };

type Parsed = { ok: true; anchor: AnchorClaim } | { ok: false; error: AnchorParseError };

function fromDocument(v: unknown): Parsed {
  const r = AnchorDocument.safeParse(v);
  if (r.success) return { ok: true, anchor: { id: r.data.id, hash: r.data.hash, installation: r.data.installation, ts: r.data.ts } };
  const issue = r.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : issue.path.join('.');
  const [zh, en] = issue.message.includes('|') ? issue.message.split('|') as [string, string]
    : issue.code === 'unrecognized_keys' ? ['不允许的字段', 'unknown field']
      : issue.code === 'invalid_value' ? [`应为 ${ANCHOR_FORMAT}`, `must be ${ANCHOR_FORMAT}`]
        // The route validation's wording (http/errors.ts): a wrong type is "类型应为…", only a missing value "必填".
        : zodIssueText(issue);
  return { ok: false, error: { field, code: issue.code, message: `${field}：${zh}`, messageEn: `${field} ${en}` } };
}

function fromLine(line: string): Parsed {
  const bad = (field: string, zh: string, en: string): Parsed => ({ ok: false, error: { field, code: 'invalid_line', message: `${field}：${zh}`, messageEn: `${field} ${en}` } });
  const t = line.trim().split(/\s+/);
  if (t[0] !== 'RX-ANCHOR' || t[1] !== 'v1') return bad('format', '应以 “RX-ANCHOR v1” 开头', 'must start with "RX-ANCHOR v1"');
  const installation = t[2] ?? '';
  if (!/^[0-9a-fA-F]{16}$/.test(installation)) return bad('installation', '须为 16 位十六进制数', 'must be 16 hexadecimal digits');
  const id = Number((t[3] ?? '').replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || id < 1) return bad('id', '须为正整数（如 #123）', 'must be a positive integer (e.g. #123)');
  const ts = t[4] ?? '';
  if (!z.iso.datetime().safeParse(ts).success) return bad('ts', '时间格式不正确', 'must be an ISO time');
  const hash = t.slice(5).join('');
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return bad('hash', '须为 64 位十六进制数', 'must be 64 hexadecimal digits');
  return { ok: true, anchor: { id, hash: hash.toLowerCase(), installation: installation.toLowerCase(), ts } };
}

/** Reads one anchor: the JSON document (as an object or text) or the one-line form. */
export function parseAnchor(input: unknown): Parsed {
  if (typeof input !== 'string') return fromDocument(input);
  const text = input.trim();
  if (text.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { ok: false, error: { field: 'anchor', code: 'invalid_json', message: 'anchor：不是有效的 JSON', messageEn: 'anchor is not valid JSON' } };
    }
    return fromDocument(v);
  }
  if (text.startsWith('RX-ANCHOR')) return fromLine(text);
  return { ok: false, error: { field: 'anchor', code: 'unrecognised', message: 'anchor：应为链锚 JSON 或 “RX-ANCHOR v1 …” 一行', messageEn: 'anchor must be the anchor JSON or the "RX-ANCHOR v1 …" line' } };
}

/**
 * Reads the anchors of a file: one JSON document (as `renxing audit anchor --out` writes it), or one anchor per line
 * (JSON lines or one-line forms; blank lines and `#` comments skipped). Errors name the line.
 */
export function parseAnchorText(text: string): { anchors: AnchorClaim[]; errors: Array<AnchorParseError & { line: number }> } {
  const whole = text.trim();
  if (whole.startsWith('{')) {
    try {
      const r = parseAnchor(JSON.parse(whole));
      return r.ok ? { anchors: [r.anchor], errors: [] } : { anchors: [], errors: [{ ...r.error, line: 1 }] };
    } catch {
      // not one document: JSON lines
    }
  }
  const anchors: AnchorClaim[] = [];
  const errors: Array<AnchorParseError & { line: number }> = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim() || l.trim().startsWith('#')) return;
    const r = parseAnchor(l);
    if (r.ok) anchors.push(r.anchor);
    else errors.push({ ...r.error, line: i + 1 });
  });
  if (anchors.length === 0 && errors.length === 0) errors.push({ field: 'anchor', code: 'empty', message: '没有链锚', messageEn: 'no anchor found', line: 1 });
  return { anchors, errors };
}

async function rowById(db: Kysely<any>, id: number): Promise<AuditRow | null> {
  const r = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? auditRowFromDb(r) : null;
}

/** This log's installation: from the checkpoints once rows were purged (row 1 is gone then), else from row 1. */
async function logInstallation(db: Kysely<any>, newest: AuditCheckpoint | null): Promise<string | null> {
  if (newest) return newest.installation;
  const first = await rowById(db, 1);
  return first ? installationOf(first.hash) : null;
}

/** The current anchor: the newest row (by `audit_head`), or null while the log is empty. */
export async function takeAnchor(db: Kysely<any>, now: () => Date): Promise<AuditAnchor | null> {
  const head = await db.selectFrom('audit_head').select(['last_id']).where('id', '=', 1).executeTakeFirst();
  const lastId = Number(head?.last_id ?? 0);
  if (lastId < 1) return null;
  const [last, installation] = await Promise.all([rowById(db, lastId), newestCheckpoint(db).then((cp) => logInstallation(db, cp))]);
  if (!last || !installation) return null;
  return { format: ANCHOR_FORMAT, id: last.id, hash: last.hash, ts: last.ts, takenAt: now().toISOString(), rows: last.id, installation };
}

const DAY = 86400_000;

/**
 * An anchor whose row the purge removed (id ≤ the newest checkpoint's through_id), judged by the checkpoint that
 * purged it. Anchored exactly at its through row: the hashes must agree (else history was rewritten), and then the
 * chain after it is the checkpoints' and the remaining rows'. Below it: nothing to compare — "predates the purge" —
 * unless the anchor is younger than the 180-day floor, which no purge may reach (the checkpoint contradicts it).
 * Returns null when the check must go on along the chain (pending on the remaining rows).
 */
async function checkPurged(db: Kysely<any>, a: AnchorClaim, now: () => Date): Promise<{ result: AnchorCheck | null; cp: AuditCheckpoint }> {
  const cp = (await checkpointCovering(db, a.id))!;
  const checkpoint = { seq: cp.seq, throughId: cp.throughId };
  const base = { anchor: a, checked: 0, checkpoint };
  if (a.id === cp.throughId) {
    if (a.hash !== cp.throughHash) return { cp, result: { ...base, ok: false, check: 'hash', rowId: a.id, reason: 'checkpoint_mismatch', storedHash: cp.throughHash } };
    return { cp, result: null };
  }
  const ageMs = a.ts ? now().getTime() - Date.parse(a.ts) : Number.NaN;
  if (ageMs < AUDIT_RETENTION_FLOOR_DAYS * DAY) {
    return { cp, result: { ...base, ok: false, check: 'row', rowId: a.id, reason: 'purged_too_young', storedHash: null } };
  }
  return { cp, result: { ...base, ok: true, check: 'purged', rowId: a.id, reason: 'predates_purge', storedHash: null } };
}

/** A broken checkpoint at or after `seq` fails an anchor that relies on the checkpoints from there. */
const checkpointFailure = (a: AnchorClaim, cp: AuditCheckpoint, broken: CheckpointBreak, checked: number): AnchorCheck => ({
  anchor: a, checked, ok: false, check: 'chain', rowId: null, reason: `checkpoint_${broken.reason}@${broken.seq}`, storedHash: cp.throughHash,
  checkpoint: { seq: cp.seq, throughId: cp.throughId },
});

/**
 * Checks one anchor: the installation (row 1, or the checkpoints once rows were purged), the anchored row exists with
 * exactly the anchored hash, and the chain from that row to the head holds (read in pages); an anchor whose row was
 * purged is judged by the checkpoint that purged it (ADR 0030). Cost: two key lookups plus the rows after the anchor — a day-old
 * anchor reads a day of rows; the rows before it are the plain `verify`'s job.
 */
export async function checkAnchor(db: Kysely<any>, a: AnchorClaim, now: () => Date = () => new Date()): Promise<AnchorCheck> {
  const base = { anchor: a, checked: 0, checkpoint: null };
  const cps = await verifyCheckpoints(db);
  const newest = cps.newest;
  const installation = await logInstallation(db, newest);
  if (!installation || installation !== a.installation) {
    return { ...base, ok: false, check: 'installation', rowId: newest ? null : 1, reason: installation ? 'installation_mismatch' : 'missing_row', storedHash: null };
  }
  if (newest && a.id <= newest.throughId) {
    const { result, cp } = await checkPurged(db, a, now);
    if (result) return result;
    // Anchored at a checkpoint's through row with its hash: the checkpoints from there and every remaining row must hold.
    if (cps.broken && cps.broken.seq >= cp.seq) return checkpointFailure(a, cp, cps.broken, 0);
    let brk: ChainBreak | null = null;
    const walked = await walkChain(db, { fromId: newest.throughId + 1, prev: newest.throughHash }, (b) => {
      brk = b;
      return false;
    });
    const b = brk as ChainBreak | null;
    const checkpoint = { seq: cp.seq, throughId: cp.throughId };
    if (b) return { ...base, checkpoint, checked: walked.checked, ok: false, check: 'chain', rowId: b.id, reason: b.reason, storedHash: cp.throughHash };
    return { ...base, checkpoint, checked: walked.checked, ok: true, check: null, rowId: null, reason: null, storedHash: cp.throughHash };
  }
  const row = await rowById(db, a.id);
  if (!row) return { ...base, ok: false, check: 'row', rowId: a.id, reason: 'missing_row', storedHash: null };
  if (row.hash !== a.hash) return { ...base, ok: false, check: 'hash', rowId: a.id, reason: 'hash_mismatch', storedHash: row.hash };
  let brk: ChainBreak | null = null;
  const walked = await walkChain(db, { fromId: a.id, prev: null }, (b) => {
    brk = b;
    return false;
  });
  const b = brk as ChainBreak | null;
  if (b) return { ...base, checked: walked.checked, ok: false, check: 'chain', rowId: b.id, reason: b.reason, storedHash: row.hash };
  return { ...base, checked: walked.checked, ok: true, check: null, rowId: null, reason: null, storedHash: row.hash };
}

/**
 * The whole chain and any number of anchors in one pass over the log: the chain's first break (as `verify`), and per
 * anchor the same checks as `checkAnchor`. The pass starts after the newest purge checkpoint (ADR 0030) and stops once
 * the chain is broken and every anchor is settled.
 */
export async function verifyWithAnchors(db: Kysely<any>, anchors: AnchorClaim[], now: () => Date = () => new Date()): Promise<{ chain: VerifyResult; anchors: AnchorCheck[] }> {
  const results: Array<AnchorCheck | null> = anchors.map(() => null);
  const cps = await verifyCheckpoints(db);
  const newest = cps.newest;
  const byId = new Map<number, number[]>();
  const pending = new Set<number>();
  let installation = newest ? newest.installation : null;
  const fail = (i: number, check: AnchorCheckKind, rowId: number | null, reason: string, storedHash: string | null) => {
    results[i] = { ok: false, check, rowId, reason, checked: 0, anchor: anchors[i]!, storedHash, checkpoint: null };
  };
  for (const [i, a] of anchors.entries()) {
    if (newest && a.installation !== installation) fail(i, 'installation', null, 'installation_mismatch', null);
    else if (newest && a.id <= newest.throughId) {
      const { result, cp } = await checkPurged(db, a, now);
      if (result) results[i] = result;
      else if (cps.broken && cps.broken.seq >= cp.seq) results[i] = checkpointFailure(a, cp, cps.broken, 0);
      else {
        results[i] = { ok: true, check: null, rowId: null, reason: null, checked: 0, anchor: a, storedHash: cp.throughHash, checkpoint: { seq: cp.seq, throughId: cp.throughId } };
        pending.add(i);
      }
    } else byId.set(a.id, [...(byId.get(a.id) ?? []), i]);
  }
  let unseen = [...byId.values()].reduce((n, l) => n + l.length, 0);
  let first = null as { b: ChainBreak; prev: string } | null;
  const walked = await walkChain(db, {
    fromId: newest ? newest.throughId + 1 : 1, prev: newest ? newest.throughHash : GENESIS,
    onRow: (r) => {
      if (r.id === 1) installation = installationOf(r.hash);
      for (const i of byId.get(r.id) ?? []) {
        unseen--;
        const a = anchors[i]!;
        if (installation !== a.installation) fail(i, 'installation', 1, installation ? 'installation_mismatch' : 'missing_row', null);
        else if (r.hash !== a.hash) fail(i, 'hash', r.id, 'hash_mismatch', r.hash);
        else {
          results[i] = { ok: true, check: null, rowId: null, reason: null, checked: 0, anchor: a, storedHash: r.hash, checkpoint: null };
          pending.add(i);
        }
      }
    },
  }, (b, prev) => {
    first ??= { b, prev };
    for (const i of pending) {
      if (anchors[i]!.id > b.id) continue;
      const r = results[i]!;
      results[i] = { ...r, ok: false, check: 'chain', rowId: b.id, reason: b.reason };
      pending.delete(i);
    }
    return unseen > 0 || pending.size > 0;
  });
  anchors.forEach((a, i) => {
    if (results[i]) return;
    if (installation !== null && installation !== a.installation) fail(i, 'installation', 1, 'installation_mismatch', null);
    else fail(i, 'row', a.id, 'missing_row', null);
  });
  const f = first;
  const checkpoint = newest ? { seq: newest.seq, throughId: newest.throughId, throughHash: newest.throughHash, createdAt: newest.createdAt } : null;
  const cp = { checkpoint, checkpoints: cps.checked, brokenCheckpoint: cps.broken?.seq ?? null };
  const chain: VerifyResult = f
    ? { ok: false, checked: walked.checked, firstBrokenId: f.b.id, reason: f.b.reason, lastHash: f.prev, ...cp }
    : { ok: true, checked: walked.checked, firstBrokenId: null, reason: null, lastHash: walked.lastHash, ...cp };
  if (cps.broken) {
    chain.ok = false;
    chain.reason = `checkpoint_${cps.broken.reason}`;
  }
  return { chain, anchors: results as AnchorCheck[] };
}

/** Human-readable outcome of one anchor check, in English (CLI, logs). */
export function describeAnchorCheck(c: AnchorCheck): string {
  const a = c.anchor;
  if (c.ok && c.check === 'purged') {
    return `anchor predates the last purge (checkpoint ${c.checkpoint?.seq}): row ${a.id} was purged with the rows through ${c.checkpoint?.throughId} `
      + '(older than the audit retention); it can no longer be checked — not a sign of tampering';
  }
  if (c.ok && c.checkpoint) return `ok (row ${a.id} is the last row purged under checkpoint ${c.checkpoint.seq}, with the anchored hash; the chain after it holds)`;
  if (c.ok) return `ok (row ${a.id} has the anchored hash; the chain after it holds)`;
  switch (c.check) {
    case 'installation':
      return c.reason === 'missing_row' ? 'FAILED: row 1 is missing' : `FAILED: the anchor is from installation ${a.installation}, this log's row 1 says another (another installation, or row 1 was rewritten)`;
    case 'row':
      if (c.reason === 'purged_too_young') {
        return `FAILED: row ${a.id} is gone, yet the anchor is younger than ${AUDIT_RETENTION_FLOOR_DAYS} days, which no purge may remove — checkpoint ${c.checkpoint?.seq} contradicts the anchor`;
      }
      return `FAILED: row ${a.id} does not exist (the log was truncated)`;
    case 'hash':
      if (c.reason === 'checkpoint_mismatch') {
        return `FAILED: checkpoint ${c.checkpoint?.seq} says row ${a.id} had hash ${c.storedHash}, the anchor says ${a.hash} — history up to row ${a.id} was rewritten`;
      }
      return `FAILED: row ${a.id} has hash ${c.storedHash}, the anchor says ${a.hash} — history up to row ${a.id} was rewritten`;
    default:
      if (c.rowId === null) return `FAILED: the purge checkpoints after the anchor do not hold (${c.reason})`;
      return `FAILED: the chain after the anchor breaks at row ${c.rowId} (${c.reason})`;
  }
}

/**
 * The daily anchor job: writes the current anchor as a new file `renxing-audit-anchor-<time>-<id>.json` into `dir`
 * (never appends to or overwrites a file, so write-once storage works), after checking the newest anchor already there
 * against the log. Returns what it did; a failed check is for the caller to log and audit loudly.
 */
export async function writeAnchorFile(db: Kysely<any>, dir: string, now: () => Date): Promise<{ anchor: AuditAnchor | null; file: string | null; previous: { file: string; check: AnchorCheck } | null }> {
  fs.mkdirSync(dir, { recursive: true });
  const existing = fs.readdirSync(dir).filter((f) => /^renxing-audit-anchor-.*\.json$/.test(f)).sort();
  let previous: { file: string; check: AnchorCheck } | null = null;
  const last = existing.at(-1);
  if (last) {
    const parsed = parseAnchorText(fs.readFileSync(path.join(dir, last), 'utf8'));
    if (parsed.anchors[0]) previous = { file: last, check: await checkAnchor(db, parsed.anchors[0], now) };
  }
  const anchor = await takeAnchor(db, now);
  if (!anchor) return { anchor: null, file: null, previous };
  const file = path.join(dir, `renxing-audit-anchor-${anchor.takenAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${anchor.id}.json`);
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, `${JSON.stringify(anchor)}\n# ${anchorLine(anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { anchor, file, previous };
}

/**
 * The scheduled job (main.ts, daily and once at start, only when RENXING_AUDIT_ANCHOR_DIR is set): checks the newest
 * anchor already in the directory, writes a new one, and audits both; a failed check is logged as an error and
 * audited with high severity.
 */
export async function anchorJob(
  db: Kysely<any>, audit: Pick<AuditService, 'record'>, dir: string, now: () => Date,
  logger: { info: (o: object, m: string) => void; error: (o: object, m: string) => void },
) {
  const res = await writeAnchorFile(db, dir, now);
  const actor = systemActor(null);
  if (res.previous && !res.previous.check.ok) {
    const c = res.previous.check;
    logger.error({ file: res.previous.file, check: c.check, rowId: c.rowId, reason: c.reason }, `audit anchor check FAILED: ${describeAnchorCheck(c)}`);
    await audit.record(actor, {
      action: 'audit_anchor_check', objectType: 'audit_log', objectId: String(c.anchor.id), count: c.checked, outcome: 'error', severity: 'high',
      reason: `${c.check}:${c.reason}@${c.rowId}`,
    });
  }
  if (res.anchor) {
    logger.info({ file: res.file, id: res.anchor.id }, 'audit anchor written');
    await audit.record(actor, { action: 'audit_anchor', objectType: 'audit_log', objectId: String(res.anchor.id), outcome: 'success' });
  }
  return res;
}
