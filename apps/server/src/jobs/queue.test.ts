import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../db/database';
import { testDatabases } from '../../test/databases';
import type { KyselyPlugin } from 'kysely';
import { backoffMs, claimJobs, completeJob, enqueue } from './queue';
import { Worker } from './worker';

describe.each(testDatabases())('job queue on $name', ({ name, open }) => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('runs each job once, retries a failure with backoff, and gives up on a permanent one', async () => {
    const db = database.db;
    const seen: string[] = [];
    let flaky = 0;
    await enqueue(db, { kind: 'a1', payload: { n: 1 } });
    await enqueue(db, { kind: 'flaky1', payload: {} });
    await enqueue(db, { kind: 'broken1', payload: {} });
    const worker = new Worker(
      db,
      {
        a1: async (job) => void seen.push(String(job.payload.n)),
        flaky1: async () => {
          flaky++;
          if (flaky < 3) throw new Error('shop is down');
        },
        broken1: async () => {
          throw Object.assign(new Error('refused by the shop'), { retryable: false });
        },
      },
      { baseBackoffMs: 1 },
    );
    for (let i = 0; i < 20 && flaky < 3; i++) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toEqual(['1']);
    expect(flaky).toBe(3);
    const rows = await db.selectFrom('jobs').select(['kind', 'status', 'attempts', 'last_error']).where('kind', 'in', ['a1', 'flaky1', 'broken1']).orderBy('kind').execute();
    expect(rows).toEqual([
      { kind: 'a1', status: 'done', attempts: 1, last_error: null },
      { kind: 'broken1', status: 'failed', attempts: 1, last_error: 'refused by the shop' },
      { kind: 'flaky1', status: 'done', attempts: 3, last_error: null },
    ]);
  });

  it('runs jobs of parallel kinds side by side, and every other kind alone', async () => {
    const db = database.db;
    const running = { now: 0, max: 0, serialOverlap: false };
    const handler = (serial: boolean) => async () => {
      running.now++;
      running.max = Math.max(running.max, running.now);
      if (serial && running.now > 1) running.serialOverlap = true;
      await new Promise((r) => setTimeout(r, 30));
      running.now--;
    };
    for (let i = 0; i < 6; i++) await enqueue(db, { kind: 'label', payload: { i } });
    for (let i = 0; i < 3; i++) await enqueue(db, { kind: 'shop', payload: { i } });
    const worker = new Worker(db, { label: handler(false), shop: handler(true) }, { concurrency: 3, parallelKinds: ['label'], batch: 20 });
    expect(await worker.drain()).toBe(9);
    expect(running.max).toBe(3);
    expect(running.serialOverlap).toBe(false);
  });

  it('runs a job once more when it is asked for again while it runs, so a change made meanwhile is not lost', async () => {
    const db = database.db;
    const seen: number[] = [];
    let state = 1;
    await enqueue(db, { kind: 'push', payload: {}, dedupeKey: 'push:order-1' });
    const worker = new Worker(db, {
      push: async () => {
        // The job reads the state, and while it works someone changes it and asks again.
        const read = state;
        if (read === 1) {
          state = 2;
          expect(await enqueue(db, { kind: 'push', payload: {}, dedupeKey: 'push:order-1' })).toBeNull();
        }
        seen.push(read);
      },
    });
    await worker.drain();
    expect(seen).toEqual([1, 2]);
    // Nothing more waits: asking again while nothing runs just queues it once.
    const waiting = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', 'push:order-1').where('status', 'in', ['pending', 'running']).execute();
    expect(waiting).toEqual([]);
  });

  it('queues the job again when the running one it met finishes before it could be flagged', async () => {
    const db = database.db;
    await enqueue(db, { kind: 'race', payload: {}, dedupeKey: 'race:1' });
    const [running] = await claimJobs(db, { limit: 1, lockMs: 60_000, kinds: ['race'] });
    let finishing: Promise<void> | null = null;
    // Right after the insert meets the running job, that job finishes (as another worker would).
    // PGlite's one connection is still held here, so there the finish queues up first instead.
    const finishMeanwhile: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        if (!finishing && args.result.rows.length === 0) {
          finishing = completeJob(db, running!.id);
          if (name === 'postgres') await finishing;
        }
        return args.result;
      },
    };
    expect(await enqueue(db.withPlugin(finishMeanwhile), { kind: 'race', payload: {}, dedupeKey: 'race:1' })).not.toBeNull();
    expect(finishing).not.toBeNull();
    await finishing;
    const rows = await db.selectFrom('jobs').select('status').where('dedupe_key', '=', 'race:1').orderBy('created_at').execute();
    expect(rows.map((r) => r.status)).toEqual(['done', 'pending']);
  });

  it('keeps one unfinished job per dedupe key', async () => {
    const db = database.db;
    expect(await enqueue(db, { kind: 'd', payload: {}, dedupeKey: 'sync:1' })).not.toBeNull();
    expect(await enqueue(db, { kind: 'd', payload: {}, dedupeKey: 'sync:1' })).toBeNull();
    await new Worker(db, { d: async () => {} }).drain();
    expect(await enqueue(db, { kind: 'd', payload: {}, dedupeKey: 'sync:1' })).not.toBeNull();
  });

  it('hands a job to one claimer only, and takes it back when its worker died', async () => {
    const db = database.db;
    await enqueue(db, { kind: 'c', payload: {} });
    const [first, second] = await Promise.all([claimJobs(db, { limit: 5, lockMs: 50, kinds: ['c'] }), claimJobs(db, { limit: 5, lockMs: 50, kinds: ['c'] })]);
    expect(first!.length + second!.length).toBe(1);
    // The claimer "crashes": after its lock runs out, another worker picks the job up.
    await new Promise((r) => setTimeout(r, 80));
    const again = await claimJobs(db, { limit: 5, lockMs: 60_000, kinds: ['c'] });
    expect(again).toHaveLength(1);
    expect(again[0]!.attempts).toBe(2);
  });

  it('backs off exponentially within jitter', () => {
    expect(backoffMs(1, 1000)).toBeGreaterThanOrEqual(800);
    expect(backoffMs(1, 1000)).toBeLessThanOrEqual(1200);
    expect(backoffMs(4, 1000)).toBeGreaterThanOrEqual(6400);
    expect(backoffMs(40, 1000, 5000)).toBeLessThanOrEqual(6000);
  });
});
