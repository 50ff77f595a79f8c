import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type QueryResult } from 'kysely';
import type { Database } from '../src/db/schema';

/**
 * A Kysely database that records every statement it is sent, compiled, and answers it with
 * `answer` (by default, no rows): for tests of what is sent, and for the benchmark's raw baseline,
 * which passes each statement on to the real database. Transactions are no-ops on it.
 */
export function recordingDb(answer: (query: CompiledQuery) => Promise<QueryResult<unknown>> = async () => ({ rows: [] })) {
  const sent: CompiledQuery[] = [];
  const driver = new DummyDriver();
  driver.acquireConnection = async () => ({
    executeQuery: async <R>(query: CompiledQuery) => {
      sent.push(query);
      return (await answer(query)) as QueryResult<R>;
    },
    streamQuery: () => {
      throw new Error('A recording database streams nothing');
    },
  });
  const db = new Kysely<Database>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => driver, createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() },
  });
  return { db, sent };
}
