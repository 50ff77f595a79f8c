import { z } from 'zod';
import { TRACKING_STATUSES } from '@shipdesk/domain';

export const ShipShipmentRequestSchema = z.object({
  trackingCode: z
    .string()
    .trim()
    .min(4, { error: 'A tracking code has at least 4 characters.' })
    .max(64, { error: 'A tracking code has at most 64 characters.' })
    .regex(/^[A-Za-z0-9-]+$/, { error: 'A tracking code has only letters, digits and dashes.' }),
  carrier: z.string().trim().min(1, { error: 'Name the carrier.' }).max(60),
});
export type ShipShipmentRequest = z.infer<typeof ShipShipmentRequestSchema>;

export const SyncStatusSchema = z.enum(['not_synced', 'pending', 'synced', 'failed']);

export const ShipmentsQuerySchema = z.object({
  status: z.enum(['open', 'labelled', 'shipped', 'cancelled']).optional(),
  syncStatus: SyncStatusSchema.optional(),
  carrier: z.string().max(60).optional(),
  /** Search by tracking code or order number. */
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: 'limit must be a number.' }).int().min(1, { error: 'limit must be at least 1.' }).max(100, { error: 'limit can be at most 100.' }).default(25),
});
export type ShipmentsQuery = z.infer<typeof ShipmentsQuerySchema>;

export const ShipmentSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  orderId: z.string(),
  orderNumber: z.string(),
  shop: z.object({ id: z.string(), name: z.string(), platform: z.string() }),
  customerName: z.string(),
  country: z.string(),
  itemCount: z.number().int(),
  status: z.enum(['open', 'labelled', 'shipped', 'cancelled']),
  carrier: z.string().nullable(),
  trackingCode: z.string().nullable(),
  syncStatus: SyncStatusSchema,
  syncError: z.string().nullable(),
  /** The parcel's status as the carrier reports it. */
  trackingStatus: z.enum(TRACKING_STATUSES).nullable(),
  createdAt: z.string(),
  shippedAt: z.string().nullable(),
});
export type ShipmentSummary = z.infer<typeof ShipmentSummarySchema>;

export const ShipmentsPageSchema = z.object({
  items: z.array(ShipmentSummarySchema),
  nextCursor: z.string().nullable(),
  counts: z.object({ failedToSync: z.number().int(), open: z.number().int() }),
});
export type ShipmentsPage = z.infer<typeof ShipmentsPageSchema>;

export const ShipmentEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  message: z.string(),
  /** Request and response of the external call, secrets redacted. */
  data: z.record(z.string(), z.unknown()),
  actor: z.string().nullable(),
  createdAt: z.string(),
});
export type ShipmentEvent = z.infer<typeof ShipmentEventSchema>;

export const ShipmentDetailSchema = ShipmentSummarySchema.extend({
  externalId: z.string().nullable(),
  processingMode: z.enum(['shipment_level', 'order_level']),
  shippingAddress: z.object({ name: z.string(), street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), name: z.string(), quantity: z.number().int(), ordered: z.number().int() })),
  events: z.array(ShipmentEventSchema),
});
export type ShipmentDetail = z.infer<typeof ShipmentDetailSchema>;

export const CreateLabelRequestSchema = z.object({
  format: z.enum(['A6', 'A4'], { error: 'The label format is A6 or A4.' }).default('A6'),
  carrierAccountId: z.uuid({ error: 'carrierAccountId must be a carrier account id.' }).optional(),
});
export type CreateLabelRequest = z.infer<typeof CreateLabelRequestSchema>;

export const LabelSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'live', 'cancelled', 'failed']),
  carrier: z.string(),
  trackingNumber: z.string().nullable(),
  format: z.enum(['A6', 'A4']),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type Label = z.infer<typeof LabelSchema>;

export const StartLabelBatchRequestSchema = z.object({
  shipmentIds: z
    .array(z.uuid({ error: 'Each shipment id must be an id (a UUID).' }))
    .min(1, { error: 'Select at least one shipment.' })
    .max(500, { error: 'A batch holds at most 500 shipments.' }),
  format: z.enum(['A6', 'A4'], { error: 'The label format is A6 or A4.' }).default('A6'),
});
export type StartLabelBatchRequest = z.infer<typeof StartLabelBatchRequestSchema>;

export const LabelBatchSchema = z.object({
  id: z.string(),
  format: z.enum(['A6', 'A4']),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  createdAt: z.string(),
  items: z.array(
    z.object({
      shipmentId: z.string(),
      orderId: z.string(),
      orderNumber: z.string(),
      shipmentNumber: z.number().int(),
      status: z.enum(['pending', 'done', 'failed']),
      trackingNumber: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type LabelBatch = z.infer<typeof LabelBatchSchema>;
