import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { magento2Sandbox } from './magento2-sandbox';
import type { MagentoOrder, MagentoShipment } from './store';

const TOKEN = 'magento-sandbox-token';
let clock = Date.parse('2026-11-21T09:00:00Z');
let platform: ReturnType<typeof magento2Sandbox>;
let sandbox: RunningSandbox;
let base: string;

beforeAll(async () => {
  platform = magento2Sandbox({ now: () => clock });
  sandbox = await startSandbox([platform]);
  base = sandbox.baseUrl('magento2');
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock += 60_000;
  platform.state.setOutage(false);
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as never, text, headers: res.headers };
}

const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The walkthrough order (#2001): 3 mugs, 2 T-shirts (a configurable product), 1 poster. */
function walkthroughOrder(): MagentoOrder {
  return platform.state.orderByIncrementId('000002001')!;
}

/** A fresh, never-shipped order with one line of each kind, built for one test. */
function openOrder(): MagentoOrder {
  const id = platform.state.store.orders.size + 1;
  return platform.state.store.addDemoOrder(
    {
      externalId: `T-${id}`,
      number: `#${9000 + id}`,
      placedAt: new Date(clock).toISOString(),
      customer: { name: 'Test Customer', email: 'test@example.com' },
      shippingAddress: { name: 'Test Customer', street: 'Damrak 1', postalCode: '1012 LG', city: 'Amsterdam', country: 'NL' },
      lines: [
        {
          externalId: 'a',
          sku: 'MUG-ENAMEL-WHT',
          name: 'Enamel mug, white',
          quantity: 3,
          priceCents: 1450,
          weightGrams: 320,
          hsCode: '732393',
          originCountry: 'PT',
        },
        {
          externalId: 'b',
          sku: 'TEE-ORG-M',
          name: 'Organic T-shirt, size M',
          quantity: 2,
          priceCents: 2900,
          weightGrams: 180,
          hsCode: '610910',
          originCountry: 'PT',
        },
      ],
      fulfillments: [],
    },
    id,
  );
}

describe('magento2 sandbox: auth and routing', () => {
  it('refuses a missing or wrong token with the ACL resource named', async () => {
    for (const headers of [{ authorization: '' }, { authorization: 'Bearer nope' }]) {
      const res = await call('GET', '/rest/V1/orders/1', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: 'Magento_Sales::actions_view' },
      });
    }
    const ship = await call('POST', '/rest/V1/order/1/ship', {}, { authorization: 'Bearer nope' });
    expect(ship.json).toMatchObject({ parameters: { resources: 'Magento_Sales::ship' } });
  });

  it('answers the store-code form of the URL and 404s an unknown route', async () => {
    expect((await call('GET', '/rest/default/V1/orders/1')).status).toBe(200);
    expect((await call('GET', '/rest/all/V1/orders/1')).status).toBe(200);
    const unknown = await call('GET', '/rest/V1/fulfillments');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: 'Request does not match any route.' });
    expect((await call('GET', '/rest/nl/V1/orders/1')).status).toBe(404);
  });

  it('404s a missing entity and 400s a non-numeric id', async () => {
    const missing = await call('GET', '/rest/V1/orders/99999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: "The entity that was requested doesn't exist. Verify the entity and try again." });
    const bad = await call('GET', '/rest/V1/orders/MAG-1');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ parameters: { value: 'MAG-1', type: 'int' } });
  });

  it('goes down with a 503 maintenance page during an outage, switched by the test hook', async () => {
    const on = await fetch(`${base}/__sandbox/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"enabled":true}',
    });
    expect(on.status).toBe(200);
    const down = await call('GET', '/rest/V1/orders/1');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('text/html');
    expect(down.text).toContain('Service Temporarily Unavailable');
    await fetch(`${base}/__sandbox/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"enabled":false}',
    });
    expect((await call('GET', '/rest/V1/orders/1')).status).toBe(200);
  });
});

describe('magento2 sandbox: order search', () => {
  it('requires searchCriteria, and searchCriteria= alone is everything on pages of 20', async () => {
    const none = await call('GET', '/rest/V1/orders');
    expect(none.status).toBe(400);
    expect(none.json).toEqual({
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: 'searchCriteria' },
    });
    const all = await call('GET', '/rest/V1/orders?searchCriteria=');
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ total_count: platform.state.store.orders.size });
    expect((all.json as { items: unknown[] }).items).toHaveLength(20);
  });

  it('refuses a page size above 300 the way input limits do', async () => {
    const res = await call('GET', `/rest/V1/orders?${q({ 'searchCriteria[pageSize]': 301 })}`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ message: 'Maximum SearchCriteria pageSize is %max', parameters: { max: 300 } });
  });

  it('filters on updated_at, sorts and pages; a page past the end repeats the last page', async () => {
    const since = '2026-11-19 00:00:00';
    const params = (page: number) =>
      q({
        'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
        'searchCriteria[filter_groups][0][filters][0][value]': since,
        'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
        'searchCriteria[sortOrders][0][field]': 'updated_at',
        'searchCriteria[sortOrders][0][direction]': 'ASC',
        'searchCriteria[pageSize]': 5,
        'searchCriteria[currentPage]': page,
      });
    const expected = [...platform.state.store.orders.values()].filter((o) => o.updated_at >= since);
    expect(expected.length).toBeGreaterThan(5);
    const seen: MagentoOrder[] = [];
    const pages = Math.ceil(expected.length / 5);
    for (let page = 1; page <= pages; page++) {
      const res = await call('GET', `/rest/V1/orders?${params(page)}`);
      expect(res.status).toBe(200);
      const json = res.json as { items: MagentoOrder[]; total_count: number; search_criteria: Record<string, unknown> };
      expect(json.total_count).toBe(expected.length);
      expect(json.search_criteria).toMatchObject({ page_size: 5, current_page: page });
      seen.push(...json.items);
    }
    expect(seen.map((o) => o.entity_id).sort()).toEqual(expected.map((o) => o.entity_id).sort());
    const stamps = seen.map((o) => o.updated_at);
    expect(stamps).toEqual([...stamps].sort());
    const past = await call('GET', `/rest/V1/orders?${params(pages + 3)}`);
    const last = await call('GET', `/rest/V1/orders?${params(pages)}`);
    expect((past.json as { items: MagentoOrder[] }).items).toEqual((last.json as { items: MagentoOrder[] }).items);
  });

  it('ORs filters inside a group and ANDs groups; in takes a list', async () => {
    const res = await call(
      'GET',
      `/rest/V1/orders?${q({
        'searchCriteria[filter_groups][0][filters][0][field]': 'entity_id',
        'searchCriteria[filter_groups][0][filters][0][value]': '1,2,3,4',
        'searchCriteria[filter_groups][0][filters][0][condition_type]': 'in',
        'searchCriteria[filter_groups][1][filters][0][field]': 'entity_id',
        'searchCriteria[filter_groups][1][filters][0][value]': '2',
        'searchCriteria[filter_groups][1][filters][0][condition_type]': 'gt',
        'searchCriteria[filter_groups][1][filters][1][field]': 'entity_id',
        'searchCriteria[filter_groups][1][filters][1][value]': '1',
        'searchCriteria[pageSize]': 10,
      })}`,
    );
    expect((res.json as { items: MagentoOrder[] }).items.map((o) => o.entity_id)).toEqual([1, 3, 4]);
  });

  it('answers an unknown filter field with a bare 500, like an unknown SQL column', async () => {
    const res = await call(
      'GET',
      `/rest/V1/orders?${q({ 'searchCriteria[filter_groups][0][filters][0][field]': 'nope', 'searchCriteria[filter_groups][0][filters][0][value]': '1' })}`,
    );
    expect(res.status).toBe(500);
    expect((res.json as { message: string }).message).toMatch(/^Internal Error/);
  });

  it('renders orders as Magento does: UTC dates, address in shipping assignments, configurable parent and child', async () => {
    const order = walkthroughOrder();
    const res = await call('GET', `/rest/V1/orders/${order.entity_id}`);
    const json = res.json as MagentoOrder & { items: (MagentoOrder['items'][number] & { parent_item?: { item_id: number } })[] };
    expect(json.created_at).toBe('2026-11-20 12:00:00');
    expect(json).toMatchObject({
      increment_id: '000002001',
      state: 'processing',
      customer_email: expect.stringContaining('@example.com'),
    });
    expect(json.extension_attributes.shipping_assignments[0]!.shipping.address).toMatchObject({
      address_type: 'shipping',
      street: [expect.any(String)],
      country_id: expect.any(String),
    });
    expect(json.items.map((i) => [i.sku, i.product_type, i.qty_ordered, i.parent_item_id ?? null])).toEqual([
      ['MUG-ENAMEL-WHT', 'simple', 3, null],
      ['TEE-ORG-M', 'configurable', 2, null],
      ['TEE-ORG-M', 'simple', 2, json.items[1]!.item_id],
      ['POSTER-A2-DUNES', 'simple', 1, null],
    ]);
    expect(json.items[2]!.parent_item?.item_id).toBe(json.items[1]!.item_id);
    expect(json.items[0]).toMatchObject({ price: 14.5, weight: 0.32 });
  });

  it('turns the seed fulfillments into shipments with tracks, found by order_id', async () => {
    const shippedOrder = [...platform.state.store.orders.values()].find((o) => o.items.some((i) => i.qty_shipped > 0))!;
    const res = await call(
      'GET',
      `/rest/V1/shipments?${q({ 'searchCriteria[filter_groups][0][filters][0][field]': 'order_id', 'searchCriteria[filter_groups][0][filters][0][value]': shippedOrder.entity_id })}`,
    );
    const { items } = res.json as { items: MagentoShipment[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.tracks[0]).toMatchObject({
      track_number: expect.stringMatching(/^3SDEMO/),
      carrier_code: 'dhl',
      order_id: shippedOrder.entity_id,
    });
    const one = await call('GET', `/rest/V1/shipment/${items[0]!.entity_id}`);
    expect(one.json).toEqual(items[0]);
  });
});

describe('magento2 sandbox: shipping', () => {
  it('ships some items with a track, then the rest; the order completes; a third ship is refused', async () => {
    const order = openOrder();
    const [mug, tee, teeChild] = order.items;
    const before = order.updated_at;
    clock += 1000;
    const first = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [
        { order_item_id: mug!.item_id, qty: 2 },
        { order_item_id: tee!.item_id, qty: 1 },
      ],
      notify: false,
      appendComment: true,
      comment: { comment: 'Box 1 of 2', is_visible_on_front: 0 },
      tracks: [{ track_number: '3SABC123', title: 'PostNL', carrier_code: 'custom' }],
    });
    expect(first.status).toBe(200);
    expect(typeof first.json).toBe('number');
    const shipment = (await call('GET', `/rest/V1/shipment/${first.json}`)).json as MagentoShipment;
    expect(shipment.order_id).toBe(order.entity_id);
    expect(shipment.items.map((i) => [i.order_item_id, i.qty])).toEqual([
      [mug!.item_id, 2],
      [tee!.item_id, 1],
      [teeChild!.item_id, 1],
    ]);
    expect(shipment.tracks).toMatchObject([{ track_number: '3SABC123', title: 'PostNL', carrier_code: 'custom' }]);
    expect(shipment.comments).toMatchObject([{ comment: 'Box 1 of 2' }]);
    let now = (await call('GET', `/rest/V1/orders/${order.entity_id}`)).json as MagentoOrder;
    expect(now.items.map((i) => i.qty_shipped)).toEqual([2, 1, 1]);
    expect(now.state).toBe('processing');
    expect(now.updated_at > before).toBe(true);

    const second = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [
        { order_item_id: mug!.item_id, qty: 1 },
        { order_item_id: tee!.item_id, qty: 1 },
      ],
    });
    expect(second.status).toBe(200);
    now = (await call('GET', `/rest/V1/orders/${order.entity_id}`)).json as MagentoOrder;
    expect([now.state, now.status]).toEqual(['complete', 'complete']);

    const third = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: mug!.item_id, qty: 1 }],
    });
    expect(third.status).toBe(400);
    expect(third.json).toEqual({
      message:
        "Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.\nYou can't create a shipment without products.",
    });
  });

  it('cuts a quantity above what is left down to what is left, as ShipmentFactory does', async () => {
    const order = openOrder();
    const res = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: order.items[0]!.item_id, qty: 10 }],
    });
    expect(res.status).toBe(200);
    const shipment = (await call('GET', `/rest/V1/shipment/${res.json}`)).json as MagentoShipment;
    expect(shipment.items.map((i) => i.qty)).toEqual([3]);
  });

  it('ships everything open when the item list is empty', async () => {
    const order = openOrder();
    const res = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, { notify: false });
    expect(res.status).toBe(200);
    expect(platform.state.store.orders.get(order.entity_id)!.state).toBe('complete');
  });

  it('ignores a configurable child item id: the child ships with its parent only', async () => {
    const order = openOrder();
    const res = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: order.items[2]!.item_id, qty: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: "Shipment Document Validation Error(s):\nYou can't create a shipment without products.",
    });
  });

  it('refuses unknown fields, bad types, empty track numbers and a cancelled order', async () => {
    const order = openOrder();
    const unknown = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: order.items[0]!.item_id, quantity: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect((unknown.json as { message: string }).message).toBe(
      'Property "Quantity" does not have accessor method "getQuantity" in class "Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface".',
    );
    const badType = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, { items: [{ order_item_id: 'mug', qty: 1 }] });
    expect(badType.json).toMatchObject({ parameters: { value: 'mug', type: 'int' } });
    const noTrack = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: order.items[0]!.item_id, qty: 1 }],
      tracks: [{ track_number: '', title: 'UPS', carrier_code: 'ups' }],
    });
    expect(noTrack.json).toEqual({ message: 'Please enter a tracking number.' });
    const notJson = await call('POST', `/rest/V1/order/${order.entity_id}/ship`, undefined, {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(200); // an empty body is "no items": everything ships
    const other = openOrder();
    await fetch(`${base}/__sandbox/orders/${other.entity_id}/cancel`, { method: 'POST' });
    const cancelled = await call('POST', `/rest/V1/order/${other.entity_id}/ship`, {
      items: [{ order_item_id: other.items[0]!.item_id, qty: 1 }],
    });
    expect(cancelled.json).toEqual({
      message:
        "Shipment Document Validation Error(s):\nA shipment cannot be created when an order has a status of canceled\nYou can't create a shipment without products.",
    });
  });

  it('adds a track to an existing shipment, and refuses one whose order does not match', async () => {
    const order = openOrder();
    const id = (
      await call('POST', `/rest/V1/order/${order.entity_id}/ship`, {
        items: [{ order_item_id: order.items[0]!.item_id, qty: 1 }],
      })
    ).json as number;
    const res = await call('POST', '/rest/V1/shipment/track', {
      entity: { order_id: order.entity_id, parent_id: id, track_number: 'JVGL0001', title: 'DHL', carrier_code: 'dhl' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      parent_id: id,
      order_id: order.entity_id,
      track_number: 'JVGL0001',
      entity_id: expect.any(Number),
    });
    expect(platform.state.store.shipments.get(id)!.tracks).toHaveLength(1);
    const wrong = await call('POST', '/rest/V1/shipment/track', {
      entity: { order_id: order.entity_id + 1000, parent_id: id, track_number: 'X', carrier_code: 'dhl' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ message: 'Could not save the shipment tracking.' });
    const missing = await call('POST', '/rest/V1/shipment/track', {});
    expect(missing.json).toEqual({
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: 'entity' },
    });
  });
});

describe('magento2 sandbox: comments and changes', () => {
  it('adds an order comment, newest first, and bumps updated_at', async () => {
    const order = openOrder();
    const before = order.updated_at;
    clock += 5000;
    const res = await call('POST', `/rest/V1/orders/${order.entity_id}/comments`, {
      statusHistory: { comment: 'Parcel delivered', is_customer_notified: 0, is_visible_on_front: 0, parent_id: order.entity_id },
    });
    expect(res.status).toBe(200);
    expect(res.json).toBe(true);
    const now = (await call('GET', `/rest/V1/orders/${order.entity_id}`)).json as MagentoOrder;
    expect(now.status_histories[0]).toMatchObject({ comment: 'Parcel delivered', status: 'processing', entity_name: 'order' });
    expect(now.updated_at > before).toBe(true);
  });

  it('refuses a comment status outside the order state, with an indexed parameter', async () => {
    const order = openOrder();
    const res = await call('POST', `/rest/V1/orders/${order.entity_id}/comments`, {
      statusHistory: { comment: 'x', status: 'complete' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: 'Unable to add comment: The status "%1" is not part of the order status history.',
      parameters: ['complete'],
    });
  });

  it('touches an order through the test hook, so a poll on updated_at sees it', async () => {
    const order = walkthroughOrder();
    clock += 3_600_000;
    const res = await fetch(`${base}/__sandbox/orders/${order.entity_id}/touch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"comment":"address changed"}',
    });
    const { updated_at } = (await res.json()) as { updated_at: string };
    const poll = await call(
      'GET',
      `/rest/V1/orders?${q({
        'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
        'searchCriteria[filter_groups][0][filters][0][value]': updated_at,
        'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
        'searchCriteria[pageSize]': 50,
      })}`,
    );
    expect((poll.json as { items: MagentoOrder[] }).items.map((o) => o.entity_id)).toContain(order.entity_id);
  });

  it('serves the store weight unit', async () => {
    const res = await call('GET', '/rest/V1/store/storeConfigs');
    expect(res.json).toMatchObject([{ code: 'default', weight_unit: 'kgs' }]);
  });
});
