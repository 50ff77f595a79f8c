import { describe, expect, it } from 'vitest';
import { card, column, dragAll, logIn, seriousA11yViolations, useBrowserStack } from './support';

describe('backorders end to end', () => {
  const env = useBrowserStack();

  it('holds an out-of-stock item (in Shopify too), lists it per SKU, and releases it into a shipment ready to pack', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.getByRole('link', { name: '#1001', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1001' }).waitFor();
    await dragAll(page, 'POSTER-A2-DUNES', 'Unassigned', 'Backorder');
    await card(page, 'Backorder', 'POSTER-A2-DUNES').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });

    // The Shopify store holds the poster: its fulfillment order goes on hold, out of stock.
    const shop = env.stack.sandbox!.shopify.state;
    const order = shop.orderByName('#1001');
    const store = shop.shops.get('demo-store')!;
    const onHold = () =>
      order.fulfillmentOrderIds.map((id) => store.fulfillmentOrders.get(id)!).filter((fo) => fo.status === 'ON_HOLD');
    await expect.poll(() => onHold().length, { timeout: 10_000 }).toBe(1);
    expect(onHold()[0]!.holds[0]!.reason).toBe('INVENTORY_OUT_OF_STOCK');

    await page.getByRole('link', { name: 'Backorders' }).click();
    const group = page.getByRole('region', { name: /POSTER-A2-DUNES/ });
    await group.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await group
      .getByRole('button', { name: 'Stock arrived: release 1 POSTER-A2-DUNES of order #1001 into a new shipment' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Order #1001: 1 × POSTER-A2-DUNES is in shipment 1, ready to pack.' })
      .waitFor();
    await page.getByText('Nothing waits for stock').waitFor();
    await expect.poll(() => onHold().length, { timeout: 10_000 }).toBe(0);

    await page.goto(`${env.stack.url}/orders?q=%231001`);
    await page.getByRole('link', { name: '#1001', exact: true }).click();
    await card(page, 'Shipment 1', 'POSTER-A2-DUNES').waitFor();
    expect(await column(page, 'Backorder').locator('.card').count()).toBe(0);
    await page.close();
  });

  it("asks what to do with the rest once part of an order has shipped, as the shop's policy says", async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.goto(`${env.stack.url}/orders?q=%231010`);
    await page.getByRole('link', { name: '#1010', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1010' }).waitFor();
    const skus = await column(page, 'Unassigned').locator('.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-sku')!));
    expect(skus.length).toBeGreaterThan(1);
    await page.getByRole('button', { name: '+ New shipment' }).click();
    await dragAll(page, skus[0]!, 'Unassigned', 'Shipment 1');
    await card(page, 'Shipment 1', skus[0]!).waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });
    expect(await page.getByRole('region', { name: 'The rest of this order' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Mark shipped… Shipment 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark Shipment 1 as shipped' });
    await dialog.getByLabel('Tracking code').fill('3SASK0000000001');
    await dialog.getByRole('button', { name: 'Mark shipped' }).click();
    const ask = page.getByRole('region', { name: 'The rest of this order' });
    await ask.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await ask.getByRole('button', { name: 'Put the rest on backorder' }).click();
    for (const sku of skus.slice(1)) await card(page, 'Backorder', sku).waitFor();
    await ask.waitFor({ state: 'detached' });
    await page.close();
  });
});
