import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '../connector';

const header = (headers: Record<string, string | undefined>, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

const idOf = (value: unknown): string | undefined => (typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined);

/**
 * A Lightspeed eCom webhook (developers.lightspeedhq.com/ecom/tutorials/webhooks, formerly
 * developers.seoshop.com/api/tutorials/webhooks): a POST of the resource JSON (`{"order": {…}}`,
 * `{"shipment": {…}}`) with the headers X-Shop-Id, X-Format, X-Language, X-{Group}-Id and
 * X-Signature = md5(raw body + app secret), lowercase hex (see the README for where that is
 * written). Lightspeed sends no delivery id and no action header, so:
 * - deliveryId is the signature, which is equal for equal bodies and so drops repeated deliveries;
 * - topic is the item group (`orders`, `shipments`, …) taken from the payload's root key; the
 *   action is only known from the address the webhook was registered with.
 * Returns null when the secret or signature is missing or wrong, or the body is not JSON.
 */
export function verifyLightspeedWebhook(rawBody: Buffer, headers: Record<string, string | undefined>, secret: string | undefined): WebhookEvent | null {
  if (!secret) return null;
  const signature = header(headers, 'x-signature')?.trim().toLowerCase();
  if (!signature || !/^[0-9a-f]{32}$/.test(signature)) return null;
  const expected = createHash('md5').update(Buffer.concat([rawBody, Buffer.from(secret, 'utf8')])).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  const root = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? Object.keys(payload)[0] : undefined;
  const group = root ? `${root}s` : 'unknown';
  let orderId: string | undefined;
  if (root === 'order') orderId = idOf((payload as { order?: { id?: unknown } }).order?.id) ?? idOf(header(headers, 'x-orders-id'));
  if (root === 'shipment') orderId = idOf((payload as { shipment?: { order?: { resource?: { id?: unknown } } } }).shipment?.order?.resource?.id);
  return {
    deliveryId: signature,
    topic: group,
    ...(orderId ? { orderExternalId: orderId } : {}),
    payload,
  };
}
