import type { Db } from './database';
import type { DemoCarrier, DemoShop } from '../demo';
import { hashPassword } from '../security/passwords';
import type { SecretBox } from '../security/secrets';

export const DEMO_LOGIN = { email: 'demo@shipdesk.test', password: 'shipdesk-demo' } as const;
/** Platform support: reads any merchant's data, changes nothing; every look is in that merchant's access log. */
export const SUPPORT_LOGIN = { email: 'support@shipdesk.test', password: 'shipdesk-support' } as const;

/** The platform support login, in a home merchant of its own ("Shipdesk Support"), once. */
export async function seedSupport(db: Db): Promise<void> {
  const existing = await db.selectFrom('users').select('id').where('email', '=', SUPPORT_LOGIN.email).executeTakeFirst();
  if (existing) return;
  const home = await db.insertInto('merchants').values({ name: 'Shipdesk Support' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({ merchant_id: home.id, email: SUPPORT_LOGIN.email, name: 'Platform Support', role: 'support', password_hash: await hashPassword(SUPPORT_LOGIN.password) })
    .execute();
}

/**
 * Seeds the demo merchant with its owner login and connects the sandbox shops to it (their orders
 * come in through the connectors, like any shop's). When the demo merchant exists already, only
 * brings the shops' addresses up to date. Returns the demo shops' integration ids.
 */
export async function seedDemo(db: Db, secrets: SecretBox, shops: DemoShop[], carriers: DemoCarrier[] = []): Promise<{ created: boolean; merchantId: string; integrations: { id: string; platform: string }[] }> {
  await seedSupport(db);
  const existing = await db.selectFrom('users').select(['id', 'merchant_id']).where('email', '=', DEMO_LOGIN.email).executeTakeFirst();
  const merchantId =
    existing?.merchant_id ?? (await db.insertInto('merchants').values({ name: 'Demo Goods B.V.' }).returning('id').executeTakeFirstOrThrow()).id;
  if (!existing) {
    await db
      .insertInto('users')
      .values({ merchant_id: merchantId, email: DEMO_LOGIN.email, name: 'Demo Owner', role: 'owner', password_hash: await hashPassword(DEMO_LOGIN.password) })
      .execute();
  }
  const integrations: { id: string; platform: string }[] = [];
  for (const shop of shops) {
    const found = await db.selectFrom('integrations').select('id').where('merchant_id', '=', merchantId).where('name', '=', shop.name).executeTakeFirst();
    const values = { base_url: shop.baseUrl, credentials_encrypted: secrets.seal(shop.credentials) };
    const id = found
      ? (await db.updateTable('integrations').set(values).where('id', '=', found.id).returning('id').executeTakeFirstOrThrow()).id
      : (
          await db
            .insertInto('integrations')
            .values({ merchant_id: merchantId, platform: shop.platform, name: shop.name, processing_mode: shop.processingMode ?? 'shipment_level', ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
    integrations.push({ id, platform: shop.platform });
  }
  for (const c of carriers) {
    const values = { base_url: c.baseUrl, credentials_encrypted: secrets.seal(c.credentials), sender: c.sender };
    const found = await db.selectFrom('carrier_accounts').select('id').where('merchant_id', '=', merchantId).where('name', '=', c.name).executeTakeFirst();
    if (found) await db.updateTable('carrier_accounts').set(values).where('id', '=', found.id).execute();
    else await db.insertInto('carrier_accounts').values({ merchant_id: merchantId, carrier: c.carrier, name: c.name, default_product: null, ...values }).execute();
  }
  return { created: !existing, merchantId, integrations };
}
