import type { DemoOrder } from '../seed';

/**
 * A Lightspeed eCom (C-Series) shop's orders, order products and shipments, with the field names
 * of the eCom REST API (developers.lightspeedhq.com/ecom/endpoints: order, orderproduct, shipment,
 * shipmentproduct). The platform creates the shipments itself when an order comes in; an app can
 * only change a shipment's status and tracking code.
 */

export type LightspeedShipmentStatus = 'not_shipped' | 'shipped' | 'cancelled';

export interface LightspeedCountry {
  id: number;
  code: string;
  code3: string;
  title: string;
}

export interface LightspeedOrderProduct {
  id: number;
  productId: number;
  variantId: number;
  productTitle: string;
  variantTitle: string;
  articleCode: string;
  ean: string;
  sku: string;
  quantityOrdered: number;
  quantityShipped: number;
  /** In grams. */
  weight: number;
  priceExcl: number;
  priceIncl: number;
  basePriceIncl: number;
  hsCode: string;
  originCountry: string;
}

export interface LightspeedShipmentProduct {
  id: number;
  orderProductId: number;
  quantity: number;
}

export interface LightspeedShipment {
  id: number;
  orderId: number;
  createdAt: string;
  updatedAt: string;
  number: string;
  status: LightspeedShipmentStatus;
  trackingCode: string;
  doNotifyShipped: boolean;
  doNotifyReadyForPickup: boolean;
  doNotifyTrackingCode: boolean;
  products: LightspeedShipmentProduct[];
}

export interface LightspeedOrder {
  id: number;
  number: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  shipmentStatus: 'not_shipped' | 'partially_shipped' | 'shipped';
  paymentStatus: string;
  email: string;
  firstname: string;
  lastname: string;
  addressShippingName: string;
  addressShippingStreet: string;
  addressShippingNumber: string;
  addressShippingExtension: string;
  addressShippingZipcode: string;
  addressShippingCity: string;
  addressShippingCountry: LightspeedCountry;
  products: LightspeedOrderProduct[];
}

const COUNTRIES: Record<string, LightspeedCountry> = {
  NL: { id: 159, code: 'nl', code3: 'nld', title: 'Netherlands' },
  DE: { id: 82, code: 'de', code3: 'deu', title: 'Germany' },
  BE: { id: 21, code: 'be', code3: 'bel', title: 'Belgium' },
  FR: { id: 75, code: 'fr', code3: 'fra', title: 'France' },
  GB: { id: 77, code: 'gb', code3: 'gbr', title: 'United Kingdom' },
  IT: { id: 110, code: 'it', code3: 'ita', title: 'Italy' },
  IE: { id: 105, code: 'ie', code3: 'irl', title: 'Ireland' },
  PL: { id: 176, code: 'pl', code3: 'pol', title: 'Poland' },
  US: { id: 233, code: 'us', code3: 'usa', title: 'United States' },
};

/** Lightspeed writes timestamps with the shop's offset, e.g. 2026-11-20T13:00:00+00:00. */
export const lightspeedDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

export class LightspeedStore {
  readonly orders = new Map<number, LightspeedOrder>();
  readonly shipments = new Map<number, LightspeedShipment>();
  private nextOrderId = 30_000_001;
  private nextProductId = 60_000_001;
  private nextShipmentId = 90_000_001;
  private nextShipmentProductId = 1;
  private shipmentNumber = 1;

  addDemoOrder(demo: DemoOrder, placedAtMs: number): LightspeedOrder {
    const at = lightspeedDate(placedAtMs);
    const [first, ...rest] = demo.customer.name.split(' ');
    // "Keizersgracht 12" → street and house number, as Lightspeed keeps them apart.
    const street = /^(.*?)[\s,]+(\d+\w*)$/.exec(demo.shippingAddress.street) ?? /^(\d+\w*)\s+(.*)$/.exec(demo.shippingAddress.street);
    const [streetName, houseNumber] = street
      ? /^\d/.test(demo.shippingAddress.street)
        ? [street[2] ?? '', street[1] ?? '']
        : [street[1] ?? '', street[2] ?? '']
      : [demo.shippingAddress.street, ''];
    const products = demo.lines.map((l, i) => ({
      id: this.nextProductId++,
      productId: 4_000_000 + Number(l.sku.replace(/\D/g, '') || i),
      variantId: 7_000_000 + Number(l.sku.replace(/\D/g, '') || i),
      productTitle: l.name,
      variantTitle: '',
      articleCode: l.sku,
      ean: '',
      sku: l.sku,
      quantityOrdered: l.quantity,
      quantityShipped: 0,
      weight: l.weightGrams,
      priceExcl: Math.round((l.priceCents / 1.21) * 100) / 10000,
      priceIncl: l.priceCents / 100,
      basePriceIncl: l.priceCents / 100,
      hsCode: l.hsCode,
      originCountry: l.originCountry,
    }));
    const order: LightspeedOrder = {
      id: this.nextOrderId++,
      number: `ORD${demo.number.replace(/\D/g, '').padStart(5, '0')}`,
      createdAt: at,
      updatedAt: at,
      status: 'processing_awaiting_shipment',
      shipmentStatus: 'not_shipped',
      paymentStatus: 'paid',
      email: demo.customer.email,
      firstname: first ?? '',
      lastname: rest.join(' '),
      addressShippingName: demo.shippingAddress.name,
      addressShippingStreet: streetName,
      addressShippingNumber: houseNumber,
      addressShippingExtension: '',
      addressShippingZipcode: demo.shippingAddress.postalCode,
      addressShippingCity: demo.shippingAddress.city,
      addressShippingCountry: COUNTRIES[demo.shippingAddress.country] ?? { id: 0, code: demo.shippingAddress.country.toLowerCase(), code3: '', title: demo.shippingAddress.country },
      products,
    };
    this.orders.set(order.id, order);
    const productFor = (lineExternalId: string) => products[demo.lines.findIndex((l) => l.externalId === lineExternalId)];

    // Shipments shipped before Shipdesk was connected, then one open shipment for whatever is left.
    for (const f of demo.fulfillments) {
      const shipment = this.newShipment(order, placedAtMs);
      shipment.status = 'shipped';
      shipment.trackingCode = f.trackingCode;
      for (const fl of f.lines) {
        const p = productFor(fl.lineExternalId);
        if (!p) continue;
        shipment.products.push({ id: this.nextShipmentProductId++, orderProductId: p.id, quantity: fl.quantity });
        p.quantityShipped += fl.quantity;
      }
    }
    const open = products.filter((p) => p.quantityOrdered > p.quantityShipped);
    if (open.length > 0) {
      const shipment = this.newShipment(order, placedAtMs);
      for (const p of open) shipment.products.push({ id: this.nextShipmentProductId++, orderProductId: p.id, quantity: p.quantityOrdered - p.quantityShipped });
    }
    this.rollUp(order);
    return order;
  }

  private newShipment(order: LightspeedOrder, atMs: number): LightspeedShipment {
    const shipment: LightspeedShipment = {
      id: this.nextShipmentId++,
      orderId: order.id,
      createdAt: lightspeedDate(atMs),
      updatedAt: lightspeedDate(atMs),
      number: `SHIP${String(this.shipmentNumber++).padStart(5, '0')}`,
      status: 'not_shipped',
      trackingCode: '',
      doNotifyShipped: false,
      doNotifyReadyForPickup: false,
      doNotifyTrackingCode: false,
      products: [],
    };
    this.shipments.set(shipment.id, shipment);
    return shipment;
  }

  orderShipments(order: LightspeedOrder): LightspeedShipment[] {
    return [...this.shipments.values()].filter((s) => s.orderId === order.id);
  }

  /** Order shipment status and status follow the shipments, as in the Lightspeed back office. */
  rollUp(order: LightspeedOrder): void {
    for (const p of order.products) {
      p.quantityShipped = this.orderShipments(order)
        .filter((s) => s.status === 'shipped')
        .flatMap((s) => s.products)
        .filter((sp) => sp.orderProductId === p.id)
        .reduce((sum, sp) => sum + sp.quantity, 0);
    }
    const shipped = order.products.reduce((s, p) => s + Math.min(p.quantityShipped, p.quantityOrdered), 0);
    const ordered = order.products.reduce((s, p) => s + p.quantityOrdered, 0);
    order.shipmentStatus = shipped === 0 ? 'not_shipped' : shipped >= ordered ? 'shipped' : 'partially_shipped';
    if (order.status !== 'cancelled') order.status = order.shipmentStatus === 'shipped' ? 'completed_shipped' : 'processing_awaiting_shipment';
  }
}
