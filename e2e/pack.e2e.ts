import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, seriousA11yViolations, useBrowserStack } from './support';

/** A keyboard-wedge scanner types the code and presses Enter. */
async function scan(page: Page, code: string) {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

describe('scan-to-pack at the packing bench', () => {
  const env = useBrowserStack();

  it('packs an order by scanning alone: opens it, packs each unit, refuses wrong items, and closes with a label', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.goto(`${env.stack.url}/pack`);
    await page.getByRole('heading', { name: 'Packing station' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scan');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await scan(page, '#1001');
    const result = page.locator('.scan-result');
    await result.filter({ hasText: 'Opened order #1001' }).waitFor();

    await scan(page, 'NOT-A-SKU');
    await page.getByRole('alert').filter({ hasText: 'NOT-A-SKU is not on order #1001' }).waitFor();

    // Three mugs, scanned as fast as a scanner goes, then two T-shirts.
    for (const sku of ['MUG-ENAMEL-WHT', 'MUG-ENAMEL-WHT', 'MUG-ENAMEL-WHT']) await scan(page, sku);
    await result.filter({ hasText: '✓ MUG-ENAMEL-WHT: 3 of 3 in shipment 1' }).waitFor();
    await scan(page, 'MUG-ENAMEL-WHT');
    await page.getByRole('alert').filter({ hasText: 'All 3 of MUG-ENAMEL-WHT are packed already' }).waitFor();
    await scan(page, 'tee-org-m');
    await scan(page, 'TEE-ORG-M');
    await result.filter({ hasText: '✓ TEE-ORG-M: 2 of 2 in shipment 1' }).waitFor();
    expect(await page.locator('tr[data-sku="POSTER-A2-DUNES"] td[data-col="open"]').innerText()).toBe('1');

    await scan(page, 'CLOSE');
    await result.filter({ hasText: /Shipment 1 closed: PostNL label 3S\w+/ }).waitFor();
    const tracking = /label (3S\w+)/.exec(await result.innerText())![1]!;
    await page.getByRole('link', { name: `Print label ${tracking}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scan');

    const db = env.stack.database.db;
    const order = await db
      .selectFrom('orders')
      .select('id')
      .where('number', '=', '#1001')
      .where('shipment_count', '>', 0)
      .executeTakeFirstOrThrow();
    const shipments = await db
      .selectFrom('shipments')
      .select(['id', 'status', 'tracking_code'])
      .where('order_id', '=', order.id)
      .execute();
    expect(shipments).toEqual([{ id: expect.any(String), status: 'labelled', tracking_code: tracking }]);
    const packed = await db
      .selectFrom('shipment_lines')
      .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
      .select(['order_lines.sku', 'shipment_lines.quantity'])
      .where('shipment_lines.shipment_id', '=', shipments[0]!.id)
      .orderBy('order_lines.sku')
      .execute();
    expect(packed).toEqual([
      { sku: 'MUG-ENAMEL-WHT', quantity: 3 },
      { sku: 'TEE-ORG-M', quantity: 2 },
    ]);

    // The packing slip's barcode opens that shipment again.
    await scan(page, `SD-${shipments[0]!.id.slice(0, 8)}`);
    await result.filter({ hasText: 'Opened order #1001, shipment 1' }).waitFor();
    await page.close();
  });
});
