import type { Request } from 'express';
import type { AuditLog, Me } from '@shipdesk/contract';
import type { Db } from '../db/database';

/** Records one look by platform support at the merchant it inspects. */
export async function recordLook(db: Db, me: Me, req: Request): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: me.id,
      merchant_id: me.merchant.id,
      method: req.method,
      path: req.originalUrl.slice(0, 2000),
      request_id: req.id ?? null,
    })
    .execute();
}

/** The latest looks by platform support at one merchant's data, newest first. */
export async function listLooks(db: Db, merchantId: string, limit = 200): Promise<AuditLog> {
  const rows = await db
    .selectFrom('audit_log')
    .innerJoin('users', 'users.id', 'audit_log.user_id')
    .select(['audit_log.id', 'audit_log.at', 'users.name', 'users.email', 'audit_log.method', 'audit_log.path', 'audit_log.request_id'])
    .where('audit_log.merchant_id', '=', merchantId)
    .orderBy('audit_log.at', 'desc')
    .limit(limit)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), userName: r.name, userEmail: r.email, method: r.method, path: r.path, requestId: r.request_id })),
  };
}
