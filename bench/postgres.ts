/**
 * A throwaway PostgreSQL server for the benchmarks, the way apps/server/test/postgres-global-setup.ts
 * starts one for the tests: initdb in a temp folder, loopback only, as the `postgres` user when run
 * as root. Durability is kept on here (fsync etc. as PostgreSQL ships), unlike the tests, so the
 * figures are those of a normally configured server; `BENCH_PG_FAST=1` turns it off.
 * `BENCH_PG_STATEMENTS=1` loads pg_stat_statements, and the API bench logs where each endpoint's
 * database time went (planning and execution per statement).
 */
import { findPostgresBin, startThrowawayPostgres, type RunningPostgres } from '../apps/server/test/throwaway-postgres';

export { findPostgresBin, type RunningPostgres };

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql).');
  const statements = process.env.BENCH_PG_STATEMENTS === '1' ? ' -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on' : '';
  return startThrowawayPostgres({ bin, durable: process.env.BENCH_PG_FAST !== '1', extra: `-c shared_buffers=256MB${statements}`, folderPrefix: 'shipdesk-bench-pg-' });
}
