// Sums the Vitest and Playwright JSON reports into one closing line:
//   tests: N passed, N failed, N skipped
// Exits 1 if a report is missing (a runner that crashed before reporting) or nothing ran.
import { readFileSync } from 'node:fs';

const [vitestPath, playwrightPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

function read(path, runner) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`${runner}: no report at ${path} (the runner did not finish)`);
    ok = false;
    return undefined;
  }
}

const vitest = read(vitestPath, 'vitest');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorTestSuites ?? 0);
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = read(playwrightPath, 'playwright');
if (playwright?.stats) {
  const s = playwright.stats;
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  if ((playwright.errors ?? []).length > 0) failed += playwright.errors.length;
}
if (passed + failed === 0) ok = false;

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
