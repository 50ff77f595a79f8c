import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { logger } from '../observability/logger';
import { withRequestId } from '../observability/request-context';
import { claimJobs, completeJob, failJob, releaseJobs, type Job } from './queue';

/** What a handler throws to say whether trying again can help. Anything else is retried. */
export interface RetryHint {
  retryable?: boolean;
  retryAfterMs?: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface WorkerOptions {
  pollMs?: number;
  batch?: number;
  lockMs?: number;
  baseBackoffMs?: number;
  /** How many claimed jobs of the `parallelKinds` run at once. Default 1. */
  concurrency?: number;
  /** Kinds of jobs independent enough to run side by side (e.g. one label of a batch each). */
  parallelKinds?: string[];
  /** Called after a job fails for good, or will be retried. */
  onFailure?: (job: Job, error: unknown, willRetry: boolean) => Promise<void> | void;
}

/** Runs due jobs from the Postgres queue with the handler for their kind. */
export class Worker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;
  private stopping = false;
  private readonly options: Required<Omit<WorkerOptions, 'onFailure'>> & Pick<WorkerOptions, 'onFailure'>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ) {
    this.options = { pollMs: 1000, batch: 10, lockMs: 5 * 60 * 1000, baseBackoffMs: 2000, concurrency: 1, parallelKinds: [], ...options };
  }

  /**
   * Claims and runs one batch; returns how many jobs ran. Jobs of the kinds in `parallelKinds` run
   * up to `concurrency` at a time (one's carrier call then overlaps another's database work); the
   * others run one after another, in the order they were claimed.
   */
  async runOnce(): Promise<number> {
    const claimed = await claimJobs(this.db, { limit: this.options.batch, lockMs: this.options.lockMs, kinds: Object.keys(this.handlers) });
    const parallel = new Set(this.options.parallelKinds);
    const jobs = [...claimed.filter((j) => !parallel.has(j.kind)), ...claimed.filter((j) => parallel.has(j.kind))];
    let next = 0;
    let ran = 0;
    while (next < jobs.length && !this.stopping && !parallel.has(jobs[next]!.kind)) {
      await this.run(jobs[next++]!);
      ran++;
    }
    const lane = async () => {
      while (next < jobs.length && !this.stopping) {
        await this.run(jobs[next++]!);
        ran++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(0, Math.min(this.options.concurrency, jobs.length - next)) }, lane));
    // Stopping: hand back what was claimed but not started, for the next worker to take.
    if (next < jobs.length) await releaseJobs(this.db, jobs.slice(next).map((j) => j.id));
    return ran;
  }

  /** Runs batches until no job is due (for tests and for draining on shutdown). */
  async drain(maxBatches = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches && !this.stopping; i++) {
      const ran = await this.runOnce();
      if (ran === 0) break;
      total += ran;
    }
    return total;
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw Object.assign(new Error(`No handler for jobs of kind "${job.kind}"`), { retryable: false });
      await withRequestId(job.request_id ?? `job-${job.id}`, () => handler(job));
      await completeJob(this.db, job.id);
    } catch (error) {
      const hint = (typeof error === 'object' && error !== null ? error : {}) as RetryHint;
      const message = error instanceof Error ? error.message : String(error);
      const willRetry = await failJob(this.db, job, message, {
        retryable: hint.retryable !== false,
        baseBackoffMs: this.options.baseBackoffMs,
        retryAfterMs: hint.retryAfterMs,
      });
      logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, willRetry, reqId: job.request_id ?? undefined, err: message }, 'job failed');
      await this.options.onFailure?.(job, error, willRetry);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain(50).catch((error: unknown) => {
        logger.error({ err: error }, 'job worker');
        return 0;
      });
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.options.pollMs);
    };
    void tick();
  }

  /** Finishes the job in hand, hands back the rest of the batch, and stops polling. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
