import type { Db } from '../db/database';
import { connectorForIntegration, shopErrorMessage, type ShopServices } from '../integrations/shop-context';
import { enqueue } from '../jobs/queue';
import { importOrders, type ImportResult } from './import-orders';
import { enqueueRestock, hasBackorders } from './restock';

export const IMPORT_JOB = 'import-orders';

/** Orders changed this long before the last poll are fetched again, for clock skew between systems. */
const OVERLAP_MS = 5 * 60 * 1000;

/** Queues an import of one shop (all changes since the last one) or of one order. */
export function enqueueImport(db: Db | Parameters<typeof enqueue>[0], integrationId: string, orderExternalId?: string) {
  return enqueue(db, {
    kind: IMPORT_JOB,
    payload: { integrationId, ...(orderExternalId ? { orderExternalId } : {}) },
    dedupeKey: orderExternalId ? `import:${integrationId}:${orderExternalId}` : `import:${integrationId}`,
  });
}

/**
 * Imports a shop's orders changed since the last poll, page by page (the safety net behind
 * webhooks), or one order when a webhook named it. A failure keeps the cursor where it was, so
 * the retry fetches the same orders again; importing is idempotent.
 */
export async function importShopOrders(db: Db, services: ShopServices, payload: { integrationId: string; orderExternalId?: string }): Promise<ImportResult> {
  const found = await connectorForIntegration(db, services, payload.integrationId);
  if (!found) throw Object.assign(new Error('The shop was removed.'), { retryable: false });
  const { integration, connector } = found;
  if (!connector) throw Object.assign(new Error(found.configError ?? `Shipdesk has no connector for ${integration.platform} yet.`), { retryable: false });
  if (integration.status !== 'active') return { created: 0, updated: 0, warnings: [] };

  const total: ImportResult = { created: 0, updated: 0, warnings: [] };
  const add = (r: ImportResult) => {
    total.created += r.created;
    total.updated += r.updated;
    total.warnings.push(...r.warnings);
  };
  const startedAt = new Date();
  try {
    if (payload.orderExternalId) {
      const order = await connector.getOrder(payload.orderExternalId);
      if (order) add(await importOrders(db, integration.merchant_id, integration.id, [order]));
    } else {
      const updatedSince = integration.import_cursor ? new Date(integration.import_cursor.getTime() - OVERLAP_MS).toISOString() : undefined;
      let cursor: string | null = null;
      do {
        const page = await connector.listOrders({ updatedSince, cursor });
        add(await importOrders(db, integration.merchant_id, integration.id, page.orders));
        cursor = page.nextCursor;
      } while (cursor);
    }
  } catch (error) {
    await db.updateTable('integrations').set({ last_error: `Import failed: ${shopErrorMessage(error)}`, updated_at: new Date() }).where('id', '=', integration.id).execute();
    throw error;
  }
  await db
    .updateTable('integrations')
    .set({
      last_import_at: startedAt,
      last_error: total.warnings[0] ?? null,
      updated_at: new Date(),
      ...(payload.orderExternalId ? {} : { import_cursor: startedAt }),
    })
    .where('id', '=', integration.id)
    .execute();
  // Fresh orders came with fresh stock: see whether it releases anything waiting on backorder.
  if (connector.getStock && (await hasBackorders(db, integration.id))) await enqueueRestock(db, integration.id);
  return total;
}
