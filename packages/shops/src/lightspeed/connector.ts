import type { TrackingStatus } from '@shipdesk/domain';
import { ShopError, type ShopCapabilities, type ShopConnection, type ShopConnector } from '../connector';
import { LightspeedClient } from './http';
import {
  mapLightspeedOrder,
  type LightspeedOrderJson,
  type LightspeedOrderProductJson,
  type LightspeedShipmentJson,
  type LightspeedShipmentProductJson,
} from './map-order';
import { verifyLightspeedWebhook } from './webhook';

const MAX_LIMIT = 250;
/** Parcel statuses that mean the parcel has left: the Lightspeed shipment is then `shipped`. */
const LEFT_THE_WAREHOUSE: ReadonlySet<TrackingStatus> = new Set(['in_transit', 'out_for_delivery', 'delivered', 'delivery_failed', 'awaiting_pickup']);

const required = (credentials: Record<string, string>, name: string): string => {
  const value = credentials[name];
  if (!value) throw new ShopError('lightspeed', `Lightspeed connection is missing the credential "${name}"`, { status: 0, retryable: false });
  return value;
};

/**
 * Lightspeed eCom (C-Series) over its REST API, at shipment level. Lightspeed makes the shipments
 * itself when an order comes in; Shipdesk fills in their tracking code and status. Credentials:
 * apiKey, apiSecret, language (the shop language in the URL, default `nl`), webhookSecret
 * (the app secret that signs webhooks). The base URL is the shop's cluster.
 */
export function createLightspeedConnector(connection: ShopConnection): ShopConnector {
  const client = new LightspeedClient({
    baseUrl: connection.baseUrl,
    apiKey: required(connection.credentials, 'apiKey'),
    apiSecret: required(connection.credentials, 'apiSecret'),
    language: connection.credentials.language || 'nl',
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
    sleep: connection.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });

  const capabilities: ShopCapabilities = { level: 'shipment_level', createsShipments: false, takesStatus: true, holdsBackorder: false };

  async function shipmentsOf(orderId: number) {
    const { shipments } = await client.request<{ shipments: LightspeedShipmentJson[] }>('GET', 'shipments', { query: { order: orderId, limit: MAX_LIMIT } });
    const result = [];
    // One after the other, so the rate-limit headers of each answer govern the next call.
    for (const shipment of shipments) {
      const { shipmentProducts } = await client.request<{ shipmentProducts: LightspeedShipmentProductJson[] }>('GET', `shipments/${shipment.id}/products`);
      result.push({ shipment, products: shipmentProducts });
    }
    return result;
  }

  async function complete(order: LightspeedOrderJson) {
    const { orderProducts } = await client.request<{ orderProducts: LightspeedOrderProductJson[] }>('GET', `orders/${order.id}/products`);
    return mapLightspeedOrder(order, orderProducts, await shipmentsOf(order.id));
  }

  /** The shipment to write to: the one named, else the order's only shipment not yet shipped. */
  async function resolveShipment(orderExternalId: string, shipmentExternalId: string | undefined): Promise<LightspeedShipmentJson> {
    if (shipmentExternalId) {
      const { shipment } = await client.request<{ shipment: LightspeedShipmentJson }>('GET', `shipments/${encodeURIComponent(shipmentExternalId)}`);
      return shipment;
    }
    const { shipments } = await client.request<{ shipments: LightspeedShipmentJson[] }>('GET', 'shipments', { query: { order: orderExternalId, limit: MAX_LIMIT } });
    const open = shipments.filter((s) => s.status === 'not_shipped');
    if (open.length !== 1) {
      throw new ShopError(
        'lightspeed',
        `Lightspeed order ${orderExternalId} has ${open.length} shipments not yet shipped; say which shipment the tracking code belongs to`,
        { status: 0, retryable: false },
      );
    }
    return open[0]!;
  }

  return {
    platform: 'lightspeed',
    capabilities,

    async listOrders({ updatedSince, cursor, pageSize }) {
      const page = cursor ? Number(cursor) : 1;
      if (!Number.isInteger(page) || page < 1) throw new ShopError('lightspeed', `Invalid Lightspeed page cursor "${cursor}"`, { status: 0, retryable: false });
      const limit = Math.min(Math.max(pageSize ?? 50, 1), MAX_LIMIT);
      const { orders } = await client.request<{ orders: LightspeedOrderJson[] }>('GET', 'orders', {
        query: { page, limit, ...(updatedSince ? { updated_at_min: new Date(updatedSince).toISOString().replace(/\.\d{3}Z$/, '+00:00') } : {}) },
      });
      const mapped = [];
      for (const order of orders) mapped.push(await complete(order));
      return { orders: mapped, nextCursor: orders.length === limit ? String(page + 1) : null };
    },

    async getOrder(orderExternalId) {
      try {
        const { order } = await client.request<{ order: LightspeedOrderJson }>('GET', `orders/${encodeURIComponent(orderExternalId)}`);
        return await complete(order);
      } catch (error) {
        if (error instanceof ShopError && error.status === 404) return null;
        throw error;
      }
    },

    async createShipment() {
      throw new ShopError(
        'lightspeed',
        'Lightspeed eCom creates the shipments of an order itself; they cannot be made through the API. Fill in the tracking code of an existing shipment instead.',
        { status: 0, retryable: false },
      );
    },

    async updateTracking({ orderExternalId, shipmentExternalId, tracking, notifyCustomer }) {
      const shipment = await resolveShipment(orderExternalId, shipmentExternalId);
      await client.request('PUT', `shipments/${shipment.id}`, {
        body: { shipment: { status: 'shipped', trackingCode: tracking.number, doNotifyShipped: notifyCustomer ?? true } },
      });
    },

    async reportStatus({ orderExternalId, shipmentExternalId, status }) {
      // Lightspeed's shipment knows only not_shipped / shipped / cancelled: a parcel on its way
      // makes sure the shipment says shipped; other parcel statuses have no field to go to.
      if (!LEFT_THE_WAREHOUSE.has(status)) return;
      const shipment = await resolveShipment(orderExternalId, shipmentExternalId).catch((error: unknown) => {
        if (error instanceof ShopError && error.status === 0) return null;
        throw error;
      });
      if (!shipment || shipment.status === 'shipped') return;
      await client.request('PUT', `shipments/${shipment.id}`, { body: { shipment: { status: 'shipped', doNotifyShipped: false } } });
    },

    verifyWebhook(rawBody, headers) {
      return verifyLightspeedWebhook(rawBody, headers, connection.credentials.webhookSecret);
    },
  };
}
