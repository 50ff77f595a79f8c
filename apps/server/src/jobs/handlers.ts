import type { Db } from '../db/database';
import type { ShopServices } from '../integrations/shop-context';
import { shopErrorMessage } from '../integrations/shop-context';
import { IMPORT_JOB, importShopOrders } from '../use-cases/import-shop-orders';
import { markSyncFailed, SYNC_JOB, syncShipment } from '../use-cases/sync-shipment';
import { Worker, type WorkerOptions } from './worker';

/** The worker for every kind of job the server runs. */
export function createWorker(db: Db, services: ShopServices, options: WorkerOptions = {}): Worker {
  return new Worker(
    db,
    {
      [IMPORT_JOB]: async (job) => {
        await importShopOrders(db, services, job.payload as { integrationId: string; orderExternalId?: string });
      },
      [SYNC_JOB]: (job) => syncShipment(db, services, job),
    },
    {
      ...options,
      onFailure: async (job, error, willRetry) => {
        if (job.kind === SYNC_JOB && !willRetry) await markSyncFailed(db, String(job.payload.shipmentId), shopErrorMessage(error));
        await options.onFailure?.(job, error, willRetry);
      },
    },
  );
}
