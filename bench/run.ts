// `npm run bench -- <name>` → runs one benchmark; with no name, all of them in order.
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  foundation: () => import('./foundation'),
  analytics: () => import('./analytics'),
  registry: () => import('./registry'),
  impact: () => import('./impact'),
  'commit-sync': () => import('./commit-sync'),
  'audit-search': () => import('./audit-search'),
  'first-load': () => import('./first-load'),
  gates: () => import('./gates'),
  screening: () => import('./screening'),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(BENCHES)) {
  process.stdout.write(`== bench ${name}\n`);
  await (await BENCHES[name]!()).run();
}

export {}; // a module: top-level await above
