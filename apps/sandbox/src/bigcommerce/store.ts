import type { DemoOrder } from '../seed';

/**
 * The BigCommerce data a shipping integration touches, shaped as the REST Management API's Orders
 * V2 renders it (developer.bigcommerce.com, "Orders V2": Orders, Order Products, Order Shipping
 * Addresses, Order Shipments, Order Status; "Store Information"). V2 writes dates as RFC 2822
 * (`Tue, 20 Nov 2026 12:00:00 +0000`) and decimals as strings with four places.
 */

/** The status ids of "Get All Order Statuses" (GET /v2/order_statuses). */
export const BIGCOMMERCE_ORDER_STATUSES: Record<number, string> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

export interface BcAddress {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface BcOrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  order_address_id: number;
  name: string;
  sku: string;
  type: 'physical' | 'digital';
  quantity: number;
  quantity_shipped: number;
  quantity_refunded: number;
  priceCents: number;
  /** Per unit, in the store's weight unit. */
  weight: number;
}

export interface BcShippingAddress extends BcAddress {
  id: number;
  order_id: number;
  shipping_method: string;
}

export interface BcShipment {
  id: number;
  order_id: number;
  order_address_id: number;
  date_created: number;
  tracking_number: string;
  shipping_method: string;
  shipping_provider: string;
  tracking_carrier: string;
  tracking_link: string;
  comments: string;
  items: { order_product_id: number; product_id: number; quantity: number }[];
}

export interface BcOrder {
  id: number;
  customer_id: number;
  date_created: number;
  date_modified: number;
  date_shipped: number | null;
  status_id: number;
  currency_code: string;
  billing_address: BcAddress;
  is_deleted: boolean;
  products: BcOrderProduct[];
  shippingAddresses: BcShippingAddress[];
  shipments: BcShipment[];
}

/** RFC 2822 as BigCommerce writes it: `Tue, 20 Nov 2026 12:00:00 +0000`. */
export const bcDate = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

export const bcDecimal = (value: number) => value.toFixed(4);

const COUNTRY_NAMES: Record<string, string> = {
  NL: 'Netherlands',
  DE: 'Germany',
  BE: 'Belgium',
  FR: 'France',
  GB: 'United Kingdom',
  IT: 'Italy',
  IE: 'Ireland',
  PL: 'Poland',
  US: 'United States',
};

export class BigCommerceStore {
  readonly orders = new Map<number, BcOrder>();
  private readonly productIds = new Map<string, number>();
  private nextOrderProductId = 1;
  private nextAddressId = 1;
  private nextShipmentId = 1;

  constructor(readonly weightUnit: 'kgs' | 'lbs' = 'kgs') {}

  private productId(sku: string): number {
    let id = this.productIds.get(sku);
    if (id === undefined) {
      id = 77 + this.productIds.size;
      this.productIds.set(sku, id);
    }
    return id;
  }

  addDemoOrder(demo: DemoOrder, placedAtMs: number): BcOrder {
    // BigCommerce's order number is its id; the demo numbers (#2001…) become the ids.
    const id = Number(demo.number.replace(/\D/g, ''));
    const [first, ...rest] = demo.shippingAddress.name.split(' ');
    const address: BcAddress = {
      first_name: first ?? '',
      last_name: rest.join(' '),
      company: '',
      street_1: demo.shippingAddress.street,
      street_2: '',
      city: demo.shippingAddress.city,
      state: '',
      zip: demo.shippingAddress.postalCode,
      country: COUNTRY_NAMES[demo.shippingAddress.country] ?? demo.shippingAddress.country,
      country_iso2: demo.shippingAddress.country,
      phone: '',
      email: demo.customer.email,
    };
    const shippingAddress: BcShippingAddress = { ...address, id: this.nextAddressId++, order_id: id, shipping_method: 'Flat Rate' };
    const byLine = new Map<string, BcOrderProduct>();
    const products = demo.lines.map((l) => {
      const product: BcOrderProduct = {
        id: this.nextOrderProductId++,
        order_id: id,
        product_id: this.productId(l.sku),
        order_address_id: shippingAddress.id,
        name: l.name,
        sku: l.sku,
        type: 'physical',
        quantity: l.quantity,
        quantity_shipped: 0,
        quantity_refunded: 0,
        priceCents: l.priceCents,
        weight: this.weightUnit === 'kgs' ? l.weightGrams / 1000 : Math.round((l.weightGrams / 453.59237) * 10000) / 10000,
      };
      byLine.set(l.externalId, product);
      return product;
    });
    const order: BcOrder = {
      id,
      customer_id: 0,
      date_created: placedAtMs,
      date_modified: placedAtMs,
      date_shipped: null,
      status_id: 11,
      currency_code: 'EUR',
      billing_address: address,
      is_deleted: false,
      products,
      shippingAddresses: [shippingAddress],
      shipments: [],
    };
    for (const f of demo.fulfillments) {
      const items = f.lines.flatMap((fl) => {
        const product = byLine.get(fl.lineExternalId);
        return product ? [{ order_product_id: product.id, product_id: product.product_id, quantity: fl.quantity }] : [];
      });
      this.addShipment(order, { order_address_id: shippingAddress.id, tracking_number: f.trackingCode, shipping_method: 'PostNL', shipping_provider: '', tracking_carrier: 'postnl', tracking_link: '', comments: '', items }, placedAtMs);
    }
    this.orders.set(order.id, order);
    return order;
  }

  /** Open quantity of an order product: ordered − shipped − refunded. */
  open(product: BcOrderProduct): number {
    return Math.max(0, product.quantity - product.quantity_shipped - product.quantity_refunded);
  }

  /** Records a shipment and moves the order to Shipped / Partially Shipped, as Ship Items does. */
  addShipment(order: BcOrder, input: Omit<BcShipment, 'id' | 'order_id' | 'date_created'>, nowMs: number): BcShipment {
    const shipment: BcShipment = { id: this.nextShipmentId++, order_id: order.id, date_created: nowMs, ...input };
    for (const item of shipment.items) {
      const product = order.products.find((p) => p.id === item.order_product_id);
      if (product) product.quantity_shipped += item.quantity;
    }
    order.shipments.push(shipment);
    const physical = order.products.filter((p) => p.type === 'physical');
    const allShipped = physical.every((p) => this.open(p) === 0);
    order.status_id = allShipped ? 2 : 3;
    order.date_shipped = nowMs;
    order.date_modified = nowMs;
    return shipment;
  }
}
