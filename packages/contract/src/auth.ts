import { z } from 'zod';

export const LoginRequestSchema = z.object({
  email: z.email({ error: 'Enter an e-mail address, like name@example.com.' }).max(254),
  password: z.string().min(1, { error: 'Enter your password.' }).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const ROLES = ['owner', 'packer', 'support'] as const;
export const RoleSchema = z.enum(ROLES);

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** The merchant whose data this user sees: their own, or, for platform support, the one they inspect. */
  merchant: z.object({ id: z.string(), name: z.string() }),
  /** Platform support inspecting another merchant (read-only; every look is in that merchant's access log). */
  inspecting: z.boolean().optional(),
});
export type Me = z.infer<typeof MeSchema>;

/** A merchant as platform support picks one to inspect. */
export const SupportMerchantSchema = z.object({
  id: z.string(),
  name: z.string(),
  orders: z.number().int(),
  shipments: z.number().int(),
  failedSyncs: z.number().int(),
});
export type SupportMerchant = z.infer<typeof SupportMerchantSchema>;
export const SupportMerchantsSchema = z.object({ items: z.array(SupportMerchantSchema) });

/** PUT /api/support/inspecting: the merchant to inspect, or null to stop. */
export const InspectRequestSchema = z.object({
  merchantId: z.uuid({ error: 'merchantId must be the id of a merchant.' }).nullable(),
});
export type InspectRequest = z.infer<typeof InspectRequestSchema>;

/** One look by platform support at a merchant's data. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  userName: z.string(),
  userEmail: z.string(),
  method: z.string(),
  path: z.string(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditLogSchema = z.object({ items: z.array(AuditEntrySchema) });
export type AuditLog = z.infer<typeof AuditLogSchema>;
