/**
 * `npm run bench [-- <name>...]`: runs every bench/*.bench.ts (or the named ones) and
 * prints one table. A benchmark module exports `run(ctx): Promise<BenchRow[]>` (see
 * lib/types.ts); adding a file is all it takes to add a benchmark.
 * BENCH_RUNS (default 5) and BENCH_SECONDS (default 5) set the measured runs.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchRow, Benchmark } from './lib/types';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function table(rows: BenchRow[]): string {
  const header = ['benchmark', 'metric', 'median', 'unit', 'notes'];
  const body = rows.map((r) => [r.benchmark, r.metric, String(r.value), r.unit, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const ctx: BenchContext = {
    runs: positiveInt('BENCH_RUNS', 5),
    seconds: positiveInt('BENCH_SECONDS', 5),
    log: (line) => console.error(line),
  };
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const selected = files.filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')));
  if (selected.length === 0) throw new Error(`no benchmark matches ${wanted.join(', ')} (have: ${files.join(', ')})`);

  const rows: BenchRow[] = [];
  let failed = false;
  for (const file of selected) {
    const mod = (await import(pathToFileURL(`${dir}${file}`).href)) as { run?: Benchmark };
    if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
    ctx.log(`running ${file} …`);
    try {
      rows.push(...(await mod.run(ctx)));
    } catch (err) {
      failed = true;
      ctx.log(`${file} failed: ${(err as Error).message}`);
    }
  }
  console.log(table(rows));
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
});
