import { parentPort, workerData } from 'node:worker_threads';
import { createFieldCrypto } from '../../../platform/crypto/field-crypto';
import { isImportError } from './errors';
import { preparedImport } from './prepare';
import type { ToMain, WorkerInit } from './parallel';

/**
 * The import's parse worker: streams the file through parseImport + prepareResident (./prepare) and posts the items to
 * the main thread, at most `window` messages ahead of what the main thread has consumed (each consumed message is
 * acknowledged), so memory stays bounded however fast parsing is compared with writing.
 */
const init = workerData as WorkerInit;
const port = parentPort!;
const key = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const crypto = createFieldCrypto({ dataKey: key(init.dataKey), indexKey: key(init.indexKey), source: 'env' });

let credits = init.window;
let wake: (() => void) | null = null;
port.on('message', (m: { t: 'ack' }) => {
  if (m.t === 'ack') {
    credits++;
    const w = wake;
    wake = null;
    w?.();
  }
});
const post = (m: ToMain) => port.postMessage(m);

try {
  let rows = 0;
  for await (const item of preparedImport(crypto, init.path, init.declaredName, init.opts, init.batch)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    post({ t: 'item', item });
    if (item.kind === 'rows') {
      rows += item.rows.length;
      // Test hook: die like a crashed thread (no 'fail' message) once this many rows were handed over.
      if (init.exitAfterRows !== undefined && rows >= init.exitAfterRows) process.exit(70);
    }
  }
  post({ t: 'done' });
} catch (e) {
  post({
    t: 'fail',
    error: isImportError(e)
      ? { importError: true, code: e.code, message: e.message, messageEn: e.messageEn, status: e.status, details: e.details }
      : { importError: false, message: e instanceof Error ? e.message : String(e) },
  });
} finally {
  port.unref();
}
