import { randomBytes } from 'node:crypto';
import type { ShopOrder } from '@shipdesk/shops';
import type { Db } from '../src/db/database';
import { hashPassword } from '../src/security/passwords';
import type { SecretBox } from '../src/security/secrets';
import { importOrders } from '../src/use-cases/import-orders';

let counter = 0;

/** A merchant with one user and one shop, with the given orders imported. */
export async function makeMerchant(db: Db, orders: ShopOrder[] = [], role: 'owner' | 'packer' | 'support' = 'owner') {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;
  const merchant = await db.insertInto('merchants').values({ name: `Merchant ${tag}` }).returning('id').executeTakeFirstOrThrow();
  const password = 'pass-' + tag;
  const email = `user-${tag}@example.test`;
  const user = await db
    .insertInto('users')
    .values({ merchant_id: merchant.id, email, name: `User ${tag}`, role, password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const integration = await db
    .insertInto('integrations')
    .values({ merchant_id: merchant.id, platform: 'shopify', name: `Shop ${tag}`, base_url: 'http://127.0.0.1:1/shopify', processing_mode: 'shipment_level' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await importOrders(db, merchant.id, integration.id, orders);
  return { merchantId: merchant.id, userId: user.id, integrationId: integration.id, email, password };
}

/** A three-line order: 3 mugs, 2 T-shirts and 1 poster. */
export function sampleOrder(externalId = 'o-1', placedAt = '2026-11-20T10:00:00Z'): ShopOrder {
  return {
    externalId,
    number: `#${externalId}`,
    placedAt,
    customer: { name: 'Sanne de Vries', email: 'sanne@example.com' },
    shippingAddress: { name: 'Sanne de Vries', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' },
    lines: [
      { externalId: `${externalId}-a`, sku: 'MUG', name: 'Mug', quantity: 3, priceCents: 1450, weightGrams: 320 },
      { externalId: `${externalId}-b`, sku: 'TEE', name: 'T-shirt', quantity: 2, priceCents: 2900, weightGrams: 180 },
      { externalId: `${externalId}-c`, sku: 'POSTER', name: 'Poster', quantity: 1, priceCents: 2200, weightGrams: 150 },
    ],
    shipments: [],
  };
}

/** A PostNL account on a sandbox, with PostNL's documented test customer. */
export async function addPostnlAccount(db: Db, secrets: SecretBox, merchantId: string, baseUrl: string, apiKey: string): Promise<string> {
  const row = await db
    .insertInto('carrier_accounts')
    .values({
      merchant_id: merchantId,
      carrier: 'postnl',
      name: 'PostNL',
      base_url: baseUrl,
      credentials_encrypted: secrets.seal({ apiKey, customerCode: 'DEVC', customerNumber: '11223344' }),
      sender: { name: 'Warehouse', street: 'Siriusdreef 42', postalCode: '2132WT', city: 'Hoofddorp', country: 'NL' },
      default_product: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
