/** What every benchmark in bench/*.bench.ts exports (see run.ts). */
export interface BenchRow {
  benchmark: string;
  metric: string;
  /** Median over the runs. */
  value: number;
  unit: string;
  /** e.g. "5 runs × 5 s, 64 connections; min–max 1200–1300" */
  note?: string;
}

export interface BenchContext {
  /** Number of measured runs (BENCH_RUNS, default 5). */
  runs: number;
  /** Seconds per measured run (BENCH_SECONDS, default 5). */
  seconds: number;
  log: (line: string) => void;
}

/** A benchmark module exports `run` with this signature (and optionally `name`). */
export type Benchmark = (ctx: BenchContext) => Promise<BenchRow[]>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
