import { demoShops } from '@shipdesk/sandbox';
import type { Db } from './database';
import { hashPassword } from '../security/passwords';
import { importOrders } from '../use-cases/import-orders';

export const DEMO_LOGIN = { email: 'demo@shipdesk.test', password: 'shipdesk-demo' } as const;

/**
 * Seeds the demo merchant, its owner login and its demo shops with their orders, taken from the
 * sandbox shops. Does nothing when the demo merchant already exists, so it is safe on every start.
 */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const existing = await db.selectFrom('users').select('id').where('email', '=', DEMO_LOGIN.email).executeTakeFirst();
  if (existing) return { created: false };
  const merchant = await db.insertInto('merchants').values({ name: 'Demo Goods B.V.' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({ merchant_id: merchant.id, email: DEMO_LOGIN.email, name: 'Demo Owner', role: 'owner', password_hash: await hashPassword(DEMO_LOGIN.password) })
    .execute();
  for (const shop of demoShops()) {
    const integration = await db
      .insertInto('integrations')
      .values({ merchant_id: merchant.id, platform: shop.platform, name: shop.name, base_url: shop.baseUrl, processing_mode: 'shipment_level' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await importOrders(
      db,
      merchant.id,
      integration.id,
      shop.orders.map((o) => ({ ...o, shipments: o.fulfillments })),
    );
    await db.updateTable('integrations').set({ last_import_at: new Date() }).where('id', '=', integration.id).execute();
  }
  return { created: true };
}
