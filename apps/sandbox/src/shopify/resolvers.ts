import { GraphQLError } from 'graphql';
import { dateFilter, numberFilter, parseSearchDisjunction, parseSearchQuery, type SearchTerm, type SearchWarning } from './search-syntax';
import {
  gid,
  parseGid,
  type FulfillmentEventRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type GidType,
  type HoldRecord,
  type LineItemRecord,
  type OrderRecord,
  type Product,
  type ShopifyShop,
  type UserError,
} from './store';

/** What one request's resolvers share: the shop, and search warnings for `extensions.search`. */
export interface RequestContext {
  shop: ShopifyShop;
  search: { path: string[]; query: string; warnings: SearchWarning[] }[];
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

type SortValue = string | number;

function encodeCursor(id: number, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
}

function decodeCursor(cursor: string): { id: number; value: SortValue } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === 'number' && (typeof parsed.last_value === 'string' || typeof parsed.last_value === 'number')) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor: ${cursor}`, { extensions: { code: 'BAD_REQUEST' } });
}

function cmp(a: { id: number; value: SortValue }, b: { id: number; value: SortValue }): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id - b.id;
}

/** A Relay connection over items, ordered by (sort value, id), with opaque cursors. */
function connection<T, V>(items: T[], args: PageArgs, key: (t: T) => { id: number; value: SortValue }, view: (t: T) => V) {
  const dir = args.reverse ? -1 : 1;
  let list = items.map((item) => ({ item, k: key(item) })).sort((a, b) => dir * cmp(a.k, b.k));
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (args.after) {
    const after = decodeCursor(args.after);
    const before = list.length;
    list = list.filter((x) => dir * cmp(x.k, after) > 0);
    hasPreviousPage = list.length < before;
  }
  if (args.before) {
    const until = decodeCursor(args.before);
    const before = list.length;
    list = list.filter((x) => dir * cmp(x.k, until) < 0);
    hasNextPage = list.length < before;
  }
  if (args.first != null && list.length > args.first) {
    list = list.slice(0, args.first);
    hasNextPage = true;
  }
  if (args.last != null && list.length > args.last) {
    list = list.slice(list.length - args.last);
    hasPreviousPage = true;
  }
  const edges = list.map((x) => ({ cursor: encodeCursor(x.k.id, x.k.value), node: view(x.item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

const byPosition = <T extends { id: number }>(items: T[]) => {
  const position = new Map(items.map((t, i) => [t.id, i]));
  return (t: T) => ({ id: t.id, value: position.get(t.id) ?? 0 });
};

function money(shop: ShopifyShop, cents: number) {
  const m = { amount: (cents / 100).toFixed(2), currencyCode: shop.currency };
  return { shopMoney: m, presentmentMoney: m };
}

/** Query arguments that take a global id: a malformed one is an error, as in Shopify. */
function idArg(value: string, type: GidType): number | null {
  if (!/^gid:\/\/shopify\/[A-Za-z]+\/\d+/.test(value)) throw new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' } });
  return parseGid(value, type);
}

/** A product's only variant ("Default Title"), with its inventory as it is now. */
export function variantView(p: Product) {
  return {
    id: gid('ProductVariant', p.variantId),
    sku: p.sku,
    title: 'Default Title',
    displayName: `${p.title} - Default Title`,
    // Read when asked, so a restock between two queries shows.
    inventoryQuantity: () => p.inventoryQuantity,
    inventoryPolicy: 'CONTINUE',
    inventoryItem: {
      id: gid('InventoryItem', p.inventoryItemId),
      sku: p.sku,
      tracked: true,
      requiresShipping: true,
      harmonizedSystemCode: p.hsCode,
      countryCodeOfOrigin: p.originCountry,
      measurement: { id: `gid://shopify/InventoryItemMeasurement/${p.inventoryItemId}`, weight: p.weight },
    },
  };
}

export function views(shop: ShopifyShop) {
  const lineItemView = (order: OrderRecord, l: LineItemRecord) => {
    const p = l.product;
    return {
      id: gid('LineItem', l.id),
      name: l.name,
      title: p.title,
      sku: p.sku,
      vendor: 'Shipdesk Demo',
      quantity: l.quantity,
      currentQuantity: l.quantity,
      unfulfilledQuantity: () => l.quantity - shop.fulfilledQuantity(order, l.id),
      requiresShipping: true,
      originalUnitPriceSet: money(shop, l.priceCents),
      discountedUnitPriceSet: money(shop, l.priceCents),
      variant: variantView(p),
    };
  };

  const holdView = (h: HoldRecord) => ({
    id: gid('FulfillmentHold', h.id),
    reason: h.reason,
    reasonNotes: h.reasonNotes,
    handle: h.handle,
    displayReason: h.reason === 'INVENTORY_OUT_OF_STOCK' ? 'Inventory out of stock' : h.reason.charAt(0) + h.reason.slice(1).toLowerCase().replaceAll('_', ' '),
    heldByRequestingApp: true,
  });

  const fulfillmentOrderView = (fo: FulfillmentOrderRecord): Record<string, unknown> => {
    const order = shop.order(fo.orderId)!;
    return {
      id: gid('FulfillmentOrder', fo.id),
      orderId: gid('Order', fo.orderId),
      orderName: order.name,
      order: () => orderView(order),
      status: fo.status,
      requestStatus: 'UNSUBMITTED',
      createdAt: fo.createdAt,
      updatedAt: fo.updatedAt,
      fulfillAt: null,
      assignedLocation: { name: 'Shipdesk Demo Warehouse', address1: 'Europaweg 1', city: 'Utrecht', zip: '3542 DR', countryCode: 'NL', location: { id: gid('Location', shop.locationId), name: 'Shipdesk Demo Warehouse' } },
      fulfillmentHolds: fo.holds.map(holdView),
      supportedActions: () => {
        const actions: string[] = [];
        if (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS') actions.push('CREATE_FULFILLMENT', 'HOLD', 'SPLIT', 'MOVE');
        if (fo.status === 'ON_HOLD') actions.push('RELEASE_HOLD', 'HOLD');
        return actions.map((action) => ({ action }));
      },
      lineItems: (args: PageArgs) =>
        connection(fo.lineItems, args, byPosition(fo.lineItems), (l) => {
          const line = shop.lineItem(order, l.lineItemId)!;
          return {
            id: gid('FulfillmentOrderLineItem', l.id),
            totalQuantity: l.totalQuantity,
            remainingQuantity: l.remainingQuantity,
            sku: line.product.sku,
            productTitle: line.product.title,
            weight: line.product.weight,
            lineItem: () => lineItemView(order, line),
          };
        }),
      fulfillments: (args: PageArgs) => {
        const list = shop.orderFulfillments(order).filter((f) => f.taken.some((t) => t.fulfillmentOrderId === fo.id));
        return connection(list, args, (f) => ({ id: f.id, value: f.id }), fulfillmentView);
      },
    };
  };

  const eventView = (e: FulfillmentEventRecord) => ({ ...e, id: gid('FulfillmentEvent', e.id), fulfillmentId: undefined });

  const fulfillmentView = (f: FulfillmentRecord): Record<string, unknown> => {
    const order = shop.order(f.orderId)!;
    const latest = shop.latestEvent(f);
    const firstOf = (status: string) => f.events.filter((e) => e.status === status).map((e) => e.happenedAt).sort()[0] ?? null;
    return {
      id: gid('Fulfillment', f.id),
      legacyResourceId: String(f.id),
      name: f.name,
      status: f.status,
      displayStatus: f.status === 'CANCELLED' ? 'CANCELED' : (latest?.status ?? 'FULFILLED'),
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      inTransitAt: firstOf('IN_TRANSIT'),
      deliveredAt: firstOf('DELIVERED'),
      estimatedDeliveryAt: latest?.estimatedDeliveryAt ?? null,
      totalQuantity: f.lineItems.reduce((n, l) => n + l.quantity, 0),
      requiresShipping: true,
      order: () => orderView(order),
      trackingInfo: (args: { first?: number | null }) => f.tracking.slice(0, args.first ?? undefined).map((t) => ({ ...t })),
      fulfillmentLineItems: (args: PageArgs) =>
        connection(f.lineItems, args, byPosition(f.lineItems), (fl) => ({
          id: gid('FulfillmentLineItem', fl.id),
          quantity: fl.quantity,
          lineItem: () => lineItemView(order, shop.lineItem(order, fl.lineItemId)!),
        })),
      fulfillmentOrders: (args: PageArgs) => {
        const ids = [...new Set(f.taken.map((t) => t.fulfillmentOrderId))];
        const list = ids.map((id) => shop.fulfillmentOrders.get(id)!);
        return connection(list, args, (fo) => ({ id: fo.id, value: fo.id }), fulfillmentOrderView);
      },
      events: (args: PageArgs) => connection(f.events, args, (e) => ({ id: e.id, value: e.id }), eventView),
    };
  };

  const orderView = (o: OrderRecord): Record<string, unknown> => {
    const totalCents = o.lineItems.reduce((n, l) => n + l.priceCents * l.quantity, 0);
    return {
      id: gid('Order', o.id),
      legacyResourceId: String(o.id),
      name: o.name,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      processedAt: o.createdAt,
      cancelledAt: o.cancelledAt,
      cancelReason: o.cancelReason,
      closed: () => shop.displayFulfillmentStatus(o) === 'FULFILLED',
      closedAt: null,
      email: o.email,
      phone: null,
      note: null,
      currencyCode: shop.currency,
      displayFulfillmentStatus: () => shop.displayFulfillmentStatus(o),
      displayFinancialStatus: 'PAID',
      fulfillable: () => shop.orderFulfillmentOrders(o).some((fo) => (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS') && fo.lineItems.some((l) => l.remainingQuantity > 0)),
      customer: {
        id: gid('Customer', o.customer.id),
        displayName: `${o.customer.firstName} ${o.customer.lastName}`.trim(),
        firstName: o.customer.firstName,
        lastName: o.customer.lastName,
        defaultEmailAddress: { emailAddress: o.email },
      },
      shippingAddress: () => {
        const a = o.shippingAddress;
        const [firstName, ...rest] = a.name.split(' ');
        return {
          id: `${gid('MailingAddress', a.id)}?model_name=Address`,
          name: a.name,
          firstName,
          lastName: rest.join(' '),
          company: null,
          address1: a.address1,
          address2: null,
          city: a.city,
          province: null,
          provinceCode: null,
          zip: a.zip,
          country: a.countryCode,
          countryCodeV2: a.countryCode,
          phone: null,
        };
      },
      totalPriceSet: money(shop, totalCents),
      totalWeight: String(o.lineItems.reduce((n, l) => n + l.product.weightGrams * l.quantity, 0)),
      lineItems: (args: PageArgs) => connection(o.lineItems, args, byPosition(o.lineItems), (l) => lineItemView(o, l)),
      fulfillmentOrders: (args: PageArgs) => {
        const list = shop.orderFulfillmentOrders(o);
        return connection(list, args, (fo) => ({ id: fo.id, value: fo.id }), fulfillmentOrderView);
      },
      fulfillments: (args: { first?: number | null }) => shop.orderFulfillments(o).slice(0, args.first ?? undefined).map(fulfillmentView),
    };
  };

  return { orderView, fulfillmentView, fulfillmentOrderView, eventView, holdView };
}

const SORT_VALUES: Partial<Record<string, (o: OrderRecord) => SortValue>> = {
  ID: (o) => o.id,
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
  ORDER_NUMBER: (o) => o.number,
};

function filterOrders(orders: OrderRecord[], query: string, ctx: RequestContext): OrderRecord[] {
  const { terms, warnings } = parseSearchQuery(query);
  let result = orders;
  for (const term of terms) {
    const field = term.field.toLowerCase();
    if (field === 'updated_at' || field === 'created_at' || field === 'processed_at') {
      const test = dateFilter(term);
      if (!test) {
        warnings.push({ field: term.field, message: `Invalid date: ${term.value}` });
        continue;
      }
      result = result.filter((o) => test(field === 'updated_at' ? o.updatedAt : o.createdAt));
    } else if (field === 'id') {
      const test = numberFilter(term);
      if (!test) warnings.push({ field: term.field, message: `Invalid id: ${term.value}` });
      else result = result.filter((o) => test(o.id));
    } else if (field === 'name') {
      const wanted = term.value.replace(/^#/, '');
      result = result.filter((o) => o.name.replace(/^#/, '') === wanted);
    } else if (field === 'status') {
      const v = term.value.toLowerCase();
      if (v === 'cancelled') result = result.filter((o) => o.cancelledAt !== null);
      else if (v === 'open') result = result.filter((o) => o.cancelledAt === null && ctx.shop.displayFulfillmentStatus(o) !== 'FULFILLED');
      else if (v === 'closed') result = result.filter((o) => ctx.shop.displayFulfillmentStatus(o) === 'FULFILLED');
      else if (v !== 'any') warnings.push({ field: term.field, message: `Invalid value for status: ${term.value}` });
    } else if (field === 'fulfillment_status') {
      const v = term.value.toLowerCase();
      const status = (o: OrderRecord) => ctx.shop.displayFulfillmentStatus(o);
      if (v === 'shipped' || v === 'fulfilled') result = result.filter((o) => status(o) === 'FULFILLED');
      else if (v === 'partial') result = result.filter((o) => status(o) === 'PARTIALLY_FULFILLED');
      else if (v === 'unshipped' || v === 'unfulfilled') result = result.filter((o) => status(o) === 'UNFULFILLED' || status(o) === 'ON_HOLD');
      else if (v !== 'any') warnings.push({ field: term.field, message: `Invalid value for fulfillment_status: ${term.value}` });
    } else {
      warnings.push({ field: term.field, message: 'Invalid search field for this query.' });
    }
  }
  if (warnings.length > 0) ctx.search.push({ path: ['orders'], query, warnings });
  return result;
}

const VARIANT_SORT_VALUES: Partial<Record<string, (p: Product) => SortValue>> = {
  ID: (p) => p.variantId,
  POSITION: (p) => p.variantId,
  SKU: (p) => p.sku,
  INVENTORY_QUANTITY: (p) => p.inventoryQuantity,
  TITLE: (p) => p.title,
  FULL_TITLE: (p) => p.title,
  NAME: (p) => p.title,
};

/** One search term on a variant, for the fields of the productVariants query the sandbox knows; null for others. */
function variantTerm(term: SearchTerm): ((p: Product) => boolean) | null {
  const field = term.field.toLowerCase();
  if (field === 'sku') {
    const wanted = term.value.toLowerCase();
    return wanted.endsWith('*') ? (p) => p.sku.toLowerCase().startsWith(wanted.slice(0, -1)) : (p) => p.sku.toLowerCase() === wanted;
  }
  if (field === 'id' || field === 'inventory_quantity') {
    const test = numberFilter(term);
    return test && ((p) => test(field === 'id' ? p.variantId : p.inventoryQuantity));
  }
  if (field === 'title') return (p) => p.title.toLowerCase() === term.value.toLowerCase();
  return null;
}

/** `sku:A OR sku:B`: a variant matches when every term of one OR-group does. Unknown terms are ignored, with a warning. */
function filterVariants(products: Product[], query: string, ctx: RequestContext): Product[] {
  const { groups, warnings } = parseSearchDisjunction(query);
  const tests = groups.map((terms) =>
    terms.flatMap((term) => {
      const test = variantTerm(term);
      if (!test) warnings.push({ field: term.field, message: 'Invalid search field for this query.' });
      return test ? [test] : [];
    }),
  );
  if (warnings.length > 0) ctx.search.push({ path: ['productVariants'], query, warnings });
  if (tests.length === 0) return products;
  return products.filter((p) => tests.some((group) => group.every((test) => test(p))));
}

const payloadErrors = (errors: UserError[]) => errors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null }));

/** The root value: one function per Query and Mutation field. */
export function rootValue() {
  return {
    shop: (_args: unknown, ctx: RequestContext) => ({
      id: gid('Shop', ctx.shop.shopId),
      name: ctx.shop.handle,
      myshopifyDomain: ctx.shop.domain,
      currencyCode: ctx.shop.currency,
      ianaTimezone: 'Europe/Amsterdam',
    }),
    orders: (args: PageArgs & { sortKey: string; query?: string | null }, ctx: RequestContext) => {
      const sort = SORT_VALUES[args.sortKey];
      if (!sort) throw new GraphQLError(`The sandbox does not support sortKey ${args.sortKey}; use ID, CREATED_AT, PROCESSED_AT, UPDATED_AT or ORDER_NUMBER.`);
      let orders = [...ctx.shop.orders.values()];
      if (args.query) orders = filterOrders(orders, args.query, ctx);
      return connection(orders, args, (o) => ({ id: o.id, value: sort(o) }), views(ctx.shop).orderView);
    },
    productVariants: (args: PageArgs & { sortKey: string; query?: string | null }, ctx: RequestContext) => {
      const sort = VARIANT_SORT_VALUES[args.sortKey];
      if (!sort) throw new GraphQLError(`The sandbox does not support sortKey ${args.sortKey}; use ID, POSITION, SKU, INVENTORY_QUANTITY, TITLE, FULL_TITLE or NAME.`);
      let products = [...ctx.shop.products.values()];
      if (args.query) products = filterVariants(products, args.query, ctx);
      return connection(products, args, (p) => ({ id: p.variantId, value: sort(p) }), variantView);
    },
    order: (args: { id: string }, ctx: RequestContext) => {
      const id = idArg(args.id, 'Order');
      const order = id === null ? null : ctx.shop.order(id);
      return order ? views(ctx.shop).orderView(order) : null;
    },
    fulfillmentOrder: (args: { id: string }, ctx: RequestContext) => {
      const id = idArg(args.id, 'FulfillmentOrder');
      const fo = id === null ? undefined : ctx.shop.fulfillmentOrders.get(id);
      return fo ? views(ctx.shop).fulfillmentOrderView(fo) : null;
    },
    fulfillment: (args: { id: string }, ctx: RequestContext) => {
      const id = idArg(args.id, 'Fulfillment');
      const f = id === null ? undefined : ctx.shop.fulfillments.get(id);
      return f ? views(ctx.shop).fulfillmentView(f) : null;
    },

    fulfillmentCreate: (
      args: { fulfillment: Parameters<ShopifyShop['createFulfillment']>[0]; message?: string | null },
      ctx: RequestContext,
    ) => {
      const r = ctx.shop.createFulfillment({ ...args.fulfillment, message: args.message ?? null });
      return { fulfillment: r.fulfillment && views(ctx.shop).fulfillmentView(r.fulfillment), userErrors: payloadErrors(r.userErrors) };
    },
    fulfillmentTrackingInfoUpdate: (
      args: { fulfillmentId: string; trackingInfoInput: Parameters<ShopifyShop['updateTracking']>[1]; notifyCustomer?: boolean | null },
      ctx: RequestContext,
    ) => {
      const r = ctx.shop.updateTracking(args.fulfillmentId, args.trackingInfoInput, args.notifyCustomer ?? false);
      return { fulfillment: r.fulfillment && views(ctx.shop).fulfillmentView(r.fulfillment), userErrors: payloadErrors(r.userErrors) };
    },
    fulfillmentEventCreate: (args: { fulfillmentEvent: Parameters<ShopifyShop['createEvent']>[0] }, ctx: RequestContext) => {
      const r = ctx.shop.createEvent(args.fulfillmentEvent);
      return { fulfillmentEvent: r.event && views(ctx.shop).eventView(r.event), userErrors: payloadErrors(r.userErrors) };
    },
    fulfillmentOrderHold: (args: { id: string; fulfillmentHold: Parameters<ShopifyShop['hold']>[1] }, ctx: RequestContext) => {
      const r = ctx.shop.hold(args.id, args.fulfillmentHold);
      const v = views(ctx.shop);
      return {
        fulfillmentHold: r.hold && v.holdView(r.hold),
        fulfillmentOrder: r.fulfillmentOrder && v.fulfillmentOrderView(r.fulfillmentOrder),
        remainingFulfillmentOrder: r.remaining && v.fulfillmentOrderView(r.remaining),
        userErrors: payloadErrors(r.userErrors),
      };
    },
    fulfillmentOrderReleaseHold: (args: { id: string; holdIds?: string[] | null; externalId?: string | null }, ctx: RequestContext) => {
      const r = ctx.shop.releaseHold(args.id, args.holdIds ?? null, args.externalId ?? null);
      return { fulfillmentOrder: r.fulfillmentOrder && views(ctx.shop).fulfillmentOrderView(r.fulfillmentOrder), userErrors: payloadErrors(r.userErrors) };
    },
    fulfillmentCancel: (args: { id: string }, ctx: RequestContext) => {
      const r = ctx.shop.cancelFulfillment(args.id);
      return { fulfillment: r.fulfillment && views(ctx.shop).fulfillmentView(r.fulfillment), userErrors: payloadErrors(r.userErrors) };
    },
  };
}
