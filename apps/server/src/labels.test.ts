import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Label, OrderDetail, OrdersPage } from '@shipdesk/contract';
import { dhlSandbox, pdfText, postnlSandbox, startSandbox, type PostnlSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import type { OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import { createSecretBox, type SecretBox } from './security/secrets';
import { testDatabases } from '../test/databases';
import { addPostnlAccount, makeMerchant, sampleOrder } from '../test/fixtures';

describe.each(testDatabases())('labels on $name', ({ open }) => {
  let database: OpenDatabase;
  let app: Express;
  let secrets: SecretBox;
  let postnl: PostnlSandbox;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    postnl = postnlSandbox({ apiKey: 'test-key' });
    sandbox = await startSandbox([postnl, dhlSandbox({ apiKey: 'dhl-key' })]);
    database = await open();
    secrets = createSecretBox(randomBytes(32));
    app = createApp({ db: database.db, shops: { secrets, connectors: defaultConnectors } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
  });

  /** A merchant with a PostNL account, one order split into one open shipment; returns its id. */
  async function shipmentReady(address?: Partial<ReturnType<typeof sampleOrder>['shippingAddress']>) {
    const order = sampleOrder();
    order.shippingAddress = { ...order.shippingAddress, ...address };
    const merchant = await makeMerchant(database.db, [order]);
    await addPostnlAccount(database.db, secrets, merchant.merchantId, sandbox.baseUrl('postnl'), 'test-key');
    const agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const page = (await agent.get('/api/orders')).body as OrdersPage;
    const detail = (await agent.get(`/api/orders/${page.items[0]!.id}`)).body as OrderDetail;
    const split = await agent
      .put(`/api/orders/${detail.id}/allocation`)
      .set('If-Match', `"v${detail.version}"`)
      .send({ shipments: [{ key: 'n', lines: detail.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    return { agent, orderId: detail.id, shipmentId: (split.body as OrderDetail).shipments[0]!.id };
  }

  it("tells the split suggestion the weight limit of the carrier's product for the address", async () => {
    const { agent, orderId } = await shipmentReady();
    expect(((await agent.get(`/api/orders/${orderId}`)).body as OrderDetail).parcelLimit).toEqual({ carrier: 'PostNL', product: '3085', productName: 'PostNL standard parcel (NL)', maxWeightGrams: 30_000 });
    const abroad = await shipmentReady({ country: 'DE', postalCode: '10115', city: 'Berlin' });
    expect(((await abroad.agent.get(`/api/orders/${abroad.orderId}`)).body as OrderDetail).parcelLimit).toMatchObject({ product: '4944', maxWeightGrams: 20_000 });
  });

  /** A label purchase that died mid-way: still "pending", last touched ten minutes ago. */
  async function diedMidPurchase(shipmentId: string, key: string, trackingNumber: string | null) {
    const shipment = await database.db.selectFrom('shipments').select('merchant_id').where('id', '=', shipmentId).executeTakeFirstOrThrow();
    const account = await database.db.selectFrom('carrier_accounts').select('id').where('merchant_id', '=', shipment.merchant_id).executeTakeFirstOrThrow();
    await database.db
      .insertInto('labels')
      .values({ merchant_id: shipment.merchant_id, shipment_id: shipmentId, carrier_account_id: account.id, carrier: 'postnl', status: 'pending', idempotency_key: key, format: 'A6', tracking_number: trackingNumber, pdf: null, error: null, updated_at: new Date(Date.now() - 10 * 60_000) })
      .execute();
  }

  it('finishes a purchase that died before PostNL was asked for the label, under the same barcode, and never buys twice', async () => {
    // Died after reserving nothing: the label was never asked for, so it is simply bought.
    const a = await shipmentReady();
    await diedMidPurchase(a.shipmentId, 'died-a', null);
    const first = await a.agent.post(`/api/shipments/${a.shipmentId}/label`).set('Idempotency-Key', 'died-a').send({});
    expect(first.status).toBe(201);
    expect(parcelsFor((first.body as Label).trackingNumber!)).toHaveLength(1);

    // Died after reserving a barcode PostNL has no parcel for: bought with that same barcode.
    const b = await shipmentReady();
    await diedMidPurchase(b.shipmentId, 'died-b', '3SDEVC123456789');
    const second = await b.agent.post(`/api/shipments/${b.shipmentId}/label`).set('Idempotency-Key', 'died-b').send({});
    expect(second.status).toBe(201);
    expect((second.body as Label).trackingNumber).toBe('3SDEVC123456789');
    expect(parcelsFor('3SDEVC123456789')).toHaveLength(1);

    // Died after PostNL made the parcel: not bought again; a person is told which parcel it is.
    const c = await shipmentReady();
    await diedMidPurchase(c.shipmentId, 'died-c', '3SDEVC123456789');
    const third = await c.agent.post(`/api/shipments/${c.shipmentId}/label`).set('Idempotency-Key', 'died-c').send({});
    expect((third.body as Label).status).toBe('failed');
    expect((third.body as Label).error).toMatch(/after the carrier made parcel 3SDEVC123456789/);
    expect(parcelsFor('3SDEVC123456789')).toHaveLength(1);
  });

  const parcelsFor = (barcode: string) => postnl.parcels().filter((p) => p.barcode === barcode);

  it('buys a label with a tracking number, serves its PDF, and answers the same label to a retry', async () => {
    const { agent, orderId, shipmentId } = await shipmentReady();
    expect((await agent.post(`/api/shipments/${shipmentId}/label`).send({})).status).toBe(428);
    const key = randomUUID();
    const res = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', key).send({ format: 'A6' });
    expect(res.status).toBe(201);
    const label = res.body as Label;
    expect(label).toMatchObject({ status: 'live', carrier: 'PostNL', format: 'A6' });
    expect(label.trackingNumber).toMatch(/^3SDEVC\d{9}$/);
    expect(parcelsFor(label.trackingNumber!)).toHaveLength(1);
    expect(parcelsFor(label.trackingNumber!)[0]!.weightGrams).toBe(200 + 3 * 320 + 2 * 180 + 150);

    const pdf = await agent.get(`/api/shipments/${shipmentId}/label.pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.body as Buffer)).toContain(label.trackingNumber);

    const again = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', key).send({ format: 'A6' });
    expect(again.status).toBe(200);
    expect((again.body as Label).id).toBe(label.id);
    const other = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain(label.trackingNumber);
    expect(postnl.parcels().filter((p) => p.reference === label.trackingNumber || p.barcode === label.trackingNumber)).toHaveLength(1);

    const order = (await agent.get(`/api/orders/${orderId}`)).body as OrderDetail;
    // The split was a plan until now; with a label bought it can no longer be undone.
    expect(order.canUndo).toBe(false);
    const undo = await agent.post(`/api/orders/${orderId}/undo`).set('If-Match', `"v${order.version}"`).send({});
    expect(undo.status).toBe(409);
    expect(undo.body.detail).toMatch(/label was bought/);
    expect(order.shipments[0]).toMatchObject({ status: 'labelled', trackingCode: label.trackingNumber, carrier: 'PostNL', label: { id: label.id, status: 'live' } });
    // A labelled shipment's items are locked on the board.
    const move = await agent.put(`/api/orders/${orderId}/allocation`).set('If-Match', `"v${order.version}"`).send({ shipments: [], backorder: [] });
    expect(move.status).toBe(422);
  });

  it('buys one label when two requests for the same shipment race', async () => {
    const { agent, shipmentId } = await shipmentReady();
    const before = postnl.parcels().length;
    const results = await Promise.all([1, 2, 3].map(() => agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({})));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(postnl.parcels().length - before).toBe(1);
    const rows = await database.db.selectFrom('labels').select('status').where('shipment_id', '=', shipmentId).execute();
    expect(rows.filter((r) => r.status === 'live')).toHaveLength(1);
  });

  it("explains the carrier's refusal, keeps the shipment open, and lets a corrected retry through", async () => {
    const { agent, orderId, shipmentId } = await shipmentReady({ postalCode: '' });
    const res = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/^The carrier did not make the label: PostNL: /);
    expect(res.body.current.status).toBe('failed');
    const order = (await agent.get(`/api/orders/${orderId}`)).body as OrderDetail;
    expect(order.shipments[0]!.status).toBe('open');
    expect(order.shipments[0]!.label).toMatchObject({ status: 'failed' });

    await database.db.updateTable('orders').set({ shipping_address: { name: 'Sanne de Vries', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' } }).where('id', '=', orderId).execute();
    const retry = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(retry.status).toBe(201);
  });

  it('cancels a label so the shipment can get a new one', async () => {
    const { agent, shipmentId } = await shipmentReady();
    const first = (await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({})).body as Label;
    expect((await agent.delete(`/api/shipments/${shipmentId}/label`)).status).toBe(204);
    expect((await agent.get(`/api/shipments/${shipmentId}/label.pdf`)).status).toBe(404);
    const second = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(second.status).toBe(201);
    expect((second.body as Label).trackingNumber).not.toBe(first.trackingNumber);
    const events = ((await agent.get(`/api/shipments/${shipmentId}`)).body as { events: { type: string }[] }).events.map((e) => e.type);
    expect(events).toEqual(['created', 'label_created', 'label_cancelled', 'label_created']);
  });

  it('sends customs data for a shipment outside the EU, and says which items lack it', async () => {
    const { agent, orderId, shipmentId } = await shipmentReady({ street: '350 Fifth Avenue', postalCode: '10118', city: 'New York', country: 'US' });
    const refused = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/customs needs an HS code .* for MUG, TEE, POSTER/);

    await database.db.updateTable('order_lines').set({ hs_code: '732393', origin_country: 'PT' }).where('order_id', '=', orderId).execute();
    const res = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({});
    expect(res.status).toBe(201);
    const parcel = parcelsFor((res.body as Label).trackingNumber!)[0]!;
    expect(JSON.stringify(parcel.shipment)).toContain('732393');
  });

  it('prints the packing slip of a shipment, and many labels or slips as one PDF', async () => {
    const first = await shipmentReady();
    const second = await shipmentReady();
    const bin = (r: request.Request) =>
      r.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const slip = await bin(first.agent.get(`/api/shipments/${first.shipmentId}/packing-slip.pdf`));
    expect(slip.status).toBe(200);
    const text = await pdfText(slip.body as Buffer);
    expect(text).toContain('#o-1');
    expect(text).toMatch(/MUG[\s\S]*TEE[\s\S]*POSTER/);

    const labels: string[] = [];
    for (const { agent, shipmentId } of [first, second]) {
      const label = (await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({})).body as Label;
      labels.push(label.trackingNumber!);
    }
    // Each merchant prints only their own: the other's shipment is skipped and counted as missing.
    const merged = await bin(first.agent.get('/api/documents/labels.pdf').query({ shipments: `${first.shipmentId},${second.shipmentId}` }));
    expect(merged.status).toBe(200);
    expect(merged.headers['x-shipdesk-missing']).toBe('1');
    const mergedText = await pdfText(merged.body as Buffer);
    expect(mergedText).toContain(labels[0]);
    expect(mergedText).not.toContain(labels[1]);
    expect((await first.agent.get('/api/documents/labels.pdf').query({ shipments: 'nope' })).status).toBe(400);
  });

  it('buys from the carrier account asked for: a DHL label with its own shipment number', async () => {
    const { agent, shipmentId } = await shipmentReady();
    const merchantId = (await database.db.selectFrom('shipments').select('merchant_id').where('id', '=', shipmentId).executeTakeFirstOrThrow()).merchant_id;
    const dhl = await database.db
      .insertInto('carrier_accounts')
      .values({
        merchant_id: merchantId,
        carrier: 'dhl',
        name: 'DHL',
        base_url: sandbox.baseUrl('dhl'),
        credentials_encrypted: secrets.seal({ apiKey: 'dhl-key', username: 'user-valid', password: 'SandboxPasswort2023!', ekp: '3333333333' }),
        sender: { name: 'Lager', street: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DE' },
        default_product: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({ carrierAccountId: dhl.id, format: 'A4' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ carrier: 'DHL', format: 'A4' });
    expect((res.body as Label).trackingNumber).toMatch(/^\d{18}$/);
    // DHL can void a label: cancelling calls DHL, and the shipment is open again.
    expect((await agent.delete(`/api/shipments/${shipmentId}/label`)).status).toBe(204);
    const events = ((await agent.get(`/api/shipments/${shipmentId}`)).body as { events: { type: string; message: string }[] }).events;
    expect(events.at(-1)).toMatchObject({ type: 'label_cancelled', message: 'Label cancelled with the carrier' });
  });
});
