import { describe, expect, it } from 'vitest';
import { percentile, poolLoads, summarizeLoad } from './lib';

describe('load summaries', () => {
  it('summarises one run: nearest-rank percentiles over its latencies, throughput over its time', () => {
    const run = summarizeLoad([4, 1, 3, 2, 100], 2, 500);
    expect(run).toMatchObject({ requests: 5, errors: 2, durationMs: 500, perSecond: 10, p50: 3, p99: 100, mean: 22 });
  });

  it('pools runs as one: percentiles over every latency, not an average of each run’s', () => {
    const calm = summarizeLoad(Array.from({ length: 99 }, () => 10), 0, 1000);
    const noisy = summarizeLoad([...Array.from({ length: 98 }, () => 10), 90, 95], 1, 1000);
    const pooled = poolLoads([calm, noisy]);
    expect(pooled.requests).toBe(199);
    expect(pooled.errors).toBe(1);
    expect(pooled.perSecond).toBeCloseTo(99.5);
    // The noisy run's own p99 is 90 ms; over both runs two slow answers of 199 are the slowest 1 %.
    expect(noisy.p99).toBe(90);
    expect(pooled.p99).toBe(percentile([...calm.latencies, ...noisy.latencies], 99));
    expect(pooled.p99).toBe(90);
    expect(pooled.p50).toBe(10);
  });
});
