import type { ShopOrder, ShopOrderLine } from '../types';

/** The fields of the Orders V2 answers that Shipdesk reads. Decimals come as strings. */
export interface BcAddressJson {
  first_name?: string;
  last_name?: string;
  company?: string;
  street_1?: string;
  street_2?: string;
  city?: string;
  zip?: string;
  country?: string;
  country_iso2?: string;
  email?: string;
}

export interface BcOrderJson {
  id: number;
  date_created: string;
  date_modified: string;
  status_id: number;
  status?: string;
  items_total?: number;
  items_shipped?: number;
  is_deleted?: boolean;
  billing_address: BcAddressJson;
}

export interface BcOrderProductJson {
  id: number;
  order_id: number;
  order_address_id: number;
  name: string;
  sku: string;
  type?: 'physical' | 'digital' | string;
  quantity: number;
  quantity_shipped: number;
  quantity_refunded?: number;
  price_inc_tax: string | number;
  weight: string | number;
  parent_order_product_id?: number | null;
}

export interface BcShippingAddressJson extends BcAddressJson {
  id: number;
  order_id: number;
}

export interface BcShipmentJson {
  id: number;
  order_id: number;
  order_address_id: number;
  tracking_number: string;
  tracking_carrier?: string;
  shipping_provider?: string;
  tracking_link?: string;
  items: { order_product_id: number; product_id?: number; quantity: number }[];
}

/** `weight_units` of GET /v2/store. */
export type BcWeightUnit = 'kgs' | 'lbs' | 'oz' | 'g' | 'tonnes';

export function parseWeightUnit(value: unknown): BcWeightUnit {
  const v = String(value ?? '').toLowerCase();
  if (v.startsWith('lb') || v.startsWith('pound')) return 'lbs';
  if (v.startsWith('oz') || v.startsWith('ounce')) return 'oz';
  if (v.startsWith('g')) return 'g';
  if (v.startsWith('tonne')) return 'tonnes';
  return 'kgs';
}

const GRAMS_PER: Record<BcWeightUnit, number> = { kgs: 1000, lbs: 453.59237, oz: 28.349523125, g: 1, tonnes: 1_000_000 };

/** Order statuses in which nothing more should be shipped: Refunded (4), Cancelled (5), Declined (6). */
const CANCELLED_STATUSES = new Set([4, 5, 6]);

const name = (a: BcAddressJson) => [a.first_name, a.last_name].filter(Boolean).join(' ').trim();

/** Orders V2 writes RFC 2822 dates; ShopOrder wants ISO 8601. */
export const isoFromBcDate = (value: string) => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
};

/** The order products that are order lines: physical, and not the child of a bundle. */
export const shippableProducts = (products: BcOrderProductJson[]) => products.filter((p) => (p.type ?? 'physical') === 'physical' && !p.parent_order_product_id);

export function mapBigCommerceOrder(order: BcOrderJson, products: BcOrderProductJson[], addresses: BcShippingAddressJson[], shipments: BcShipmentJson[], unit: BcWeightUnit): ShopOrder {
  const lines: ShopOrderLine[] = shippableProducts(products).map((p) => ({
    externalId: String(p.id),
    sku: p.sku,
    name: p.name,
    quantity: p.quantity,
    priceCents: Math.round(Number(p.price_inc_tax) * 100),
    weightGrams: Math.round(Number(p.weight) * GRAMS_PER[unit]),
  }));
  const address = addresses[0] ?? { ...order.billing_address, id: 0, order_id: order.id };
  return {
    externalId: String(order.id),
    number: String(order.id),
    placedAt: isoFromBcDate(order.date_created),
    ...(CANCELLED_STATUSES.has(order.status_id) ? { cancelled: true } : {}),
    customer: { name: name(order.billing_address), email: order.billing_address.email ?? '' },
    shippingAddress: {
      name: name(address),
      street: [address.street_1, address.street_2].filter(Boolean).join(', '),
      postalCode: address.zip ?? '',
      city: address.city ?? '',
      country: address.country_iso2 ?? '',
    },
    lines,
    shipments: shipments.map((s) => ({
      externalId: String(s.id),
      trackingCode: s.tracking_number ? s.tracking_number : null,
      lines: s.items.map((i) => ({ lineExternalId: String(i.order_product_id), quantity: i.quantity })),
    })),
  };
}
