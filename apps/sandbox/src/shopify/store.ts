import { inStock, type DemoOrder } from '../seed';

/**
 * The data of the Shopify stand-in: orders with line items, fulfillment orders (what is left to
 * ship, per location), fulfillments (what was shipped, with tracking), fulfillment events and
 * fulfillment holds — and the rules Shopify applies when an app changes them. Written from the
 * Admin GraphQL reference and the "Manage fulfillments" / "Fulfillment holds" guides:
 *
 * - a fulfillment is created from fulfillment-order line items, never from order line items, and
 *   never for more than a line's `remainingQuantity`;
 * - only OPEN and IN_PROGRESS fulfillment orders can be fulfilled (ON_HOLD, CLOSED, CANCELLED,
 *   SCHEDULED, INCOMPLETE cannot);
 * - a fulfillment order that is fulfilled in part becomes IN_PROGRESS, in full CLOSED;
 * - a hold on some line items splits the fulfillment order: the held quantities stay on the
 *   original (ON_HOLD), the rest moves to a new OPEN fulfillment order with new line item ids.
 */

export type GidType =
  | 'Order'
  | 'LineItem'
  | 'FulfillmentOrder'
  | 'FulfillmentOrderLineItem'
  | 'Fulfillment'
  | 'FulfillmentLineItem'
  | 'FulfillmentEvent'
  | 'FulfillmentHold'
  | 'Customer'
  | 'MailingAddress'
  | 'ProductVariant'
  | 'InventoryItem'
  | 'Location'
  | 'Shop';

export const gid = (type: GidType, id: number) => `gid://shopify/${type}/${id}`;

/** The numeric id of a global id of the given type, or null when it is not one. */
export function parseGid(value: string, type: GidType): number | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return null;
  const n = Number(match[2]);
  return Number.isSafeInteger(n) ? n : null;
}

/** Every kind of record has its own id range, like Shopify's, so ids of two kinds never collide. */
const ID_BASE: Record<GidType, number> = {
  Order: 5_470_000_000_000,
  LineItem: 13_900_000_000_000,
  FulfillmentOrder: 6_610_000_000_000,
  FulfillmentOrderLineItem: 14_300_000_000_000,
  Fulfillment: 5_120_000_000_000,
  FulfillmentLineItem: 11_200_000_000_000,
  FulfillmentEvent: 4_080_000_000_000,
  FulfillmentHold: 2_230_000_000_000,
  Customer: 7_010_000_000_000,
  MailingAddress: 8_420_000_000_000,
  ProductVariant: 44_100_000_000_000,
  InventoryItem: 46_200_000_000_000,
  Location: 71_000_000_000,
  Shop: 61_000_000_000,
};

export class IdSequence {
  private readonly next = new Map<GidType, number>();
  take(type: GidType): number {
    const n = this.next.get(type) ?? ID_BASE[type] + 1;
    this.next.set(type, n + 7);
    return n;
  }
}

export type WeightUnit = 'GRAMS' | 'KILOGRAMS' | 'OUNCES' | 'POUNDS';
export type FulfillmentOrderStatus = 'CANCELLED' | 'CLOSED' | 'INCOMPLETE' | 'IN_PROGRESS' | 'ON_HOLD' | 'OPEN' | 'SCHEDULED';
export const FULFILLMENT_EVENT_STATUSES = [
  'ATTEMPTED_DELIVERY',
  'CARRIER_PICKED_UP',
  'CONFIRMED',
  'DELAYED',
  'DELIVERED',
  'FAILURE',
  'IN_TRANSIT',
  'LABEL_PRINTED',
  'LABEL_PURCHASED',
  'OUT_FOR_DELIVERY',
  'READY_FOR_PICKUP',
] as const;
export type FulfillmentEventStatus = (typeof FULFILLMENT_EVENT_STATUSES)[number];

export interface Product {
  variantId: number;
  inventoryItemId: number;
  sku: string;
  title: string;
  priceCents: number;
  weight: { value: number; unit: WeightUnit };
  weightGrams: number;
  hsCode: string;
  originCountry: string;
  inStock: boolean;
  /** Negative when oversold: the demo shop keeps selling out-of-stock items (inventory policy CONTINUE). */
  inventoryQuantity: number;
}

export interface LineItemRecord {
  id: number;
  product: Product;
  name: string;
  quantity: number;
  priceCents: number;
}

export interface FulfillmentOrderLineItemRecord {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface HoldRecord {
  id: number;
  reason: string;
  reasonNotes: string | null;
  handle: string | null;
  externalId: string | null;
  notifyMerchant: boolean;
  createdAt: string;
}

export interface FulfillmentOrderRecord {
  id: number;
  orderId: number;
  status: FulfillmentOrderStatus;
  createdAt: string;
  updatedAt: string;
  lineItems: FulfillmentOrderLineItemRecord[];
  holds: HoldRecord[];
  /** Holds released over time, kept for inspection by tests. */
  releasedHolds: HoldRecord[];
}

export interface TrackingRecord {
  number: string | null;
  company: string | null;
  url: string | null;
}

export interface FulfillmentEventRecord {
  id: number;
  fulfillmentId: number;
  status: FulfillmentEventStatus;
  happenedAt: string;
  createdAt: string;
  message: string | null;
  estimatedDeliveryAt: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface FulfillmentRecord {
  id: number;
  orderId: number;
  name: string;
  status: 'SUCCESS' | 'CANCELLED';
  createdAt: string;
  updatedAt: string;
  notifyCustomer: boolean;
  message: string | null;
  tracking: TrackingRecord[];
  lineItems: { id: number; lineItemId: number; quantity: number }[];
  /** Which fulfillment-order line items it took, so a cancel can put the quantities back. */
  taken: { fulfillmentOrderId: number; fulfillmentOrderLineItemId: number; quantity: number }[];
  events: FulfillmentEventRecord[];
  /** Each tracking change, for inspection by tests: [tracking, notifyCustomer]. */
  trackingUpdates: { tracking: TrackingRecord[]; notifyCustomer: boolean; at: string }[];
}

export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  email: string;
  customer: { id: number; firstName: string; lastName: string };
  shippingAddress: { id: number; name: string; address1: string; zip: string; city: string; countryCode: string };
  lineItems: LineItemRecord[];
  fulfillmentOrderIds: number[];
  fulfillmentIds: number[];
}

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string;
}

/** What changed, for the webhooks: a topic and the ids it is about. */
export type ShopChange =
  | { topic: 'orders/create' | 'orders/updated' | 'orders/cancelled'; orderId: number }
  | { topic: 'fulfillments/create' | 'fulfillments/update'; fulfillmentId: number }
  | { topic: 'fulfillment_events/create'; fulfillmentEventId: number; fulfillmentId: number }
  | { topic: 'fulfillment_orders/placed_on_hold' | 'fulfillment_orders/hold_released'; fulfillmentOrderId: number }
  | { topic: 'inventory_levels/update'; sku: string; at: string };

const TRACKING_URLS: Record<string, (n: string) => string> = {
  postnl: (n) => `https://jouw.postnl.nl/track-and-trace/${encodeURIComponent(n)}`,
  'dhl express': (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${encodeURIComponent(n)}`,
  dhl: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${encodeURIComponent(n)}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`,
  dpd: (n) => `https://tracking.dpd.de/status/en_US/parcel/${encodeURIComponent(n)}`,
};

/** Shopify fills in a tracking URL for carriers it knows when the app gives none. */
export function trackingUrlFor(company: string | null, number: string | null): string | null {
  if (!company || !number) return null;
  return TRACKING_URLS[company.trim().toLowerCase()]?.(number) ?? null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class ShopifyShop {
  readonly orders = new Map<number, OrderRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly fulfillments = new Map<number, FulfillmentRecord>();
  readonly products = new Map<string, Product>();
  readonly locationId: number;
  readonly shopId: number;
  readonly domain: string;
  readonly currency = 'EUR';
  private listeners: ((change: ShopChange) => void)[] = [];

  constructor(
    readonly handle: string,
    private readonly ids: IdSequence,
    private readonly clock: () => number,
  ) {
    this.domain = `${handle}.myshopify.com`;
    this.locationId = ids.take('Location');
    this.shopId = ids.take('Shop');
  }

  now(): string {
    return iso(this.clock());
  }

  onChange(listener: (change: ShopChange) => void) {
    this.listeners.push(listener);
  }

  private emit(change: ShopChange) {
    for (const listener of this.listeners) listener(change);
  }

  private product(line: DemoOrder['lines'][number]): Product {
    let product = this.products.get(line.sku);
    if (!product) {
      // Heavy products are kept in kilograms, as a merchant would enter them: connectors must
      // read the unit, not assume grams.
      const weight: Product['weight'] =
        line.weightGrams >= 1000 ? { value: line.weightGrams / 1000, unit: 'KILOGRAMS' } : { value: line.weightGrams, unit: 'GRAMS' };
      const stocked = inStock(line.sku);
      product = {
        variantId: this.ids.take('ProductVariant'),
        inventoryItemId: this.ids.take('InventoryItem'),
        sku: line.sku,
        title: line.name,
        priceCents: line.priceCents,
        weight,
        weightGrams: line.weightGrams,
        hsCode: line.hsCode,
        originCountry: line.originCountry,
        inStock: stocked,
        inventoryQuantity: stocked ? 40 : 0,
      };
      this.products.set(line.sku, product);
    }
    return product;
  }

  /**
   * Adds a demo order as Shopify would hold it: one fulfillment order at the shop's location, and
   * the demo's existing shipments as fulfillments with tracking. Out-of-stock items are still
   * sold (the variant's inventory goes negative). Emits orders/create unless `silent`.
   */
  addOrder(demo: DemoOrder, options: { silent?: boolean; fulfilledAfterMs?: number } = {}): OrderRecord {
    const createdMs = Date.parse(demo.placedAt);
    const [firstName, ...rest] = demo.customer.name.split(' ');
    const id = this.ids.take('Order');
    const lineIds = new Map<string, number>();
    const lineItems: LineItemRecord[] = demo.lines.map((line) => {
      const product = this.product(line);
      product.inventoryQuantity -= line.quantity;
      const record: LineItemRecord = { id: this.ids.take('LineItem'), product, name: line.name, quantity: line.quantity, priceCents: line.priceCents };
      lineIds.set(line.externalId, record.id);
      return record;
    });
    const number = Number(demo.number.replace(/\D/g, ''));
    const order: OrderRecord = {
      id,
      number,
      name: demo.number,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
      cancelledAt: null,
      cancelReason: null,
      email: demo.customer.email,
      customer: { id: this.ids.take('Customer'), firstName: firstName ?? '', lastName: rest.join(' ') },
      shippingAddress: {
        id: this.ids.take('MailingAddress'),
        name: demo.shippingAddress.name,
        address1: demo.shippingAddress.street,
        zip: demo.shippingAddress.postalCode,
        city: demo.shippingAddress.city,
        countryCode: demo.shippingAddress.country,
      },
      lineItems,
      fulfillmentOrderIds: [],
      fulfillmentIds: [],
    };
    this.orders.set(id, order);
    const fo: FulfillmentOrderRecord = {
      id: this.ids.take('FulfillmentOrder'),
      orderId: id,
      status: 'OPEN',
      createdAt: order.createdAt,
      updatedAt: order.createdAt,
      lineItems: lineItems.map((l) => ({ id: this.ids.take('FulfillmentOrderLineItem'), lineItemId: l.id, totalQuantity: l.quantity, remainingQuantity: l.quantity })),
      holds: [],
      releasedHolds: [],
    };
    this.fulfillmentOrders.set(fo.id, fo);
    order.fulfillmentOrderIds.push(fo.id);

    const fulfilledMs = createdMs + (options.fulfilledAfterMs ?? 26 * 3600_000);
    for (const shipped of demo.fulfillments) {
      const items = shipped.lines.map((l) => {
        const lineItemId = lineIds.get(l.lineExternalId);
        const foLine = fo.lineItems.find((x) => x.lineItemId === lineItemId);
        if (!foLine) throw new Error(`Demo fulfillment ${shipped.externalId} names an unknown line ${l.lineExternalId}`);
        return { fulfillmentOrderId: fo.id, fulfillmentOrderLineItemId: foLine.id, quantity: l.quantity };
      });
      const at = iso(Math.min(fulfilledMs, this.clock()));
      this.applyFulfillment(order, items, { number: shipped.trackingCode, company: 'PostNL', url: null }, false, null, at);
    }
    if (!options.silent) this.emit({ topic: 'orders/create', orderId: id });
    return order;
  }

  order(id: number) {
    return this.orders.get(id) ?? null;
  }

  orderFulfillmentOrders(order: OrderRecord): FulfillmentOrderRecord[] {
    return order.fulfillmentOrderIds.map((id) => this.fulfillmentOrders.get(id)!);
  }

  orderFulfillments(order: OrderRecord): FulfillmentRecord[] {
    return order.fulfillmentIds.map((id) => this.fulfillments.get(id)!);
  }

  lineItem(order: OrderRecord, id: number) {
    return order.lineItems.find((l) => l.id === id) ?? null;
  }

  /** How many of a line are in non-cancelled fulfillments. */
  fulfilledQuantity(order: OrderRecord, lineItemId: number): number {
    let n = 0;
    for (const f of this.orderFulfillments(order)) {
      if (f.status === 'CANCELLED') continue;
      for (const l of f.lineItems) if (l.lineItemId === lineItemId) n += l.quantity;
    }
    return n;
  }

  displayFulfillmentStatus(order: OrderRecord): string {
    const total = order.lineItems.reduce((n, l) => n + l.quantity, 0);
    const fulfilled = order.lineItems.reduce((n, l) => n + this.fulfilledQuantity(order, l.id), 0);
    if (fulfilled >= total && total > 0) return 'FULFILLED';
    if (fulfilled > 0) return 'PARTIALLY_FULFILLED';
    const open = this.orderFulfillmentOrders(order).filter((fo) => fo.lineItems.some((l) => l.remainingQuantity > 0));
    if (open.length > 0 && open.every((fo) => fo.status === 'ON_HOLD')) return 'ON_HOLD';
    return 'UNFULFILLED';
  }

  private touch(order: OrderRecord, at = this.now()) {
    order.updatedAt = at;
  }

  private applyFulfillment(
    order: OrderRecord,
    items: { fulfillmentOrderId: number; fulfillmentOrderLineItemId: number; quantity: number }[],
    tracking: TrackingRecord | null,
    notifyCustomer: boolean,
    message: string | null,
    at: string,
  ): FulfillmentRecord {
    const byLine = new Map<number, number>();
    for (const item of items) {
      const fo = this.fulfillmentOrders.get(item.fulfillmentOrderId)!;
      const foLine = fo.lineItems.find((l) => l.id === item.fulfillmentOrderLineItemId)!;
      foLine.remainingQuantity -= item.quantity;
      byLine.set(foLine.lineItemId, (byLine.get(foLine.lineItemId) ?? 0) + item.quantity);
      fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
      fo.updatedAt = at;
    }
    const id = this.ids.take('Fulfillment');
    const fulfillment: FulfillmentRecord = {
      id,
      orderId: order.id,
      name: `${order.name}.${order.fulfillmentIds.length + 1}`,
      status: 'SUCCESS',
      createdAt: at,
      updatedAt: at,
      notifyCustomer,
      message,
      tracking: tracking && (tracking.number || tracking.company || tracking.url) ? [{ ...tracking, url: tracking.url ?? trackingUrlFor(tracking.company, tracking.number) }] : [],
      lineItems: [...byLine].map(([lineItemId, quantity]) => ({ id: this.ids.take('FulfillmentLineItem'), lineItemId, quantity })),
      taken: items,
      events: [],
      trackingUpdates: [],
    };
    this.fulfillments.set(id, fulfillment);
    order.fulfillmentIds.push(id);
    this.touch(order, at);
    return fulfillment;
  }

  /** fulfillmentCreate: validates everything first, so a refused request changes nothing. */
  createFulfillment(input: {
    lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
    trackingInfo?: { number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null; company?: string | null } | null;
    notifyCustomer?: boolean | null;
    message?: string | null;
  }): { fulfillment: FulfillmentRecord | null; userErrors: UserError[] } {
    const errors: UserError[] = [];
    const groups = input.lineItemsByFulfillmentOrder;
    if (groups.length === 0) {
      return { fulfillment: null, userErrors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'At least one fulfillment order is required.' }] };
    }
    const items: { fulfillmentOrderId: number; fulfillmentOrderLineItemId: number; quantity: number }[] = [];
    let order: OrderRecord | null = null;
    groups.forEach((group, gi) => {
      const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(gi)];
      const foId = parseGid(group.fulfillmentOrderId, 'FulfillmentOrder');
      const fo = foId === null ? undefined : this.fulfillmentOrders.get(foId);
      if (!fo) {
        errors.push({ field: [...field, 'fulfillmentOrderId'], message: `Fulfillment order ${group.fulfillmentOrderId} does not exist.` });
        return;
      }
      const foOrder = this.orders.get(fo.orderId)!;
      if (order && order.id !== foOrder.id) {
        errors.push({ field: [...field, 'fulfillmentOrderId'], message: 'All fulfillment orders must belong to the same order.' });
        return;
      }
      order = foOrder;
      if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS') {
        errors.push({
          field: [...field, 'fulfillmentOrderId'],
          message: `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
        });
        return;
      }
      if (group.fulfillmentOrderLineItems == null || group.fulfillmentOrderLineItems.length === 0) {
        for (const l of fo.lineItems) if (l.remainingQuantity > 0) items.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItemId: l.id, quantity: l.remainingQuantity });
        return;
      }
      const asked = new Map<number, number>();
      group.fulfillmentOrderLineItems.forEach((item, ii) => {
        const itemField = [...field, 'fulfillmentOrderLineItems', String(ii)];
        const lineId = parseGid(item.id, 'FulfillmentOrderLineItem');
        const foLine = lineId === null ? undefined : fo.lineItems.find((l) => l.id === lineId);
        if (!foLine) {
          errors.push({ field: [...itemField, 'id'], message: `Fulfillment order line item ${item.id} does not exist on fulfillment order ${group.fulfillmentOrderId}.` });
          return;
        }
        if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
          errors.push({ field: [...itemField, 'quantity'], message: 'Quantity must be greater than 0.' });
          return;
        }
        const total = (asked.get(foLine.id) ?? 0) + item.quantity;
        asked.set(foLine.id, total);
        if (total > foLine.remainingQuantity) {
          errors.push({
            field: [...itemField, 'quantity'],
            message: `Invalid fulfillment order line item quantity requested: ${total} for ${item.id}, but only ${foLine.remainingQuantity} remaining.`,
          });
        }
      });
      for (const [lineId, quantity] of asked) items.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItemId: lineId, quantity });
    });
    if (errors.length === 0 && items.length === 0) {
      errors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'There is nothing left to fulfill on the given fulfillment orders.' });
    }
    const theOrder = order as OrderRecord | null;
    if (errors.length > 0 || !theOrder) return { fulfillment: null, userErrors: errors };
    if (theOrder.cancelledAt) {
      return { fulfillment: null, userErrors: [{ field: ['fulfillment'], message: `Order ${theOrder.name} is cancelled and cannot be fulfilled.` }] };
    }
    const t = input.trackingInfo;
    const tracking: TrackingRecord | null = t
      ? { number: t.number ?? t.numbers?.[0] ?? null, company: t.company ?? null, url: t.url ?? t.urls?.[0] ?? null }
      : null;
    const fulfillment = this.applyFulfillment(theOrder, items, tracking, input.notifyCustomer ?? false, input.message ?? null, this.now());
    this.emit({ topic: 'fulfillments/create', fulfillmentId: fulfillment.id });
    this.emit({ topic: 'orders/updated', orderId: theOrder.id });
    return { fulfillment, userErrors: [] };
  }

  updateTracking(
    fulfillmentGid: string,
    input: { number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null; company?: string | null },
    notifyCustomer: boolean,
  ): { fulfillment: FulfillmentRecord | null; userErrors: UserError[] } {
    const id = parseGid(fulfillmentGid, 'Fulfillment');
    const fulfillment = id === null ? undefined : this.fulfillments.get(id);
    if (!fulfillment) return { fulfillment: null, userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }] };
    if (fulfillment.status === 'CANCELLED') {
      return { fulfillment: null, userErrors: [{ field: ['fulfillmentId'], message: 'Cannot update tracking of a cancelled fulfillment.' }] };
    }
    const numbers = input.numbers ?? (input.number != null ? [input.number] : []);
    const urls = input.urls ?? (input.url != null ? [input.url] : []);
    const company = input.company ?? fulfillment.tracking[0]?.company ?? null;
    const tracking: TrackingRecord[] = numbers.map((number, i) => ({ number, company, url: urls[i] ?? trackingUrlFor(company, number) }));
    if (tracking.length === 0 && company) tracking.push({ number: null, company, url: urls[0] ?? null });
    const at = this.now();
    fulfillment.tracking = tracking;
    fulfillment.updatedAt = at;
    fulfillment.trackingUpdates.push({ tracking, notifyCustomer, at });
    this.touch(this.orders.get(fulfillment.orderId)!, at);
    this.emit({ topic: 'fulfillments/update', fulfillmentId: fulfillment.id });
    return { fulfillment, userErrors: [] };
  }

  createEvent(input: {
    fulfillmentId: string;
    status: FulfillmentEventStatus;
    happenedAt?: string | null;
    message?: string | null;
    estimatedDeliveryAt?: string | null;
    address1?: string | null;
    city?: string | null;
    province?: string | null;
    zip?: string | null;
    country?: string | null;
    latitude?: number | null;
    longitude?: number | null;
  }): { event: FulfillmentEventRecord | null; userErrors: UserError[] } {
    const id = parseGid(input.fulfillmentId, 'Fulfillment');
    const fulfillment = id === null ? undefined : this.fulfillments.get(id);
    if (!fulfillment) return { event: null, userErrors: [{ field: ['fulfillmentEvent', 'fulfillmentId'], message: 'Fulfillment does not exist.' }] };
    for (const key of ['happenedAt', 'estimatedDeliveryAt'] as const) {
      const value = input[key];
      if (value != null && Number.isNaN(Date.parse(value))) {
        return { event: null, userErrors: [{ field: ['fulfillmentEvent', key], message: `${key} is not a valid ISO 8601 date time: ${value}` }] };
      }
    }
    const now = this.now();
    const event: FulfillmentEventRecord = {
      id: this.ids.take('FulfillmentEvent'),
      fulfillmentId: fulfillment.id,
      status: input.status,
      happenedAt: input.happenedAt ? iso(Date.parse(input.happenedAt)) : now,
      createdAt: now,
      message: input.message ?? null,
      estimatedDeliveryAt: input.estimatedDeliveryAt ? iso(Date.parse(input.estimatedDeliveryAt)) : null,
      address1: input.address1 ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      zip: input.zip ?? null,
      country: input.country ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
    };
    fulfillment.events.push(event);
    fulfillment.updatedAt = now;
    this.emit({ topic: 'fulfillment_events/create', fulfillmentEventId: event.id, fulfillmentId: fulfillment.id });
    return { event, userErrors: [] };
  }

  /** The event that decides a fulfillment's shown status: the latest by happenedAt. */
  latestEvent(f: FulfillmentRecord): FulfillmentEventRecord | null {
    let latest: FulfillmentEventRecord | null = null;
    for (const e of f.events) if (!latest || e.happenedAt >= latest.happenedAt) latest = e;
    return latest;
  }

  hold(
    foGid: string,
    input: {
      reason: string;
      reasonNotes?: string | null;
      notifyMerchant?: boolean | null;
      externalId?: string | null;
      handle?: string | null;
      fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
    },
  ): { hold: HoldRecord | null; fulfillmentOrder: FulfillmentOrderRecord | null; remaining: FulfillmentOrderRecord | null; userErrors: UserError[] } {
    const none = { hold: null, fulfillmentOrder: null, remaining: null };
    const id = parseGid(foGid, 'FulfillmentOrder');
    const fo = id === null ? undefined : this.fulfillmentOrders.get(id);
    if (!fo) return { ...none, userErrors: [{ field: ['id'], message: 'Fulfillment order does not exist.', code: 'FULFILLMENT_ORDER_NOT_FOUND' }] };
    if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS' && fo.status !== 'ON_HOLD' && fo.status !== 'SCHEDULED') {
      return { ...none, userErrors: [{ field: ['id'], message: `The fulfillment order cannot be put on hold: its status is ${fo.status}.` }] };
    }
    const handle = input.handle ?? null;
    if (fo.holds.some((h) => h.handle === handle)) {
      return {
        ...none,
        userErrors: [
          {
            field: ['fulfillmentHold', 'handle'],
            message: 'The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.',
            code: 'DUPLICATE_FULFILLMENT_HOLD_HANDLES',
          },
        ],
      };
    }
    if (fo.holds.length >= 10) {
      return { ...none, userErrors: [{ field: ['id'], message: 'The maximum number of fulfillment holds for this fulfillment order has been reached for this app.', code: 'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED' }] };
    }
    // Which quantities to hold: all, or the listed line items (the rest moves to a new fulfillment order).
    let split: Map<number, number> | null = null;
    if (input.fulfillmentOrderLineItems && input.fulfillmentOrderLineItems.length > 0) {
      if (fo.status === 'ON_HOLD') {
        return { ...none, userErrors: [{ field: ['fulfillmentHold', 'fulfillmentOrderLineItems'], message: 'Line items cannot be specified when the fulfillment order is already on hold.' }] };
      }
      split = new Map();
      for (const [i, item] of input.fulfillmentOrderLineItems.entries()) {
        const field = ['fulfillmentHold', 'fulfillmentOrderLineItems', String(i)];
        const lineId = parseGid(item.id, 'FulfillmentOrderLineItem');
        const foLine = lineId === null ? undefined : fo.lineItems.find((l) => l.id === lineId);
        if (!foLine) return { ...none, userErrors: [{ field: [...field, 'id'], message: `Fulfillment order line item ${item.id} does not exist on this fulfillment order.` }] };
        if (item.quantity <= 0) return { ...none, userErrors: [{ field: [...field, 'quantity'], message: 'Quantity must be greater than zero.', code: 'GREATER_THAN_ZERO' }] };
        const total = (split.get(foLine.id) ?? 0) + item.quantity;
        if (total > foLine.remainingQuantity) {
          return {
            ...none,
            userErrors: [{ field: [...field, 'quantity'], message: `The line item quantity is invalid: ${total} requested, ${foLine.remainingQuantity} remaining.`, code: 'INVALID_LINE_ITEM_QUANTITY' }],
          };
        }
        split.set(foLine.id, total);
      }
    }
    const now = this.now();
    const order = this.orders.get(fo.orderId)!;
    let remaining: FulfillmentOrderRecord | null = null;
    if (split) {
      const rest: FulfillmentOrderLineItemRecord[] = [];
      const kept: FulfillmentOrderLineItemRecord[] = [];
      for (const line of fo.lineItems) {
        const held = split.get(line.id) ?? 0;
        const left = line.remainingQuantity - held;
        if (left > 0) rest.push({ id: this.ids.take('FulfillmentOrderLineItem'), lineItemId: line.lineItemId, totalQuantity: left, remainingQuantity: left });
        if (held > 0 || line.totalQuantity - line.remainingQuantity > 0) {
          // The held quantity stays here; what was already fulfilled from this line stays counted.
          const done = line.totalQuantity - line.remainingQuantity;
          kept.push({ ...line, totalQuantity: done + held, remainingQuantity: held });
        }
      }
      if (rest.length > 0) {
        remaining = { id: this.ids.take('FulfillmentOrder'), orderId: fo.orderId, status: 'OPEN', createdAt: now, updatedAt: now, lineItems: rest, holds: [], releasedHolds: [] };
        this.fulfillmentOrders.set(remaining.id, remaining);
        order.fulfillmentOrderIds.push(remaining.id);
        fo.lineItems = kept;
      }
    }
    const hold: HoldRecord = {
      id: this.ids.take('FulfillmentHold'),
      reason: input.reason,
      reasonNotes: input.reasonNotes ?? null,
      handle,
      externalId: input.externalId ?? null,
      notifyMerchant: input.notifyMerchant ?? false,
      createdAt: now,
    };
    fo.holds.push(hold);
    fo.status = 'ON_HOLD';
    fo.updatedAt = now;
    this.touch(order, now);
    this.emit({ topic: 'fulfillment_orders/placed_on_hold', fulfillmentOrderId: fo.id });
    this.emit({ topic: 'orders/updated', orderId: order.id });
    return { hold, fulfillmentOrder: fo, remaining, userErrors: [] };
  }

  releaseHold(foGid: string, holdIds: string[] | null, externalId: string | null): { fulfillmentOrder: FulfillmentOrderRecord | null; userErrors: UserError[] } {
    const id = parseGid(foGid, 'FulfillmentOrder');
    const fo = id === null ? undefined : this.fulfillmentOrders.get(id);
    if (!fo) return { fulfillmentOrder: null, userErrors: [{ field: ['id'], message: 'Fulfillment order does not exist.', code: 'FULFILLMENT_ORDER_NOT_FOUND' }] };
    if (fo.status !== 'ON_HOLD' || fo.holds.length === 0) {
      return { fulfillmentOrder: null, userErrors: [{ field: ['id'], message: `The fulfillment order is not on hold (status ${fo.status}).` }] };
    }
    let release: HoldRecord[];
    if (holdIds && holdIds.length > 0) {
      release = [];
      for (const [i, holdGid] of holdIds.entries()) {
        const holdId = parseGid(holdGid, 'FulfillmentHold');
        const hold = fo.holds.find((h) => h.id === holdId);
        if (!hold) return { fulfillmentOrder: null, userErrors: [{ field: ['holdIds', String(i)], message: `Fulfillment hold ${holdGid} does not exist on this fulfillment order.` }] };
        release.push(hold);
      }
    } else {
      release = [...fo.holds];
    }
    void externalId;
    const now = this.now();
    fo.holds = fo.holds.filter((h) => !release.includes(h));
    fo.releasedHolds.push(...release);
    if (fo.holds.length === 0) {
      const started = fo.lineItems.some((l) => l.remainingQuantity < l.totalQuantity);
      fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : started ? 'IN_PROGRESS' : 'OPEN';
    }
    fo.updatedAt = now;
    const order = this.orders.get(fo.orderId)!;
    this.touch(order, now);
    this.emit({ topic: 'fulfillment_orders/hold_released', fulfillmentOrderId: fo.id });
    this.emit({ topic: 'orders/updated', orderId: order.id });
    return { fulfillmentOrder: fo, userErrors: [] };
  }

  cancelFulfillment(fulfillmentGid: string): { fulfillment: FulfillmentRecord | null; userErrors: UserError[] } {
    const id = parseGid(fulfillmentGid, 'Fulfillment');
    const fulfillment = id === null ? undefined : this.fulfillments.get(id);
    if (!fulfillment) return { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment does not exist.' }] };
    if (fulfillment.status === 'CANCELLED') return { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment is already cancelled.' }] };
    const now = this.now();
    fulfillment.status = 'CANCELLED';
    fulfillment.updatedAt = now;
    for (const t of fulfillment.taken) {
      const fo = this.fulfillmentOrders.get(t.fulfillmentOrderId)!;
      const line = fo.lineItems.find((l) => l.id === t.fulfillmentOrderLineItemId);
      if (line) line.remainingQuantity += t.quantity;
      if (fo.status === 'CLOSED' || fo.status === 'IN_PROGRESS') {
        fo.status = fo.lineItems.every((l) => l.remainingQuantity === l.totalQuantity) ? 'OPEN' : 'IN_PROGRESS';
      }
      fo.updatedAt = now;
    }
    const order = this.orders.get(fulfillment.orderId)!;
    this.touch(order, now);
    this.emit({ topic: 'fulfillments/update', fulfillmentId: fulfillment.id });
    this.emit({ topic: 'orders/updated', orderId: order.id });
    return { fulfillment, userErrors: [] };
  }

  /** Test helper: the merchant cancels an order in the Shopify admin. */
  cancelOrder(orderId: number, reason = 'CUSTOMER') {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId} in shop ${this.handle}`);
    const now = this.now();
    order.cancelledAt = now;
    order.cancelReason = reason;
    for (const fo of this.orderFulfillmentOrders(order)) {
      if (fo.status !== 'CLOSED') {
        fo.status = 'CANCELLED';
        fo.updatedAt = now;
      }
    }
    this.touch(order, now);
    this.emit({ topic: 'orders/cancelled', orderId });
    this.emit({ topic: 'orders/updated', orderId });
  }

  /**
   * Test helper: stock of a SKU changes at the shop's one location — a delivery is received
   * (`adjust` > 0), a count corrects it, or `available` sets it outright. As in Shopify, the
   * available quantity already has every unfulfilled order taken off it, so it is negative while
   * the shop is oversold. Emits inventory_levels/update.
   */
  adjustInventory(sku: string, change: { adjust: number } | { available: number }): Product {
    const product = this.products.get(sku);
    if (!product) throw new Error(`No product with SKU ${sku} in shop ${this.handle}`);
    const value = 'adjust' in change ? product.inventoryQuantity + change.adjust : change.available;
    if (!Number.isSafeInteger(value)) throw new Error(`Not a whole quantity: ${String(value)}`);
    product.inventoryQuantity = value;
    product.inStock = value > 0;
    this.emit({ topic: 'inventory_levels/update', sku, at: this.now() });
    return product;
  }

  /** Test helper: the merchant edits an order (a note, a tag…): only updatedAt changes. */
  touchOrder(orderId: number) {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId} in shop ${this.handle}`);
    this.touch(order);
    this.emit({ topic: 'orders/updated', orderId });
  }
}
