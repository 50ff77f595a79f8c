import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { OrderDetailSchema, type OrderDetail } from '@shipdesk/contract';
import type { ShopOrder } from '@shipdesk/shops';
import { createApp } from '../app';
import type { OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { testDatabases } from '../../test/databases';
import { makeMerchant } from '../../test/fixtures';
import { recordReliability } from '../../test/reliability-report';

const CLIENTS = 50;

function bigOrder(externalId: string, quantity: number): ShopOrder {
  return {
    externalId,
    number: `#${externalId}`,
    placedAt: '2026-11-20T10:00:00Z',
    customer: { name: 'Jan Jansen', email: 'jan@example.com' },
    shippingAddress: { name: 'Jan Jansen', street: 'Damrak 1', postalCode: '1012 LG', city: 'Amsterdam', country: 'NL' },
    lines: [
      { externalId: `${externalId}-a`, sku: 'CUP', name: 'Cup', quantity, priceCents: 900, weightGrams: 200 },
      { externalId: `${externalId}-b`, sku: 'SAUCER', name: 'Saucer', quantity: 3, priceCents: 500, weightGrams: 150 },
    ],
    shipments: [],
  };
}

describe.each(testDatabases())('concurrent changes to one order, on $name', ({ name, open }) => {
  let database: OpenDatabase;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let agent: ReturnType<typeof request.agent>;
  let merchantId: string;
  const report: string[] = [];

  beforeAll(async () => {
    database = await open();
    const app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const merchant = await makeMerchant(database.db, [bigOrder('race-1', 5), bigOrder('race-2', 20)]);
    merchantId = merchant.merchantId;
    agent = request.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
  });
  afterAll(async () => {
    recordReliability({ id: `1-concurrency-${name}`, title: `Concurrent allocation changes (${name})`, lines: report });
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await database?.close();
  });

  const orderId = async (externalId: string) =>
    (await database.db.selectFrom('orders').select('id').where('merchant_id', '=', merchantId).where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;

  /** Every line's quantity in shipments and on backorder, straight from the database. */
  async function allocatedPerLine(id: string) {
    const lines = await database.db.selectFrom('order_lines').select(['id', 'quantity']).where('order_id', '=', id).execute();
    const inShipments = await database.db
      .selectFrom('shipment_lines')
      .innerJoin('shipments', 'shipments.id', 'shipment_lines.shipment_id')
      .select(['shipment_lines.order_line_id as lineId', 'shipment_lines.quantity'])
      .where('shipments.order_id', '=', id)
      .execute();
    const backorder = await database.db.selectFrom('backorders').select(['order_line_id as lineId', 'quantity']).where('order_id', '=', id).execute();
    return lines.map((l) => ({
      quantity: l.quantity,
      allocated: [...inShipments, ...backorder].filter((x) => x.lineId === l.id).reduce((sum, x) => sum + x.quantity, 0),
    }));
  }

  it(`${CLIENTS} clients saving conflicting splits of the same version at once: one wins, the others get 409 with the current state`, async () => {
    const id = await orderId('race-1');
    const detail = (await agent.get(`/api/orders/${id}`)).body as OrderDetail;
    const [cup, saucer] = detail.lines;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        agent
          .put(`/api/orders/${id}/allocation`)
          .set('If-Match', `"v${detail.version}"`)
          .send({
            // Each client wants every cup in its own shipment, and some saucers on backorder.
            shipments: [{ key: `client-${i}`, lines: [{ lineId: cup!.id, quantity: 5 }] }],
            backorder: [{ lineId: saucer!.id, quantity: 1 + (i % 3) }],
          }),
      ),
    );
    const ms = Date.now() - started;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CLIENTS - 1);
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(OrderDetailSchema.parse(loser.body.current).version).toBe(detail.version + 1);
    }
    const per = await allocatedPerLine(id);
    expect(per.every((l) => l.allocated <= l.quantity)).toBe(true);
    const shipments = await database.db.selectFrom('shipments').select('id').where('order_id', '=', id).execute();
    expect(shipments).toHaveLength(1);
    report.push(`- ${CLIENTS} simultaneous saves of one order version (each putting all 5 cups in its own shipment): 1 × 200, ${CLIENTS - 1} × 409 each carrying the current order; 1 shipment in the database, no line over-allocated (${ms} ms for all ${CLIENTS}).`);
  });

  it(`${CLIENTS} clients each taking one unit, retrying on 409: exactly the available units are handed out, never more`, async () => {
    const id = await orderId('race-2');
    const counts = { saved: 0, conflicts: 0, refused: 0 };
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        for (let attempt = 0; attempt < 200; attempt++) {
          const detail = (await agent.get(`/api/orders/${id}`)).body as OrderDetail;
          const cup = detail.lines[0]!;
          const res = await agent
            .put(`/api/orders/${id}/allocation`)
            .set('If-Match', `"v${detail.version}"`)
            .send({
              shipments: [
                ...detail.shipments.map((s) => ({ key: s.id, lines: s.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })) })),
                { key: `unit-${i}`, lines: [{ lineId: cup.id, quantity: 1 }] },
              ],
              backorder: detail.backorder.map((b) => ({ lineId: b.lineId, quantity: b.quantity })),
            });
          if (res.status === 200) return void counts.saved++;
          if (res.status === 409) {
            counts.conflicts++;
            continue;
          }
          expect(res.status).toBe(422);
          expect(res.body.detail).toMatch(/Cup/);
          return void counts.refused++;
        }
        throw new Error('gave up after 200 attempts');
      }),
    );
    const ms = Date.now() - started;
    expect(counts.saved).toBe(20);
    expect(counts.refused).toBe(CLIENTS - 20);
    const per = await allocatedPerLine(id);
    expect(per[0]).toEqual({ quantity: 20, allocated: 20 });
    report.push(
      `- ${CLIENTS} clients racing for the 20 cups of one order, one unit each, re-reading and retrying on 409: ${counts.saved} saved, ${counts.conflicts} conflicts answered 409 and retried, ${counts.refused} refused with 422 ("nothing left"); exactly 20 cups allocated (${ms} ms).`,
    );
  });
});
