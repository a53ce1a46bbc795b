import { Worker } from 'node:worker_threads';
import { ImportError, type ImportErrorCode, type ImportErrorDetail } from './errors';
import type { ParseImportOptions } from './pipeline';
import { PREPARED_BATCH, type PreparedItem } from './prepare';

/** What the parse worker is started with (structured-cloned into the worker). */
export type WorkerInit = {
  path: string;
  declaredName: string | undefined;
  opts: ParseImportOptions;
  /** The field-crypto keys (AES-256-GCM data key, HMAC blind-index key); the worker stays inside this process. */
  dataKey: Uint8Array;
  indexKey: Uint8Array;
  batch: number;
  /** Messages the worker may have posted that the main thread has not consumed yet. */
  window: number;
  exitAfterRows?: number;
};

/** Messages from the worker. */
export type ToMain =
  | { t: 'item'; item: PreparedItem }
  | { t: 'done' }
  | {
      t: 'fail';
      error:
        | { importError: true; code: ImportErrorCode; message: string; messageEn: string; status: number; details: ImportErrorDetail[] }
        | { importError: false; message: string };
    };

/** Options of preparedImportInWorker. */
export type WorkerStreamOptions = {
  /** Rows per message (default PREPARED_BATCH). */
  batch?: number;
  /** Messages in flight (default 8: with 1,000-row batches the worker runs up to 8,000 rows ahead of the writer). */
  window?: number;
  /** Test hook: the worker thread exits abruptly after handing over this many rows (a crash, not an error message). */
  exitAfterRows?: number;
};

/**
 * Old-generation cap of the parse worker (MB). Its live set is a few batches of rows: a CSV is streamed, and an XLSX's
 * shared-strings table is kept outside the V8 heap (CompactStrings in read.ts). Without a cap V8 lets garbage pile up
 * far beyond that while the worker waits for the writer (2.1 GB peak RSS for a 1,000,000-row XLSX import).
 */
const WORKER_HEAP_MB = 192;
/**
 * Young-generation size of the parse worker (MB). Parsing and preparing a row allocates a lot of short-lived garbage;
 * with V8's default the worker spent ~20 % of its time collecting it (XLSX, 100k rows); 64 MB cut that by about a
 * quarter for ~20 MB more RSS.
 */
const WORKER_YOUNG_MB = 64;

/** Thrown when the parse worker stops without finishing (crash, out of memory, killed). */
export class ImportWorkerError extends Error {
  override readonly name = 'ImportWorkerError';
}

/**
 * The same stream as preparedImport (parse → validate → prepare, batches in file order), produced by a worker thread
 * so that parsing, validation and the per-row crypto run on another core while the caller resolves places and
 * writes. File-level ImportErrors are re-thrown here as ImportErrors; a crashed worker throws ImportWorkerError.
 * Returning early (the caller failed or stopped) terminates the worker.
 */
export async function* preparedImportInWorker(
  keys: { dataKey: Uint8Array; indexKey: Uint8Array },
  path: string,
  declaredName: string | undefined,
  opts: ParseImportOptions,
  o: WorkerStreamOptions = {},
): AsyncGenerator<PreparedItem> {
  const init: WorkerInit = {
    path, declaredName, opts, dataKey: keys.dataKey, indexKey: keys.indexKey, batch: o.batch ?? PREPARED_BATCH, window: o.window ?? 8, exitAfterRows: o.exitAfterRows,
  };
  const worker = new Worker(new URL('./parse-worker-entry.mjs', import.meta.url), { workerData: init, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const queue: ToMain[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: ToMain) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure ??= new ImportWorkerError(`import worker failed: ${e.message}`, { cause: e });
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    failure ??= new ImportWorkerError(`import worker stopped unexpectedly (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !exited && failure === null) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure ?? new ImportWorkerError('import worker stopped unexpectedly');
      if (m.t === 'done') return;
      if (m.t === 'fail') {
        const e = m.error;
        if (e.importError) throw new ImportError(e.code, e.message, e.messageEn, e.status, e.details);
        throw new ImportWorkerError(`import worker failed: ${e.message}`);
      }
      worker.postMessage({ t: 'ack' });
      yield m.item;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
