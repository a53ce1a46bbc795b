/**
 * The V8 heap of the bulk import command (ADR 0054).
 *
 * V8 sizes its old generation by how fast the program allocates, not by what it keeps: a 1,000,000-row import keeps
 * about 100 MB live (the place caches are trimmed every 100,000 households, row errors are capped) but, left alone,
 * V8 grew the heap to 420–500 MB and held on to pages beyond that, and the process peaked at 1,025 MB RSS. With the
 * old generation capped at 512 MB the same import peaked at 695 MB (CSV) and 776 MB (XLSX) at the same speed. The
 * cap is safe because the import's working set is bounded by design, not by the file.
 *
 * `renxing import` relaunches itself once with `--max-old-space-size` unless the operator already chose a heap size
 * (in the node options or NODE_OPTIONS) or turned the cap off (RENXING_IMPORT_HEAP_MB=0). The server keeps V8's
 * default: web uploads are small (10 MB CSV / 20 MB XLSX by default) and other requests must not fail on a cap.
 */
export const IMPORT_HEAP_MB = 512;

/** Below this the server's own modules do not fit next to an import. */
export const MIN_IMPORT_HEAP_MB = 128;

const HEAP_FLAG = /(^|\s)--max[-_]old[-_]space[-_]size(=|\s|$)/;

/**
 * The node option to relaunch `renxing import` with, or null when the process should run as it is (a heap size was
 * already chosen, or the cap is off). Throws with a message naming RENXING_IMPORT_HEAP_MB when its value is unusable.
 */
export function importHeapFlag(env: Record<string, string | undefined>, execArgv: readonly string[]): string | null {
  if (execArgv.some((a) => HEAP_FLAG.test(a)) || HEAP_FLAG.test(env.NODE_OPTIONS ?? '')) return null;
  const raw = env.RENXING_IMPORT_HEAP_MB?.trim();
  const mb = raw === undefined || raw === '' ? IMPORT_HEAP_MB : Number(raw);
  if (!Number.isInteger(mb) || (mb !== 0 && mb < MIN_IMPORT_HEAP_MB)) {
    throw new Error(`RENXING_IMPORT_HEAP_MB must be 0 (no cap) or a whole number of megabytes ≥ ${MIN_IMPORT_HEAP_MB}, not "${raw}"`);
  }
  return mb === 0 ? null : `--max-old-space-size=${mb}`;
}
