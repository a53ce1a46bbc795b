#!/usr/bin/env node
// `npm start`: build the web UI when it is missing or older than its sources, then run the whole system
// (API + web UI + embedded SQLite + in-process jobs) with `renxing serve`. PORT, HOST and the other variables in
// README.md pass through.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'packages/web');
const dist = path.join(webDir, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const needsBuild = !fs.existsSync(dist) || fs.statSync(dist).mtimeMs < newestMtime(webDir);
if (needsBuild && process.env.RENXING_SKIP_WEB_BUILD !== '1') {
  process.stdout.write('Building the web UI (first start or sources changed)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@renxing/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, [path.join(root, 'packages/server/bin/renxing.mjs'), 'serve'], { cwd: root, stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
