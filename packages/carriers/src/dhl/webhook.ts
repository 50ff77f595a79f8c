import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookHeaders } from '../connector';

/**
 * Shipment Tracking – Unified – Push (POST /tracking/push/v1/subscription). DHL authenticates a
 * delivery with the header and token the subscriber chose in `hook.authentication`
 * (`{ type: 'ApiKeyAuthentication', header, token }`): a shared token, not a body signature.
 */
export interface DhlWebhookAuth {
  /** Header name given as `hook.authentication.header`, e.g. "x-shipdesk-dhl-token". */
  header: string;
  /** The token given as `hook.authentication.token`. */
  token: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when the delivery carries the configured header with exactly the configured token (timing-safe). */
export function verifyDhlWebhook(auth: DhlWebhookAuth | undefined, headers: WebhookHeaders): boolean {
  if (!auth || !auth.header || !auth.token) return false;
  const wanted = auth.header.toLowerCase();
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === wanted);
  const raw = entry?.[1];
  const value = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  if (typeof value !== 'string') return false;
  // Equal-length digests, so neither the token nor its length leaks through timing.
  return timingSafeEqual(digest(value), digest(auth.token));
}

/** The shipment numbers a push delivery is about: `shipments[].id`, as in the Unified tracking answer. */
export function dhlWebhookTrackingNumbers(rawBody: Buffer | string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return [];
  }
  const shipments = typeof body === 'object' && body !== null ? (body as { shipments?: unknown }).shipments : undefined;
  if (!Array.isArray(shipments)) return [];
  const ids = shipments
    .map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)];
}
