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

    await page.goto(`${env.stack.url}/orders`);
    await page.getByRole('link', { name: '#1001', exact: true }).click();
    await card(page, 'Shipment 1', 'POSTER-A2-DUNES').waitFor();
    expect(await column(page, 'Backorder').locator('.card').count()).toBe(0);
    await page.close();
  });
});
