// Entry of the import parse worker (see ./parallel.ts). Worker threads do not inherit the tsx loader the main thread
// registered (bin/renxing.mjs registers it through the API, and a loader given on the command line does not reach
// workers on Node 20 either), so register it here, then run the TypeScript worker from source (docs/adr/0002).
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
