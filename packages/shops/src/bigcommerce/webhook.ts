import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '../connector';

/** The custom header Shipdesk asks BigCommerce to send with every delivery (POST /v3/hooks `headers`). */
export const BIGCOMMERCE_WEBHOOK_HEADER = 'X-Shipdesk-Webhook-Secret';

const header = (headers: Record<string, string | undefined>, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/** Compares two strings in constant time (over their SHA-256, so unequal lengths leak nothing either). */
const sameSecret = (given: string, expected: string) => timingSafeEqual(createHash('sha256').update(given, 'utf8').digest(), createHash('sha256').update(expected, 'utf8').digest());

/**
 * A BigCommerce webhook delivery (developer.bigcommerce.com/docs/integrations/webhooks): a POST of
 * `{scope, store_id, producer, data: {type, id, …}, hash, created_at}`. BigCommerce does not sign
 * deliveries with a keyed HMAC; `hash` is an unkeyed SHA-1 of the payload, which anyone can make.
 * What the docs offer instead are custom `headers` set when the hook is created, sent with every
 * delivery: Shipdesk registers its hooks with a secret header (default X-Shipdesk-Webhook-Secret)
 * and checks it here with a constant-time compare. Returns null when the secret is not configured,
 * the header is missing or wrong, or the body is not a webhook payload.
 *
 * deliveryId is the payload's `hash`: BigCommerce sends the same hash when it fires twice for the
 * same event, so repeated deliveries are dropped. topic is the `scope` (`store/order/updated`…).
 */
export function verifyBigCommerceWebhook(rawBody: Buffer, headers: Record<string, string | undefined>, secret: string | undefined, headerName = BIGCOMMERCE_WEBHOOK_HEADER): WebhookEvent | null {
  if (!secret) return null;
  const given = header(headers, headerName);
  if (given === undefined || !sameSecret(given, secret)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const { scope, data, hash } = payload as { scope?: unknown; data?: { type?: unknown; id?: unknown; orderId?: unknown }; hash?: unknown };
  if (typeof scope !== 'string') return null;
  const deliveryId = typeof hash === 'string' && hash !== '' ? hash : createHash('sha1').update(rawBody).digest('hex');
  const orderId = data?.type === 'order' ? data.id : data?.type === 'shipment' ? data.orderId : undefined;
  return {
    deliveryId,
    topic: scope,
    ...(typeof orderId === 'number' || (typeof orderId === 'string' && orderId !== '') ? { orderExternalId: String(orderId) } : {}),
    payload,
  };
}
