import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '../connector';

const header = (headers: Record<string, string | undefined>, name: string) => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * Checks X-Shopify-Hmac-Sha256 — base64 HMAC-SHA256 of the raw body keyed with the app's client
 * secret — in constant time, and returns the event with X-Shopify-Webhook-Id as its delivery id
 * (Shopify may deliver the same webhook more than once). Null when anything is missing or wrong.
 * Order and fulfillment topics name their order; others, such as inventory_levels/update (stock
 * of an inventory item changed at a location), come without one, with their topic.
 */
export function verifyShopifyWebhook(secret: string | undefined, rawBody: Buffer, headers: Record<string, string | undefined>): WebhookEvent | null {
  if (!secret) return null;
  const signature = header(headers, 'x-shopify-hmac-sha256');
  const deliveryId = header(headers, 'x-shopify-webhook-id');
  const topic = header(headers, 'x-shopify-topic');
  if (!signature || !deliveryId || !topic) return null;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  const orderExternalId = orderIdOf(topic, payload);
  return { deliveryId, topic, payload, ...(orderExternalId ? { orderExternalId } : {}) };
}

function orderIdOf(topic: string, payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  if (topic.startsWith('orders/')) {
    if (typeof p.admin_graphql_api_id === 'string') return p.admin_graphql_api_id;
    if (typeof p.id === 'number' || typeof p.id === 'string') return `gid://shopify/Order/${p.id}`;
  }
  if (typeof p.order_id === 'number' || typeof p.order_id === 'string') return `gid://shopify/Order/${p.order_id}`;
  return undefined;
}
