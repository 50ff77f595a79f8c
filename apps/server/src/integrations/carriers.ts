import { createDhlConnector, createPostnlConnector, type CarrierConnector } from '@shipdesk/carriers';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SecretBox } from '../security/secrets';
import { outboundFetch } from './outbound';

type CarrierFactory = (baseUrl: string, credentials: Record<string, string>, fetch: typeof globalThis.fetch) => CarrierConnector;

/** The carriers Shipdesk can buy labels from. */
const CARRIERS: Record<string, { name: string; create: CarrierFactory }> = {
  postnl: {
    name: 'PostNL',
    create: (baseUrl, c, fetch) => createPostnlConnector({ baseUrl, fetch, apiKey: c.apiKey ?? '', customerCode: c.customerCode ?? '', customerNumber: c.customerNumber ?? '' }),
  },
  dhl: {
    name: 'DHL',
    create: (baseUrl, c, fetch) =>
      createDhlConnector({
        baseUrl,
        fetch,
        apiKey: c.apiKey ?? '',
        username: c.username ?? '',
        password: c.password ?? '',
        ekp: c.ekp ?? '',
        // The header and token given when subscribing to DHL's tracking push; DHL sends them back.
        ...(c.webhookToken ? { webhook: { header: c.webhookHeader ?? 'x-shipdesk-dhl-token', token: c.webhookToken } } : {}),
      }),
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
  return { account, connector: factory.create(account.base_url, secrets.open(account.credentials_encrypted), outboundFetch(`carrier:${account.id}`)) };
}

/** A carrier account by its id alone (for webhooks, which carry no session). */
export async function carrierAccountById(db: Kysely<Database>, secrets: SecretBox, accountId: string) {
  const account = await db.selectFrom('carrier_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  const factory = account ? CARRIERS[account.carrier] : undefined;
  if (!account || !factory) return null;
  return { account, connector: factory.create(account.base_url, secrets.open(account.credentials_encrypted), outboundFetch(`carrier:${account.id}`)) };
}
