import { createHmac, randomUUID } from 'node:crypto';
import { WebhookDispatcher } from '../webhook-dispatch';
import { gid, type FulfillmentRecord, type FulfillmentOrderRecord, type OrderRecord, type Product, type ShopifyShop } from './store';

/**
 * Webhook deliveries as https://shopify.dev/docs/apps/build/webhooks/delivery-structure describes
 * them: an HTTP POST with the topic's REST-style JSON payload and the headers X-Shopify-Topic,
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, keyed with the app's secret),
 * X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id (unique per delivery),
 * X-Shopify-Triggered-At and X-Shopify-Event-Id.
 */

export function signShopifyWebhook(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface WebhookDelivery {
  id: string;
  topic: string;
  shopDomain: string;
  body: string;
  headers: Record<string, string>;
  /** Where it was sent, if anywhere, and what came back. */
  target: string | null;
  responseStatus: number | null;
  error: string | null;
}

const money = (cents: number) => (cents / 100).toFixed(2);

export function orderPayload(shop: ShopifyShop, order: OrderRecord) {
  const status = shop.displayFulfillmentStatus(order);
  return {
    id: order.id,
    admin_graphql_api_id: gid('Order', order.id),
    name: order.name,
    order_number: order.number,
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    currency: shop.currency,
    fulfillment_status: status === 'FULFILLED' ? 'fulfilled' : status === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    line_items: order.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: gid('LineItem', l.id),
      sku: l.product.sku,
      name: l.name,
      title: l.product.title,
      quantity: l.quantity,
      current_quantity: l.quantity,
      fulfillable_quantity: l.quantity - shop.fulfilledQuantity(order, l.id),
      price: money(l.priceCents),
      grams: l.product.weightGrams,
      variant_id: l.product.variantId,
      requires_shipping: true,
    })),
    shipping_address: {
      name: order.shippingAddress.name,
      address1: order.shippingAddress.address1,
      zip: order.shippingAddress.zip,
      city: order.shippingAddress.city,
      country_code: order.shippingAddress.countryCode,
    },
    fulfillments: shop.orderFulfillments(order).map((f) => fulfillmentPayload(shop, f)),
  };
}

export function fulfillmentPayload(shop: ShopifyShop, f: FulfillmentRecord) {
  const order = shop.order(f.orderId)!;
  const latest = shop.latestEvent(f);
  return {
    id: f.id,
    admin_graphql_api_id: gid('Fulfillment', f.id),
    order_id: f.orderId,
    name: f.name,
    status: f.status === 'SUCCESS' ? 'success' : 'cancelled',
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    tracking_company: f.tracking[0]?.company ?? null,
    tracking_number: f.tracking[0]?.number ?? null,
    tracking_numbers: f.tracking.map((t) => t.number).filter((n): n is string => n !== null),
    tracking_url: f.tracking[0]?.url ?? null,
    tracking_urls: f.tracking.map((t) => t.url).filter((u): u is string => u !== null),
    shipment_status: latest ? latest.status.toLowerCase() : null,
    line_items: f.lineItems.map((fl) => {
      const line = shop.lineItem(order, fl.lineItemId)!;
      return { id: line.id, admin_graphql_api_id: gid('LineItem', line.id), sku: line.product.sku, name: line.name, quantity: fl.quantity };
    }),
  };
}

export function fulfillmentOrderPayload(fo: FulfillmentOrderRecord) {
  return {
    fulfillment_order: {
      id: gid('FulfillmentOrder', fo.id),
      status: fo.status.toLowerCase(),
      fulfillment_holds: fo.holds.map((h) => ({ id: gid('FulfillmentHold', h.id), reason: h.reason.toLowerCase(), reason_notes: h.reasonNotes, handle: h.handle })),
    },
  };
}

/**
 * inventory_levels/update: the available quantity of one inventory item at one location, as the
 * topic's documented payload has it (numeric REST ids, no SKU: an app looks the item up).
 */
export function inventoryLevelPayload(shop: ShopifyShop, product: Product, updatedAt: string) {
  return {
    inventory_item_id: product.inventoryItemId,
    location_id: shop.locationId,
    available: product.inventoryQuantity,
    updated_at: updatedAt,
  };
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly dispatcher = new WebhookDispatcher();

  constructor(
    private readonly config: { secret: string; apiVersion: string; target: () => string | undefined; clock: () => number },
  ) {}

  /** Builds, signs, records and (when a target is set) sends one delivery. */
  send(shopDomain: string, topic: string, payload: unknown, options: { eventId?: string } = {}): WebhookDelivery {
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': signShopifyWebhook(body, this.config.secret),
      'X-Shopify-Shop-Domain': shopDomain,
      'X-Shopify-API-Version': this.config.apiVersion,
      'X-Shopify-Webhook-Id': id,
      'X-Shopify-Event-Id': options.eventId ?? randomUUID(),
      'X-Shopify-Triggered-At': new Date(this.config.clock()).toISOString(),
    };
    const target = this.config.target() ?? null;
    const delivery: WebhookDelivery = { id, topic, shopDomain, body, headers, target, responseStatus: null, error: null };
    this.deliveries.push(delivery);
    if (target) {
      this.dispatcher.post(target, headers, body, delivery);
    }
    return delivery;
  }

  /** Waits until every delivery sent so far has been answered (or failed). */
  flush(): Promise<void> {
    return this.dispatcher.flush();
  }
}
