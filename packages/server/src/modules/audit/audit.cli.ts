// `renxing audit verify [--anchor <file|dir> …]`, `renxing audit anchor [--out <file>]` (ADR 0004, ADR 0025) and
// `renxing audit purge [--dry-run] [--json]` (ADR 0030). cli.ts opens the database (read-only for verify and anchor)
// and hands it here; tests call this function directly (no process spawn).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../../platform/db/database';
import { type AnchorClaim, anchorLine, describeAnchorCheck, parseAnchorText } from './audit.anchor';
import { DEFAULT_AUDIT_RETENTION_DAYS } from './audit.checkpoints';
import { type PurgeResult } from './audit.purge';
import { createAuditService, systemActor } from './audit.service';

export const AUDIT_USAGE = 'usage: renxing audit verify [--anchor <file|dir> …] | renxing audit anchor [--out <file>] | renxing audit purge [--dry-run] [--json]\n';

/** The purge outcome for people (the JSON form is the PurgeResult itself). */
function describePurge(r: PurgeResult): string {
  const lines: string[] = [];
  const range = `rows ${r.fromId}–${r.throughId} (${r.oldestTs} – ${r.newestTs})`;
  if (r.refused) lines.push(`audit purge REFUSED: the chain breaks at row ${r.refused.id} (${r.refused.reason}); nothing purged — run renxing audit verify`);
  else if (r.dryRun) lines.push(r.rows ? `dry run: would purge ${r.rows} ${range}, older than ${r.retentionDays} days; nothing changed` : `dry run: nothing older than ${r.retentionDays} days to purge`);
  else if (r.checkpoint) {
    const c = r.checkpoint;
    lines.push(`audit purge: checkpoint #${c.seq} written, ${r.rows} ${range} purged (older than ${r.retentionDays} days)`);
    lines.push(`  through row ${c.throughId}, hash ${c.throughHash} (the first remaining row links to it)`);
    lines.push(`  checkpoint hash ${c.hash}, previous ${c.prevHash}`);
  } else lines.push(`audit purge: nothing older than ${r.retentionDays} days to purge`);
  if (r.completed) lines.push(`  ${r.dryRun ? 'would also delete' : 'also deleted'} ${r.completed} rows of an earlier, interrupted purge`);
  return `${lines.join('\n')}\n`;
}

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

/** Anchor files: a file, or a directory's `*.json`, `*.jsonl` and `*.txt` files (e.g. RENXING_AUDIT_ANCHOR_DIR). */
function readAnchorFiles(paths: string[], out: Out): Array<{ source: string; anchor: AnchorClaim }> | null {
  const found: Array<{ source: string; anchor: AnchorClaim }> = [];
  let bad = false;
  for (const p of paths) {
    let files: string[];
    try {
      files = fs.statSync(p).isDirectory()
        ? fs.readdirSync(p).filter((f) => /\.(json|jsonl|txt)$/.test(f)).sort().map((f) => path.join(p, f))
        : [p];
    } catch (e) {
      out.stderr(`cannot read anchor ${p}: ${(e as Error).message}\n`);
      bad = true;
      continue;
    }
    if (files.length === 0) {
      out.stderr(`no anchor files in ${p}\n`);
      bad = true;
    }
    for (const f of files) {
      const { anchors, errors } = parseAnchorText(fs.readFileSync(f, 'utf8'));
      for (const e of errors) {
        out.stderr(`malformed anchor ${f} line ${e.line}: ${e.messageEn}\n`);
        bad = true;
      }
      anchors.forEach((anchor, i) => found.push({ source: anchors.length > 1 ? `${f} #${i + 1}` : f, anchor }));
    }
  }
  return bad ? null : found;
}

/** Runs `renxing audit …`; returns the exit code (0 ok, 1 broken chain or failed anchor, 2 usage or unreadable anchor). */
export async function runAuditCommand(
  args: string[], database: Database, out: Out, now: () => Date = () => new Date(), o: { retentionDays?: number } = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { anchor: { type: 'string', multiple: true }, out: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    out.stderr(`${(e as Error).message}\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const audit = createAuditService(database, now);
  if (positionals[0] === 'purge') {
    if (positionals.length !== 1 || values.anchor || values.out) {
      out.stderr(AUDIT_USAGE);
      return 2;
    }
    // The operator's purge: the configured retention (RENXING_AUDIT_RETENTION_DAYS), as `system:cli`.
    const res = await audit.purge(systemActor('system:cli'), { retentionDays: o.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS, dryRun: !!values['dry-run'] });
    out.stdout(values.json ? `${JSON.stringify(res)}\n` : describePurge(res));
    return res.refused ? 1 : 0;
  }
  if (values['dry-run'] || values.json) {
    out.stderr(AUDIT_USAGE);
    return 2;
  }
  if (positionals[0] === 'anchor' && positionals.length === 1 && !values.anchor) {
    const anchor = await audit.anchor();
    if (!anchor) {
      out.stderr('the audit log is empty: no anchor yet\n');
      return 1;
    }
    const text = `${JSON.stringify(anchor)}\n# ${anchorLine(anchor)}\n`;
    if (values.out) {
      try {
        fs.writeFileSync(values.out, text, { flag: 'wx' });
      } catch (e) {
        out.stderr(`cannot write ${values.out}: ${(e as Error).message}\n`);
        return 2;
      }
      out.stdout(`anchor written to ${values.out}\n`);
    } else {
      out.stdout(`${JSON.stringify(anchor)}\n`);
    }
    out.stdout(`${anchorLine(anchor)}\nkeep it outside this system (print it, or send it to the supervising body)\n`);
    return 0;
  }
  if (positionals[0] !== 'verify' || positionals.length !== 1 || values.out) {
    out.stderr(AUDIT_USAGE);
    return 2;
  }
  const anchors = readAnchorFiles(values.anchor ?? [], out);
  if (!anchors) return 2;
  const { chain, anchors: checks } = await audit.verifyWithAnchors(anchors.map((a) => a.anchor));
  const cp = chain.checkpoint;
  const since = cp ? ` after purge checkpoint #${cp.seq} (rows 1–${cp.throughId} purged; ${chain.checkpoints} checkpoints checked)` : '';
  if (chain.ok) out.stdout(`audit chain ok: ${chain.checked} rows${since}, last hash ${chain.lastHash}\n`);
  else if (chain.brokenCheckpoint !== null) {
    out.stdout(`audit chain BROKEN at purge checkpoint #${chain.brokenCheckpoint} (${chain.reason})${chain.firstBrokenId !== null ? `, and at row ${chain.firstBrokenId}` : ''}; ${chain.checked} rows checked\n`);
  } else out.stdout(`audit chain BROKEN at row ${chain.firstBrokenId} (${chain.reason}); ${chain.checked} rows checked${since}\n`);
  let failed = 0;
  let purged = 0;
  checks.forEach((c, i) => {
    let text = describeAnchorCheck(c);
    if (c.check === 'hash') {
      // The newest anchor before this one that still matches bounds where the rewrite began.
      const since = checks.filter((o) => o.ok && o.anchor.id < c.anchor.id).reduce((m, o) => Math.max(m, o.anchor.id), 0);
      text += since ? ` (the rewrite lies in rows ${since + 1}–${c.anchor.id}: the anchor at row ${since} still matches)` : '';
    }
    if (!c.ok) failed++;
    if (c.ok && c.check === 'purged') purged++;
    out.stdout(`anchor ${anchors[i]!.source} (row ${c.anchor.id}): ${text}\n`);
  });
  const older = purged ? ` (${purged} predate the last purge and could not be checked)` : '';
  if (checks.length) out.stdout(failed ? `${failed} of ${checks.length} anchors FAILED${older}\n` : `all ${checks.length} anchors ok${older}\n`);
  return chain.ok && failed === 0 ? 0 : 1;
}
