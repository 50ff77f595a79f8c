import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../server';
import { dhlSandbox, type DhlSandbox } from './index';

const API_KEY = 'sandbox-dhl-key';
const BASIC = `Basic ${Buffer.from('user-valid:SandboxPasswort2023!').toString('base64')}`;
const HOUR = 3_600_000;
let clock: Date;
let dhl: DhlSandbox;
let sandbox: RunningSandbox;
let base: string;
let receiver: Server;
let hookUri: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  dhl = dhlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([dhl]);
  base = sandbox.baseUrl('dhl');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00Z');
  received.length = 0;
});

async function createShipment(): Promise<string> {
  const res = await fetch(`${base}/parcel/de/shipping/v2/orders`, {
    method: 'POST',
    headers: { 'dhl-api-key': API_KEY, authorization: BASIC, 'content-type': 'application/json' },
    body: JSON.stringify({
      profile: 'STANDARD_GRUPPENPROFIL',
      shipments: [
        {
          product: 'V01PAK',
          billingNumber: '33333333330102',
          refNo: 'Order No. 9876',
          shipper: { name1: 'Shop GmbH', addressStreet: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DEU' },
          consignee: {
            name1: 'Maria',
            addressStreet: 'Kurt-Schumacher-Str. 20',
            postalCode: '53113',
            city: 'Bonn',
            country: 'DEU',
          },
          details: { weight: { uom: 'g', value: 500 } },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { shipmentNo: string }[] }).items[0]!.shipmentNo;
}

const subscribe = (body: unknown, apiKey = API_KEY) =>
  fetch(`${base}/tracking/push/v1/subscription`, {
    method: 'POST',
    headers: { 'DHL-API-Key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const subscription = (shipmentIDs: string[], events = ['Transit', 'Delivered']) => ({
  hook: { uri: hookUri, authentication: { type: 'ApiKeyAuthentication', header: 'x-hook-token', token: 'tok-1' } },
  format: 'Default',
  type: 'Shipment',
  service: 'parcel-de',
  events,
  shipmentIDs,
});

describe('DHL sandbox: Shipment Tracking – Unified – Push', () => {
  it('refuses a subscription without the DHL-API-Key', async () => {
    const res = await subscribe(subscription(['1']), 'nope');
    expect(res.status).toBe(401);
  });

  it('refuses an invalid subscription with 400', async () => {
    const res = await subscribe({ hook: { uri: 'not a url' }, type: 'Shipment', service: 'express', events: ['Bogus'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toContain('hook.uri');
    expect(body.detail).toContain('service');
    expect(body.detail).toContain('events');
    expect(body.detail).toContain('shipmentIDs');
  });

  it('answers 201 with self and secret, then pushes the subscribed events as the clock advances', async () => {
    const shipmentNo = await createShipment();
    const res = await subscribe(subscription([shipmentNo]));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { self: string; secret: string; shipmentIDs: string[] };
    expect(created.secret).toMatch(/\S{16,}/);
    expect(created.self).toContain('/tracking/push/v1/subscription/');
    expect(created.shipmentIDs).toEqual([shipmentNo]);

    expect(await dhl.pushDue()).toBe(0); // pre-transit is not subscribed
    clock = new Date(clock.getTime() + 11 * HOUR);
    expect(await dhl.pushDue()).toBe(2); // origin + destination parcel center
    clock = new Date(clock.getTime() + 20 * HOUR);
    expect(await dhl.pushDue()).toBe(2); // out for delivery + delivered
    expect(await dhl.pushDue()).toBe(0);

    expect(received).toHaveLength(4);
    for (const r of received) {
      expect(r.headers['x-hook-token']).toBe('tok-1');
      expect(r.headers['content-type']).toContain('application/json');
    }
    const bodies = received.map((r) => JSON.parse(r.body) as { shipments: { id: string; status: { statusCode: string } }[] });
    expect(bodies.map((b) => b.shipments[0]!.id)).toEqual([shipmentNo, shipmentNo, shipmentNo, shipmentNo]);
    expect(bodies.map((b) => b.shipments[0]!.status.statusCode)).toEqual(['transit', 'transit', 'transit', 'delivered']);
  });

  it('does not push for a deleted shipment', async () => {
    const shipmentNo = await createShipment();
    await subscribe(subscription([shipmentNo], ['Pre-Transit']));
    const del = await fetch(`${base}/parcel/de/shipping/v2/orders?profile=STANDARD_GRUPPENPROFIL&shipment=${shipmentNo}`, {
      method: 'DELETE',
      headers: { 'dhl-api-key': API_KEY, authorization: BASIC },
    });
    expect(del.status).toBe(200);
    expect(await dhl.pushDue()).toBe(0);
  });
});
