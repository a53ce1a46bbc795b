// Sums vitest JSON reports into the one line CI reads: "N passed, N failed".
// Failed tests are listed just above that line (file, then the test's full name and the first line of its error),
// since only the end of CI's output may be kept for reading afterwards.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    failures.push(`${file}: missing report (suite did not run)`);
    failed++;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  for (const s of r.testResults ?? []) {
    const where = String(s.name ?? '').replace(process.cwd() + '/', '');
    const tests = s.assertionResults ?? [];
    // A file that failed without a failed test is a failure: it failed to load (no tests), or a hook such as beforeAll
    // failed and its tests were skipped (vitest then counts nothing as failed; session 26's CI said "0 failed" so).
    if (s.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      failed++;
      failures.push(`${file}: ${where}: ${firstLine(s.message) || 'failed outside its tests (a hook or the file itself)'}`);
    }
    for (const t of tests) {
      if (t.status === 'failed') failures.push(`${file}: ${where} › ${t.fullName ?? t.title}: ${firstLine((t.failureMessages ?? [])[0])}`);
    }
  }
}
if (failures.length > 0) process.stdout.write(`FAILED:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);

function firstLine(text) {
  const line = String(text ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
