import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dhlSandbox, startSandbox, type DhlSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierConnector, CreateLabelInput } from '../connector';
import { createDhlConnector } from './connector';

const API_KEY = 'webhook-test-key';
const HOOK = { header: 'x-shipdesk-dhl-token', token: 'tok-3f9a1c77e2b04d' };
const HOUR = 3_600_000;
let clock: Date;
let dhl: DhlSandbox;
let sandbox: RunningSandbox;
let connector: CarrierConnector;
let receiver: Server;
let hookUri: string;
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

beforeAll(async () => {
  dhl = dhlSandbox({ apiKey: API_KEY, now: () => clock });
  sandbox = await startSandbox([dhl]);
  connector = createDhlConnector({
    baseUrl: sandbox.baseUrl('dhl'),
    apiKey: API_KEY,
    username: 'user-valid',
    password: 'SandboxPasswort2023!',
    ekp: '3333333333',
    webhook: HOOK,
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/dhl`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00Z');
  received.length = 0;
});

const input: CreateLabelInput = {
  reference: 'SHP-2001-1',
  sender: { name: 'Max Mustermann', street: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DE' },
  receiver: { name: 'Maria Musterfrau', street: 'Kurt-Schumacher-Str. 20', postalCode: '53113', city: 'Bonn', country: 'DE' },
  parcel: { weightGrams: 800 },
  format: 'A6',
};

async function subscribe(shipmentIDs: string[], token = HOOK.token) {
  const res = await fetch(`${sandbox.baseUrl('dhl')}/tracking/push/v1/subscription`, {
    method: 'POST',
    headers: { 'DHL-API-Key': API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({
      hook: { uri: hookUri, authentication: { type: 'ApiKeyAuthentication', header: HOOK.header, token } },
      format: 'Default',
      type: 'Shipment',
      service: 'parcel-de',
      events: ['Pre-Transit', 'Transit', 'Delivered', 'Failure', 'Unknown'],
      shipmentIDs,
    }),
  });
  expect(res.status).toBe(201);
}

describe('DHL connector: Tracking – Unified – Push webhooks', () => {
  it('declares webhooks', () => {
    expect(connector.capabilities.webhooks).toBe(true);
  });

  it('receives a push per status change over HTTP; it verifies and names the shipment', async () => {
    const label = await connector.createLabel(input);
    const other = await connector.createLabel(input);
    await subscribe([label.trackingNumber]);

    expect(await dhl.pushDue()).toBe(1); // pre-transit
    clock = new Date(clock.getTime() + 27 * HOUR);
    expect(await dhl.pushDue()).toBe(4); // origin, destination, out for delivery, delivered
    expect(await dhl.pushDue()).toBe(0); // nothing new

    expect(received).toHaveLength(5);
    for (const delivery of received) {
      expect(connector.verifyWebhook!(delivery.body, delivery.headers)).toBe(true);
      expect(connector.webhookTrackingNumbers!(delivery.body)).toEqual([label.trackingNumber]);
      expect(connector.webhookTrackingNumbers!(delivery.body)).not.toContain(other.trackingNumber);
    }
    const last = JSON.parse(received[4]!.body.toString('utf8')) as { shipments: { status: { statusCode: string } }[] };
    expect(last.shipments[0]!.status.statusCode).toBe('delivered');
  });

  it('refuses a delivery whose token is not ours (wrong secret), or that carries none', async () => {
    const label = await connector.createLabel(input);
    await subscribe([label.trackingNumber], 'someone-elses-token');
    await dhl.pushDue();
    expect(received.length).toBeGreaterThan(0);
    const delivery = received[0]!;
    expect(connector.verifyWebhook!(delivery.body, delivery.headers)).toBe(false);
    const { [HOOK.header]: _dropped, ...withoutToken } = delivery.headers;
    expect(connector.verifyWebhook!(delivery.body, withoutToken)).toBe(false);
    expect(connector.verifyWebhook!(delivery.body, { ...delivery.headers, [HOOK.header]: `${HOOK.token}x` })).toBe(false);
    expect(connector.verifyWebhook!(delivery.body, { [HOOK.header]: [HOOK.token, HOOK.token] })).toBe(false);
  });

  it('refuses a forged (tampered) delivery sent without the subscription token', () => {
    const forged = JSON.stringify({ shipments: [{ id: '340434310428091799', status: { statusCode: 'delivered' } }] });
    expect(connector.verifyWebhook!(forged, { 'content-type': 'application/json' })).toBe(false);
    expect(connector.verifyWebhook!(forged, { [HOOK.header]: 'guess' })).toBe(false);
    // Header names are case-insensitive.
    expect(connector.verifyWebhook!(forged, { 'X-Shipdesk-DHL-Token': HOOK.token })).toBe(true);
  });

  it('reads no tracking numbers from a body that is not a push', () => {
    expect(connector.webhookTrackingNumbers!('not json')).toEqual([]);
    expect(connector.webhookTrackingNumbers!(Buffer.from('{"foo":1}'))).toEqual([]);
  });

  it('verifies nothing when no webhook token is configured', () => {
    const bare = createDhlConnector({
      baseUrl: sandbox.baseUrl('dhl'),
      apiKey: API_KEY,
      username: 'u',
      password: 'p',
      ekp: '3333333333',
    });
    expect(bare.verifyWebhook!('{}', { [HOOK.header]: HOOK.token })).toBe(false);
  });
});
