import type { AllocationRequest, OrderDetail, OrdersPage } from '@shipdesk/contract';
import type request from 'supertest';
import type { Worker } from '../src/jobs/worker';

type Agent = ReturnType<typeof request.agent>;

/** The first order in the agent's orders list, in full. */
export async function firstOrder(agent: Agent): Promise<OrderDetail> {
  const page = (await agent.get('/api/orders')).body as OrdersPage;
  return (await agent.get(`/api/orders/${page.items[0]!.id}`)).body as OrderDetail;
}

/** Saves a split of the order at the version it was read at; returns the saved order. */
export async function saveSplit(agent: Agent, order: OrderDetail, split: AllocationRequest): Promise<OrderDetail> {
  const res = await agent.put(`/api/orders/${order.id}/allocation`).set('If-Match', `"v${order.version}"`).send(split);
  if (res.status !== 200) throw new Error(`Saving the split answered ${res.status}: ${res.text}`);
  return res.body as OrderDetail;
}

/** Every item of the order in one shipment. */
export const wholeOrder = (order: OrderDetail): AllocationRequest => ({
  shipments: [{ key: 'all', lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }],
  backorder: [],
});

/**
 * One of everything a route can take an id of, for the merchant behind `agent`: an order split
 * into a shipment (first line, one unit) and a backorder (second line, one unit), and a label batch.
 */
export async function oneOfEach(agent: Agent): Promise<{ order: OrderDetail; shipmentId: string; batchId: string }> {
  const order = await firstOrder(agent);
  const split = await saveSplit(agent, order, {
    shipments: [{ key: 'n', lines: [{ lineId: order.lines[0]!.id, quantity: 1 }] }],
    backorder: [{ lineId: order.lines[1]!.id, quantity: 1 }],
  });
  const batch = await agent.post('/api/label-batches').send({ shipmentIds: [split.shipments[0]!.id] });
  return { order, shipmentId: split.shipments[0]!.id, batchId: (batch.body as { id: string }).id };
}

/** Runs the worker until `done` says so; fails after `maxMs`. */
export async function drainUntil(worker: Worker, done: () => Promise<boolean>, what: string, maxMs = 20_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    await worker.drain();
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
