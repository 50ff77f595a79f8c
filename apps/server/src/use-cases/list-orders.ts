import type { OrdersPage, OrdersQuery } from '@shipdesk/contract';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '@shipdesk/domain';
import type { Db } from '../db/database';

interface Cursor {
  placedAt: string;
  id: string;
}

export class BadCursorError extends Error {
  constructor() {
    super('The cursor is not one this server gave out. Start again from the first page.');
  }
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify([cursor.placedAt, cursor.id])).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const [placedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof placedAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(placedAt)) || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new BadCursorError();
    }
    return { placedAt, id };
  } catch {
    throw new BadCursorError();
  }
}

/** One page of the merchant's orders with the counts per status for the tabs. */
export async function listOrders(db: Db, merchantId: string, query: OrdersQuery): Promise<OrdersPage> {
  const [page, counts] = await Promise.all([orderPage(db, merchantId, query), statusCounts(db, merchantId)]);
  return { ...page, counts };
}

/** How many orders the merchant has in each fulfilment status. */
export async function statusCounts(db: Db, merchantId: string): Promise<Record<FulfilmentStatus, number>> {
  const rows = await db
    .selectFrom('orders')
    .select(['fulfilment_status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('merchant_id', '=', merchantId)
    .groupBy('fulfilment_status')
    .execute();
  const counts = Object.fromEntries(FULFILMENT_STATUSES.map((s) => [s, 0])) as Record<FulfilmentStatus, number>;
  for (const row of rows) counts[row.fulfilment_status] = Number(row.count);
  return counts;
}

/** One page of the merchant's orders, newest first, with keyset (cursor) paging. */
export async function orderPage(db: Db, merchantId: string, query: OrdersQuery): Promise<Omit<OrdersPage, 'counts'>> {
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
    .where('orders.merchant_id', '=', merchantId)
    .orderBy('orders.placed_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(query.limit + 1);
  if (query.status) select = select.where('orders.fulfilment_status', '=', query.status);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const placedAt = new Date(cursor.placedAt);
    // A row comparison, so PostgreSQL walks the (placed_at, id) index straight to the cursor.
    select = select.where((eb) => eb(eb.refTuple('orders.placed_at', 'orders.id'), '<', eb.tuple(placedAt, cursor.id)));
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
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
    nextCursor: rows.length > query.limit && last ? encodeCursor({ placedAt: last.placed_at.toISOString(), id: last.id }) : null,
  };
}
