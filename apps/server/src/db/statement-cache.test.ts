import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './schema';
import { pageLimit } from './pg-pool';
import { cachedStatement, type CachedStatementOptions } from './statement-cache';
import { recordingDb } from '../../test/recording-db';

interface Values {
  merchantId: string;
  country?: string;
  since?: Date;
  search?: string;
  status?: 'unfulfilled' | 'fulfilled';
}

/** A list statement with optional filters, like the orders list's. */
function build(db: Kysely<Database>, v: Values, shape: { direction: 'asc' | 'desc'; limit: number }) {
  let select = db.selectFrom('orders').select(['orders.id', 'orders.number']).where('orders.merchant_id', '=', v.merchantId);
  const { country, since, search, status } = v;
  if (country !== undefined) select = select.where('orders.country', '=', country);
  if (since !== undefined) select = select.where('orders.placed_at', '>=', since);
  if (search !== undefined) select = select.where((eb) => eb.or([eb('orders.number', '=', search), eb('orders.customer_name', 'ilike', search)]));
  if (status !== undefined) select = select.where('orders.fulfilment_status', '=', status);
  return select.orderBy('orders.placed_at', shape.direction).limit(pageLimit(shape.limit));
}

const values = fc.record(
  {
    merchantId: fc.uuid(),
    country: fc.constantFrom('NL', 'DE', 'BE'),
    since: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    search: fc.string({ maxLength: 12 }),
    status: fc.constantFrom('unfulfilled' as const, 'fulfilled' as const),
  },
  { requiredKeys: ['merchantId'] },
);
const shapes = fc.record({ direction: fc.constantFrom('asc' as const, 'desc' as const), limit: fc.integer({ min: 1, max: 101 }) });

/** The list statement, cached, counting how often it is built. */
function counted(options: CachedStatementOptions) {
  let builds = 0;
  const statement = cachedStatement((d, v: Values, shape: { direction: 'asc' | 'desc'; limit: number }) => {
    builds++;
    return build(d, v, shape);
  }, options);
  return { ...recordingDb(), statement, builds: () => builds };
}

describe('cachedStatement', () => {
  it('sends what building the statement with the real values would, whatever the values and shape (property)', async () => {
    const { db, sent } = recordingDb();
    const statement = cachedStatement(build, { verify: false });
    await fc.assert(
      fc.asyncProperty(values, shapes, async (v, shape) => {
        sent.length = 0;
        await statement(db, v, shape);
        const fresh = build(db, v, shape).compile();
        expect(sent).toHaveLength(1);
        expect(sent[0]!.sql).toBe(fresh.sql);
        expect(sent[0]!.parameters).toEqual(fresh.parameters);
      }),
      { numRuns: 300 },
    );
  });

  it('builds a shape once, and again for another shape', async () => {
    const { db, sent, statement, builds } = counted({ verify: false });
    const shape = { direction: 'desc' as const, limit: 51 };
    await statement(db, { merchantId: 'a', country: 'NL' }, shape);
    await statement(db, { merchantId: 'b', country: 'DE' }, shape);
    expect(builds()).toBe(1);
    expect(sent.map((q) => q.parameters)).toEqual([
      ['a', 'NL'],
      ['b', 'DE'],
    ]);
    // Another filter given, another direction, another page size: each its own statement.
    await statement(db, { merchantId: 'a', country: undefined, status: 'fulfilled' }, shape);
    await statement(db, { merchantId: 'a', country: 'NL' }, { direction: 'asc', limit: 51 });
    await statement(db, { merchantId: 'a', country: 'NL' }, { direction: 'desc', limit: 26 });
    expect(builds()).toBe(4);
    expect(sent[2]!.sql).toContain('"orders"."fulfilment_status" = $2');
    expect(sent[2]!.sql).not.toContain('"orders"."country"');
    expect(sent[3]!.sql).toContain('asc');
    expect(sent[4]!.sql).toContain('limit 26');
  });

  it('keeps at most `max` shapes, and builds the others for their call', async () => {
    const { db, sent, statement, builds } = counted({ max: 2, verify: false });
    for (const limit of [10, 20, 30, 30, 10]) await statement(db, { merchantId: 'm' }, { direction: 'desc', limit });
    expect(builds()).toBe(4);
    expect(sent.map((q) => /limit (\d+)/.exec(q.sql)?.[1])).toEqual(['10', '20', '30', '30', '10']);
  });

  it('refuses a statement with a value that was not passed as one of its values', async () => {
    const { db, sent } = recordingDb();
    const statement = cachedStatement((d, v: { merchantId: string }, _shape: null) => d.selectFrom('orders').select('id').where('merchant_id', '=', v.merchantId).where('country', '=', 'NL'), { verify: false });
    await expect(statement(db, { merchantId: 'm' }, null)).rejects.toThrow(/Parameter \$2 of a cached statement is not one of its values/);
    expect(sent).toHaveLength(0);
  });

  it('under verify, refuses a build that looks inside its values', async () => {
    const { db } = recordingDb();
    // Wrong: the text depends on the value itself, not on whether it is given.
    const statement = cachedStatement(
      (d, v: { merchantId: string; country: string }, _shape: null) =>
        d
          .selectFrom('orders')
          .select('id')
          .where('merchant_id', '=', v.merchantId)
          .$if(String(v.country) === 'NL', (q) => q.where(sql<boolean>`true`)),
      { verify: true },
    );
    await expect(statement(db, { merchantId: 'm', country: 'NL' }, null)).rejects.toThrow(/differs from the one built for its values/);
  });
});
