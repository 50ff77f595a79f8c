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
  merchant: z.object({ id: z.string(), name: z.string() }),
});
export type Me = z.infer<typeof MeSchema>;
