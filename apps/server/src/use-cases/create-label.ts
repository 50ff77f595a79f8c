import { CarrierError, type CarrierConnector, type CustomsItem } from '@shipdesk/carriers';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../db/database';
import type { LabelStatus } from '../db/schema';
import { carrierAccount, carrierName } from '../integrations/carriers';
import { applyBackorderPolicy } from './backorders';
import type { SecretBox } from '../security/secrets';

/** EU member states: shipments elsewhere need customs data. */
const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));
/** Box and filling, added to the items' weight. */
const PACKAGING_GRAMS = 200;
const INTERRUPTED =
  'The request buying this label stopped before the carrier answered. Check the carrier portal for a label with this reference before buying another.';
const INTERRUPTED_MADE = (trackingNumber: string) =>
  `The request buying this label stopped after the carrier made parcel ${trackingNumber}, before Shipdesk had its PDF. Print it from the carrier portal, or void it there before buying another.`;
/**
 * A label still "being bought" after this long belongs to a request that died: well beyond the
 * carrier call's timeout. SHIPDESK_LABEL_STALE_MS changes it (tests of crashes shorten it).
 */
export const STALE_PENDING_MS = Number(process.env.SHIPDESK_LABEL_STALE_MS ?? 2 * 60 * 1000);

export interface LabelView {
  id: string;
  status: LabelStatus;
  carrier: string;
  trackingNumber: string | null;
  format: 'A6' | 'A4';
  error: string | null;
  createdAt: string;
}

export type CreateLabelResult =
  | { kind: 'created' | 'replayed'; label: LabelView }
  | { kind: 'not_found' }
  | { kind: 'refused'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'in_progress'; label: LabelView }
  | { kind: 'has_label'; label: LabelView }
  | { kind: 'carrier_error'; label: LabelView; retryable: boolean; message: string }
  | { kind: 'no_carrier' };

const view = (row: {
  id: string;
  status: LabelStatus;
  carrier: string;
  tracking_number: string | null;
  format: 'A6' | 'A4';
  error: string | null;
  created_at: Date;
}): LabelView => ({
  id: row.id,
  status: row.status,
  carrier: carrierName(row.carrier),
  trackingNumber: row.tracking_number,
  format: row.format,
  error: row.error,
  createdAt: row.created_at.toISOString(),
});

const LABEL_COLUMNS = ['id', 'status', 'carrier', 'tracking_number', 'format', 'error', 'created_at', 'updated_at'] as const;

/**
 * Buys the label of one shipment. Idempotent twice over: the same Idempotency-Key answers the
 * same label, and the database allows one label being bought or in use per shipment, so a
 * double click, a retry or two people at once never buy two. The carrier is called outside any
 * transaction; the label row says "pending" meanwhile.
 */
export async function createLabel(
  db: Db,
  secrets: SecretBox,
  input: {
    merchantId: string;
    userId: string;
    shipmentId: string;
    idempotencyKey: string;
    format: 'A6' | 'A4';
    carrierAccountId?: string;
  },
): Promise<CreateLabelResult> {
  const carrier = await carrierAccount(db, secrets, input.merchantId, input.carrierAccountId);
  if (!carrier) {
    // Another merchant's shipment (or none) is "not found" whatever this merchant has set up.
    const mine = await db.selectFrom('shipments').select('id').where('id', '=', input.shipmentId).where('merchant_id', '=', input.merchantId).executeTakeFirst();
    return mine ? { kind: 'no_carrier' } : { kind: 'not_found' };
  }

  // A purchase that died mid-way (its label still "pending" long after) can be finished safely
  // where the carrier issues the tracking number first (PostNL): with no number stored, the label
  // was never asked for; with one, the carrier says whether it made that parcel. The carrier is
  // asked outside the transaction, and only when such a purchase turns up.
  const resumable = Boolean(carrier.connector.reserveTrackingNumber && carrier.connector.hasParcel);
  const claimLabel = (decision: StaleDecision | 'ask') =>
    db.transaction().execute(async (trx) => {
      let adopted: { id: string } | undefined;
      const shipment = await trx
        .selectFrom('shipments')
        .select(['id', 'status', 'order_id', 'number'])
        .where('id', '=', input.shipmentId)
        .where('merchant_id', '=', input.merchantId)
        .forUpdate()
        .executeTakeFirst();
      if (!shipment) return { kind: 'not_found' as const };
      // In one query: the label bought under this key before, and the one the shipment holds.
      const found = await trx
        .selectFrom('labels')
        .select([...LABEL_COLUMNS, 'idempotency_key', 'merchant_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('merchant_id', '=', input.merchantId), eb('idempotency_key', '=', input.idempotencyKey)]),
            eb.and([eb('shipment_id', '=', shipment.id), eb('status', 'in', ['pending', 'live'])]),
          ]),
        )
        .execute();
      const same = found.find((l) => l.merchant_id === input.merchantId && l.idempotency_key === input.idempotencyKey);
      if (same && same.status !== 'pending') return { kind: 'replayed' as const, label: view(same) };
      const held = same ?? found.find((l) => l.status === 'pending' || l.status === 'live');
      if (held) {
        if (held.status === 'live') return { kind: 'has_label' as const, label: view(held) };
        if (!isStale(held)) return { kind: 'in_progress' as const, label: view(held) };
        if (decision === 'ask' && resumable) return { kind: 'stale' as const, label: held };
        const decided = decision !== 'ask' && decision?.labelId === held.id ? decision : null;
        if (decided?.adopt) adopted = held;
        else {
          // The request that was buying it died while the carrier was answering, and whether the
          // carrier made a label is unknown (or it did): say so, and never buy a second one without a person deciding.
          const interrupted = await trx
            .updateTable('labels')
            .set({
              status: 'failed',
              error: decided?.made ? INTERRUPTED_MADE(decided.made) : INTERRUPTED,
              updated_at: new Date(),
            })
            .where('id', '=', held.id)
            .returning(LABEL_COLUMNS)
            .executeTakeFirstOrThrow();
          if (held === same) return { kind: 'replayed' as const, label: view(interrupted) };
        }
      }
      if (shipment.status !== 'open')
        return {
          kind: 'refused' as const,
          message: `Shipment ${shipment.number} is ${shipment.status}; only an open shipment gets a label.`,
        };
      // The order with the shipment's items, and its shop's backorder policy, in one query.
      const order = await trx
        .selectFrom('orders')
        .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
        .select((eb) => [
          'orders.number',
          'orders.shipping_address',
          'orders.customer_email',
          'integrations.backorder_policy',
          jsonArrayFrom(
            eb
              .selectFrom('shipment_lines')
              .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
              .select([
                'order_lines.sku',
                'order_lines.name',
                'order_lines.unit_weight_grams',
                'order_lines.unit_price_cents',
                'order_lines.hs_code',
                'order_lines.origin_country',
                'shipment_lines.quantity',
              ])
              .where('shipment_lines.shipment_id', '=', shipment.id),
          ).as('lines'),
        ])
        .where('orders.id', '=', shipment.order_id)
        .executeTakeFirstOrThrow();
      const { lines } = order;
      if (lines.length === 0) return { kind: 'refused' as const, message: `Shipment ${shipment.number} has no items.` };
      const missing = EU.has(order.shipping_address.country.toUpperCase())
        ? []
        : lines.filter((l) => !l.hs_code || !l.origin_country).map((l) => l.sku);
      if (missing.length > 0) {
        return {
          kind: 'invalid' as const,
          message: `This parcel leaves the EU, so customs needs an HS code and a country of origin for every item. Add them in the shop for ${missing.join(', ')} and import the order again.`,
        };
      }
      if (adopted) {
        // Finish the dead request's purchase under its own row, with the tracking number it reserved.
        const label = await trx
          .updateTable('labels')
          .set({ updated_at: new Date() })
          .where('id', '=', adopted.id)
          .returning(LABEL_COLUMNS)
          .executeTakeFirstOrThrow();
        return { kind: 'claimed' as const, label, shipment, lines, order };
      }
      const label = await trx
        .insertInto('labels')
        .values({
          merchant_id: input.merchantId,
          shipment_id: shipment.id,
          carrier_account_id: carrier.account.id,
          carrier: carrier.account.carrier,
          status: 'pending',
          idempotency_key: input.idempotencyKey,
          format: input.format,
          tracking_number: null,
          pdf: null,
          error: null,
        })
        .returning(LABEL_COLUMNS)
        .executeTakeFirstOrThrow();
      return { kind: 'claimed' as const, label, shipment, lines, order };
    });
  let claim = await claimLabel('ask');
  if (claim.kind === 'stale') claim = await claimLabel(await decideStale(carrier.connector, claim.label));
  // (With a decision in hand the claim never answers "stale" again.)
  if (claim.kind === 'stale') return { kind: 'in_progress', label: view(claim.label) };
  if (claim.kind !== 'claimed') return claim;

  const { label, shipment, lines, order } = claim;
  const country = order.shipping_address.country.toUpperCase();
  const customs: CustomsItem[] | undefined = EU.has(country)
    ? undefined
    : lines.map((l) => ({
        description: l.name,
        quantity: l.quantity,
        valueCents: l.unit_price_cents,
        currency: 'EUR',
        hsCode: l.hs_code!,
        originCountry: l.origin_country!,
        weightGrams: l.unit_weight_grams,
      }));
  try {
    let trackingNumber = label.tracking_number ?? undefined;
    if (!trackingNumber && carrier.connector.reserveTrackingNumber) {
      // Stored before the label is asked for, so a crash in between can be told apart afterwards.
      trackingNumber = await carrier.connector.reserveTrackingNumber();
      await db
        .updateTable('labels')
        .set({ tracking_number: trackingNumber, updated_at: new Date() })
        .where('id', '=', label.id)
        .where('status', '=', 'pending')
        .execute();
    }
    const created = await carrier.connector.createLabel({
      ...(trackingNumber ? { trackingNumber } : {}),
      reference: `${order.number.replace(/^#/, '')}-${shipment.number}`,
      sender: carrier.account.sender,
      receiver: { ...order.shipping_address, email: order.customer_email },
      parcel: { weightGrams: PACKAGING_GRAMS + lines.reduce((sum, l) => sum + l.unit_weight_grams * l.quantity, 0) },
      ...(carrier.account.default_product ? { product: carrier.account.default_product } : {}),
      ...(customs ? { customs: { items: customs } } : {}),
      format: input.format,
    });
    const live = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('labels')
        .set({ status: 'live', tracking_number: created.trackingNumber, pdf: created.labelPdf, updated_at: new Date() })
        .where('id', '=', label.id)
        .returning(LABEL_COLUMNS)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('shipments')
        .set({
          status: 'labelled',
          tracking_code: created.trackingNumber,
          carrier: carrierName(carrier.account.carrier),
          updated_at: new Date(),
        })
        .where('id', '=', shipment.id)
        .execute();
      await trx
        .updateTable('orders')
        .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', shipment.order_id)
        .execute();
      await applyBackorderPolicy(trx, input.merchantId, shipment.order_id, order.backorder_policy);
      await trx
        .insertInto('shipment_events')
        .values({
          shipment_id: shipment.id,
          merchant_id: input.merchantId,
          type: 'label_created',
          message: `${carrierName(carrier.account.carrier)} label bought, tracking ${created.trackingNumber}`,
          data: {
            carrier: carrier.account.carrier,
            trackingNumber: created.trackingNumber,
            format: input.format,
            customs: Boolean(customs),
          },
          actor_user_id: input.userId,
        })
        .execute();
      return row;
    });
    return { kind: 'created', label: view(live) };
  } catch (error) {
    const message = error instanceof CarrierError ? error.message : error instanceof Error ? error.message : String(error);
    const retryable = error instanceof CarrierError ? error.retryable : true;
    const failed = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('labels')
        .set({ status: 'failed', error: message, updated_at: new Date() })
        .where('id', '=', label.id)
        .returning(LABEL_COLUMNS)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('shipment_events')
        .values({
          shipment_id: shipment.id,
          merchant_id: input.merchantId,
          type: 'label_failed',
          message: `No label: ${message}`,
          data: { carrier: carrier.account.carrier },
          actor_user_id: input.userId,
        })
        .execute();
      return row;
    });
    return { kind: 'carrier_error', label: view(failed), retryable, message };
  }
}

/**
 * Cancels the live label of a shipment that has not shipped, so it can get a new one. Where the
 * carrier has a cancel API it is called; PostNL has none, and an unused PostNL label costs
 * nothing, so it is only voided here.
 */
export async function cancelLabel(
  db: Db,
  secrets: SecretBox,
  input: { merchantId: string; userId: string; shipmentId: string },
): Promise<{ kind: 'cancelled' } | { kind: 'not_found' } | { kind: 'refused'; message: string }> {
  const label = await db
    .selectFrom('labels')
    .innerJoin('shipments', 'shipments.id', 'labels.shipment_id')
    .select([
      'labels.id',
      'labels.tracking_number',
      'labels.carrier_account_id',
      'labels.carrier',
      'shipments.status as shipment_status',
      'shipments.order_id',
    ])
    .where('labels.shipment_id', '=', input.shipmentId)
    .where('labels.merchant_id', '=', input.merchantId)
    .where('labels.status', '=', 'live')
    .executeTakeFirst();
  if (!label) return { kind: 'not_found' };
  if (label.shipment_status !== 'labelled')
    return { kind: 'refused', message: 'This shipment has left already; its label can no longer be cancelled.' };
  const carrier = await carrierAccount(db, secrets, input.merchantId, label.carrier_account_id);
  let note = 'Label cancelled with the carrier';
  if (carrier?.connector.capabilities.cancelLabel && label.tracking_number) {
    try {
      await carrier.connector.cancelLabel(label.tracking_number);
    } catch (error) {
      return { kind: 'refused', message: error instanceof Error ? error.message : String(error) };
    }
  } else {
    note = `${carrierName(label.carrier)} has no cancel API: the label is void in Shipdesk; do not use the printed one`;
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('labels').set({ status: 'cancelled', updated_at: new Date() }).where('id', '=', label.id).execute();
    await trx
      .updateTable('shipments')
      .set({ status: 'open', tracking_code: null, carrier: null, updated_at: new Date() })
      .where('id', '=', input.shipmentId)
      .execute();
    await trx
      .updateTable('orders')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', label.order_id)
      .execute();
    await trx
      .insertInto('shipment_events')
      .values({
        shipment_id: input.shipmentId,
        merchant_id: input.merchantId,
        type: 'label_cancelled',
        message: note,
        data: { trackingNumber: label.tracking_number },
        actor_user_id: input.userId,
      })
      .execute();
  });
  return { kind: 'cancelled' };
}

/** A label still "being bought" this long after its request last did anything belongs to a request that died. */
const isStale = (label: { updated_at: Date }) => Date.now() - label.updated_at.getTime() > STALE_PENDING_MS;

type StaleDecision = { labelId: string; adopt: boolean; made?: string } | null;

/**
 * For a stale purchase: whether it can be finished (`adopt`), or which parcel the carrier made for
 * it (`made`); null when the carrier cannot say now, which leaves it to a person.
 */
async function decideStale(
  connector: CarrierConnector,
  stale: { id: string; tracking_number: string | null },
): Promise<StaleDecision> {
  if (!stale.tracking_number) return { labelId: stale.id, adopt: true };
  try {
    return (await connector.hasParcel!(stale.tracking_number))
      ? { labelId: stale.id, adopt: false, made: stale.tracking_number }
      : { labelId: stale.id, adopt: true };
  } catch {
    return null;
  }
}
