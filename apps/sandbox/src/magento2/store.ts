import type { DemoOrder } from '../seed';

/**
 * The entities of a Magento 2 store as its REST API shows them (Magento\Sales\Api\Data\*), kept
 * in memory. Field names are the documented snake_case ones; dates are "YYYY-MM-DD HH:MM:SS" in
 * UTC, as Magento stores and returns them whatever the store's display time zone; prices are
 * decimals in the store currency; weights are in the store's weight unit (kgs or lbs, see
 * GET /V1/store/storeConfigs).
 */

export interface MagentoOrderItem {
  item_id: number;
  order_id: number;
  parent_item_id?: number;
  /** Child items carry their parent item, as the REST output of OrderItemInterface does. */
  parent_item?: MagentoOrderItem;
  quote_item_id: number;
  store_id: number;
  product_id: number;
  product_type: 'simple' | 'configurable';
  sku: string;
  name: string;
  qty_ordered: number;
  qty_invoiced: number;
  qty_shipped: number;
  qty_canceled: number;
  qty_refunded: number;
  qty_backordered: number | null;
  price: number;
  base_price: number;
  original_price: number;
  price_incl_tax: number;
  row_total: number;
  base_row_total: number;
  row_total_incl_tax: number;
  tax_amount: number;
  tax_percent: number;
  discount_amount: number;
  weight: number;
  row_weight: number;
  is_virtual: 0 | 1;
  is_qty_decimal: 0 | 1;
  no_discount: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface MagentoAddress {
  entity_id: number;
  parent_id: number;
  address_type: 'shipping' | 'billing';
  firstname: string;
  lastname: string;
  street: string[];
  postcode: string;
  city: string;
  country_id: string;
  email: string;
  telephone: string;
}

export interface MagentoStatusHistory {
  entity_id: number;
  parent_id: number;
  entity_name: 'order' | 'shipment';
  comment: string | null;
  status: string | null;
  is_customer_notified: 0 | 1 | null;
  is_visible_on_front: 0 | 1;
  created_at: string;
}

export interface MagentoOrder {
  entity_id: number;
  increment_id: string;
  state: 'new' | 'processing' | 'complete' | 'closed' | 'canceled' | 'holded' | 'payment_review';
  status: string;
  store_id: number;
  store_name: string;
  created_at: string;
  updated_at: string;
  customer_email: string;
  customer_firstname: string;
  customer_lastname: string;
  customer_is_guest: 0 | 1;
  customer_group_id: number;
  base_currency_code: string;
  order_currency_code: string;
  global_currency_code: string;
  store_currency_code: string;
  subtotal: number;
  base_subtotal: number;
  shipping_amount: number;
  base_shipping_amount: number;
  grand_total: number;
  base_grand_total: number;
  total_paid: number;
  total_invoiced: number;
  total_qty_ordered: number;
  total_item_count: number;
  weight: number;
  is_virtual: 0 | 1;
  shipping_description: string;
  items: MagentoOrderItem[];
  billing_address: MagentoAddress;
  payment: {
    entity_id: number;
    parent_id: number;
    method: string;
    amount_ordered: number;
    amount_paid: number;
    additional_information: string[];
  };
  status_histories: MagentoStatusHistory[];
  extension_attributes: {
    shipping_assignments: {
      shipping: { address: MagentoAddress; method: string; total: { shipping_amount: number; base_shipping_amount: number } };
      items: MagentoOrderItem[];
    }[];
  };
}

export interface MagentoShipmentItem {
  entity_id: number;
  parent_id: number;
  order_item_id: number;
  product_id: number;
  sku: string;
  name: string;
  qty: number;
  price: number;
  weight: number;
  row_total: number;
}

export interface MagentoTrack {
  entity_id: number;
  parent_id: number;
  order_id: number;
  track_number: string;
  title: string | null;
  carrier_code: string | null;
  description: string | null;
  weight: number | null;
  qty: number | null;
  created_at: string;
  updated_at: string;
}

export interface MagentoShipment {
  entity_id: number;
  increment_id: string;
  order_id: number;
  store_id: number;
  customer_id: number | null;
  billing_address_id: number;
  shipping_address_id: number;
  email_sent: 0 | 1 | null;
  total_qty: number;
  total_weight: number | null;
  created_at: string;
  updated_at: string;
  items: MagentoShipmentItem[];
  tracks: MagentoTrack[];
  comments: MagentoStatusHistory[];
  packages: unknown[];
}

/** "2026-11-20 12:00:00": how Magento writes a UTC instant. */
export function magentoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Seed products that the demo store sells as a configurable product (size variants). */
const CONFIGURABLE_SKUS = new Set(['TEE-ORG-M', 'SOCKS-WOOL-42']);

const round2 = (n: number) => Math.round(n * 100) / 100;
const KG_PER_LB = 0.45359237;

/** Order states' statuses (sales_order_status_state of a default install). */
export const STATE_STATUSES: Record<MagentoOrder['state'], string[]> = {
  new: ['pending'],
  processing: ['processing'],
  complete: ['complete'],
  closed: ['closed'],
  canceled: ['canceled'],
  holded: ['holded'],
  payment_review: ['payment_review', 'fraud'],
};

/** The in-memory store, with the ids Magento would hand out next. */
export class MagentoStore {
  readonly orders = new Map<number, MagentoOrder>();
  readonly shipments = new Map<number, MagentoShipment>();
  private nextIds = { item: 1, address: 1, shipment: 1, shipmentItem: 1, track: 1, history: 1, product: 1 };
  private productIds = new Map<string, number>();

  constructor(readonly weightUnit: 'kgs' | 'lbs') {}

  id(kind: keyof MagentoStore['nextIds']): number {
    return this.nextIds[kind]++;
  }

  productId(sku: string): number {
    let id = this.productIds.get(sku);
    if (id === undefined) this.productIds.set(sku, (id = this.id('product')));
    return id;
  }

  /** Grams as the store's weight unit, rounded as Magento's decimal(12,4) column does. */
  weight(grams: number): number {
    const kg = grams / 1000;
    return Math.round((this.weightUnit === 'kgs' ? kg : kg / KG_PER_LB) * 10000) / 10000;
  }

  /** Quantity still to ship: Magento\Sales\Model\Order\Item::getQtyToShip. */
  static qtyToShip(item: MagentoOrderItem): number {
    return Math.max(0, item.qty_ordered - item.qty_shipped - item.qty_refunded - item.qty_canceled);
  }

  /** Items that carry their own shippable quantity: not children of a configurable product. */
  static shippableItems(order: MagentoOrder): MagentoOrderItem[] {
    return order.items.filter((i) => i.parent_item_id === undefined && i.is_virtual === 0);
  }

  /**
   * Adds one demo order as a Magento order: its lines become order items (a configurable product
   * as a parent item plus its simple child, both listed), its earlier fulfillments shipments with
   * a track each. Returns the order.
   */
  addDemoOrder(demo: DemoOrder, entityId: number): MagentoOrder {
    const placed = Date.parse(demo.placedAt);
    const createdAt = magentoDate(placed);
    const [firstname, ...rest] = demo.customer.name.split(' ');
    const lastname = rest.join(' ');
    const address = (type: 'shipping' | 'billing'): MagentoAddress => ({
      entity_id: this.id('address'),
      parent_id: entityId,
      address_type: type,
      firstname: firstname ?? '',
      lastname,
      street: [demo.shippingAddress.street],
      postcode: demo.shippingAddress.postalCode,
      city: demo.shippingAddress.city,
      country_id: demo.shippingAddress.country,
      email: demo.customer.email,
      telephone: '0201234567',
    });
    const billing = address('billing');
    const shipping = address('shipping');
    const items: MagentoOrderItem[] = [];
    const itemIdByLine = new Map<string, number>();
    for (const line of demo.lines) {
      const price = line.priceCents / 100;
      const base: Omit<
        MagentoOrderItem,
        | 'item_id'
        | 'product_type'
        | 'price'
        | 'base_price'
        | 'original_price'
        | 'price_incl_tax'
        | 'row_total'
        | 'base_row_total'
        | 'row_total_incl_tax'
      > = {
        order_id: entityId,
        quote_item_id: 0,
        store_id: 1,
        product_id: this.productId(line.sku),
        sku: line.sku,
        name: line.name,
        qty_ordered: line.quantity,
        qty_invoiced: line.quantity,
        qty_shipped: 0,
        qty_canceled: 0,
        qty_refunded: 0,
        qty_backordered: null,
        tax_amount: 0,
        tax_percent: 0,
        discount_amount: 0,
        weight: this.weight(line.weightGrams),
        row_weight: this.weight(line.weightGrams * line.quantity),
        is_virtual: 0,
        is_qty_decimal: 0,
        no_discount: 0,
        created_at: createdAt,
        updated_at: createdAt,
      };
      const priced = (p: number) => ({
        price: p,
        base_price: p,
        original_price: p,
        price_incl_tax: p,
        row_total: round2(p * line.quantity),
        base_row_total: round2(p * line.quantity),
        row_total_incl_tax: round2(p * line.quantity),
      });
      if (CONFIGURABLE_SKUS.has(line.sku)) {
        const parent: MagentoOrderItem = {
          ...base,
          ...priced(price),
          item_id: this.id('item'),
          product_type: 'configurable',
          product_id: this.productId(`${line.sku}-PARENT`),
        };
        const child: MagentoOrderItem = {
          ...base,
          ...priced(0),
          item_id: this.id('item'),
          product_type: 'simple',
          parent_item_id: parent.item_id,
          row_weight: 0,
        };
        items.push(parent, child);
        itemIdByLine.set(line.externalId, parent.item_id);
      } else {
        const item: MagentoOrderItem = { ...base, ...priced(price), item_id: this.id('item'), product_type: 'simple' };
        items.push(item);
        itemIdByLine.set(line.externalId, item.item_id);
      }
    }
    const subtotal = round2(demo.lines.reduce((sum, l) => sum + (l.priceCents * l.quantity) / 100, 0));
    const shippingAmount = 5;
    const order: MagentoOrder = {
      entity_id: entityId,
      increment_id: demo.number.replace(/\D/g, '').padStart(9, '0'),
      state: 'processing',
      status: 'processing',
      store_id: 1,
      store_name: 'Main Website\nMain Website Store\nDefault Store View',
      created_at: createdAt,
      updated_at: createdAt,
      customer_email: demo.customer.email,
      customer_firstname: firstname ?? '',
      customer_lastname: lastname,
      customer_is_guest: 1,
      customer_group_id: 0,
      base_currency_code: 'EUR',
      order_currency_code: 'EUR',
      global_currency_code: 'EUR',
      store_currency_code: 'EUR',
      subtotal,
      base_subtotal: subtotal,
      shipping_amount: shippingAmount,
      base_shipping_amount: shippingAmount,
      grand_total: round2(subtotal + shippingAmount),
      base_grand_total: round2(subtotal + shippingAmount),
      total_paid: round2(subtotal + shippingAmount),
      total_invoiced: round2(subtotal + shippingAmount),
      total_qty_ordered: demo.lines.reduce((sum, l) => sum + l.quantity, 0),
      total_item_count: items.length,
      weight: this.weight(demo.lines.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0)),
      is_virtual: 0,
      shipping_description: 'Flat Rate - Fixed',
      items,
      billing_address: billing,
      payment: {
        entity_id: entityId,
        parent_id: entityId,
        method: 'checkmo',
        amount_ordered: round2(subtotal + shippingAmount),
        amount_paid: round2(subtotal + shippingAmount),
        additional_information: ['Check / Money order'],
      },
      status_histories: [],
      extension_attributes: {
        shipping_assignments: [
          {
            shipping: {
              address: shipping,
              method: 'flatrate_flatrate',
              total: { shipping_amount: shippingAmount, base_shipping_amount: shippingAmount },
            },
            items,
          },
        ],
      },
    };
    this.orders.set(entityId, order);
    // Shipments made before Shipdesk was connected: a day after the order, with a DHL track.
    for (const f of demo.fulfillments) {
      const at = placed + 24 * 3600 * 1000;
      this.ship(
        order,
        f.lines.map((l) => ({ itemId: itemIdByLine.get(l.lineExternalId)!, qty: l.quantity })),
        [{ track_number: f.trackingCode, title: 'DHL', carrier_code: 'dhl' }],
        null,
        false,
        at,
      );
    }
    return order;
  }

  /**
   * Registers a shipment on the order (already validated): shipment items for the requested items
   * and the children of configurable ones, qty_shipped raised, the order saved. A processing order
   * with nothing left to ship becomes complete, as the order's state handler does on save.
   */
  ship(
    order: MagentoOrder,
    lines: { itemId: number; qty: number }[],
    tracks: { track_number: string; title: string | null; carrier_code: string | null }[],
    comment: { comment: string; is_visible_on_front: 0 | 1 } | null,
    emailSent: boolean,
    at: number,
  ): MagentoShipment {
    const stamp = magentoDate(at);
    const shipmentId = this.id('shipment');
    const items: MagentoShipmentItem[] = [];
    for (const { itemId, qty } of lines) {
      const item = order.items.find((i) => i.item_id === itemId)!;
      for (const shipped of [item, ...order.items.filter((i) => i.parent_item_id === itemId)]) {
        shipped.qty_shipped += qty;
        shipped.updated_at = stamp;
        items.push({
          entity_id: this.id('shipmentItem'),
          parent_id: shipmentId,
          order_item_id: shipped.item_id,
          product_id: shipped.product_id,
          sku: shipped.sku,
          name: shipped.name,
          qty,
          price: shipped.price,
          weight: shipped.weight,
          row_total: round2(shipped.price * qty),
        });
      }
    }
    const shipment: MagentoShipment = {
      entity_id: shipmentId,
      increment_id: String(shipmentId).padStart(9, '0'),
      order_id: order.entity_id,
      store_id: order.store_id,
      customer_id: null,
      billing_address_id: order.billing_address.entity_id,
      shipping_address_id: order.extension_attributes.shipping_assignments[0]!.shipping.address.entity_id,
      email_sent: emailSent ? 1 : null,
      total_qty: lines.reduce((sum, l) => sum + l.qty, 0),
      total_weight: null,
      created_at: stamp,
      updated_at: stamp,
      items,
      tracks: [],
      comments: comment
        ? [
            {
              entity_id: this.id('history'),
              parent_id: shipmentId,
              entity_name: 'shipment',
              comment: comment.comment,
              status: null,
              is_customer_notified: emailSent ? 1 : 0,
              is_visible_on_front: comment.is_visible_on_front,
              created_at: stamp,
            },
          ]
        : [],
      packages: [],
    };
    for (const t of tracks) this.addTrack(shipment, t, at);
    this.shipments.set(shipmentId, shipment);
    if (order.state === 'processing' && MagentoStore.shippableItems(order).every((i) => MagentoStore.qtyToShip(i) === 0)) {
      order.state = 'complete';
      order.status = 'complete';
    }
    order.updated_at = stamp;
    return shipment;
  }

  addTrack(
    shipment: MagentoShipment,
    track: {
      track_number: string;
      title: string | null;
      carrier_code: string | null;
      description?: string | null;
      weight?: number | null;
      qty?: number | null;
    },
    at: number,
  ): MagentoTrack {
    const stamp = magentoDate(at);
    const saved: MagentoTrack = {
      entity_id: this.id('track'),
      parent_id: shipment.entity_id,
      order_id: shipment.order_id,
      track_number: track.track_number,
      title: track.title,
      carrier_code: track.carrier_code,
      description: track.description ?? null,
      weight: track.weight ?? null,
      qty: track.qty ?? null,
      created_at: stamp,
      updated_at: stamp,
    };
    shipment.tracks.push(saved);
    shipment.updated_at = stamp;
    return saved;
  }

  addComment(
    order: MagentoOrder,
    history: Omit<MagentoStatusHistory, 'entity_id' | 'parent_id' | 'entity_name' | 'created_at'>,
    at: number,
  ): MagentoStatusHistory {
    const saved: MagentoStatusHistory = {
      ...history,
      entity_id: this.id('history'),
      parent_id: order.entity_id,
      entity_name: 'order',
      created_at: magentoDate(at),
    };
    // Magento lists an order's status history newest first.
    order.status_histories.unshift(saved);
    if (history.status) order.status = history.status;
    order.updated_at = saved.created_at;
    return saved;
  }

  /** Cancels what is left of an order (Order::cancel): open quantities cancelled, state canceled. */
  cancel(order: MagentoOrder, at: number): void {
    for (const item of order.items) {
      item.qty_canceled += MagentoStore.qtyToShip(item);
      item.updated_at = magentoDate(at);
    }
    order.state = 'canceled';
    order.status = 'canceled';
    order.updated_at = magentoDate(at);
  }
}
