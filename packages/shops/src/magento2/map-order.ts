import type { ShopOrder, ShopOrderLine, ShopShipment } from '../types';

/** The fields of Magento\Sales\Api\Data\OrderItemInterface that Shipdesk reads. */
export interface M2OrderItem {
  item_id: number;
  parent_item_id?: number | null;
  sku: string;
  name: string | null;
  product_type?: string;
  qty_ordered: number;
  qty_shipped?: number | null;
  qty_canceled?: number | null;
  qty_refunded?: number | null;
  price?: number | null;
  weight?: number | null;
  is_virtual?: number | boolean | null;
}

export interface M2Address {
  firstname?: string | null;
  lastname?: string | null;
  street?: string[] | null;
  postcode?: string | null;
  city?: string | null;
  country_id?: string | null;
}

/** The fields of Magento\Sales\Api\Data\OrderInterface that Shipdesk reads. */
export interface M2Order {
  entity_id: number;
  increment_id: string;
  state?: string;
  status?: string;
  created_at: string;
  updated_at?: string;
  customer_email?: string | null;
  customer_firstname?: string | null;
  customer_lastname?: string | null;
  billing_address?: M2Address | null;
  items: M2OrderItem[];
  status_histories?: { comment?: string | null }[];
  extension_attributes?: { shipping_assignments?: { shipping?: { address?: M2Address | null } }[] };
}

export interface M2Shipment {
  entity_id: number;
  order_id: number;
  items: { order_item_id: number; qty: number }[];
  tracks?: { track_number?: string | null; created_at?: string }[];
}

export interface M2SearchResult<T> {
  items: T[];
  total_count: number;
}

/** Magento writes instants as "YYYY-MM-DD HH:MM:SS" in UTC. */
export function fromMagentoDate(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** An ISO 8601 instant as Magento's UTC "YYYY-MM-DD HH:MM:SS" (what its DATETIME columns compare with). */
export function toMagentoDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an ISO 8601 instant: ${iso}`);
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Grams per unit of the store's weight unit (general/locale/weight_unit). */
export const GRAMS_PER_UNIT = { kgs: 1000, lbs: 453.59237 } as const;
export type WeightUnit = keyof typeof GRAMS_PER_UNIT;

/**
 * The items that are order lines to Shipdesk. Magento lists a configurable product twice — the
 * parent item (price, the ordered quantity, the one to ship) and its simple child (parent_item_id
 * set, price 0) — and a bundle as its parent plus children; shipments are made from the parent
 * (the REST tutorial: "you only need to include the top-level order_item_id"). Children are left
 * out, as are virtual items, which never ship.
 */
export function shippableItems(order: M2Order): M2OrderItem[] {
  return order.items.filter((i) => (i.parent_item_id === undefined || i.parent_item_id === null) && !i.is_virtual);
}

/** Quantity still to ship: Order\Item::getQtyToShip. */
export function qtyToShip(item: M2OrderItem): number {
  return Math.max(0, item.qty_ordered - (item.qty_shipped ?? 0) - (item.qty_canceled ?? 0) - (item.qty_refunded ?? 0));
}

const joinName = (...parts: (string | null | undefined)[]) =>
  parts
    .filter((p): p is string => Boolean(p && p.trim()))
    .map((p) => p.trim())
    .join(' ');

export function mapOrder(order: M2Order, shipments: M2Shipment[], weightUnit: WeightUnit): ShopOrder {
  const address = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address ?? order.billing_address ?? {};
  const lines = shippableItems(order).map((item): ShopOrderLine => ({
    externalId: String(item.item_id),
    sku: item.sku,
    name: item.name ?? item.sku,
    quantity: Math.max(0, item.qty_ordered - (item.qty_canceled ?? 0)),
    priceCents: Math.round((item.price ?? 0) * 100),
    weightGrams: Math.round((item.weight ?? 0) * GRAMS_PER_UNIT[weightUnit]),
  }));
  const lineIds = new Set(lines.map((l) => l.externalId));
  return {
    externalId: String(order.entity_id),
    number: order.increment_id,
    placedAt: fromMagentoDate(order.created_at),
    cancelled: order.state === 'canceled',
    customer: {
      name:
        joinName(order.customer_firstname, order.customer_lastname) ||
        joinName(order.billing_address?.firstname, order.billing_address?.lastname),
      email: order.customer_email ?? '',
    },
    shippingAddress: {
      name: joinName(address.firstname, address.lastname),
      street: (address.street ?? []).filter(Boolean).join(', '),
      postalCode: address.postcode ?? '',
      city: address.city ?? '',
      country: address.country_id ?? '',
    },
    lines,
    shipments: shipments
      .filter((s) => s.order_id === order.entity_id)
      .map((s): ShopShipment => ({
        externalId: String(s.entity_id),
        // The newest track is the one that counts; Magento lists them oldest first.
        trackingCode: s.tracks?.length ? (s.tracks[s.tracks.length - 1]!.track_number ?? null) : null,
        lines: s.items
          .filter((i) => lineIds.has(String(i.order_item_id)) && i.qty > 0)
          .map((i) => ({ lineExternalId: String(i.order_item_id), quantity: i.qty })),
      })),
  };
}
