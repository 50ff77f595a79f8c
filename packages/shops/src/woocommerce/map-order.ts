import type { ShopOrder } from '../types';

/** The fields of a WooCommerce REST v3 order that Shipdesk reads. */
export interface WooOrderJson {
  id: number;
  number: string;
  status: string;
  date_created_gmt: string;
  date_modified_gmt: string;
  billing?: { first_name?: string; last_name?: string; email?: string };
  shipping?: { first_name?: string; last_name?: string; company?: string; address_1?: string; address_2?: string; city?: string; postcode?: string; country?: string };
  line_items: { id: number; name: string; product_id: number; variation_id: number; quantity: number; sku: string; price: number | string; total: string }[];
  meta_data?: { key: string; value: unknown }[];
}

export interface WooProductJson {
  id: number;
  weight: string;
}

const TO_GRAMS: Record<string, number> = { kg: 1000, g: 1, lbs: 453.59237, oz: 28.349523125 };

/** A product weight string in the store's unit → grams (0 when the product has none). */
export function weightToGrams(weight: string | undefined, unit: string): number {
  const value = Number(weight);
  if (!weight || !Number.isFinite(value)) return 0;
  return Math.round(value * (TO_GRAMS[unit] ?? 1000));
}

const CANCELLED = new Set(['cancelled', 'refunded', 'failed', 'trash']);

/** Dates in *_gmt fields are UTC without an offset. */
const gmt = (d: string) => (/(Z|[+-]\d{2}:?\d{2})$/.test(d) ? new Date(d).toISOString() : new Date(`${d}Z`).toISOString());

interface TrackingMeta {
  tracking_id?: string;
  tracking_number?: string;
}

/**
 * WooCommerce without order fulfillments has no shipments: Shipdesk works at order level. A
 * completed order has left the warehouse as a whole, so it reports one shipment holding every
 * line, carrying the Shipment Tracking extension's first tracking number when there is one.
 */
export function mapWooOrder(order: WooOrderJson, weights: Map<number, number>): ShopOrder {
  const ship = order.shipping ?? {};
  const bill = order.billing ?? {};
  const shipName = [ship.first_name, ship.last_name].filter(Boolean).join(' ');
  const billName = [bill.first_name, bill.last_name].filter(Boolean).join(' ');
  const lines = order.line_items.map((l) => ({
    externalId: String(l.id),
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    priceCents: Math.round(Number(l.price) * 100),
    weightGrams: weights.get(l.variation_id || l.product_id) ?? weights.get(l.product_id) ?? 0,
  }));
  const trackingMeta = order.meta_data?.find((m) => m.key === '_wc_shipment_tracking_items');
  const tracking = Array.isArray(trackingMeta?.value) ? (trackingMeta.value as TrackingMeta[]) : [];
  const first = tracking[0];
  return {
    externalId: String(order.id),
    number: order.number,
    placedAt: gmt(order.date_created_gmt),
    ...(CANCELLED.has(order.status) ? { cancelled: true } : {}),
    customer: { name: billName || shipName, email: bill.email ?? '' },
    shippingAddress: {
      name: shipName || billName,
      street: [ship.address_1, ship.address_2].filter(Boolean).join(' '),
      postalCode: ship.postcode ?? '',
      city: ship.city ?? '',
      country: ship.country ?? '',
    },
    lines,
    shipments:
      order.status === 'completed'
        ? [
            {
              externalId: first?.tracking_id ?? `order-${order.id}`,
              trackingCode: first?.tracking_number ?? null,
              lines: lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })),
            },
          ]
        : [],
  };
}
