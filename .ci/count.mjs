// Sums vitest JSON reports into the one line CI reads: "N passed, N failed".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let suiteErrors = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    process.stderr.write(`missing report ${file} (suite did not run)\n`);
    failed++;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A file that failed to load has no tests but is a failure.
  for (const s of r.testResults ?? []) if (s.status === 'failed' && (s.assertionResults ?? []).length === 0) suiteErrors++;
}
failed += suiteErrors;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
