/**
 * Labels: N labels (PDF with a Code 128 barcode) bought through the real bulk job — startLabelBatch
 * writes one durable job per shipment, the server's job worker runs each through createLabel, the
 * PostNL connector and the PostNL sandbox, which renders the PDF, and the label is stored — against
 * rendering the same PDFs with the same code (the sandbox's generateLabelPdf) in a bare loop.
 */
import { generateLabelPdf, postnlSandbox, startSandbox } from '@shipdesk/sandbox';
import { openDatabase } from '../apps/server/src/db/database';
import { createWorker } from '../apps/server/src/jobs/handlers';
import { startLabelBatch } from '../apps/server/src/use-cases/label-batch';
import { log, nowMs, type DbKind, type Figure } from './lib';
import { benchMerchant, benchServices, insertChunked } from './setup';

export interface LabelsOptions {
  db: DbKind;
  databaseUrl?: string;
  labels: number;
}

const SENDER = { name: 'Warehouse', street: 'Siriusdreef 42', postalCode: '2132WT', city: 'Hoofddorp', country: 'NL' };

export async function benchLabels(options: LabelsOptions): Promise<Figure[]> {
  const postnl = postnlSandbox({ apiKey: 'bench-key' });
  const sandbox = await startSandbox([postnl]);
  const database = await openDatabase({ url: options.databaseUrl });
  const db = database.db;
  const services = benchServices();
  const worker = createWorker(db, services, { pollMs: 20, batch: 25, baseBackoffMs: 200 });
  try {
    const { merchantId, userId, integrationId } = await benchMerchant(db, services, { name: 'Labels bench shop', baseUrl: 'http://127.0.0.1:9/shopify/bench' });
    await db
      .insertInto('carrier_accounts')
      .values({
        merchant_id: merchantId,
        carrier: 'postnl',
        name: 'PostNL',
        base_url: sandbox.baseUrl('postnl'),
        credentials_encrypted: services.secrets.seal({ apiKey: 'bench-key', customerCode: 'DEVC', customerNumber: '11223344' }),
        sender: SENDER,
        default_product: null,
      })
      .execute();
    const n = options.labels;
    const receiver = (i: number) => ({ name: `Customer ${i}`, street: `Keizersgracht ${1 + (i % 300)}`, postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' });
    await insertChunked(
      db,
      'orders',
      Array.from({ length: n }, (_, i) => ({
        merchant_id: merchantId,
        integration_id: integrationId,
        external_id: `label-${i}`,
        number: `#L${10000 + i}`,
        customer_name: `Customer ${i}`,
        customer_email: `c${i}@example.com`,
        shipping_address: receiver(i),
        country: 'NL',
        placed_at: new Date(Date.UTC(2026, 10, 1, 0, i)),
        fulfilment_status: 'unfulfilled' as const,
        item_count: 2,
        shipment_count: 1,
      })),
    );
    const orders = await db.selectFrom('orders').select(['id', 'number']).where('merchant_id', '=', merchantId).orderBy('placed_at').execute();
    await insertChunked(
      db,
      'order_lines',
      orders.map((o, i) => ({ order_id: o.id, external_id: `label-${i}-1`, position: 1, sku: 'MUG', name: 'Mug', quantity: 2, unit_price_cents: 1450, unit_weight_grams: 320 })),
    );
    await insertChunked(
      db,
      'shipments',
      orders.map((o) => ({ merchant_id: merchantId, order_id: o.id, number: 1, status: 'open' as const })),
    );
    const shipments = await db.selectFrom('shipments').select(['id', 'order_id']).where('merchant_id', '=', merchantId).execute();
    const lineOf = new Map((await db.selectFrom('order_lines').select(['id', 'order_id']).where('order_id', 'in', orders.map((o) => o.id)).execute()).map((l) => [l.order_id, l.id]));
    await insertChunked(
      db,
      'shipment_lines',
      shipments.map((s) => ({ shipment_id: s.id, order_line_id: lineOf.get(s.order_id)!, quantity: 2 })),
    );
    const byOrder = new Map(shipments.map((s) => [s.order_id, s.id]));
    const shipmentIds = orders.map((o) => byOrder.get(o.id)!);

    // Warm-up of the PDF code path (fonts, bwip-js), so neither side pays it.
    await generateLabelPdf({ format: 'A6', carrier: 'PostNL', trackingNumber: '3SWARM000000', sender: SENDER, receiver: receiver(0), weightGrams: 840, reference: 'warm' });

    log(`labels/${options.db}: ${n} labels through the bulk job…`);
    const started = nowMs();
    const batchId = await startLabelBatch(db, { merchantId, userId, shipmentIds, format: 'A6' });
    if (!batchId) throw new Error('The label batch did not start');
    await worker.drain(100_000);
    const jobMs = nowMs() - started;
    const done = await db.selectFrom('label_batch_items').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('batch_id', '=', batchId).groupBy('status').execute();
    const doneCount = Number(done.find((d) => d.status === 'done')?.n ?? 0);
    const stored = await db.selectFrom('labels').select((eb) => eb.fn.countAll<number>().as('n')).where('merchant_id', '=', merchantId).where('status', '=', 'live').where('pdf', 'is not', null).executeTakeFirstOrThrow();

    log(`labels/${options.db}: the same ${n} PDFs in a bare loop…`);
    const bareStart = nowMs();
    for (let i = 0; i < n; i++) {
      await generateLabelPdf({
        format: 'A6',
        carrier: 'PostNL',
        trackingNumber: `3SDEVC${String(100000000 + i)}`,
        sender: SENDER,
        receiver: receiver(i),
        weightGrams: 840,
        product: '3085 Standard shipment',
        reference: `L${10000 + i}-1`,
      });
    }
    const bareMs = nowMs() - bareStart;
    const ratio = jobMs / bareMs;
    log(`labels/${options.db}: job ${(jobMs / 1000).toFixed(1)} s (${doneCount} done, ${stored.n} PDFs stored) vs bare ${(bareMs / 1000).toFixed(1)} s = ${ratio.toFixed(2)}×`);
    return [
      {
        bench: 'labels',
        db: options.db,
        what: `${n.toLocaleString('en')} labels (PDF + barcode) through the bulk job, per label`,
        value: jobMs / n,
        unit: 'ms',
        baseline: { what: 'same PDFs in a bare loop, per label', value: bareMs / n, unit: 'ms' },
        ratio,
        target: { text: '≤ 1.5×', met: ratio <= 1.5 && doneCount === n },
        note: `${doneCount}/${n} done, ${Number(stored.n)} PDFs stored; ${(jobMs / 1000).toFixed(1)} s vs ${(bareMs / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    await worker.stop();
    await sandbox.close();
    await database.close();
  }
}
