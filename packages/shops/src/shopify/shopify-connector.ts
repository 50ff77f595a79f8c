import { ShopError, type CreateShipmentInput, type ShopConnection, type ShopConnector, type TrackingInfo } from '../connector';
import type { ShopOrder } from '../types';
import { ShopifyGraphqlClient } from './graphql-client';
import { mapOrder } from './map-order';
import {
  EVENT_CREATE,
  FULFILLMENT_CREATE,
  FULFILLMENT_ORDER_LINES,
  FULFILLMENTS_PER_ORDER,
  GET_FULFILLMENT,
  GET_ORDER,
  HOLD,
  LIST_ORDERS,
  ORDER_FULFILLMENT_IDS,
  ORDER_FULFILLMENT_ORDERS,
  ORDER_LINES,
  ORDER_QUERY_COST,
  RELEASE_HOLD,
  SINGLE_QUERY_MAX_COST,
  SKUS_PER_STOCK_QUERY,
  TRACKING_UPDATE,
  VARIANT_STOCK,
  type Page,
  type RawFulfillment,
  type RawFulfillmentOrder,
  type RawFulfillmentOrderLine,
  type RawLine,
  type RawOrder,
  type RawVariantStock,
  type UserError,
} from './queries';
import { FULFILLMENT_EVENT_STATUS } from './status-map';
import { verifyShopifyWebhook } from './verify-webhook';

/** The handle of the holds Shipdesk places, so it releases its own backorder holds and no others. */
export const SHIPDESK_HOLD_HANDLE = 'shipdesk-backorder';
const DEFAULT_PAGE_SIZE = 50;
/** Fulfillment orders in these states can be fulfilled or held (Shopify refuses the others). */
const ACTIONABLE = new Set(['OPEN', 'IN_PROGRESS']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function refuse(action: string, errors: UserError[]): never {
  throw new ShopError('shopify', `Shopify refused ${action}: ${errors.map((e) => (e.field?.length ? `${e.message} (${e.field.join('.')})` : e.message)).join('; ')}`, {
    status: 200,
    retryable: false,
    body: errors,
  });
}

function notFound(what: string): never {
  throw new ShopError('shopify', `${what} was not found in Shopify`, { status: 200, retryable: false });
}

/** A value in Shopify's search syntax, quoted so dashes, spaces and colons in a SKU stay part of it. */
function searchValue(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Shopify over the GraphQL Admin API (version in api-version.ts), shipment level: a Shipdesk
 * shipment is a Shopify fulfillment, created from fulfillment-order line items. Credentials:
 * `accessToken` (Admin API access token) and `webhookSecret` (the app's client secret).
 */
export function createShopifyConnector(connection: ShopConnection): ShopConnector {
  const accessToken = connection.credentials.accessToken;
  if (!accessToken) throw new Error('The Shopify connection needs credentials.accessToken (an Admin API access token)');
  const client = new ShopifyGraphqlClient(connection.baseUrl, accessToken, connection.fetch ?? fetch, connection.sleep ?? defaultSleep);

  /** Fetches what did not fit in the order query: more lines, more fulfillments, more fulfillment lines. */
  async function complete(order: RawOrder): Promise<RawOrder> {
    const lines = [...order.lineItems.nodes];
    let page: Page = order.lineItems.pageInfo;
    while (page.hasNextPage) {
      const data = await client.request<{ order: { lineItems: { nodes: RawLine[]; pageInfo: Page } } | null }>('ShipdeskOrderLines', ORDER_LINES, { id: order.id, after: page.endCursor });
      if (!data.order) notFound(`Order ${order.name}`);
      lines.push(...data.order.lineItems.nodes);
      page = data.order.lineItems.pageInfo;
    }
    let fulfillments = order.fulfillments;
    if (fulfillments.length >= FULFILLMENTS_PER_ORDER) {
      const data = await client.request<{ order: { fulfillments: { id: string }[] } | null }>('ShipdeskOrderFulfillmentIds', ORDER_FULFILLMENT_IDS, { id: order.id });
      const known = new Map(fulfillments.map((f) => [f.id, f]));
      fulfillments = [];
      for (const { id } of data.order?.fulfillments ?? []) fulfillments.push(known.get(id) ?? (await fetchFulfillment(id)));
    }
    fulfillments = await Promise.all(fulfillments.map((f) => (f.fulfillmentLineItems.pageInfo.hasNextPage ? completeFulfillment(f) : f)));
    return { ...order, lineItems: { nodes: lines, pageInfo: { hasNextPage: false, endCursor: null } }, fulfillments };
  }

  async function fetchFulfillment(id: string, after: string | null = null): Promise<RawFulfillment> {
    const data = await client.request<{ fulfillment: RawFulfillment | null }>('ShipdeskGetFulfillment', GET_FULFILLMENT, { id, fulfillmentLines: 100, fulfillmentLinesAfter: after });
    if (!data.fulfillment) notFound(`Fulfillment ${id}`);
    return data.fulfillment;
  }

  async function completeFulfillment(f: RawFulfillment): Promise<RawFulfillment> {
    const nodes = [...f.fulfillmentLineItems.nodes];
    let page = f.fulfillmentLineItems.pageInfo;
    while (page.hasNextPage) {
      const next = await fetchFulfillment(f.id, page.endCursor);
      nodes.push(...next.fulfillmentLineItems.nodes);
      page = next.fulfillmentLineItems.pageInfo;
    }
    return { ...f, fulfillmentLineItems: { nodes, pageInfo: page } };
  }

  /** Every fulfillment order of an order, with every line. */
  async function fulfillmentOrders(orderId: string): Promise<{ name: string; cancelled: boolean; fulfillmentOrders: RawFulfillmentOrder[] }> {
    const all: RawFulfillmentOrder[] = [];
    let after: string | null = null;
    let name = orderId;
    let cancelled = false;
    for (;;) {
      const data: { order: { name: string; cancelledAt: string | null; fulfillmentOrders: { nodes: RawFulfillmentOrder[]; pageInfo: Page } } | null } = await client.request(
        'ShipdeskFulfillmentOrders',
        ORDER_FULFILLMENT_ORDERS,
        { id: orderId, after },
      );
      if (!data.order) notFound(`Order ${orderId}`);
      name = data.order.name;
      cancelled = data.order.cancelledAt !== null;
      all.push(...data.order.fulfillmentOrders.nodes);
      if (!data.order.fulfillmentOrders.pageInfo.hasNextPage) break;
      after = data.order.fulfillmentOrders.pageInfo.endCursor;
    }
    for (const fo of all) {
      let page = fo.lineItems.pageInfo;
      while (page.hasNextPage) {
        const data: { fulfillmentOrder: { lineItems: { nodes: RawFulfillmentOrderLine[]; pageInfo: Page } } | null } = await client.request(
          'ShipdeskFulfillmentOrderLines',
          FULFILLMENT_ORDER_LINES,
          { id: fo.id, after: page.endCursor },
        );
        if (!data.fulfillmentOrder) break;
        fo.lineItems.nodes.push(...data.fulfillmentOrder.lineItems.nodes);
        page = data.fulfillmentOrder.lineItems.pageInfo;
      }
    }
    return { name, cancelled, fulfillmentOrders: all };
  }

  /**
   * Spreads order-line quantities over the fulfillment-order line items that still have them, in
   * fulfillment orders Shopify will act on. Throws, naming the line, when the shop has less left.
   */
  function allocate(
    action: string,
    orderName: string,
    fos: RawFulfillmentOrder[],
    lines: { lineExternalId: string; quantity: number }[],
  ): { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }[] {
    const byFo = new Map<string, Map<string, number>>();
    const left = new Map<string, number>();
    for (const line of lines) {
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
        throw new ShopError('shopify', `Cannot ${action} for ${orderName}: quantity ${line.quantity} of line ${line.lineExternalId} is not a positive whole number`, { status: 400, retryable: false });
      }
      let needed = line.quantity;
      for (const fo of fos) {
        if (!ACTIONABLE.has(fo.status)) continue;
        for (const item of fo.lineItems.nodes) {
          if (needed === 0) break;
          if (item.lineItem.id !== line.lineExternalId) continue;
          const available = item.remainingQuantity - (left.get(item.id) ?? 0);
          if (available <= 0) continue;
          const take = Math.min(available, needed);
          needed -= take;
          left.set(item.id, (left.get(item.id) ?? 0) + take);
          const group = byFo.get(fo.id) ?? new Map<string, number>();
          group.set(item.id, (group.get(item.id) ?? 0) + take);
          byFo.set(fo.id, group);
        }
      }
      if (needed > 0) {
        const open = line.quantity - needed;
        const held = fos
          .filter((fo) => fo.status === 'ON_HOLD')
          .flatMap((fo) => fo.lineItems.nodes)
          .filter((i) => i.lineItem.id === line.lineExternalId)
          .reduce((n, i) => n + i.remainingQuantity, 0);
        const known = fos.some((fo) => fo.lineItems.nodes.some((i) => i.lineItem.id === line.lineExternalId));
        throw new ShopError(
          'shopify',
          known
            ? `Cannot ${action} for ${orderName}: line ${line.lineExternalId} has ${open} left to fulfill in Shopify${held > 0 ? ` (${held} on hold)` : ''}, ${line.quantity} asked`
            : `Cannot ${action} for ${orderName}: line ${line.lineExternalId} is not on any of its fulfillment orders`,
          { status: 200, retryable: false },
        );
      }
    }
    return [...byFo].map(([fulfillmentOrderId, items]) => ({
      fulfillmentOrderId,
      fulfillmentOrderLineItems: [...items].map(([id, quantity]) => ({ id, quantity })),
    }));
  }

  const trackingInput = (t: TrackingInfo) => ({ number: t.number, company: t.company, ...(t.url ? { url: t.url } : {}) });

  return {
    platform: 'shopify',
    capabilities: { level: 'shipment_level', createsShipments: true, takesStatus: true, holdsBackorder: true },

    async listOrders(params) {
      const maxCost = Math.min(SINGLE_QUERY_MAX_COST, client.throttleStatus?.maximumAvailable ?? SINGLE_QUERY_MAX_COST);
      let first = Math.max(1, Math.min(params.pageSize ?? DEFAULT_PAGE_SIZE, Math.floor((maxCost - 2) / ORDER_QUERY_COST), 250));
      const query = params.updatedSince ? `updated_at:>='${new Date(params.updatedSince).toISOString()}'` : null;
      for (;;) {
        try {
          const data = await client.request<{ orders: { nodes: RawOrder[]; pageInfo: Page } }>('ShipdeskListOrders', LIST_ORDERS, { first, after: params.cursor ?? null, query });
          const orders: ShopOrder[] = [];
          for (const raw of data.orders.nodes) orders.push(mapOrder(await complete(raw)));
          return { orders, nextCursor: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null };
        } catch (err) {
          // A shop with a smaller single-query limit: ask for fewer orders at a time.
          if (err instanceof ShopError && first > 1 && /MAX_COST_EXCEEDED/.test(err.message)) {
            first = Math.max(1, Math.floor(first / 2));
            continue;
          }
          throw err;
        }
      }
    },

    async getOrder(orderExternalId) {
      const data = await client.request<{ order: RawOrder | null }>('ShipdeskGetOrder', GET_ORDER, { id: orderExternalId });
      return data.order ? mapOrder(await complete(data.order)) : null;
    },

    async createShipment(input: CreateShipmentInput) {
      const { name, cancelled, fulfillmentOrders: fos } = await fulfillmentOrders(input.orderExternalId);
      if (cancelled) throw new ShopError('shopify', `Cannot create a fulfillment for ${name}: the order is cancelled in Shopify`, { status: 200, retryable: false });
      const lineItemsByFulfillmentOrder = allocate('create a fulfillment', name, fos, input.lines);
      const data = await client.request<{ fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: UserError[] } | null }>('ShipdeskFulfillmentCreate', FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder,
          notifyCustomer: input.notifyCustomer ?? false,
          ...(input.tracking ? { trackingInfo: trackingInput(input.tracking) } : {}),
        },
      });
      const payload = data.fulfillmentCreate;
      if (!payload || payload.userErrors.length > 0 || !payload.fulfillment) refuse(`the fulfillment for ${name}`, payload?.userErrors ?? [{ field: null, message: 'no fulfillment returned' }]);
      return { externalId: payload.fulfillment.id };
    },

    async updateTracking(input) {
      if (!input.shipmentExternalId) {
        throw new ShopError('shopify', `Shopify keeps tracking per fulfillment: a fulfillment id is needed to update tracking of order ${input.orderExternalId}`, { status: 400, retryable: false });
      }
      const data = await client.request<{ fulfillmentTrackingInfoUpdate: { userErrors: UserError[] } | null }>('ShipdeskTrackingUpdate', TRACKING_UPDATE, {
        fulfillmentId: input.shipmentExternalId,
        trackingInfoInput: trackingInput(input.tracking),
        notifyCustomer: input.notifyCustomer ?? false,
      });
      const errors = data.fulfillmentTrackingInfoUpdate?.userErrors ?? [];
      if (errors.length > 0) refuse(`the tracking update of ${input.shipmentExternalId}`, errors);
    },

    async reportStatus(input) {
      const status = FULFILLMENT_EVENT_STATUS[input.status];
      if (status === null) return;
      if (!input.shipmentExternalId) {
        throw new ShopError('shopify', `Shopify keeps statuses per fulfillment: a fulfillment id is needed to report "${input.status}" for order ${input.orderExternalId}`, { status: 400, retryable: false });
      }
      const data = await client.request<{ fulfillmentEventCreate: { userErrors: UserError[] } | null }>('ShipdeskFulfillmentEvent', EVENT_CREATE, {
        fulfillmentEvent: { fulfillmentId: input.shipmentExternalId, status, happenedAt: input.happenedAt, ...(input.message ? { message: input.message } : {}) },
      });
      const errors = data.fulfillmentEventCreate?.userErrors ?? [];
      if (errors.length > 0) refuse(`the ${status} event for ${input.shipmentExternalId}`, errors);
    },

    async holdForBackorder(input) {
      const { name, fulfillmentOrders: fos } = await fulfillmentOrders(input.orderExternalId);
      const groups = allocate('hold a backorder', name, fos, input.lines);
      for (const group of groups) {
        const data = await client.request<{ fulfillmentOrderHold: { userErrors: UserError[] } | null }>('ShipdeskHold', HOLD, {
          id: group.fulfillmentOrderId,
          fulfillmentHold: {
            reason: 'INVENTORY_OUT_OF_STOCK',
            handle: SHIPDESK_HOLD_HANDLE,
            ...(input.note ? { reasonNotes: input.note } : {}),
            fulfillmentOrderLineItems: group.fulfillmentOrderLineItems,
          },
        });
        const errors = data.fulfillmentOrderHold?.userErrors ?? [];
        if (errors.length > 0) refuse(`the backorder hold on ${group.fulfillmentOrderId} of ${name}`, errors);
      }
    },

    async releaseBackorder(input) {
      const { name, fulfillmentOrders: fos } = await fulfillmentOrders(input.orderExternalId);
      for (const fo of fos) {
        if (fo.status !== 'ON_HOLD') continue;
        const ours = fo.fulfillmentHolds.filter((h) => h.handle === SHIPDESK_HOLD_HANDLE || (h.handle === null && h.reason === 'INVENTORY_OUT_OF_STOCK'));
        if (ours.length === 0) continue;
        const data = await client.request<{ fulfillmentOrderReleaseHold: { userErrors: UserError[] } | null }>('ShipdeskReleaseHold', RELEASE_HOLD, {
          id: fo.id,
          holdIds: ours.map((h) => h.id),
        });
        const errors = data.fulfillmentOrderReleaseHold?.userErrors ?? [];
        if (errors.length > 0) refuse(`releasing the backorder hold on ${fo.id} of ${name}`, errors);
      }
    },

    async getStock(skus) {
      const wanted = [...new Set(skus.filter((s) => s.trim() !== ''))];
      const stock = new Map<string, number>();
      const maxCost = Math.min(SINGLE_QUERY_MAX_COST, client.throttleStatus?.maximumAvailable ?? SINGLE_QUERY_MAX_COST);
      // Connection 2 + 1 per variant (sku and inventoryQuantity are scalars, free).
      let first = Math.max(1, Math.min(250, maxCost - 2));
      for (let start = 0; start < wanted.length; start += SKUS_PER_STOCK_QUERY) {
        const chunk = wanted.slice(start, start + SKUS_PER_STOCK_QUERY);
        const asked = new Set(chunk);
        const query = chunk.map((sku) => `sku:${searchValue(sku)}`).join(' OR ');
        let after: string | null = null;
        for (;;) {
          let data: { productVariants: { nodes: RawVariantStock[]; pageInfo: Page } };
          try {
            data = await client.request('ShipdeskStock', VARIANT_STOCK, { first, after, query });
          } catch (err) {
            // A shop with a smaller single-query limit: ask for fewer variants at a time.
            if (err instanceof ShopError && first > 1 && /MAX_COST_EXCEEDED/.test(err.message)) {
              first = Math.max(1, Math.floor(first / 2));
              continue;
            }
            throw err;
          }
          for (const v of data.productVariants.nodes) {
            // Shopify's search is looser than equality (prefixes, tokens): keep exact SKUs only.
            // Several variants may share a SKU: their stock adds up.
            if (v.sku === null || !asked.has(v.sku) || typeof v.inventoryQuantity !== 'number') continue;
            stock.set(v.sku, (stock.get(v.sku) ?? 0) + v.inventoryQuantity);
          }
          if (!data.productVariants.pageInfo.hasNextPage) break;
          after = data.productVariants.pageInfo.endCursor;
        }
      }
      return stock;
    },

    verifyWebhook(rawBody, headers) {
      return verifyShopifyWebhook(connection.credentials.webhookSecret, rawBody, headers);
    },
  };
}
