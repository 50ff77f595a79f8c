import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '../connector';

const header = (headers: Record<string, string | undefined>, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * A WooCommerce webhook delivery: X-WC-Webhook-Signature is the base64 HMAC-SHA256 of the raw
 * body keyed with the webhook's secret. Returns null when the secret, the signature or the
 * delivery id is missing, or the signature does not match (compared in constant time).
 */
export function verifyWooCommerceWebhook(rawBody: Buffer, headers: Record<string, string | undefined>, secret: string | undefined): WebhookEvent | null {
  if (!secret) return null;
  const signature = header(headers, 'x-wc-webhook-signature');
  const deliveryId = header(headers, 'x-wc-webhook-delivery-id');
  if (!signature || !deliveryId) return null;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;

  const topic = header(headers, 'x-wc-webhook-topic') ?? 'unknown';
  let payload: unknown = rawBody.toString('utf8');
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    // The ping WooCommerce sends when a webhook is saved is form-encoded (webhook_id=…).
  }
  const id = payload !== null && typeof payload === 'object' ? (payload as { id?: unknown }).id : undefined;
  const aboutOrder = topic.startsWith('order.') && (typeof id === 'number' || typeof id === 'string');
  return { deliveryId, topic, ...(aboutOrder ? { orderExternalId: String(id) } : {}), payload };
}
