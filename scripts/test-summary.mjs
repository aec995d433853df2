// Sums the Vitest and Playwright JSON reports into one closing line:
//   tests: N passed, N failed, N skipped
// preceded by each failure's name and the first lines of its error, so that the last screen of a
// CI log (often all that is kept) says what failed, not only how many.
// Exits 1 if a report is missing (a runner that crashed before reporting) or nothing ran.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [vitestPath, playwrightPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
/** @type {{ where: string, name: string, error: string }[]} */
const failures = [];

function read(path, runner) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`${runner}: no report at ${path} (the runner did not finish)`);
    ok = false;
    return undefined;
  }
}

/** The first few non-empty lines of an error, without ANSI colours. */
function firstLines(text, n = 6) {
  return String(text ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, n)
    .join('\n      ');
}

const vitest = read(vitestPath, 'vitest');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  for (const file of vitest.testResults ?? []) {
    const where = relative(process.cwd(), file.name ?? '');
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) {
      failures.push({ where, name: t.fullName ?? t.title, error: firstLines((t.failureMessages ?? []).join('\n')) });
    }
    // A file that failed outside any test (an import or a hook): its message is all there is.
    if (file.status === 'failed' && failedTests.length === 0) {
      failed += 1;
      failures.push({ where, name: '(the file itself)', error: firstLines(file.message) });
    }
  }
}

function walkPlaywright(suite, file) {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status !== 'unexpected') continue;
      const last = (test.results ?? []).at(-1);
      failures.push({
        where: `${spec.file ?? file}:${spec.line ?? ''}`,
        name: spec.title,
        error: firstLines(last?.error?.message ?? last?.errors?.[0]?.message),
      });
    }
  }
  for (const child of suite.suites ?? []) walkPlaywright(child, suite.file ?? file);
}

const playwright = read(playwrightPath, 'playwright');
if (playwright?.stats) {
  const s = playwright.stats;
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  for (const suite of playwright.suites ?? []) walkPlaywright(suite, suite.file);
  for (const error of playwright.errors ?? []) {
    failed += 1;
    failures.push({ where: 'playwright', name: '(outside any test)', error: firstLines(error.message) });
  }
}
if (passed + failed === 0) ok = false;

for (const f of failures) {
  console.log(`FAILED ${f.where} › ${f.name}\n      ${f.error}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
