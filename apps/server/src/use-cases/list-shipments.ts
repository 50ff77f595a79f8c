import type { ShipmentDetail, ShipmentsPage, ShipmentsQuery, ShipmentSummary } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { redact } from '../security/redact';
import { pageLimit } from '../db/pg-pool';
import { cachedStatement } from '../db/statement-cache';
import { BadCursorError } from './list-orders';
import { keptShipmentCounts } from './status-counts';
import { escapeLike, orderNumberForms } from './search-terms';

const encode = (createdAt: Date, id: string) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

function decode(raw: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt)) && /^[0-9a-f-]{36}$/i.test(id)) {
      return { createdAt: new Date(createdAt), id };
    }
  } catch {
    // fall through
  }
  throw new BadCursorError();
}

/** What the list shows of each shipment (the shipment's own page selects more on top). */
function baseQuery(db: Db, merchantId: string) {
  return db
    .selectFrom('shipments')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
    .select((eb) => [
      'shipments.id',
      'shipments.number',
      'shipments.status',
      'shipments.carrier',
      'shipments.tracking_code',
      'shipments.sync_status',
      'shipments.sync_error',
      'shipments.tracking_status',
      'shipments.created_at',
      'shipments.shipped_at',
      'orders.id as order_id',
      'orders.number as order_number',
      'orders.customer_name',
      'orders.country',
      'integrations.id as shop_id',
      'integrations.name as shop_name',
      'integrations.platform',
      eb
        .selectFrom('shipment_lines')
        .select((sub) => sub.fn.coalesce(sub.fn.sum<number>('shipment_lines.quantity'), sub.lit(0)).as('n'))
        .whereRef('shipment_lines.shipment_id', '=', 'shipments.id')
        .as('item_count'),
    ])
    .where('shipments.merchant_id', '=', merchantId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toSummary(row: Row): ShipmentSummary {
  return {
    id: row.id,
    number: row.number,
    orderId: row.order_id,
    orderNumber: row.order_number,
    shop: { id: row.shop_id, name: row.shop_name, platform: row.platform },
    customerName: row.customer_name,
    country: row.country,
    itemCount: Number(row.item_count ?? 0),
    status: row.status,
    carrier: row.carrier,
    trackingCode: row.tracking_code,
    syncStatus: row.sync_status,
    syncError: row.sync_error,
    trackingStatus: row.tracking_status,
    createdAt: row.created_at.toISOString(),
    shippedAt: row.shipped_at?.toISOString() ?? null,
  };
}

interface ListValues {
  merchantId: string;
  status?: ShipmentsQuery['status'];
  syncStatus?: ShipmentsQuery['syncStatus'];
  carrier?: ShipmentsQuery['carrier'];
  /** A search: a tracking code's prefix pattern, and the order number as typed and with a leading #. */
  trackingPattern?: string;
  number?: string;
  hashNumber?: string;
  /** The cursor's position. */
  createdAt?: Date;
  id?: string;
}

/** A page of the list, cached per shape (see cachedStatement); `limit` is the page size plus one, written into the text. */
const listStatement = cachedStatement((db, v: ListValues, shape: { limit: number }) => {
  let select = baseQuery(db, v.merchantId).orderBy('shipments.created_at', 'desc').orderBy('shipments.id', 'desc').limit(pageLimit(shape.limit));
  const { status, syncStatus, carrier, trackingPattern, number, hashNumber, createdAt, id } = v;
  if (status !== undefined) select = select.where('shipments.status', '=', status);
  if (syncStatus !== undefined) select = select.where('shipments.sync_status', '=', syncStatus);
  if (carrier !== undefined) select = select.where('shipments.carrier', '=', carrier);
  if (trackingPattern !== undefined && number !== undefined && hashNumber !== undefined) {
    select = select.where((eb) => eb.or([eb('shipments.tracking_code', 'ilike', trackingPattern), eb('orders.number', '=', number), eb('orders.number', '=', hashNumber)]));
  }
  if (createdAt !== undefined && id !== undefined) {
    select = select.where((eb) => eb(eb.refTuple('shipments.created_at', 'shipments.id'), '<', eb.tuple(createdAt, id)));
  }
  return select;
});

/** The merchant's shipments, newest first, filtered and searchable by tracking code or order number. */
export async function listShipments(db: Db, merchantId: string, query: ShipmentsQuery): Promise<ShipmentsPage> {
  const q = query.q;
  const cursor = query.cursor ? decode(query.cursor) : undefined;
  const values: ListValues = {
    merchantId,
    // An empty filter is no filter, as it always was.
    status: query.status || undefined,
    syncStatus: query.syncStatus || undefined,
    carrier: query.carrier || undefined,
    ...(q ? { trackingPattern: `${escapeLike(q)}%`, ...orderNumberForms(q) } : {}),
    createdAt: cursor?.createdAt,
    id: cursor?.id,
  };
  const [rows, counts] = await Promise.all([listStatement(db, values, { limit: query.limit + 1 }), keptShipmentCounts(db, merchantId)]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encode(last.created_at, last.id) : null,
    counts,
  };
}

/** One shipment with its items, address and whole timeline, for support staff above all. */
export async function getShipment(db: Db, merchantId: string, shipmentId: string): Promise<ShipmentDetail | null> {
  const row = await baseQuery(db, merchantId)
    .select(['shipments.external_id', 'orders.shipping_address', 'integrations.processing_mode'])
    .where('shipments.id', '=', shipmentId)
    .executeTakeFirst();
  if (!row) return null;
  const [lines, events] = await Promise.all([
    db
      .selectFrom('shipment_lines')
      .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
      .select(['order_lines.id', 'order_lines.sku', 'order_lines.name', 'order_lines.quantity as ordered', 'shipment_lines.quantity'])
      .where('shipment_lines.shipment_id', '=', shipmentId)
      .orderBy('order_lines.position')
      .execute(),
    db
      .selectFrom('shipment_events')
      .leftJoin('users', 'users.id', 'shipment_events.actor_user_id')
      .select(['shipment_events.id', 'shipment_events.type', 'shipment_events.message', 'shipment_events.data', 'shipment_events.occurred_at', 'users.name as actor'])
      .where('shipment_events.shipment_id', '=', shipmentId)
      .orderBy('shipment_events.occurred_at')
      .orderBy('shipment_events.created_at')
      .execute(),
  ]);
  return {
    ...toSummary(row),
    externalId: row.external_id,
    processingMode: row.processing_mode,
    shippingAddress: row.shipping_address,
    lines: lines.map((l) => ({ lineId: l.id, sku: l.sku, name: l.name, quantity: l.quantity, ordered: l.ordered })),
    events: events.map((e) => ({ id: e.id, type: e.type, message: e.message, data: redact(e.data), actor: e.actor, createdAt: e.occurred_at.toISOString() })),
  };
}
