/** Small fixtures the in-process benchmarks share: a merchant with a user and a shop, rows in chunks. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../apps/server/src/db/database';
import type { Database } from '../apps/server/src/db/schema';
import { defaultConnectors } from '../apps/server/src/integrations/connectors';
import type { ShopServices } from '../apps/server/src/integrations/shop-context';
import { createSecretBox } from '../apps/server/src/security/secrets';
import type { Insertable } from 'kysely';

export function benchServices(): ShopServices {
  return { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
}

export async function benchMerchant(
  db: Db,
  services: ShopServices,
  shop: { name: string; baseUrl: string; platform?: string; credentials?: Record<string, string> },
): Promise<{ merchantId: string; userId: string; integrationId: string }> {
  const merchant = await db.insertInto('merchants').values({ name: `${shop.name} merchant` }).returning('id').executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({ merchant_id: merchant.id, email: `bench-${merchant.id}@shipdesk.test`, name: 'Bench packer', role: 'owner', password_hash: 'scrypt$unused' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const integration = await db
    .insertInto('integrations')
    .values({
      merchant_id: merchant.id,
      platform: shop.platform ?? 'shopify',
      name: shop.name,
      base_url: shop.baseUrl,
      processing_mode: 'shipment_level',
      credentials_encrypted: shop.credentials ? services.secrets.seal(shop.credentials) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { merchantId: merchant.id, userId: user.id, integrationId: integration.id };
}

/** Multi-row inserts of at most `size` rows each. */
export async function insertChunked<T extends keyof Database & string>(db: Db, table: T, rows: Insertable<Database[T]>[], size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}
