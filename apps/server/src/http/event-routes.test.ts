import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { OrderDetail, OrdersPage } from '@shipdesk/contract';
import { createApp } from '../app';
import { openDatabase, type OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { makeMerchant, sampleOrder } from '../../test/fixtures';

describe('live updates', () => {
  let database: OpenDatabase;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let url: string;

  beforeAll(async () => {
    database = await openDatabase({});
    const app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await database.close();
  });

  it("streams a merchant's changes to that merchant only", async () => {
    const a = await makeMerchant(database.db, [sampleOrder()]);
    const b = await makeMerchant(database.db, [sampleOrder()]);
    const login = async (m: typeof a) => {
      const res = await request(url).post('/api/session').send({ email: m.email, password: m.password });
      return res.headers['set-cookie']![0]!.split(';')[0]!;
    };
    const [cookieA, cookieB] = await Promise.all([login(a), login(b)]);

    const received: Record<string, string[]> = { a: [], b: [] };
    const listen = (cookie: string, into: string[]) =>
      new Promise<() => void>((resolve) => {
        const req = get(`${url}/api/events`, { headers: { cookie } }, (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => into.push(chunk));
          resolve(() => req.destroy());
        });
      });
    const stopA = await listen(cookieA, received.a!);
    const stopB = await listen(cookieB, received.b!);

    const agent = request.agent(url);
    await agent.post('/api/session').send({ email: a.email, password: a.password });
    const page = (await agent.get('/api/orders')).body as OrdersPage;
    const order = (await agent.get(`/api/orders/${page.items[0]!.id}`)).body as OrderDetail;
    const saved = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [], backorder: [{ lineId: order.lines[0]!.id, quantity: 1 }] });
    expect(saved.status).toBe(200);

    for (let i = 0; i < 50 && !received.a!.join('').includes('order.updated'); i++) await new Promise((r) => setTimeout(r, 20));
    stopA();
    stopB();
    expect(received.a!.join('')).toContain(`event: order.updated\ndata: {"type":"order.updated","orderId":"${order.id}"}`);
    expect(received.b!.join('')).not.toContain('order.updated');
    expect((await request(url).get('/api/events')).status).toBe(401);
  });
});
