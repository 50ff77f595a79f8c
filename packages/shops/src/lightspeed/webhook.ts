import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '../connector';

const header = (headers: Record<string, string | undefined>, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
};

/**
 * A Lightspeed eCom webhook: the body is the resource JSON (e.g. {"order": {…}}) and the
 * `x-signature` header is md5(raw body + app secret), hex. Lightspeed sends no delivery id, so the
 * signature (equal for equal bodies) serves to drop duplicate deliveries. Returns null when the
 * secret or signature is missing or wrong.
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
  const group = payload !== null && typeof payload === 'object' ? Object.keys(payload)[0] : undefined;
  const order = group === 'order' ? (payload as { order?: { id?: unknown } }).order : undefined;
  const shipmentOrder = group === 'shipment' ? (payload as { shipment?: { order?: { resource?: { id?: unknown } } } }).shipment?.order?.resource?.id : undefined;
  const orderId = order?.id ?? shipmentOrder;
  return {
    deliveryId: signature,
    topic: header(headers, 'x-topic') ?? `${group ?? 'unknown'}s/updated`,
    ...(typeof orderId === 'number' || typeof orderId === 'string' ? { orderExternalId: String(orderId) } : {}),
    payload,
  };
}
