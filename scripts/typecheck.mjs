#!/usr/bin/env node
// `npm run typecheck`: `tsc -p` (type check only, ADR 0002) of every workspace package, two at a time — one tsc is a
// single thread, and CI's machine has two cores. The server's check is the longest; it starts first. Output of each
// check is printed whole when it ends (never interleaved); the exit code is non-zero if any check failed.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
// The benchmarks too (bench/tsconfig.json): they import the server's and the browser tests' code and must not rot.
const PACKAGES = ['packages/server', 'packages/web', 'packages/e2e', 'packages/analytics', 'packages/shared', 'bench'];
const parallel = Math.max(1, Math.min(2, os.availableParallelism()));

function check(pkg) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', pkg], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      if (code !== 0) process.stdout.write(`typecheck: ${pkg} failed (exit ${code})\n`);
      resolve(code === 0);
    });
  });
}

const queue = [...PACKAGES];
const results = await Promise.all(Array.from({ length: parallel }, async () => {
  const ok = [];
  for (let pkg = queue.shift(); pkg; pkg = queue.shift()) ok.push(await check(pkg));
  return ok.every(Boolean);
}));
process.exit(results.every(Boolean) ? 0 : 1);
