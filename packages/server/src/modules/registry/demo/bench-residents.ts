/**
 * Throughput of the streaming generator (not a test; no timed assertions live in tests):
 *   npx tsx packages/server/src/modules/registry/demo/bench-residents.ts [total]
 * Reports wall-clock and CPU-time rates; on a shared machine compare the CPU figure.
 */
import { generateResidents } from './demo-community';

const total = Number(process.argv[2] ?? 1_000_000);
const t0 = performance.now();
const c0 = process.cpuUsage();
let n = 0;
let check = 0;
for (const r of generateResidents({ seed: 20220107, total })) {
  n++;
  check = (check + r.idNumber.charCodeAt(17) + r.place.room.length) | 0;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`${n} residents in ${ms.toFixed(0)} ms wall = ${Math.round((n / ms) * 1000)}/s; ${cpuMs.toFixed(0)} ms CPU = ${Math.round((n / cpuMs) * 1000)}/s per CPU-second (checksum ${check}, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`);
