// `npm run bench -- screening` (ADR 0083): how fast an upper-level list is matched against the registry.
//
// A fresh SQLite database: the demo foundation and --residents residents (seedScale). A list of --rows rows as the data
// team sends them: 40% full ID + name, 30% masked ID + name + masked phone, 20% full phone + name, 10% people nobody
// registered (name + address). The district imports it (parse, candidates by ID / tail / phone / name / pinyin, scoring,
// the quarantine and gate filter, routing, one transaction for the list and its rows).
// Baseline, same run, same database: the district's health-code import of the same number of full IDs (one blind-index
// look-up per row and a write per change) — the simplest import of a list against the registry.
//
// Last line: RESULT screening rows=… rows_per_s=… baseline_rows_per_s=… ratio=… matched=… uncertain=… unmatched=…
import { openApp } from './impact';

const log = (s: string) => process.stderr.write(`[screening] ${s}\n`);
const arg = (k: string, d: number) => {
  const v = process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  return v === undefined ? d : Number(v);
};

export async function run() {
  const residents = arg('residents', 20_000);
  const rows = arg('rows', 2_000);
  const app = await openApp('sqlite');
  const { seedScale, demoIdentities } = await import('../packages/server/src/modules/registry');
  const { systemActor } = await import('../packages/server/src/modules/audit');
  const actor = systemActor('bench:screening');
  log(`seeding ${residents} residents`);
  await seedScale(app.platform, app.services.audit, app.services.orgs, actor, residents);
  const { db, codec } = app.platform.database;
  const grids = (await db.selectFrom('orgs').select('id').where('level', '=', 'grid').execute()).map((g) => String(g.id));
  const people = (await Promise.all(grids.map((g) => demoIdentities(db, codec, app.platform.crypto, g, Math.ceil(rows / grids.length) + 5)))).flat().slice(0, rows);
  const district = await app.services.auth.principalWithoutSession((await app.services.auth.findByUsername('district'))!);
  const masked = (s: string, head: number, tail: number) => `${s.slice(0, head)}${'*'.repeat(s.length - head - tail)}${s.slice(-tail)}`;
  const sheetRows = Array.from({ length: rows }, (_, i) => {
    const p = people[i % people.length]!;
    const k = i % 10;
    const cells = k < 4 ? [p.name, p.idNumber, '', '']
      : k < 7 ? [p.name, masked(p.idNumber, 6, 4), p.phone ? masked(p.phone, 3, 4) : '', '']
        : k < 9 ? [p.name, '', p.phone ?? '', p.address]
          : [`路人${i}`, '', '', `外省某市某路${i}号`];
    return { row: i + 1, cells };
  });
  const sheet = { headers: ['姓名', '身份证号', '手机号', '地址'], rows: sheetRows };
  const due = new Date(app.platform.clock.now().getTime() + 6 * 3_600_000);

  // Baseline: the health-code import of as many full IDs.
  const codes = { headers: ['身份证号', '健康码', '原因'], rows: Array.from({ length: rows }, (_, i) => ({ row: i + 1, cells: [people[i % people.length]!.idNumber, '黄码', '密接'] })) };
  log(`baseline: health-code import of ${rows} rows`);
  let t = performance.now();
  await app.services.health.importSheet(district, actor, 'bench.csv', codes);
  const baseS = (performance.now() - t) / 1000;
  log(`screening import of ${rows} rows`);
  t = performance.now();
  const r = await app.services.screening.create(district, actor, { kind: 'close_contact', title: '压测名单', source: '压测', dueAt: due }, 'bench.csv', sheet);
  const s = (performance.now() - t) / 1000;
  const f = r.list.figures;
  await app.close();
  const rate = rows / s;
  const base = rows / baseS;
  process.stdout.write(`screening import, ${residents} residents, a list of ${rows} rows (40% full ID, 30% masked ID + phone, 20% phone + address, 10% unknown):\n`);
  process.stdout.write(`  screening:  ${s.toFixed(2)} s, ${rate.toFixed(0)} rows/s — matched ${f.matched}, uncertain ${f.uncertain}, unmatched ${f.unmatched}\n`);
  process.stdout.write(`  baseline:   health-code import of ${rows} full IDs ${baseS.toFixed(2)} s, ${base.toFixed(0)} rows/s\n`);
  process.stdout.write(`RESULT screening rows=${rows} rows_per_s=${rate.toFixed(0)} baseline_rows_per_s=${base.toFixed(0)} ratio=${(rate / base).toFixed(2)} matched=${f.matched} uncertain=${f.uncertain} unmatched=${f.unmatched}\n`);
}
