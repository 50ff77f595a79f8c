/**
 * Smoke of every benchmark at tiny sizes, so they cannot rot: each runs end to end through the
 * same code as `npm run bench` and must give real numbers and a report. PGlite only (the
 * PostgreSQL path differs only in the connection string; `npm run bench -- --db postgres` runs it).
 * Writes to a temp file, never to bench/RESULTS.md.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, runBenchmarks } from './run';

describe('benchmarks (smoke)', () => {
  it('runs every benchmark at tiny sizes and renders the report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'shipdesk-bench-smoke-')), 'RESULTS.md');
    const config = parseConfig([
      '--db', 'pglite',
      '--orders', '300', '--lines', '750', '--shipments', '450', '--merchants', '2',
      '--concurrency', '1,2', '--duration', '300', '--rounds', '2',
      '--labels', '20', '--updates', '50', '--import-orders', '200',
      '--web-orders', '300', '--drag-lines', '30', '--scroll-budget', '3000',
      '--out', out,
    ]);
    const run = await runBenchmarks(config);
    expect(run.failures).toEqual([]);
    const benches = new Set(run.figures.map((f) => f.bench));
    for (const b of ['generate', 'api', 'paging', 'labels', 'sync-back', 'import', 'web']) expect(benches).toContain(b);
    for (const figure of run.figures) {
      expect(Number.isFinite(figure.value), `${figure.bench}: ${figure.what}`).toBe(true);
      if (figure.baseline) expect(Number.isFinite(figure.baseline.value), `${figure.bench}: baseline of ${figure.what}`).toBe(true);
    }
    expect(existsSync(out)).toBe(true);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('# Benchmark results');
    expect(markdown).toMatch(/## Targets: \d+ of \d+ met/);
    expect(markdown).toContain('| api | pglite | PUT /api/orders/:id/allocation, 2 conn, p50 |');
  }, 180_000);
});
