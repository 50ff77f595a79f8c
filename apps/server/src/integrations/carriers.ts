import { createDhlConnector, createPostnlConnector, type CarrierConnector } from '@shipdesk/carriers';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SecretBox } from '../security/secrets';

type CarrierFactory = (baseUrl: string, credentials: Record<string, string>) => CarrierConnector;

/** The carriers Shipdesk can buy labels from. */
const CARRIERS: Record<string, { name: string; create: CarrierFactory }> = {
  postnl: {
    name: 'PostNL',
    create: (baseUrl, c) => createPostnlConnector({ baseUrl, apiKey: c.apiKey ?? '', customerCode: c.customerCode ?? '', customerNumber: c.customerNumber ?? '' }),
  },
  dhl: {
    name: 'DHL',
    create: (baseUrl, c) => createDhlConnector({ baseUrl, apiKey: c.apiKey ?? '', username: c.username ?? '', password: c.password ?? '', ekp: c.ekp ?? '' }),
  },
};

export const carrierName = (carrier: string) => CARRIERS[carrier]?.name ?? carrier;

/** A merchant's carrier account with its connector; the first one when no id is given. */
export async function carrierAccount(db: Kysely<Database>, secrets: SecretBox, merchantId: string, accountId?: string) {
  let query = db.selectFrom('carrier_accounts').selectAll().where('merchant_id', '=', merchantId).orderBy('created_at').limit(1);
  if (accountId) query = query.where('id', '=', accountId);
  const account = await query.executeTakeFirst();
  if (!account) return null;
  const factory = CARRIERS[account.carrier];
  if (!factory) return null;
  return { account, connector: factory.create(account.base_url, secrets.open(account.credentials_encrypted)) };
}
