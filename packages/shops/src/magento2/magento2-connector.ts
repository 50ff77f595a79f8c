import type { TrackingStatus } from '@shipdesk/domain';
import { ShopError, type CreateShipmentInput, type ShopConnection, type ShopConnector, type TrackingInfo } from '../connector';
import type { ShopOrder } from '../types';
import { MagentoHttp, type Query } from './magento2-http';
import {
  mapOrder,
  qtyToShip,
  shippableItems,
  toMagentoDate,
  type M2Order,
  type M2SearchResult,
  type M2Shipment,
  type WeightUnit,
} from './map-order';

/** webapi/validation/maximum_page_size of Magento 2.4.7+ (default). */
const MAX_PAGE_SIZE = 300;
const DEFAULT_PAGE_SIZE = 100;

/** The words a shop comment uses for Shipdesk's parcel statuses. */
const STATUS_LABELS: Record<TrackingStatus, string> = {
  announced: 'Announced to the carrier',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  delivery_failed: 'Delivery attempt failed',
  awaiting_pickup: 'Awaiting pickup by the customer',
  returned_to_sender: 'Returned to sender',
  cancelled: 'Cancelled',
  exception: 'Exception at the carrier',
};

/**
 * Magento's own carrier codes (the shipping carriers of a default install); any other carrier is
 * `custom`, with its name as the track title.
 */
function carrierCode(company: string): string {
  const c = company.trim().toLowerCase();
  if (/^ups\b/.test(c)) return 'ups';
  if (/^usps\b/.test(c)) return 'usps';
  if (/^fedex\b/.test(c)) return 'fedex';
  if (/^dhl( express)?$/.test(c)) return 'dhl';
  return 'custom';
}

interface ListCursor {
  page: number;
  since?: string;
}

function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): ListCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ListCursor;
    if (typeof value.page === 'number' && value.page >= 1) return value;
  } catch {
    // fall through
  }
  throw new ShopError('magento2', `Not a Magento 2 order-list cursor: ${cursor}`, { status: 400, retryable: false });
}

/** searchCriteria query parameters for filter groups (ANDed) of one filter each. */
function criteria(
  filters: [field: string, condition: string, value: string | number][],
  page: { size: number; current: number },
  sort?: [string, 'ASC' | 'DESC'],
): Query {
  const query: Query = [];
  filters.forEach(([field, condition, value], i) => {
    query.push([`searchCriteria[filter_groups][${i}][filters][0][field]`, field]);
    query.push([`searchCriteria[filter_groups][${i}][filters][0][value]`, value]);
    query.push([`searchCriteria[filter_groups][${i}][filters][0][condition_type]`, condition]);
  });
  if (sort) {
    query.push(['searchCriteria[sortOrders][0][field]', sort[0]]);
    query.push(['searchCriteria[sortOrders][0][direction]', sort[1]]);
  }
  query.push(['searchCriteria[pageSize]', page.size]);
  query.push(['searchCriteria[currentPage]', page.current]);
  return query;
}

const isEntityId = (id: string) => /^\d+$/.test(id);

/**
 * Magento 2 (Adobe Commerce) over its REST API (2.4), at shipment level: orders are polled on
 * updated_at, a Shipdesk shipment is a Magento shipment made with POST /V1/order/{id}/ship,
 * tracking goes to that shipment, parcel statuses become order comments. See README.md.
 */
export function createMagento2Connector(connection: ShopConnection): ShopConnector {
  const http = new MagentoHttp(connection);
  let weightUnit: Promise<WeightUnit> | null = null;

  /** The store's weight unit, from credentials.weightUnit or GET /V1/store/storeConfigs (once). */
  function storeWeightUnit(): Promise<WeightUnit> {
    const configured = connection.credentials.weightUnit;
    if (configured === 'kgs' || configured === 'lbs') return Promise.resolve(configured);
    weightUnit ??= http
      .get<{ code?: string; weight_unit?: string }[]>('/store/storeConfigs')
      .then((configs) => {
        const config = configs.find((c) => c.code === (connection.credentials.storeCode || 'default')) ?? configs[0];
        return config?.weight_unit === 'lbs' ? 'lbs' : 'kgs';
      })
      .catch((error: unknown) => {
        weightUnit = null;
        throw error;
      });
    return weightUnit;
  }

  /** Every shipment of the given orders (GET /V1/shipments, order_id in …), all pages. */
  async function shipmentsOf(orderIds: number[]): Promise<M2Shipment[]> {
    if (orderIds.length === 0) return [];
    const shipments: M2Shipment[] = [];
    for (let page = 1; ; page++) {
      const result = await http.get<M2SearchResult<M2Shipment>>(
        '/shipments',
        criteria([['order_id', 'in', orderIds.join(',')]], { size: MAX_PAGE_SIZE, current: page }, ['entity_id', 'ASC']),
      );
      shipments.push(...result.items);
      // Magento answers a page past the end with the last page again: stop on total_count.
      if (page * MAX_PAGE_SIZE >= result.total_count || result.items.length === 0) return shipments;
    }
  }

  async function fetchOrder(orderExternalId: string): Promise<M2Order | null> {
    if (!isEntityId(orderExternalId)) return null;
    try {
      return await http.get<M2Order>(`/orders/${orderExternalId}`);
    } catch (error) {
      if (error instanceof ShopError && error.status === 404) return null;
      throw error;
    }
  }

  async function requireOrder(orderExternalId: string): Promise<M2Order> {
    const order = await fetchOrder(orderExternalId);
    if (!order)
      throw new ShopError('magento2', `Magento 2 has no order with entity id ${orderExternalId}.`, {
        status: 404,
        retryable: false,
      });
    return order;
  }

  async function requireShipment(orderExternalId: string, shipmentExternalId: string): Promise<M2Shipment> {
    const notFound = () =>
      new ShopError('magento2', `Magento 2 has no shipment ${shipmentExternalId} on order ${orderExternalId}.`, {
        status: 404,
        retryable: false,
      });
    if (!isEntityId(shipmentExternalId)) throw notFound();
    let shipment: M2Shipment;
    try {
      shipment = await http.get<M2Shipment>(`/shipment/${shipmentExternalId}`);
    } catch (error) {
      if (error instanceof ShopError && error.status === 404) throw notFound();
      throw error;
    }
    if (String(shipment.order_id) !== orderExternalId) throw notFound();
    return shipment;
  }

  /** The one shipment of an order, for order-level calls; Magento keeps tracking on shipments. */
  async function onlyShipment(orderExternalId: string): Promise<M2Shipment> {
    if (!isEntityId(orderExternalId))
      throw new ShopError('magento2', `Magento 2 has no order with entity id ${orderExternalId}.`, {
        status: 404,
        retryable: false,
      });
    const shipments = await shipmentsOf([Number(orderExternalId)]);
    if (shipments.length !== 1) {
      throw new ShopError(
        'magento2',
        `Magento 2 keeps tracking on a shipment, and order ${orderExternalId} has ${shipments.length} shipments: say which one.`,
        { status: 400, retryable: false },
      );
    }
    return shipments[0]!;
  }

  const track = (tracking: TrackingInfo) => ({
    track_number: tracking.number,
    title: tracking.company,
    carrier_code: carrierCode(tracking.company),
  });

  return {
    platform: 'magento2',
    capabilities: { level: 'shipment_level', createsShipments: true, takesStatus: true, holdsBackorder: false },

    async listOrders(params) {
      const cursor = params.cursor ? decodeCursor(params.cursor) : { page: 1, since: params.updatedSince };
      const size = Math.min(Math.max(Math.floor(params.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
      const since = cursor.since;
      // Sorted on entity_id, not updated_at: an order changed while we page keeps its place, so
      // no page boundary skips one. The next poll starts from the newest updated_at seen.
      const result = await http.get<M2SearchResult<M2Order>>(
        '/orders',
        criteria(since ? [['updated_at', 'gteq', toMagentoDate(since)]] : [], { size, current: cursor.page }, [
          'entity_id',
          'ASC',
        ]),
      );
      const last = cursor.page * size >= result.total_count;
      const items = last && (cursor.page - 1) * size >= result.total_count ? [] : result.items;
      const [unit, shipments] = await Promise.all([storeWeightUnit(), shipmentsOf(items.map((o) => o.entity_id))]);
      return {
        orders: items.map((o) => mapOrder(o, shipments, unit)),
        nextCursor: last ? null : encodeCursor({ page: cursor.page + 1, since }),
      };
    },

    async getOrder(orderExternalId): Promise<ShopOrder | null> {
      const order = await fetchOrder(orderExternalId);
      if (!order) return null;
      const [unit, shipments] = await Promise.all([storeWeightUnit(), shipmentsOf([order.entity_id])]);
      return mapOrder(order, shipments, unit);
    },

    async createShipment(input: CreateShipmentInput) {
      const order = await requireOrder(input.orderExternalId);
      if (input.lines.length === 0) {
        // Magento ships everything still open when the item list is empty: never send one.
        throw new ShopError('magento2', 'A shipment needs at least one line (Magento would ship the whole order).', {
          status: 400,
          retryable: false,
        });
      }
      const items = new Map(shippableItems(order).map((i) => [String(i.item_id), i]));
      const wanted = new Map<string, number>();
      for (const line of input.lines) {
        const item = items.get(line.lineExternalId);
        if (!item) {
          throw new ShopError(
            'magento2',
            `The shipment contains order item ${line.lineExternalId} that is not a shippable item of order ${order.increment_id}.`,
            {
              status: 400,
              retryable: false,
            },
          );
        }
        if (!(line.quantity > 0)) {
          throw new ShopError('magento2', `The quantity to ship for product SKU "${item.sku}" must be more than 0.`, {
            status: 400,
            retryable: false,
          });
        }
        wanted.set(line.lineExternalId, (wanted.get(line.lineExternalId) ?? 0) + line.quantity);
      }
      // Magento cuts a quantity above what is left down to what is left, silently
      // (ShipmentFactory); refuse here instead, in Magento's own words.
      for (const [id, quantity] of wanted) {
        const item = items.get(id)!;
        if (quantity > qtyToShip(item)) {
          throw new ShopError(
            'magento2',
            `The quantity to ship must not be greater than the unshipped quantity for product SKU "${item.sku}".`,
            {
              status: 400,
              retryable: false,
              body: { orderItemId: item.item_id, asked: quantity, open: qtyToShip(item) },
            },
          );
        }
      }
      const id = await http.post<number | string>(`/order/${order.entity_id}/ship`, {
        items: [...wanted].map(([orderItemId, qty]) => ({ order_item_id: Number(orderItemId), qty })),
        notify: input.notifyCustomer ?? false,
        appendComment: false,
        ...(input.tracking ? { tracks: [track(input.tracking)] } : {}),
      });
      const externalId = String(id);
      if (!isEntityId(externalId)) {
        throw new ShopError('magento2', `Magento 2 answered the shipment with an unexpected id: ${JSON.stringify(id)}.`, {
          status: 200,
          retryable: false,
          body: id,
        });
      }
      // Read the shipment back: if the order changed between our check and the ship call,
      // Magento may have shipped less than asked.
      const shipment = await http.get<M2Shipment>(`/shipment/${externalId}`);
      const shipped = new Map(shipment.items.map((i) => [String(i.order_item_id), i.qty]));
      const short = [...wanted].filter(([itemId, qty]) => shipped.get(itemId) !== qty);
      if (short.length) {
        throw new ShopError(
          'magento2',
          `Magento 2 created shipment ${externalId} with other quantities than asked (${short.map(([itemId, qty]) => `item ${itemId}: asked ${qty}, shipped ${shipped.get(itemId) ?? 0}`).join('; ')}).`,
          { status: 409, retryable: false, body: { shipmentId: externalId } },
        );
      }
      return { externalId };
    },

    async updateTracking(input) {
      const shipment = input.shipmentExternalId
        ? await requireShipment(input.orderExternalId, input.shipmentExternalId)
        : await onlyShipment(input.orderExternalId);
      // POST /V1/shipment/track adds a track; the same number twice (a retry) is left alone.
      if (!shipment.tracks?.some((t) => t.track_number === input.tracking.number)) {
        await http.post('/shipment/track', {
          entity: {
            order_id: shipment.order_id,
            parent_id: shipment.entity_id,
            ...track(input.tracking),
            ...(input.tracking.url ? { description: input.tracking.url } : {}),
          },
        });
      }
      if (input.notifyCustomer) await http.post(`/shipment/${shipment.entity_id}/emails`, {});
    },

    async reportStatus(input) {
      const order = await requireOrder(input.orderExternalId);
      const when = `${toMagentoDate(input.happenedAt).slice(0, 16)} UTC`;
      const comment = [
        `Shipdesk: ${input.shipmentExternalId ? `shipment ${input.shipmentExternalId}` : 'parcel'} — ${STATUS_LABELS[input.status]} (${when})`,
        input.message,
      ]
        .filter(Boolean)
        .join('. ');
      // A retry after a lost answer would add the comment twice; Magento shows history newest first.
      if (order.status_histories?.some((h) => h.comment === comment)) return;
      await http.post(`/orders/${order.entity_id}/comments`, {
        statusHistory: { comment, is_customer_notified: 0, is_visible_on_front: 0, parent_id: order.entity_id },
      });
    },

    verifyWebhook() {
      // Magento 2 sends no signed webhooks of its own: orders are polled on updated_at.
      return null;
    },
  };
}
