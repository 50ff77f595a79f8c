import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, JobsTable } from '../db/schema';
import { currentRequestId } from '../observability/request-context';

export type Job = Selectable<JobsTable>;

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** At most one unfinished job per key: enqueueing again while one waits does nothing. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job. Pass the transaction of the change it reports, so the job exists exactly when the
 * change does (the outbox pattern): a crash before commit loses both, after commit neither.
 * With a dedupe key, a job already waiting covers this one; a job already running is marked to
 * run once more when it finishes, since it may have read its data before this change.
 */
export async function enqueue(db: Kysely<Database>, job: NewJob): Promise<string | null> {
  // Twice at most: a job that was running when the insert met it may finish before it is flagged.
  for (let tries = 0; tries < 2; tries++) {
    const row = await db
      .insertInto('jobs')
      .values({
        kind: job.kind,
        payload: job.payload,
        dedupe_key: job.dedupeKey ?? null,
        ...(job.runAt ? { run_at: job.runAt } : {}),
        ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
        locked_until: null,
        last_error: null,
        finished_at: null,
        request_id: currentRequestId() ?? null,
      })
      .onConflict((oc) =>
        oc
          .column('dedupe_key')
          .where('dedupe_key', 'is not', null)
          // Constants, not parameters: PostgreSQL matches this to the partial unique index when it
          // plans the statement, and a prepared statement's generic plan knows no parameter values.
          .where('status', 'in', [sql.lit<'pending'>('pending'), sql.lit<'running'>('running')])
          .doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (row || !job.dedupeKey) return row?.id ?? null;
    const flagged = await db.updateTable('jobs').set({ rerun: true }).where('dedupe_key', '=', job.dedupeKey).where('status', '=', 'running').returning('id').execute();
    if (flagged.length > 0) return null;
    // No running job to flag: the one met was waiting (and covers this), or it has just finished,
    // and then the next insert goes in.
    const waiting = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', job.dedupeKey).where('status', '=', 'pending').executeTakeFirst();
    if (waiting) return null;
  }
  return null;
}

/** A job that was asked for again while it ran goes back in the queue, once. */
async function requeueIfAsked(db: Kysely<Database>, id: string): Promise<void> {
  const done = await db.selectFrom('jobs').select(['kind', 'payload', 'dedupe_key', 'rerun', 'request_id', 'max_attempts']).where('id', '=', id).executeTakeFirst();
  if (!done?.rerun) return;
  await enqueue(db, { kind: done.kind, payload: done.payload, ...(done.dedupe_key ? { dedupeKey: done.dedupe_key } : {}), maxAttempts: done.max_attempts });
}

/**
 * Claims up to `limit` due jobs: pending ones whose time has come, and running ones whose lock ran
 * out (their worker died). FOR UPDATE SKIP LOCKED lets many workers on one PostgreSQL claim
 * without blocking each other or taking the same job.
 */
export async function claimJobs(db: Kysely<Database>, options: { limit: number; lockMs: number; kinds?: string[] }): Promise<Job[]> {
  const kinds = options.kinds && options.kinds.length > 0 ? sql`and kind in (${sql.join(options.kinds)})` : sql``;
  const result = await sql<Job>`
    update jobs set status = 'running', attempts = attempts + 1,
      locked_until = now() + ${`${options.lockMs} milliseconds`}::interval
    where id in (
      select id from jobs
      where ((status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now())) ${kinds}
      order by run_at
      limit ${options.limit}
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows;
}

/** Puts claimed jobs that were not started back in the queue, undoing their claim. */
export async function releaseJobs(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'pending', locked_until: null, attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', ids)
    .where('status', '=', 'running')
    .execute();
}

export async function completeJob(db: Kysely<Database>, id: string): Promise<void> {
  const done = { status: 'done' as const, finished_at: new Date(), locked_until: null, last_error: null };
  // Not asked for again (by far the most): one statement. A flag set meanwhile makes it miss,
  // and the transaction below requeues the job.
  const plain = await db.updateTable('jobs').set(done).where('id', '=', id).where('rerun', '=', false).returning('id').executeTakeFirst();
  if (plain) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('jobs').set(done).where('id', '=', id).execute();
    await requeueIfAsked(trx, id);
  });
}

/** Backoff before attempt n+1: doubling from `baseMs`, capped, with ±20 % jitter. */
export function backoffMs(attempts: number, baseMs: number, maxMs = 60 * 60 * 1000): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/** Records a failed attempt: retried later with backoff, or failed for good. Returns whether it will retry. */
export async function failJob(db: Kysely<Database>, job: Job, error: string, options: { retryable: boolean; baseBackoffMs: number; retryAfterMs?: number }): Promise<boolean> {
  const retry = options.retryable && job.attempts < job.max_attempts;
  const delay = Math.max(options.retryAfterMs ?? 0, backoffMs(job.attempts, options.baseBackoffMs));
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('jobs')
      .set(
        retry
          ? // Going round again anyway: it will read the newest data then.
            { status: 'pending', run_at: new Date(Date.now() + delay), locked_until: null, last_error: error, rerun: false }
          : { status: 'failed', finished_at: new Date(), locked_until: null, last_error: error },
      )
      .where('id', '=', job.id)
      .execute();
    // Failed for good, but asked for again after it started: the newer change gets its own tries.
    if (!retry) await requeueIfAsked(trx, job.id);
  });
  return retry;
}
