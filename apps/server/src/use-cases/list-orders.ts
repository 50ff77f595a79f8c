import type { OrderCountsQuery, OrdersPage, OrdersQuery } from '@shipdesk/contract';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '@shipdesk/domain';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { pageLimit, planEachTime } from '../db/pg-pool';
import { cachedStatement } from '../db/statement-cache';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { keptOrderCounts } from './status-counts';
import { escapeLike, orderNumberForms } from './search-terms';

/** A position in the list: the orders after this one (a next cursor), or before it (a previous cursor). */
interface Cursor {
  placedAt: string;
  id: string;
  before?: boolean;
}

export class BadCursorError extends Error {
  constructor(message = 'The cursor is not one this server gave out. Start again from the first page.') {
    super(message);
  }
}

const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify(cursor.before ? [cursor.placedAt, cursor.id, 'before'] : [cursor.placedAt, cursor.id])).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const [placedAt, id, before, ...rest] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof placedAt !== 'string' ||
      typeof id !== 'string' ||
      Number.isNaN(Date.parse(placedAt)) ||
      !/^[0-9a-f-]{36}$/i.test(id) ||
      (before !== undefined && before !== 'before') ||
      rest.length > 0
    ) {
      throw new BadCursorError();
    }
    return { placedAt, id, before: before === 'before' };
  } catch {
    throw new BadCursorError();
  }
}

/**
 * One page of the merchant's orders; the first page (no cursor) also has the counts per status for
 * the tabs, within the other filters. Later pages of an endless list leave them out: the list
 * shows the first page's.
 */
export async function listOrders(db: Db, merchantId: string, query: OrdersQuery): Promise<OrdersPage> {
  if (query.cursor && query.offset !== undefined) throw new BadCursorError('Send a cursor or an offset, not both.');
  if (query.cursor || query.offset) return orderPage(db, merchantId, query);
  const [page, counts] = await Promise.all([orderPage(db, merchantId, query), tabCounts(db, merchantId, query)]);
  return { ...page, counts };
}

/** The tab counts: from the running counts where they are kept by the filters, else counted now. */
export function tabCounts(db: Db, merchantId: string, filters: Partial<Filters>): Promise<Record<FulfilmentStatus, number>> {
  return filters.from || filters.to || filters.q ? statusCounts(db, merchantId, filters) : keptOrderCounts(db, merchantId, filters);
}

/** The merchant's filters besides the status tab: the ones the tab counts take. */
type Filters = OrderCountsQuery;

/**
 * The merchant and the filters besides the status tab, as the statements take them: a search's
 * patterns and a date range's bounds are computed here, so that the statements, cached per shape
 * (see cachedStatement), are only handed values.
 */
interface FilterValues {
  merchantId: string;
  shop?: string;
  country?: string;
  /** Placed at or after this (the start of the `from` day, UTC). */
  from?: Date;
  /** Placed before this (the start of the day after `to`, UTC). */
  before?: Date;
  /** A search: the order number as typed and with a leading #, a customer name's pattern and a SKU prefix's. */
  number?: string;
  hashNumber?: string;
  namePattern?: string;
  skuPattern?: string;
}

function filterValues(merchantId: string, filters: Partial<Filters>): FilterValues {
  // An empty filter is no filter, as it always was (`if (filters.shop)`).
  const values: FilterValues = { merchantId, shop: filters.shop || undefined, country: filters.country || undefined };
  if (filters.from) values.from = new Date(`${filters.from}T00:00:00Z`);
  if (filters.to) values.before = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000);
  if (filters.q) {
    const escaped = escapeLike(filters.q);
    Object.assign(values, orderNumberForms(filters.q), { namePattern: `%${escaped}%`, skuPattern: `${escaped}%` });
  }
  return values;
}

/** The filters as one condition on orders. */
function orderFilters(eb: ExpressionBuilder<Database, 'orders'>, v: FilterValues): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('orders.merchant_id', '=', v.merchantId)];
  if (v.shop !== undefined) conditions.push(eb('orders.integration_id', '=', v.shop));
  if (v.country !== undefined) conditions.push(eb('orders.country', '=', v.country));
  if (v.from !== undefined) conditions.push(eb('orders.placed_at', '>=', v.from));
  if (v.before !== undefined) conditions.push(eb('orders.placed_at', '<', v.before));
  const { number, hashNumber, namePattern, skuPattern } = v;
  if (number !== undefined && hashNumber !== undefined && namePattern !== undefined && skuPattern !== undefined) {
    conditions.push(
      eb.or([
        eb('orders.number', '=', number),
        eb('orders.number', '=', hashNumber),
        eb('orders.customer_name', 'ilike', namePattern),
        eb.exists(eb.selectFrom('order_lines').select('order_lines.id').whereRef('order_lines.order_id', '=', 'orders.id').where('order_lines.sku', 'ilike', skuPattern)),
      ]),
    );
  }
  return eb.and(conditions);
}

/** A date range's best plan depends on the range: planned for its values each time (see planEachTime). */
const dated = (v: FilterValues) => v.from !== undefined || v.before !== undefined;

const countStatement = cachedStatement((db, v: FilterValues, _shape: null) =>
  db
    .selectFrom('orders')
    .select(['orders.fulfilment_status', (eb) => eb.fn.countAll<number>().as('count')])
    .where((eb) => orderFilters(eb, v))
    .groupBy('orders.fulfilment_status')
    .$if(dated(v), (q) => q.modifyEnd(planEachTime)),
);

/** How many orders the merchant has in each fulfilment status, within the other filters, counted now. */
export async function statusCounts(db: Db, merchantId: string, filters: Partial<Filters> = {}): Promise<Record<FulfilmentStatus, number>> {
  const rows = await countStatement(db, filterValues(merchantId, filters), null);
  const counts = Object.fromEntries(FULFILMENT_STATUSES.map((s) => [s, 0])) as Record<FulfilmentStatus, number>;
  for (const row of rows) counts[row.fulfilment_status] = Number(row.count);
  return counts;
}

interface PageValues extends FilterValues {
  status?: FulfilmentStatus;
  offset?: number;
  /** The cursor's position. */
  placedAt?: Date;
  id?: string;
}

/** What decides a page statement's text besides which values it has. */
interface PageShape {
  direction: 'asc' | 'desc';
  /** The page size plus one, to know whether there is more: written into the text (see pageLimit). */
  limit: number;
}

const pageStatement = cachedStatement((db, v: PageValues, shape: PageShape) => {
  let select = db
    .selectFrom('orders')
    .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.customer_name',
      'orders.country',
      'orders.placed_at',
      'orders.fulfilment_status',
      'orders.item_count',
      'orders.shipment_count',
      'integrations.id as shop_id',
      'integrations.name as shop_name',
      'integrations.platform',
    ])
    .where((eb) => orderFilters(eb as unknown as ExpressionBuilder<Database, 'orders'>, v))
    .orderBy('orders.placed_at', shape.direction)
    .orderBy('orders.id', shape.direction)
    .limit(pageLimit(shape.limit))
    // A day or years of orders: planned for the range asked, each time (see planEachTime).
    .$if(dated(v), (q) => q.modifyEnd(planEachTime));
  const { status, offset, placedAt, id } = v;
  if (status !== undefined) select = select.where('orders.fulfilment_status', '=', status);
  if (offset !== undefined) select = select.offset(offset);
  if (placedAt !== undefined && id !== undefined) {
    // A row comparison, so PostgreSQL walks the (placed_at, id) index straight to the cursor.
    select = select.where((eb) => eb(eb.refTuple('orders.placed_at', 'orders.id'), shape.direction === 'desc' ? '<' : '>', eb.tuple(placedAt, id)));
  }
  return select;
});

/**
 * One page of the merchant's orders, newest (or oldest) first, with keyset (cursor) paging in both
 * directions: a next cursor gives the orders after a position, a previous cursor those before it
 * (read backwards from the position, then put back in the list's order). An offset starts the page
 * that many orders in, for a jump; its cursors then page on from there.
 */
export async function orderPage(db: Db, merchantId: string, query: OrdersQuery): Promise<Omit<OrdersPage, 'counts'>> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const listed = query.sort === 'oldest' ? 'asc' : 'desc';
  const backwards = cursor?.before === true;
  const direction = backwards ? (listed === 'asc' ? 'desc' : 'asc') : listed;
  const values: PageValues = { ...filterValues(merchantId, query), status: query.status || undefined, offset: query.offset || undefined, placedAt: cursor ? new Date(cursor.placedAt) : undefined, id: cursor?.id };
  const rows = await pageStatement(db, values, { direction, limit: query.limit + 1 });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const at = (row: (typeof rows)[number], before: boolean) => encodeCursor({ placedAt: row.placed_at.toISOString(), id: row.id, before });
  return {
    items: page.map((row) => ({
      id: row.id,
      number: row.number,
      shop: { id: row.shop_id, name: row.shop_name, platform: row.platform },
      customerName: row.customer_name,
      country: row.country,
      placedAt: row.placed_at.toISOString(),
      fulfilmentStatus: row.fulfilment_status,
      itemCount: row.item_count,
      shipmentCount: row.shipment_count,
    })),
    // Read backwards, the orders after the page are at least the one at the cursor; read forwards
    // from a cursor, the orders before it are at least the one at the cursor.
    nextCursor: last && (backwards || more) ? at(last, false) : null,
    prevCursor: first && (backwards ? more : cursor !== undefined || Boolean(query.offset)) ? at(first, true) : null,
  };
}
