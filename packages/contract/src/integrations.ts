import { z } from 'zod';

export const PlatformSchema = z.enum(['shopify', 'magento2', 'magento1', 'woocommerce', 'lightspeed', 'prestashop', 'bigcommerce', 'shopware6'], {
  error: 'Choose one of the supported shop platforms.',
});
export const ProcessingModeSchema = z.enum(['shipment_level', 'order_level'], { error: 'Processing mode is shipment_level or order_level.' });

export const ConnectedShopSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  processingMode: ProcessingModeSchema,
  status: z.enum(['active', 'paused', 'disconnected']),
  lastImportAt: z.string().nullable(),
  lastError: z.string().nullable(),
  orderCount: z.number().int(),
  failedSyncs: z.number().int(),
  /** What happens to the rest of an order when part of it ships. */
  backorderPolicy: z.enum(['ask', 'always', 'never']),
});
export type ConnectedShop = z.infer<typeof ConnectedShopSchema>;

export const IntegrationPlatformSchema = z.object({
  platform: PlatformSchema,
  name: z.string(),
  shipmentLevel: z.enum(['yes', 'after_reinstall', 'when_enabled', 'no']),
  remarks: z.array(z.string()),
  /** Whether Shipdesk has a connector for it yet (others are listed with their support level). */
  connectable: z.boolean(),
  credentialFields: z.array(z.object({ name: z.string(), label: z.string(), secret: z.boolean() })),
  shops: z.array(ConnectedShopSchema),
});
export type IntegrationPlatform = z.infer<typeof IntegrationPlatformSchema>;

export const IntegrationsResponseSchema = z.object({ platforms: z.array(IntegrationPlatformSchema) });
export type IntegrationsResponse = z.infer<typeof IntegrationsResponseSchema>;

export const ConnectShopRequestSchema = z.object({
  platform: PlatformSchema,
  name: z.string().trim().min(1, { error: 'Give the shop a name.' }).max(100),
  baseUrl: z.url({ error: 'The shop address must be a full URL, like https://myshop.example.com.' }).max(500),
  processingMode: ProcessingModeSchema.default('shipment_level'),
  credentials: z.record(z.string(), z.string().max(2000)),
});
export type ConnectShopRequest = z.infer<typeof ConnectShopRequestSchema>;

export const ImportStartedSchema = z.object({ jobId: z.string().nullable(), message: z.string() });

export const UpdateShopRequestSchema = z
  .object({
    processingMode: ProcessingModeSchema.optional(),
    backorderPolicy: z.enum(['ask', 'always', 'never'], { error: 'The backorder policy is ask, always or never.' }).optional(),
    /** Reconnect: new address and/or credentials, tried with one real call before they are stored. */
    baseUrl: z.url({ error: 'The shop address must be a full URL, like https://myshop.example.com.' }).max(500).optional(),
    credentials: z.record(z.string(), z.string().max(2000)).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Change the processing mode, the backorder policy, or reconnect with new credentials.' });
export type UpdateShopRequest = z.infer<typeof UpdateShopRequestSchema>;
