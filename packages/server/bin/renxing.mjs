#!/usr/bin/env node
// Entry point of the `renxing` command: runs the start-up bundle compiled from the TypeScript sources (./bundle.mjs,
// docs/adr/0060), or the sources themselves through tsx (docs/adr/0002) when there is no bundle.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundledEntry } from './bundle.mjs';

/** src/bin-entry.ts: bundled, else from source. */
async function entry() {
  const bundled = await bundledEntry();
  if (bundled) return bundled;
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/bin-entry.ts');
}
const server = await entry();
// `renxing orgs list | head`: the reader went away; stop quietly, as other command-line tools do, instead of a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const args = process.argv.slice(2);

// `renxing import` runs with a capped V8 heap (ADR 0054): relaunched once with the node option, which V8 only reads at
// start. The child has the option, so it does not relaunch again.
let heapFlag = null;
if (args[0] === 'import') {
  try {
    heapFlag = server.importHeapFlag(process.env, process.execArgv);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
}

if (heapFlag) {
  const child = spawn(process.execPath, [...process.execArgv, heapFlag, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    process.stderr.write(`could not start the import: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
} else {
  const { runCli, describeStartupError } = server;
  try {
    const code = await runCli(args);
    if (code >= 0) {
      // stdout to a pipe is asynchronous: wait until everything written so far is flushed before exiting.
      await new Promise((resolve) => process.stdout.write('', resolve));
      await new Promise((resolve) => process.stderr.write('', resolve));
      process.exit(code);
    }
  } catch (e) {
    process.stderr.write(`${describeStartupError(e)}\n`);
    process.exit(1);
  }
}
