import type { OrderCountsQuery, OrdersPage, OrdersQuery } from '@shipdesk/contract';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '@shipdesk/domain';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { pageLimit, planEachTime } from '../db/pg-pool';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { keptOrderCounts } from './status-counts';

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

/** The merchant and the filters besides the status tab, as one condition on orders. */
function orderFilters(eb: ExpressionBuilder<Database, 'orders'>, merchantId: string, filters: Partial<Filters>): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('orders.merchant_id', '=', merchantId)];
  if (filters.shop) conditions.push(eb('orders.integration_id', '=', filters.shop));
  if (filters.country) conditions.push(eb('orders.country', '=', filters.country));
  if (filters.from) conditions.push(eb('orders.placed_at', '>=', new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) conditions.push(eb('orders.placed_at', '<', new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (filters.q) {
    const text = filters.q;
    const escaped = text.replace(/[%_\\]/g, '\\$&');
    conditions.push(
      eb.or([
        eb('orders.number', '=', text),
        eb('orders.number', '=', `#${text.replace(/^#/, '')}`),
        eb('orders.customer_name', 'ilike', `%${escaped}%`),
        eb.exists(eb.selectFrom('order_lines').select('order_lines.id').whereRef('order_lines.order_id', '=', 'orders.id').where('order_lines.sku', 'ilike', `${escaped}%`)),
      ]),
    );
  }
  return eb.and(conditions);
}

/** How many orders the merchant has in each fulfilment status, within the other filters, counted now. */
export async function statusCounts(db: Db, merchantId: string, filters: Partial<Filters> = {}): Promise<Record<FulfilmentStatus, number>> {
  const rows = await db
    .selectFrom('orders')
    .select(['orders.fulfilment_status', (eb) => eb.fn.countAll<number>().as('count')])
    .where((eb) => orderFilters(eb, merchantId, filters))
    .groupBy('orders.fulfilment_status')
    .$if(Boolean(filters.from || filters.to), (q) => q.modifyEnd(planEachTime))
    .execute();
  const counts = Object.fromEntries(FULFILMENT_STATUSES.map((s) => [s, 0])) as Record<FulfilmentStatus, number>;
  for (const row of rows) counts[row.fulfilment_status] = Number(row.count);
  return counts;
}

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
    .where((eb) => orderFilters(eb as unknown as ExpressionBuilder<Database, 'orders'>, merchantId, query))
    .orderBy('orders.placed_at', direction)
    .orderBy('orders.id', direction)
    .limit(pageLimit(query.limit + 1))
    // A day or years of orders: planned for the range asked, each time (see planEachTime).
    .$if(Boolean(query.from || query.to), (q) => q.modifyEnd(planEachTime));
  if (query.status) select = select.where('orders.fulfilment_status', '=', query.status);
  if (query.offset) select = select.offset(query.offset);
  if (cursor) {
    const placedAt = new Date(cursor.placedAt);
    // A row comparison, so PostgreSQL walks the (placed_at, id) index straight to the cursor.
    select = select.where((eb) => eb(eb.refTuple('orders.placed_at', 'orders.id'), direction === 'desc' ? '<' : '>', eb.tuple(placedAt, cursor.id)));
  }
  const rows = await select.execute();
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
