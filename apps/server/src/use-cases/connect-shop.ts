import type { ConnectShopRequest } from '@shipdesk/contract';
import { tracedFetch } from '../observability/request-context';
import { platformInfo, probeWooCommerceFulfillments, ShopError, type Platform } from '@shipdesk/shops';
import type { Db } from '../db/database';
import { credentialFields, webhookRegistrar } from '../integrations/connectors';
import type { ShopServices } from '../integrations/shop-context';
import { enqueueImport } from './import-shop-orders';

export type ConnectResult = { kind: 'connected'; id: string } | { kind: 'invalid'; problems: { path: string; code: string; message: string }[] };

/**
 * Connects a shop: checks the processing mode against what the platform supports, tries the
 * credentials with one real call, stores them encrypted, and queues the first import.
 */
export async function connectShop(db: Db, services: ShopServices, merchantId: string, request: ConnectShopRequest): Promise<ConnectResult> {
  const info = platformInfo(request.platform)!;
  const problems: { path: string; code: string; message: string }[] = [];
  if (request.processingMode === 'shipment_level' && info.shipmentLevel === 'no') {
    problems.push(processingModeProblem(request.platform, request.processingMode, request.credentials)!);
  }
  for (const field of credentialFields(request.platform)) {
    if (!request.credentials[field.name]) problems.push({ path: `credentials.${field.name}`, code: 'required', message: `Enter the ${field.label}.` });
  }
  const connector = services.connectors(request.platform, { baseUrl: request.baseUrl.replace(/\/+$/, ''), credentials: request.credentials, fetch: tracedFetch() });
  if (!connector) problems.push({ path: 'platform', code: 'not_available', message: `Shipdesk cannot connect to ${info.name} shops yet.` });
  if (problems.length > 0 || !connector) return { kind: 'invalid', problems };

  const problem = await tryShop(services, request.platform, request.baseUrl.replace(/\/+$/, ''), request.credentials);
  if (problem) return { kind: 'invalid', problems: [problem] };
  const credentials = await detectShopFeatures(request.platform, request.baseUrl.replace(/\/+$/, ''), request.credentials);
  const modeProblem = processingModeProblem(request.platform, request.processingMode, credentials);
  if (modeProblem) return { kind: 'invalid', problems: [modeProblem] };

  const connected = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('integrations')
      .values({
        merchant_id: merchantId,
        platform: request.platform,
        name: request.name,
        base_url: request.baseUrl.replace(/\/+$/, ''),
        processing_mode: request.processingMode,
        credentials_encrypted: services.secrets.seal(credentials),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueImport(trx, row.id);
    return { kind: 'connected' as const, id: row.id };
  });
  await subscribeWebhooks(db, services, connected.id, request.platform, request.baseUrl.replace(/\/+$/, ''), credentials);
  return connected;
}

/**
 * Subscribes the shop's order webhooks to this Shipdesk, where the platform does that by API and
 * Shipdesk knows its public address. A failure is shown on the shop and loses nothing: polling
 * every few minutes brings the orders in all the same.
 */
async function subscribeWebhooks(db: Db, services: ShopServices, integrationId: string, platform: Platform, baseUrl: string, credentials: Record<string, string>): Promise<void> {
  const register = webhookRegistrar(platform);
  if (!register || !services.publicUrl) return;
  const destination = `${services.publicUrl.replace(/\/+$/, '')}/api/webhooks/${integrationId}`;
  try {
    await register({ baseUrl, credentials, fetch: tracedFetch() }, destination);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('integrations')
      .set({ last_error: `Webhooks could not be subscribed (${message}); orders still come in by polling.`, updated_at: new Date() })
      .where('id', '=', integrationId)
      .execute();
  }
}

/** Tries a shop's address and credentials with one real call; the problem to show, or null when it works. */
export async function tryShop(
  services: ShopServices,
  platform: Platform,
  baseUrl: string,
  credentials: Record<string, string>,
): Promise<{ path: string; code: string; message: string } | null> {
  const info = platformInfo(platform)!;
  const connector = services.connectors(platform, { baseUrl, credentials, fetch: tracedFetch() });
  if (!connector) return { path: 'platform', code: 'not_available', message: `Shipdesk cannot connect to ${info.name} shops yet.` };
  try {
    await connector.listOrders({ pageSize: 1 });
    return null;
  } catch (error) {
    const message = error instanceof ShopError ? error.message : error instanceof Error ? error.message : String(error);
    const denied = error instanceof ShopError && (error.status === 401 || error.status === 403);
    return denied
      ? { path: 'credentials', code: 'refused', message: `${info.name} refused these credentials: ${message}` }
      : { path: 'baseUrl', code: 'unreachable', message: `Could not reach the shop at ${baseUrl}: ${message}` };
  }
}

/**
 * Reads from the shop what it has switched on that changes how Shipdesk works with it, and notes
 * it with the credentials: for WooCommerce, whether the store has core's Order Fulfillments (then
 * Shipdesk works at shipment level with them). Asked again on every reconnect and mode change.
 */
export async function detectShopFeatures(platform: Platform, baseUrl: string, credentials: Record<string, string>): Promise<Record<string, string>> {
  if (platform !== 'woocommerce') return credentials;
  try {
    const enabled = await probeWooCommerceFulfillments({ baseUrl, credentials, fetch: tracedFetch() });
    return { ...credentials, fulfillments: enabled ? 'enabled' : 'disabled' };
  } catch {
    // The store did not answer the question: keep what was known.
    return credentials;
  }
}

/** Why a shop cannot work at the processing mode asked for, or null when it can. */
export function processingModeProblem(platform: Platform, mode: 'shipment_level' | 'order_level' | undefined, credentials: Record<string, string>): { path: string; code: string; message: string } | null {
  if (mode !== 'shipment_level') return null;
  const info = platformInfo(platform)!;
  if (info.shipmentLevel === 'no') return { path: 'processingMode', code: 'not_supported', message: `${info.name} has no shipments: it works at order level only.` };
  if (platform === 'woocommerce' && credentials.fulfillments !== 'enabled') {
    return {
      path: 'processingMode',
      code: 'not_enabled',
      message: 'This WooCommerce store has no order fulfillments, so it works at order level. Turn on "Order fulfillments" under WooCommerce → Settings → Advanced → Features, then choose shipment level again.',
    };
  }
  return null;
}
