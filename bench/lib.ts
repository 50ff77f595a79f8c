/**
 * Shared pieces of the benchmarks: timing, statistics, and the shape of one figure in the report.
 */
import { cpus, totalmem } from 'node:os';

/** One measured figure, next to the baseline measured in the same run. */
export interface Figure {
  /** The benchmark it belongs to, e.g. "api". */
  bench: string;
  /** The database it ran on, or null where the database plays no part. */
  db: 'pglite' | 'postgres' | null;
  /** What was measured, e.g. "GET /api/orders (filters), 32 connections, p50". */
  what: string;
  value: number;
  unit: string;
  /** The baseline, with what it is. */
  baseline: { what: string; value: number; unit: string } | null;
  /**
   * How the figure compares to the baseline, as the report should say it, e.g. `value / baseline`
   * (1.3 means 1.3× the baseline). Null where there is no baseline.
   */
  ratio: number | null;
  /** The target in words, e.g. "≤ 2× raw", and whether it was met (null: no target). */
  target: { text: string; met: boolean } | null;
  note?: string;
}

export type DbKind = 'pglite' | 'postgres';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** What one load run measured: successful operations' latencies (ms) and the failures. */
export interface LoadSummary {
  requests: number;
  errors: number;
  durationMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  /** Every successful operation's latency, so runs can be pooled. */
  latencies: number[];
  /** CPU time the server process spent during the run, ms, when measured. */
  cpuMs?: number;
  /** CPU time the load generator (autocannon, in the runner process) used during the run, ms. */
  clientCpuMs?: number;
}

/** A load run's summary from its latencies, failures and wall time. */
export function summarizeLoad(latencies: number[], errors: number, durationMs: number): LoadSummary {
  return {
    requests: latencies.length,
    errors,
    durationMs,
    perSecond: (latencies.length / durationMs) * 1000,
    p50: median(latencies),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    latencies,
  };
}

/** Several runs of the same load as one: percentiles over all their latencies, throughput over all their time. */
export function poolLoads(runs: readonly LoadSummary[]): LoadSummary {
  const pooled = summarizeLoad(
    runs.flatMap((r) => r.latencies),
    runs.reduce((n, r) => n + r.errors, 0),
    runs.reduce((n, r) => n + r.durationMs, 0),
  );
  const sum = (key: 'cpuMs' | 'clientCpuMs') => (runs.every((r) => r[key] !== undefined) ? { [key]: runs.reduce((n, r) => n + r[key]!, 0) } : {});
  return { ...pooled, ...sum('cpuMs'), ...sum('clientCpuMs') };
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await fn();
  return nowMs() - start;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` answers true, polling; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** `value` as a ratio of `baseline` (guarding against a zero baseline). */
export const ratioOf = (value: number, baseline: number) => (baseline > 0 ? value / baseline : Number.NaN);

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
