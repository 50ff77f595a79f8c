import { describe, expect, it } from 'vitest';
import { pdfText } from '@shipdesk/sandbox';
import { logIn, seriousA11yViolations, useBrowserStack } from './support';

describe('bulk labels in the browser', () => {
  const env = useBrowserStack();

  it('selects open shipments, creates their labels with a progress bar, and prints them as one PDF', async () => {
    // Three Shopify orders packed as one shipment each, as a packer would have split them.
    const db = env.stack.database.db;
    const orders = await db
      .selectFrom('orders')
      .select(['id', 'merchant_id'])
      .where('number', 'in', ['#1007', '#1008', '#1009'])
      .where('shipment_count', '=', 0)
      .execute();
    expect(orders).toHaveLength(3);
    for (const order of orders) {
      const shipment = await db
        .insertInto('shipments')
        .values({ merchant_id: order.merchant_id, order_id: order.id, number: 1, status: 'open' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const lines = await db.selectFrom('order_lines').select(['id', 'quantity']).where('order_id', '=', order.id).execute();
      await db
        .insertInto('shipment_lines')
        .values(lines.map((l) => ({ shipment_id: shipment.id, order_line_id: l.id, quantity: l.quantity })))
        .execute();
    }

    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.getByRole('link', { name: 'Shipments' }).click();
    await page.getByRole('heading', { name: 'Shipments' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('open');
    await page.waitForURL(/status=open/);
    // The unfiltered list stays on screen until the filtered one arrives: wait for the latter.
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 3 && !document.querySelector('[aria-busy="true"]'));
    expect(await page.locator('table tbody tr').count()).toBe(3);
    await page.getByRole('checkbox', { name: 'Select every open shipment on this page' }).check();
    await page.getByRole('button', { name: 'Create labels (3)' }).click();

    const dialog = page.getByRole('dialog', { name: 'Creating labels' });
    await dialog.getByText('Finished: 3 of 3 labels created').waitFor();
    expect(page.url()).toMatch(/dialog=batch&batch=/);
    expect(await dialog.locator('progress').getAttribute('value')).toBe('3');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const href = await dialog.getByRole('link', { name: 'Print all 3 labels' }).getAttribute('href');
    const merged = await page.request.get(`${env.stack.url}${href}`);
    const text = await pdfText(await merged.body());
    const tracking = await db.selectFrom('labels').select('tracking_number').where('status', '=', 'live').execute();
    expect(tracking).toHaveLength(3);
    for (const t of tracking) expect(text).toContain(t.tracking_number);
    await page.close();
  });
});
