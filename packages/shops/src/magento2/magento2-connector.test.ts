import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { magento2Sandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { ShopError, type ShopConnector } from '../connector';
import type { ShopOrder } from '../types';
import { createMagento2Connector } from './magento2-connector';

let clock = Date.parse('2026-11-22T08:00:00Z');
let platform: ReturnType<typeof magento2Sandbox>;
let sandbox: RunningSandbox;
let shop: ShopConnector;

beforeAll(async () => {
  platform = magento2Sandbox({ now: () => clock });
  sandbox = await startSandbox([platform]);
  shop = createMagento2Connector({ baseUrl: sandbox.baseUrl('magento2'), credentials: { accessToken: 'magento-sandbox-token' } });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock += 60_000;
  platform.state.setOutage(false);
});

async function rejection(promise: Promise<unknown>): Promise<ShopError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ShopError);
    return error as ShopError;
  }
  throw new Error('expected the call to fail');
}

/** An order nothing has been shipped from yet. */
async function unshippedOrder(firstLineAtLeast = 1): Promise<ShopOrder> {
  const order = [...platform.state.store.orders.values()].find(
    (o) =>
      o.state === 'processing' &&
      o.items.every((i) => i.qty_shipped === 0) &&
      o.items.filter((i) => i.parent_item_id === undefined).length >= 2 &&
      o.items[0]!.qty_ordered >= firstLineAtLeast &&
      !used.has(o.entity_id),
  )!;
  used.add(order.entity_id);
  return (await shop.getOrder(String(order.entity_id)))!;
}
const used = new Set<number>();

describe('magento2 connector', () => {
  it('declares shipment level, and has no webhooks to verify', () => {
    expect(shop.platform).toBe('magento2');
    expect(shop.capabilities).toEqual({
      level: 'shipment_level',
      createsShipments: true,
      takesStatus: true,
      holdsBackorder: false,
    });
    expect(shop.verifyWebhook(Buffer.from('{}'), { 'x-magento-signature': 'x' })).toBeNull();
  });

  it('is refused with a wrong token: not retryable, Magento message with its placeholder filled in', async () => {
    const wrong = createMagento2Connector({ baseUrl: sandbox.baseUrl('magento2'), credentials: { accessToken: 'stale' } });
    const error = await rejection(wrong.listOrders({}));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("The consumer isn't authorized to access Magento_Sales::actions_view.");
    expect(() => createMagento2Connector({ baseUrl: sandbox.baseUrl('magento2'), credentials: {} })).toThrow(/access token/);
  });

  it('maps an order: item ids as line ids, configurable children left out, kg to grams, UTC dates', async () => {
    const order = (await shop.getOrder(String(platform.state.orderByIncrementId('000002001')!.entity_id)))!;
    expect(order).toMatchObject({
      number: '000002001',
      placedAt: '2026-11-20T12:00:00.000Z',
      cancelled: false,
      customer: { email: expect.stringContaining('@example.com') },
      shippingAddress: {
        street: expect.any(String),
        postalCode: expect.any(String),
        country: expect.stringMatching(/^[A-Z]{2}$/),
      },
      shipments: [],
    });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.priceCents, l.weightGrams])).toEqual([
      ['MUG-ENAMEL-WHT', 3, 1450, 320],
      ['TEE-ORG-M', 2, 2900, 180],
      ['POSTER-A2-DUNES', 1, 2200, 150],
    ]);
    const magentoItems = platform.state.orderByIncrementId('000002001')!.items;
    expect(order.lines.map((l) => l.externalId)).toEqual(
      magentoItems.filter((i) => i.parent_item_id === undefined).map((i) => String(i.item_id)),
    );
    expect(await shop.getOrder('999999')).toBeNull();
    expect(await shop.getOrder('not-an-id')).toBeNull();
  });

  it('maps the shipments an order already has, with their tracking code', async () => {
    const seeded = [...platform.state.store.shipments.values()][0]!;
    const order = (await shop.getOrder(String(seeded.order_id)))!;
    expect(order.shipments).toHaveLength(1);
    expect(order.shipments[0]!.trackingCode).toMatch(/^3SDEMO/);
    for (const line of order.shipments[0]!.lines) expect(order.lines.map((l) => l.externalId)).toContain(line.lineExternalId);
  });

  it('pages through the orders changed since a moment, losing none when one changes mid-way', async () => {
    const store = platform.state.store;
    const sorted = [...store.orders.values()].sort((a, b) => a.updated_at.localeCompare(b.updated_at));
    // An instant exactly on an order's updated_at, on a day with other orders: gteq must keep it.
    const boundary = sorted[Math.floor(sorted.length / 2)]!;
    const since = `${boundary.updated_at.replace(' ', 'T')}Z`;
    const expected = new Set(
      [...store.orders.values()].filter((o) => o.updated_at >= boundary.updated_at).map((o) => String(o.entity_id)),
    );
    expect(expected.size).toBeGreaterThan(7);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await shop.listOrders({ updatedSince: since, cursor, pageSize: 7 });
      seen.push(...page.orders.map((o) => o.externalId));
      if (pages === 0) {
        // The merchant edits an order already read: sorted on entity_id, nothing shifts.
        clock += 60_000;
        platform.state.touch(Number(page.orders[0]!.externalId));
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(new Set(seen)).toEqual(expected);
    expect(seen).toHaveLength(expected.size);
    expect(pages).toBe(Math.ceil(expected.size / 7));
    expect(seen).toContain(String(boundary.entity_id));
  });

  it('asks for no more than 300 orders a page', async () => {
    const page = await shop.listOrders({ pageSize: 1000 });
    expect(page.orders).toHaveLength(platform.state.store.orders.size);
    expect(platform.state.requests.at(-2)?.url ?? '').toContain(encodeURIComponent('searchCriteria[pageSize]') + '=300');
  });

  it('splits an order into two shipments, each with its own track', async () => {
    const order = await unshippedOrder(2);
    const [a, b] = order.lines;
    const first = await shop.createShipment({
      orderExternalId: order.externalId,
      lines: [{ lineExternalId: a!.externalId, quantity: 1 }],
      tracking: { number: '3SFIRST0001', company: 'PostNL' },
    });
    const second = await shop.createShipment({
      orderExternalId: order.externalId,
      lines: [
        { lineExternalId: a!.externalId, quantity: a!.quantity - 1 },
        { lineExternalId: b!.externalId, quantity: b!.quantity },
      ],
      tracking: { number: '1Z999AA10123456784', company: 'UPS' },
    });
    expect(first.externalId).not.toBe(second.externalId);
    const s1 = platform.state.store.shipments.get(Number(first.externalId))!;
    const s2 = platform.state.store.shipments.get(Number(second.externalId))!;
    expect(s1.tracks.map((t) => [t.track_number, t.carrier_code, t.title])).toEqual([['3SFIRST0001', 'custom', 'PostNL']]);
    expect(s2.tracks.map((t) => [t.track_number, t.carrier_code, t.title])).toEqual([['1Z999AA10123456784', 'ups', 'UPS']]);

    const after = (await shop.getOrder(order.externalId))!;
    expect(after.shipments.map((s) => [s.externalId, s.trackingCode, s.lines])).toEqual([
      [first.externalId, '3SFIRST0001', [{ lineExternalId: a!.externalId, quantity: 1 }]],
      [
        second.externalId,
        '1Z999AA10123456784',
        [
          { lineExternalId: a!.externalId, quantity: a!.quantity - 1 },
          { lineExternalId: b!.externalId, quantity: b!.quantity },
        ],
      ],
    ]);
  });

  it('refuses over-shipping with Magento’s message and leaves the shop untouched', async () => {
    const order = await unshippedOrder();
    const line = order.lines[0]!;
    const before = platform.state.store.shipments.size;
    const error = await rejection(
      shop.createShipment({
        orderExternalId: order.externalId,
        lines: [{ lineExternalId: line.externalId, quantity: line.quantity + 1 }],
      }),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `The quantity to ship must not be greater than the unshipped quantity for product SKU "${line.sku}".`,
    );
    expect(platform.state.store.shipments.size).toBe(before);
    expect(await rejection(shop.createShipment({ orderExternalId: order.externalId, lines: [] }))).toMatchObject({
      retryable: false,
    });
    expect(platform.state.store.shipments.size).toBe(before);
  });

  it('passes Magento’s own refusal on: shipping from a cancelled order', async () => {
    const order = await unshippedOrder();
    const line = order.lines[0]!;
    // The order is cancelled in the shop after Shipdesk read it.
    const fetchFirst = createMagento2Connector({
      baseUrl: sandbox.baseUrl('magento2'),
      credentials: { accessToken: 'magento-sandbox-token' },
      fetch: async (url, init) => {
        if (String(url).endsWith('/ship')) platform.state.cancel(Number(order.externalId));
        return fetch(url, init);
      },
    });
    const error = await rejection(
      fetchFirst.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: line.externalId, quantity: 1 }] }),
    );
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('A shipment cannot be created when an order has a status of canceled');
    expect((await shop.getOrder(order.externalId))!.cancelled).toBe(true);
  });

  it('adds tracking to the shipment it names, once', async () => {
    const order = await unshippedOrder();
    const { externalId } = await shop.createShipment({
      orderExternalId: order.externalId,
      lines: [{ lineExternalId: order.lines[0]!.externalId, quantity: 1 }],
    });
    const tracking = { number: 'JJD000390007', company: 'DHL', url: 'https://www.dhl.com/track?id=JJD000390007' };
    await shop.updateTracking({
      orderExternalId: order.externalId,
      shipmentExternalId: externalId,
      tracking,
      notifyCustomer: true,
    });
    await shop.updateTracking({ orderExternalId: order.externalId, shipmentExternalId: externalId, tracking });
    const shipment = platform.state.store.shipments.get(Number(externalId))!;
    expect(shipment.tracks.map((t) => [t.track_number, t.carrier_code, t.description])).toEqual([
      ['JJD000390007', 'dhl', tracking.url],
    ]);
    expect(shipment.email_sent).toBe(1);
    const other = [...platform.state.store.shipments.values()].find((s) => s.order_id !== Number(order.externalId))!;
    const error = await rejection(
      shop.updateTracking({ orderExternalId: order.externalId, shipmentExternalId: String(other.entity_id), tracking }),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it('reports a parcel status as an order comment, once', async () => {
    const order = await unshippedOrder();
    const before = platform.state.store.orders.get(Number(order.externalId))!.updated_at;
    clock += 5_000;
    const input = {
      orderExternalId: order.externalId,
      shipmentExternalId: '12',
      status: 'delivered' as const,
      happenedAt: '2026-11-22T10:15:00Z',
      message: 'Left with a neighbour',
    };
    await shop.reportStatus(input);
    await shop.reportStatus(input);
    const magento = platform.state.store.orders.get(Number(order.externalId))!;
    expect(magento.status_histories.map((h) => h.comment)).toEqual([
      'Shipdesk: shipment 12 — Delivered (2026-11-22 10:15 UTC). Left with a neighbour',
    ]);
    expect(magento.status).toBe('processing');
    expect(magento.updated_at > before).toBe(true);
  });

  it('gives a retryable ShopError during an outage, and when the store is unreachable', async () => {
    platform.state.setOutage(true);
    const error = await rejection(shop.listOrders({}));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(error.options.retryAfterMs).toBe(30_000);
    expect(error.message).toContain('Service Temporarily Unavailable');
    platform.state.setOutage(false);

    const closed = createMagento2Connector({ baseUrl: 'http://127.0.0.1:9/magento2', credentials: { accessToken: 'x' } });
    expect(await rejection(closed.getOrder('1'))).toMatchObject({ status: 0, retryable: true });
  });
});
