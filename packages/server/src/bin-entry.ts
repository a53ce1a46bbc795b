// What bin/renxing.mjs needs of the server, in one module: compiled into the start-up bundle (bin/bundle.mjs,
// ADR 0060), or imported from source through tsx when there is none.
export { describeStartupError, runCli } from './cli';
export { importHeapFlag } from './platform/heap';
