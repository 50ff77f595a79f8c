import { z } from 'zod';
import { FULFILMENT_STATUSES } from '@shipdesk/domain';
import { LabelSchema } from './shipments';

export const FulfilmentStatusSchema = z.enum(FULFILMENT_STATUSES);
export const ShipmentStatusSchema = z.enum(['open', 'labelled', 'shipped', 'cancelled']);

const DateParam = z.iso.date({ error: 'Dates are written YYYY-MM-DD.' });

export const OrdersQuerySchema = z.object({
  status: FulfilmentStatusSchema.optional(),
  /** One connected shop (integration id). */
  shop: z.uuid({ error: 'shop must be a shop id.' }).optional(),
  /** ISO 3166-1 alpha-2 country of the shipping address. */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: 'country is a two-letter country code, like NL.' })
    .transform((c) => c.toUpperCase())
    .optional(),
  /** Placed on or after this day (UTC). */
  from: DateParam.optional(),
  /** Placed on or before this day (UTC). */
  to: DateParam.optional(),
  /** Order number, customer name or SKU. */
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['newest', 'oldest'], { error: 'sort is newest or oldest.' }).default('newest'),
  /** Where the page starts: a page's nextCursor (the orders after it) or prevCursor (the orders before it). */
  cursor: z.string().max(200).optional(),
  /**
   * Where the page starts, counted from the first order: for a jump far into the list (the scrollbar
   * dragged, the End key). Scrolling on from there goes by the page's cursors, which stay right
   * while orders come in. Not together with a cursor.
   */
  offset: z.coerce
    .number({ error: 'offset must be a number.' })
    .int({ error: 'offset must be a whole number.' })
    .min(0, { error: 'offset cannot be negative.' })
    .max(10_000_000, { error: 'offset can be at most 10,000,000.' })
    .optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number.' })
    .int({ error: 'limit must be a whole number.' })
    .min(1, { error: 'limit must be at least 1.' })
    .max(100, { error: 'limit can be at most 100.' })
    .default(25),
});
export type OrdersQuery = z.infer<typeof OrdersQuerySchema>;

export const ShopRefSchema = z.object({ id: z.string(), name: z.string(), platform: z.string() });

export const OrderSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  shop: ShopRefSchema,
  customerName: z.string(),
  country: z.string(),
  placedAt: z.string(),
  fulfilmentStatus: FulfilmentStatusSchema,
  itemCount: z.number().int(),
  shipmentCount: z.number().int(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

const StatusCountsSchema = z.record(FulfilmentStatusSchema, z.number().int());

export const OrdersPageSchema = z.object({
  items: z.array(OrderSummarySchema),
  /** The cursor of the orders after this page; null at the end of the list. */
  nextCursor: z.string().nullable(),
  /**
   * The cursor of the orders before this page, for a list that keeps only the pages near the view and
   * loads the ones above again as the person scrolls back up; null on the first page.
   */
  prevCursor: z.string().nullable(),
  /** How many orders the merchant has in each fulfilment status (for the tabs); on the first page only (no cursor or offset). */
  counts: StatusCountsSchema.optional(),
});
export type OrdersPage = z.infer<typeof OrdersPageSchema>;

/** The filters of the status tabs' counts: those of the list, without its paging, order and tab. */
export const OrderCountsQuerySchema = OrdersQuerySchema.omit({ cursor: true, offset: true, limit: true, sort: true, status: true });
export type OrderCountsQuery = z.infer<typeof OrderCountsQuerySchema>;

/** How many orders the merchant has in each fulfilment status, within the filters. */
export const OrderCountsSchema = z.object({ counts: StatusCountsSchema });
export type OrderCounts = z.infer<typeof OrderCountsSchema>;

export const AllocatedQuantitySchema = z.object({
  lineId: z.string().min(1, { error: 'Each item needs its line id.' }),
  quantity: z.number({ error: 'Quantity must be a number.' }),
});

export const OrderLineSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  open: z.number().int(),
  inShipments: z.number().int(),
  shipped: z.number().int(),
  backorder: z.number().int(),
  unitPriceCents: z.number().int(),
  unitWeightGrams: z.number().int(),
  /**
   * The SKU's stock as the shop last reported it: available to sell, with the shop's unfulfilled
   * orders (this one included) already taken off, so negative while oversold. Null when the shop
   * does not report stock.
   */
  stock: z.number().int().nullable(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const ShipmentSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  status: ShipmentStatusSchema,
  trackingCode: z.string().nullable(),
  carrier: z.string().nullable(),
  /** The shipment's id in the shop (Shopify: the fulfillment), once it exists there. */
  externalId: z.string().nullable(),
  syncStatus: z.enum(['not_synced', 'pending', 'synced', 'failed']),
  syncError: z.string().nullable(),
  /** The shipment's current label (being bought, in use, or the last that failed), if any. */
  label: LabelSchema.nullable(),
  lines: z.array(AllocatedQuantitySchema),
  createdAt: z.string(),
});
export type Shipment = z.infer<typeof ShipmentSchema>;

export const AddressSchema = z.object({
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
});

export const OrderDetailSchema = z.object({
  id: z.string(),
  number: z.string(),
  /** Optimistic-concurrency version; send it back as `If-Match` when saving the allocation. */
  version: z.number().int(),
  shop: ShopRefSchema,
  processingMode: z.enum(['shipment_level', 'order_level']),
  /** The shop's policy for the rest of an order when part of it ships. */
  backorderPolicy: z.enum(['ask', 'always', 'never']),
  customerName: z.string(),
  customerEmail: z.string(),
  shippingAddress: AddressSchema,
  placedAt: z.string(),
  fulfilmentStatus: FulfilmentStatusSchema,
  /** The last split change can be undone (until a label is bought). */
  canUndo: z.boolean(),
  /** The heaviest parcel the merchant's carrier product takes to this address; null without a carrier account. */
  parcelLimit: z.object({ carrier: z.string(), product: z.string(), productName: z.string(), maxWeightGrams: z.number().int() }).nullable(),
  lines: z.array(OrderLineSchema),
  shipments: z.array(ShipmentSchema),
  backorder: z.array(AllocatedQuantitySchema),
});
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

/**
 * The whole split of an order, saved at once. Each shipment has a key: the id of an existing
 * shipment of this order, or any other string (e.g. `new-1`) for a shipment to create.
 * Existing open shipments left out are removed; their items become open again.
 */
export const AllocationRequestSchema = z.object({
  shipments: z
    .array(
      z.object({
        key: z.string().min(1, { error: 'Each shipment needs a key.' }).max(100),
        lines: z.array(AllocatedQuantitySchema).max(500),
      }),
    )
    .max(100, { error: 'An order can have at most 100 shipments.' }),
  backorder: z.array(AllocatedQuantitySchema).max(500),
});
export type AllocationRequest = z.infer<typeof AllocationRequestSchema>;

export const ScanTargetSchema = z.object({ kind: z.literal('order'), orderId: z.string(), shipmentId: z.string().nullable() });
export type ScanTarget = z.infer<typeof ScanTargetSchema>;

export const BackorderRowSchema = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  shopName: z.string(),
  customerName: z.string(),
  lineId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  since: z.string(),
});
export const BackordersResponseSchema = z.object({ items: z.array(BackorderRowSchema) });
export type BackordersResponse = z.infer<typeof BackordersResponseSchema>;

export const ReleaseBackorderRequestSchema = z.object({
  /** The lines to release; all of the order's backorder when left out. */
  lineIds: z.array(z.string().min(1)).max(500).optional(),
});
