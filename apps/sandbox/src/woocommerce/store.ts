import { randomBytes } from 'node:crypto';
import type { DemoOrder } from '../seed';

/**
 * The WooCommerce data a shipping integration touches, shaped as the REST API v3 renders it
 * (woocommerce.github.io/woocommerce-rest-api-docs, "Orders", "Order notes", "Products"), plus the
 * Shipment Tracking extension's tracking items (woocommerce.com/document/shipment-tracking,
 * REST API: /wp-json/wc-shipment-tracking/v3). The store runs in UTC, so a date in the site's time
 * zone equals its *_gmt twin; both are written without an offset, as WooCommerce does.
 */

export type WooOrderStatus = 'pending' | 'processing' | 'on-hold' | 'completed' | 'cancelled' | 'refunded' | 'failed' | 'trash';
export const WOO_ORDER_STATUSES: readonly WooOrderStatus[] = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash'];

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
}

export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  tax_class: string;
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  sku: string;
  /** Unit price, a number in the REST response. */
  price: number;
  meta_data: WooMeta[];
}

export interface WooMeta {
  id: number;
  key: string;
  value: unknown;
}

export interface WooNote {
  id: number;
  author: string;
  date_created: string;
  date_created_gmt: string;
  note: string;
  customer_note: boolean;
}

/** One item of the Shipment Tracking extension, as its REST API answers it. */
export interface WooTrackingItem {
  tracking_id: string;
  tracking_provider: string;
  custom_tracking_provider: string;
  custom_tracking_link: string;
  tracking_number: string;
  /** Unix seconds, as the extension stores it; rendered as YYYY-MM-DD. */
  date_shipped: number;
}

export interface WooOrder {
  id: number;
  parent_id: number;
  number: string;
  order_key: string;
  created_via: string;
  version: string;
  status: WooOrderStatus;
  currency: string;
  date_created: string;
  date_created_gmt: string;
  date_modified: string;
  date_modified_gmt: string;
  date_completed: string | null;
  date_completed_gmt: string | null;
  customer_id: number;
  customer_note: string;
  billing: WooAddress & { email: string; phone: string };
  shipping: WooAddress;
  payment_method: string;
  payment_method_title: string;
  line_items: WooLineItem[];
  shipping_lines: { id: number; method_title: string; method_id: string; total: string; total_tax: string }[];
  notes: WooNote[];
  trackingItems: WooTrackingItem[];
}

export interface WooProduct {
  id: number;
  name: string;
  sku: string;
  price: string;
  /** In the store's weight unit (woocommerce_weight_unit), as a string. */
  weight: string;
}

/** WooCommerce writes dates as `YYYY-MM-DDTHH:MM:SS`, without milliseconds or offset. */
export const wooDate = (ms: number) => new Date(ms).toISOString().slice(0, 19);

const statusLabel = (s: WooOrderStatus) => s.charAt(0).toUpperCase() + s.slice(1).replace('-', ' ');

const money = (cents: number) => (cents / 100).toFixed(2);

export class WooStore {
  readonly orders = new Map<number, WooOrder>();
  readonly products = new Map<number, WooProduct>();
  private nextLineId = 1;
  private nextNoteId = 1;
  private nextMetaId = 1;

  constructor(readonly weightUnit: 'kg' | 'g' | 'lbs' | 'oz' = 'kg') {}

  /** The product for a SKU, created on first use (ids 101, 102…). */
  private product(sku: string, name: string, priceCents: number, weightGrams: number): WooProduct {
    const existing = [...this.products.values()].find((p) => p.sku === sku);
    if (existing) return existing;
    const grams = weightGrams;
    const weight =
      this.weightUnit === 'kg' ? String(grams / 1000) : this.weightUnit === 'g' ? String(grams) : this.weightUnit === 'lbs' ? (grams / 453.59237).toFixed(3) : (grams / 28.349523125).toFixed(2);
    const product: WooProduct = { id: 101 + this.products.size, name, sku, price: money(priceCents), weight };
    this.products.set(product.id, product);
    return product;
  }

  nextMeta(): number {
    return this.nextMetaId++;
  }

  addDemoOrder(demo: DemoOrder, placedAtMs: number): WooOrder {
    // A store's order number is its post id; the demo numbers (#2001…) become the ids.
    const id = Number(demo.number.replace(/\D/g, ''));
    const [first, ...rest] = demo.shippingAddress.name.split(' ');
    const address: WooAddress = {
      first_name: first ?? '',
      last_name: rest.join(' '),
      company: '',
      address_1: demo.shippingAddress.street,
      address_2: '',
      city: demo.shippingAddress.city,
      state: '',
      postcode: demo.shippingAddress.postalCode,
      country: demo.shippingAddress.country,
    };
    const lineItems = demo.lines.map((l) => {
      const product = this.product(l.sku, l.name, l.priceCents, l.weightGrams);
      return {
        id: this.nextLineId++,
        name: l.name,
        product_id: product.id,
        variation_id: 0,
        quantity: l.quantity,
        tax_class: '',
        subtotal: money(l.priceCents * l.quantity),
        subtotal_tax: '0.00',
        total: money(l.priceCents * l.quantity),
        total_tax: '0.00',
        sku: l.sku,
        price: l.priceCents / 100,
        meta_data: [],
      } satisfies WooLineItem;
    });
    const created = wooDate(placedAtMs);
    const shippedAll =
      demo.fulfillments.length > 0 &&
      demo.lines.every((l) => demo.fulfillments.flatMap((f) => f.lines).filter((fl) => fl.lineExternalId === l.externalId).reduce((s, fl) => s + fl.quantity, 0) >= l.quantity);
    const order: WooOrder = {
      id,
      parent_id: 0,
      number: String(id),
      order_key: `wc_order_${randomBytes(7).toString('base64url').slice(0, 13)}`,
      created_via: 'checkout',
      version: '9.4.2',
      status: shippedAll ? 'completed' : 'processing',
      currency: 'EUR',
      date_created: created,
      date_created_gmt: created,
      date_modified: created,
      date_modified_gmt: created,
      date_completed: shippedAll ? created : null,
      date_completed_gmt: shippedAll ? created : null,
      customer_id: 0,
      customer_note: '',
      billing: { ...address, email: demo.customer.email, phone: '' },
      shipping: address,
      payment_method: 'ideal',
      payment_method_title: 'iDEAL',
      line_items: lineItems,
      shipping_lines: [{ id: this.nextLineId++, method_title: 'Flat rate', method_id: 'flat_rate', total: '4.95', total_tax: '0.00' }],
      notes: [],
      trackingItems: demo.fulfillments.map((f) => ({
        tracking_id: randomBytes(16).toString('hex'),
        tracking_provider: 'PostNL',
        custom_tracking_provider: '',
        custom_tracking_link: '',
        tracking_number: f.trackingCode,
        date_shipped: Math.floor(placedAtMs / 1000),
      })),
    };
    this.orders.set(order.id, order);
    return order;
  }

  touch(order: WooOrder, nowMs: number): void {
    order.date_modified = wooDate(nowMs);
    order.date_modified_gmt = order.date_modified;
  }

  setStatus(order: WooOrder, status: WooOrderStatus, nowMs: number): void {
    const previous = order.status;
    if (previous === status) return;
    order.status = status;
    if (status === 'completed') {
      order.date_completed = wooDate(nowMs);
      order.date_completed_gmt = order.date_completed;
    }
    this.addNote(order, `Order status changed from ${statusLabel(previous)} to ${statusLabel(status)}.`, false, 'system', nowMs);
    this.touch(order, nowMs);
  }

  addNote(order: WooOrder, note: string, customerNote: boolean, author: string, nowMs: number): WooNote {
    const created = wooDate(nowMs);
    const record: WooNote = { id: this.nextNoteId++, author, date_created: created, date_created_gmt: created, note, customer_note: customerNote };
    order.notes.push(record);
    return record;
  }

  addTracking(order: WooOrder, item: Omit<WooTrackingItem, 'tracking_id'>, nowMs: number): WooTrackingItem {
    const tracking: WooTrackingItem = { tracking_id: randomBytes(16).toString('hex'), ...item };
    order.trackingItems.push(tracking);
    this.touch(order, nowMs);
    return tracking;
  }
}
