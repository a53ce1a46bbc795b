#!/usr/bin/env node
// Entry point of the `renxing` command: runs the TypeScript sources through tsx (see docs/adr/0002).
import { register } from 'tsx/esm/api';

register();
// `renxing orgs list | head`: the reader went away; stop quietly, as other command-line tools do, instead of a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { runCli, describeStartupError } = await import('../src/cli.ts');
try {
  const code = await runCli(process.argv.slice(2));
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
