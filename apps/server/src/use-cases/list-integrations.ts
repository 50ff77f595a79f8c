import type { IntegrationsResponse } from '@shipdesk/contract';
import { PLATFORMS } from '@shipdesk/shops';
import type { Db } from '../db/database';
import { credentialFields, isConnectable } from '../integrations/connectors';

/** The platform table of the integrations page, with the merchant's connected shops. */
export async function listIntegrations(db: Db, merchantId: string): Promise<IntegrationsResponse> {
  const shops = await db
    .selectFrom('integrations')
    .select((eb) => [
      'integrations.id',
      'integrations.platform',
      'integrations.name',
      'integrations.base_url',
      'integrations.processing_mode',
      'integrations.status',
      'integrations.last_import_at',
      'integrations.last_error',
      'integrations.backorder_policy',
      eb.selectFrom('orders').select(eb.fn.countAll<number>().as('n')).whereRef('orders.integration_id', '=', 'integrations.id').as('order_count'),
      eb
        .selectFrom('shipments')
        .innerJoin('orders', 'orders.id', 'shipments.order_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('orders.integration_id', '=', 'integrations.id')
        .where('shipments.sync_status', '=', 'failed')
        .as('failed_syncs'),
    ])
    .where('integrations.merchant_id', '=', merchantId)
    .orderBy('integrations.created_at')
    .execute();
  return {
    platforms: PLATFORMS.map((p) => ({
      platform: p.platform,
      name: p.name,
      shipmentLevel: p.shipmentLevel,
      remarks: p.remarks,
      connectable: isConnectable(p.platform),
      credentialFields: credentialFields(p.platform),
      shops: shops
        .filter((s) => s.platform === p.platform)
        .map((s) => ({
          id: s.id,
          name: s.name,
          baseUrl: s.base_url,
          processingMode: s.processing_mode,
          status: s.status,
          lastImportAt: s.last_import_at?.toISOString() ?? null,
          lastError: s.last_error,
          orderCount: Number(s.order_count ?? 0),
          failedSyncs: Number(s.failed_syncs ?? 0),
          backorderPolicy: s.backorder_policy,
        })),
    })),
  };
}
