import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import type { OrderDetail, OrdersPage } from '@shipdesk/contract';
import { CATALOGUE, type DemoOrder, type RunningSandbox, type shopifySandbox } from '@shipdesk/sandbox';
import type { OpenDatabase } from './db/database';
import type { Worker } from './jobs/worker';
import { testDatabases } from '../test/databases';
import { startShopifyStack, type ShopifyStack } from '../test/shopify-stack';
import { drainUntil as drainUntilDone } from '../test/api-helpers';

const TOKEN = 'shpat_restock_token';
const SECRET = 'shpss_restock_secret';

/** A demo order of the given SKUs (one unit each unless said), placed `minutes` after a fixed moment. */
function demo(number: string, minutes: number, lines: [sku: string, quantity: number][]): DemoOrder {
  const externalId = `RST-${number}`;
  return {
    externalId,
    number,
    placedAt: new Date(Date.parse('2026-11-20T08:00:00Z') + minutes * 60_000).toISOString(),
    customer: { name: 'Sanne de Vries', email: 'sanne@example.com' },
    shippingAddress: { name: 'Sanne de Vries', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' },
    lines: lines.map(([sku, quantity], i) => {
      const p = CATALOGUE.find((c) => c.sku === sku)!;
      return { externalId: `${externalId}-L${i + 1}`, sku, name: p.name, quantity, priceCents: p.priceCents, weightGrams: p.weightGrams, hsCode: p.hsCode, originCountry: p.originCountry };
    }),
    fulfillments: [],
  };
}

describe.each(testDatabases())('Backorders released when stock arrives in Shopify, on $name', ({ open }) => {
  let database: OpenDatabase;
  let sandbox: RunningSandbox;
  let shopify: ReturnType<typeof shopifySandbox>;
  let url: string;
  let worker: Worker;
  let agent: ReturnType<typeof request.agent>;
  let integrationId: string;
  let stack: ShopifyStack;

  beforeAll(async () => {
    stack = await startShopifyStack(open, {
      accessToken: TOKEN,
      webhookSecret: SECRET,
      shops: {
        'demo-store': [
          // The poster and the lamp are out of stock: every one sold takes the shop further below zero.
          demo('#3001', 0, [
            ['MUG-ENAMEL-WHT', 2],
            ['POSTER-A2-DUNES', 1],
          ]),
          demo('#3002', 10, [['LAMP-DESK-BRS', 1]]),
          demo('#3003', 20, [['LAMP-DESK-BRS', 1]]),
          demo('#3004', 30, [['TEE-ORG-M', 1]]),
        ],
      },
    });
    ({ database, sandbox, shopify, url, worker, agent } = stack);
    integrationId = await stack.connect('Restock store');
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function orderNamed(name: string): Promise<OrderDetail> {
    const page: OrdersPage = (await agent.get('/api/orders').query({ limit: 100, shop: integrationId })).body;
    const found = page.items.find((o) => o.number === name);
    if (!found) throw new Error(`No order ${name}`);
    return (await agent.get(`/api/orders/${found.id}`)).body as OrderDetail;
  }

  const drainUntil = (done: () => Promise<boolean>, what: string) => drainUntilDone(worker, done, what);

  /** Puts the given lines (by SKU) on backorder and everything else of the order in one shipment. */
  async function backorder(name: string, skus: string[]) {
    const order = await orderNamed(name);
    const held = order.lines.filter((l) => skus.includes(l.sku));
    const rest = order.lines.filter((l) => !skus.includes(l.sku));
    const saved = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({
        shipments: rest.length > 0 ? [{ key: 'now', lines: rest.map((l) => ({ lineId: l.id, quantity: l.quantity })) }] : [],
        backorder: held.map((l) => ({ lineId: l.id, quantity: l.quantity })),
      });
    expect(saved.status).toBe(200);
    await worker.drain(); // the shop's hold
  }

  const store = () => shopify.state.shop();
  const onHold = (name: string) => shopify.state.orderByName(name).fulfillmentOrderIds.some((id) => store().fulfillmentOrders.get(id)!.status === 'ON_HOLD');
  const restockJobs = () => database.db.selectFrom('jobs').select(['id', 'status']).where('dedupe_key', '=', `restock:${integrationId}`).execute();

  it('imports the stock of each line', async () => {
    const order = await orderNamed('#3001');
    expect(order.lines.map((l) => [l.sku, l.stock])).toEqual([
      ['MUG-ENAMEL-WHT', store().products.get('MUG-ENAMEL-WHT')!.inventoryQuantity],
      ['POSTER-A2-DUNES', -1],
    ]);
    expect(order.lines[0]!.stock).toBeGreaterThan(0);
    const stored = await database.db.selectFrom('order_lines').select(['stock_available', 'stock_checked_at']).where('order_id', '=', order.id).orderBy('position').execute();
    expect(stored.every((s) => s.stock_checked_at instanceof Date)).toBe(true);
  });

  it('releases a backorder into a new open shipment when the shop’s inventory webhook says stock arrived — once, however often it is delivered', async () => {
    await backorder('#3001', ['POSTER-A2-DUNES']);
    expect(onHold('#3001')).toBe(true);
    shopify.state.webhookTarget = `${url}/api/webhooks/${integrationId}`;

    // A delivery of one poster arrives in the shop: Shopify sends inventory_levels/update.
    const hook = await fetch(`${sandbox.baseUrl('shopify')}/__sandbox/demo-store/inventory`, { method: 'POST', body: JSON.stringify({ sku: 'POSTER-A2-DUNES', adjust: 1 }) });
    expect(hook.status).toBe(200);
    await shopify.state.flushWebhooks();
    const delivery = shopify.state.webhooks.deliveries.findLast((d) => d.topic === 'inventory_levels/update')!;
    expect(delivery.responseStatus).toBe(200);
    await drainUntil(async () => (await orderNamed('#3001')).backorder.length === 0, 'the release');

    const order = await orderNamed('#3001');
    const poster = order.lines.find((l) => l.sku === 'POSTER-A2-DUNES')!;
    expect(poster).toMatchObject({ backorder: 0, inShipments: 1, open: 0, stock: 0 });
    const released = order.shipments.at(-1)!;
    expect(released).toMatchObject({ status: 'open', lines: [{ lineId: poster.id, quantity: 1 }] });
    expect(order.shipments.filter((s) => s.status === 'open')).toHaveLength(2);
    const timeline = (await agent.get(`/api/shipments/${released.id}`)).body as { events: { type: string; message: string; actor: string | null }[] };
    expect(timeline.events[0]).toMatchObject({ type: 'backorder_released', actor: null });
    expect(timeline.events[0]!.message).toMatch(/stock of POSTER-A2-DUNES arrived/);
    // The shop's hold goes, through the outbox.
    await drainUntil(async () => !onHold('#3001'), 'the Shopify hold to be released');

    // Shopify delivers the same webhook again: a duplicate, nothing is queued or released.
    const replay = await fetch(delivery.target!, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    // And a new inventory webhook (another change) finds nothing more to release.
    shopify.state.adjustInventory('POSTER-A2-DUNES', { adjust: 0 });
    await shopify.state.flushWebhooks();
    await worker.drain();
    const again = await orderNamed('#3001');
    expect(again.shipments).toHaveLength(order.shipments.length);
    expect(again.version).toBe(order.version);
    expect((await restockJobs()).every((j) => j.status === 'done')).toBe(true);
  });

  it('releases only the oldest of two backorders waiting for the same SKU when stock covers one, and the next after an import brings more', async () => {
    await backorder('#3002', ['LAMP-DESK-BRS']);
    await backorder('#3003', ['LAMP-DESK-BRS']);
    expect(store().products.get('LAMP-DESK-BRS')!.inventoryQuantity).toBe(-2);

    shopify.state.adjustInventory('LAMP-DESK-BRS', { adjust: 1 });
    await shopify.state.flushWebhooks();
    await drainUntil(async () => (await orderNamed('#3002')).backorder.length === 0, 'the oldest backorder to be released');
    await worker.drain();
    const older = await orderNamed('#3002');
    const younger = await orderNamed('#3003');
    expect(older.shipments.map((s) => s.status)).toEqual(['open']);
    expect(younger.shipments).toEqual([]);
    expect(younger.backorder).toEqual([{ lineId: younger.lines[0]!.id, quantity: 1 }]);
    expect(younger.lines[0]!.stock).toBe(-1);

    // More arrives while no webhook reaches Shipdesk: the next import brings the stock and a restock.
    shopify.state.webhookTarget = undefined;
    shopify.state.adjustInventory('LAMP-DESK-BRS', { adjust: 1 });
    shopify.state.shop().touchOrder(shopify.state.orderByName('#3003').id);
    expect((await agent.post(`/api/integrations/${integrationId}/import`).send({})).status).toBe(202);
    await drainUntil(async () => (await orderNamed('#3003')).backorder.length === 0, 'the next backorder to be released by the import');
    expect((await orderNamed('#3003')).shipments.map((s) => s.status)).toEqual(['open']);
    expect((await orderNamed('#3002')).shipments).toHaveLength(1);
  });

  it('leaves an item held back while the shop had it where it is: only a shortage is released automatically', async () => {
    await backorder('#3004', ['TEE-ORG-M']);
    expect((await orderNamed('#3004')).lines[0]!.stock).toBeGreaterThanOrEqual(0);
    shopify.state.webhookTarget = `${url}/api/webhooks/${integrationId}`;
    shopify.state.adjustInventory('TEE-ORG-M', { adjust: 5 });
    await shopify.state.flushWebhooks();
    await worker.drain();
    await worker.drain();
    const order = await orderNamed('#3004');
    expect(order.backorder).toEqual([{ lineId: order.lines[0]!.id, quantity: 1 }]);
    expect(order.shipments).toEqual([]);
  });
});
