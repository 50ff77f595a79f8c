import { sql, type PostgresCursor, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Put at the end of a statement whose best plan depends on its parameter values, such as a date
 * range that may hold a day or years of orders: it is then sent unnamed and planned for its values
 * on every call. A generic plan has to guess a range's share of the rows (PostgreSQL guesses 0.5 %)
 * and, for a month of the largest benchmark merchant, sorted all 2,925 orders found by a bitmap
 * scan (2.6 ms) instead of reading the first 51 down the index (0.7 ms with planning).
 */
const PLAN_EACH_TIME_MARK = '/* plan each time */';
export const planEachTime = sql.raw(PLAN_EACH_TIME_MARK);

/**
 * A page's LIMIT, written into the statement rather than sent as a parameter: under `limit $n` a
 * prepared statement's generic plan must guess how many rows are wanted, costs out worse than a
 * custom one, and so the list query would be planned anew on every call. The size is a validated
 * whole number.
 */
export const pageLimit = (size: number) => {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`A page size must be a whole number, not ${size}`);
  return sql.lit(size);
};

export interface PoolOptions {
  /** Send statements with parameters as named prepared statements (default true). */
  prepare?: boolean;
  /** How many distinct statement texts get a name at most (default 500). */
  limit?: number;
}

/**
 * Kysely's pool for node-postgres (on a PostgreSQL server, and on PGlite through its node-postgres
 * connection), with every statement that has parameters sent as a named prepared statement.
 * PostgreSQL then parses it once per connection and, after five runs, keeps a generic plan when
 * that costs out no worse than planning each call anew. For Shipdesk's statements the
 * planning was most of the database's time: loading an order took 0.5 ms to plan and 0.1 ms to run
 * (pg_stat_statements under the API benchmark).
 * - Statements without parameters (BEGIN, COMMIT, migrations that hold several statements) are
 *   sent as they are: there is nothing to gain, and a prepared statement can hold only one.
 * - Nor are statements marked with {@link planEachTime}.
 * - A generic plan knows no parameter values, so anything PostgreSQL must decide from the values
 *   while planning has to be written as constants: an ON CONFLICT clause's partial-index
 *   predicate, for one (see enqueue), and a LIMIT ({@link pageLimit}).
 * - At most `limit` distinct statement texts get a name; later ones are sent unnamed. Texts vary
 *   with the length of `in (…)` lists and multi-row inserts, and every named statement stays in
 *   the memory of each connection that ran it until the pool closes that connection.
 * - node-postgres remembers per connection what it has prepared, and forgets a statement whose
 *   preparation failed, so a failed statement is prepared again next time.
 * - Behind a pooler in transaction mode that does not track prepared statements (PgBouncer before
 *   1.21), turn this off: SHIPDESK_PG_PREPARE=false.
 */
export function kyselyPool(pool: pg.Pool, options: PoolOptions = {}): PostgresPool & { named(): number } {
  const prepare = options.prepare ?? true;
  const limit = options.limit ?? 500;
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limit) {
      name = `shipdesk_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  // Kysely keeps one connection object per client it is handed: hand it the same wrapper each time.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      const query = <R>(textOrCursor: string | PostgresCursor<R>, parameters?: readonly unknown[]) => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        const values = parameters ? [...parameters] : [];
        const name = prepare && values.length > 0 && !textOrCursor.includes(PLAN_EACH_TIME_MARK) ? nameFor(textOrCursor) : undefined;
        return client.query(name ? { name, text: textOrCursor, values } : { text: textOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
      };
      // Kysely passes `true` to have a connection it gave up on destroyed rather than reused.
      const release = (destroy?: boolean) => client.release(destroy);
      wrapper = { query: query as PostgresPoolClient['query'], release };
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
    named: () => names.size,
  };
}
