import { z } from 'zod';

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
