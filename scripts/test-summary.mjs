// Prints "N passed, N failed" from vitest's JSON report, so a run of zero tests is visible.
// A test file that failed before running any test (import error, hook failure) counts as one failure.
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2];
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: the test runner did not finish`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const brokenFiles = (r.testResults ?? []).filter(
  (t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed'),
).length;
const failed = r.numFailedTests + brokenFiles;
console.log(`${r.numPassedTests} passed, ${failed} failed`);
process.exit(r.numPassedTests > 0 && failed === 0 && r.success ? 0 : 1);
