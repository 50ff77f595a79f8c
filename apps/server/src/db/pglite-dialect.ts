import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

/**
 * Lets Kysely's own Postgres driver run on PGlite. PGlite is one connection, so the "pool" hands
 * it to one caller at a time: a transaction holds it until it commits or rolls back, and every
 * other query waits its turn. This keeps the same SQL and the same transaction semantics as a
 * real PostgreSQL server behind `pg`.
 */
export function pgliteDialect(lite: PGlite): PostgresDialect {
  let tail: Promise<void> = Promise.resolve();

  const pool: PostgresPool = {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => (release = resolve));
      await previous;
      let released = false;
      const client = {
        async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
          // Without parameters, use the simple protocol so that a migration may hold several statements.
          const result =
            parameters.length === 0 ? (await lite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 } : await lite.query<R>(sql, parameters as unknown[]);
          const command = (result as { command?: string }).command ?? sql.trimStart().split(/\s/, 1)[0]!.toUpperCase();
          return {
            command: command as PostgresQueryResult<R>['command'],
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows as R[],
          };
        },
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
      return client as unknown as PostgresPoolClient;
    },
    async end() {
      await tail;
    },
  };
  return new PostgresDialect({ pool });
}
