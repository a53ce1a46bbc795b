// `renxing audit verify [--anchor <file|dir> …]` and `renxing audit anchor [--out <file>]` (ADR 0004, ADR 0025).
// cli.ts opens the database read-only and hands it here; tests call this function directly (no process spawn).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../../platform/db/database';
import { type AnchorClaim, anchorLine, describeAnchorCheck, parseAnchorText } from './audit.anchor';
import { createAuditService } from './audit.service';

export const AUDIT_USAGE = 'usage: renxing audit verify [--anchor <file|dir> …] | renxing audit anchor [--out <file>]\n';

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
export async function runAuditCommand(args: string[], database: Database, out: Out, now: () => Date = () => new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { anchor: { type: 'string', multiple: true }, out: { type: 'string' } } });
  } catch (e) {
    out.stderr(`${(e as Error).message}\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const audit = createAuditService(database, now);
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
  if (chain.ok) out.stdout(`audit chain ok: ${chain.checked} rows, last hash ${chain.lastHash}\n`);
  else out.stdout(`audit chain BROKEN at row ${chain.firstBrokenId} (${chain.reason}); ${chain.checked} rows checked\n`);
  let failed = 0;
  checks.forEach((c, i) => {
    let text = describeAnchorCheck(c);
    if (c.check === 'hash') {
      // The newest anchor before this one that still matches bounds where the rewrite began.
      const since = checks.filter((o) => o.ok && o.anchor.id < c.anchor.id).reduce((m, o) => Math.max(m, o.anchor.id), 0);
      text += since ? ` (the rewrite lies in rows ${since + 1}–${c.anchor.id}: the anchor at row ${since} still matches)` : '';
    }
    if (!c.ok) failed++;
    out.stdout(`anchor ${anchors[i]!.source} (row ${c.anchor.id}): ${text}\n`);
  });
  if (checks.length) out.stdout(failed ? `${failed} of ${checks.length} anchors FAILED\n` : `all ${checks.length} anchors ok\n`);
  return chain.ok && failed === 0 ? 0 : 1;
}
