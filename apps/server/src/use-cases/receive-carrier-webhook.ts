import type { Db } from '../db/database';
import { carrierAccountById } from '../integrations/carriers';
import type { SecretBox } from '../security/secrets';
import { enqueueTracking } from './track-shipment';

export type CarrierWebhookResult = { kind: 'accepted'; shipments: number } | { kind: 'unknown_account' } | { kind: 'bad_signature' };

/**
 * A carrier's status push. It is checked with that carrier account's secret, then taken as a
 * signal only: the parcels it names are tracked again, so the timeline always comes from the
 * carrier's own tracking answer (in carrier order, without duplicates), however often or out of
 * order pushes arrive.
 */
export async function receiveCarrierWebhook(db: Db, secrets: SecretBox, accountId: string, rawBody: Buffer, headers: Record<string, string | undefined>): Promise<CarrierWebhookResult> {
  const found = await carrierAccountById(db, secrets, accountId);
  if (!found || !found.connector.capabilities.webhooks || !found.connector.verifyWebhook) return { kind: 'unknown_account' };
  if (!found.connector.verifyWebhook(rawBody, headers)) return { kind: 'bad_signature' };
  const numbers = found.connector.webhookTrackingNumbers?.(rawBody) ?? [];
  if (numbers.length === 0) return { kind: 'accepted', shipments: 0 };
  const shipments = await db
    .selectFrom('labels')
    .select('shipment_id')
    .where('carrier_account_id', '=', accountId)
    .where('status', '=', 'live')
    .where('tracking_number', 'in', numbers)
    .execute();
  for (const s of shipments) await enqueueTracking(db, s.shipment_id);
  return { kind: 'accepted', shipments: shipments.length };
}
