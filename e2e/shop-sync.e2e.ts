import { describe, expect, it } from 'vitest';
import { card, column, drag, dragAll, logIn, seriousA11yViolations, useBrowserStack } from './support';

describe('a Shopify order split in the browser reaches the shop as two fulfillments', () => {
  const env = useBrowserStack();

  it('splits #1001, ships both shipments with their own tracking codes, and the sandbox shop has both fulfillments', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.getByRole('link', { name: '#1001', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1001' }).waitFor();
    await page.getByText('in Shopify a shipment is a fulfillment').waitFor();

    await page.getByRole('button', { name: '+ New shipment' }).click();
    await dragAll(page, 'MUG-ENAMEL-WHT', 'Unassigned', 'Shipment 1');
    await card(page, 'Shipment 1', 'MUG-ENAMEL-WHT').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '+ New shipment' }).click();
    await drag(page, card(page, 'Unassigned', 'TEE-ORG-M'), column(page, 'Shipment 2'));
    await page.getByRole('dialog', { name: 'How many to move?' }).getByRole('button', { name: 'Move' }).click();
    await card(page, 'Shipment 2', 'TEE-ORG-M').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });
    await dragAll(page, 'POSTER-A2-DUNES', 'Unassigned', 'Backorder');
    await card(page, 'Backorder', 'POSTER-A2-DUNES').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });

    for (const [title, code] of [
      ['Shipment 1', '3SSHOP000000001'],
      ['Shipment 2', '3SSHOP000000002'],
    ] as const) {
      await page.getByRole('button', { name: `Mark shipped… ${title}` }).click();
      const dialog = page.getByRole('dialog', { name: `Mark ${title} as shipped` });
      await dialog.waitFor();
      expect(page.url()).toMatch(/dialog=ship/);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await dialog.getByLabel('Tracking code').fill(code);
      await dialog.getByRole('button', { name: 'Mark shipped' }).click();
      await dialog.waitFor({ state: 'detached' });
      await column(page, title).getByText('Shop updated (fulfillment)').waitFor();
    }

    const shop = env.stack.sandbox!.shopify.state;
    const order = shop.orderByName('#1001');
    const store = shop.shops.get('demo-store')!;
    const fulfillments = order.fulfillmentIds.map((id) => store.fulfillments.get(id)!);
    const skuOf = (lineItemId: number) => order.lineItems.find((l) => l.id === lineItemId)!.product.sku;
    const seen = fulfillments
      .map((f) => ({
        tracking: f.tracking.map((t) => t.number),
        items: f.lineItems.map((l) => `${skuOf(l.lineItemId)}×${l.quantity}`),
      }))
      .sort((a, b) => a.tracking[0]!.localeCompare(b.tracking[0]!));
    expect(seen).toEqual([
      { tracking: ['3SSHOP000000001'], items: ['MUG-ENAMEL-WHT×3'] },
      { tracking: ['3SSHOP000000002'], items: ['TEE-ORG-M×2'] },
    ]);

    // Support's view of one shipment: the whole history, with what the shop was told.
    await column(page, 'Shipment 2').getByRole('link', { name: 'History of Shipment 2' }).click();
    await page.getByRole('heading', { name: 'Shipment 2 of order #1001' }).waitFor();
    const timeline = page.getByRole('list', { name: 'Everything that happened to this shipment' });
    await timeline.getByText('Shipment created by a split').waitFor();
    await timeline.getByText('Shipped with PostNL, tracking 3SSHOP000000002').waitFor();
    await timeline.getByText('Created the shipment in Demo Shopify store').waitFor();
    await page.close();
  });
});
