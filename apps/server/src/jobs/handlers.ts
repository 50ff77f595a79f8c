import type { Db } from '../db/database';
import { liveEvents } from '../events/live-events';
import type { ShopServices } from '../integrations/shop-context';
import { shopErrorMessage } from '../integrations/shop-context';
import { IMPORT_JOB, importShopOrders } from '../use-cases/import-shop-orders';
import { markSyncFailed, SYNC_JOB, syncShipment } from '../use-cases/sync-shipment';
import { BATCH_LABEL_JOB, runBatchItem } from '../use-cases/label-batch';
import { SHOP_BACKORDER_JOB, syncShopBackorder } from '../use-cases/backorders';
import { REPORT_STATUS_JOB, reportStatus, TRACK_JOB, trackShipment } from '../use-cases/track-shipment';
import { RESTOCK_JOB, restock } from '../use-cases/restock';
import { COMPACT_COUNTS_JOB, compactCounts } from '../use-cases/status-counts';
import { Worker, type WorkerOptions } from './worker';

/** Tells the merchant's open dashboards what a job changed. */
async function notify(db: Db, about: { integrationId?: string; shipmentId?: string }): Promise<void> {
  if (about.integrationId) {
    const shop = await db.selectFrom('integrations').select('merchant_id').where('id', '=', about.integrationId).executeTakeFirst();
    if (shop) liveEvents.publish(shop.merchant_id, { type: 'orders.imported', integrationId: about.integrationId });
  }
  if (about.shipmentId) {
    const shipment = await db.selectFrom('shipments').select(['merchant_id', 'order_id']).where('id', '=', about.shipmentId).executeTakeFirst();
    if (shipment) liveEvents.publish(shipment.merchant_id, { type: 'shipment.updated', shipmentId: about.shipmentId, orderId: shipment.order_id });
  }
}

/** The worker for every kind of job the server runs. */
export function createWorker(db: Db, services: ShopServices, options: WorkerOptions = {}): Worker {
  return new Worker(
    db,
    {
      [IMPORT_JOB]: async (job) => {
        const payload = job.payload as { integrationId: string; orderExternalId?: string };
        try {
          await importShopOrders(db, services, payload);
        } finally {
          await notify(db, { integrationId: payload.integrationId });
        }
      },
      [TRACK_JOB]: async (job) => {
        try {
          await trackShipment(db, services, String(job.payload.shipmentId));
        } finally {
          await notify(db, { shipmentId: String(job.payload.shipmentId) });
        }
      },
      [REPORT_STATUS_JOB]: async (job) => {
        await reportStatus(db, services, job);
        await notify(db, { shipmentId: String(job.payload.shipmentId) });
      },
      [SHOP_BACKORDER_JOB]: (job) => syncShopBackorder(db, services, String(job.payload.orderId)),
      [RESTOCK_JOB]: async (job) => {
        const result = await restock(db, services, String(job.payload.integrationId));
        for (const r of result.released) liveEvents.publish(r.merchantId, { type: 'order.updated', orderId: r.orderId });
      },
      [BATCH_LABEL_JOB]: async (job) => {
        const done = await runBatchItem(db, services.secrets, job);
        if (done) {
          liveEvents.publish(done.merchantId, { type: 'batch.progress', batchId: done.batchId });
          await notify(db, { shipmentId: String(job.payload.shipmentId) });
        }
      },
      [COMPACT_COUNTS_JOB]: (job) => compactCounts(db, job.payload.table === 'shipment_counts' ? 'shipment_counts' : 'order_counts', String(job.payload.merchantId)),
      [SYNC_JOB]: async (job) => {
        try {
          await syncShipment(db, services, job);
        } finally {
          await notify(db, { shipmentId: String(job.payload.shipmentId) });
        }
      },
    },
    {
      // The labels of a batch are independent (one shipment each, idempotent per attempt): a few at
      // a time keep the database busy while others wait on the carrier. Shop jobs stay in order.
      concurrency: 4,
      parallelKinds: [BATCH_LABEL_JOB],
      ...options,
      onFailure: async (job, error, willRetry) => {
        if (job.kind === SYNC_JOB && !willRetry) {
          await markSyncFailed(db, String(job.payload.shipmentId), shopErrorMessage(error));
          await notify(db, { shipmentId: String(job.payload.shipmentId) });
        }
        await options.onFailure?.(job, error, willRetry);
      },
    },
  );
}
