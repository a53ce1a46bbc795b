/**
 * Throughput of the streaming generator (not a test): `npx tsx packages/server/src/modules/registry/demo/bench-residents.ts [total]`.
 */
import { generateResidents } from './demo-community';

const total = Number(process.argv[2] ?? 1_000_000);
const t0 = performance.now();
let n = 0;
let check = 0;
for (const r of generateResidents({ seed: 20220107, total })) {
  n++;
  check = (check + r.idNumber.charCodeAt(17) + r.place.room.length) | 0;
}
const ms = performance.now() - t0;
console.log(`${n} residents in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000)} residents/s (checksum ${check}, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`);
