import { describe, expect, it } from 'vitest';
import { card, column, drag, dragAll, logIn, useBrowserStack } from './support';

describe('splitting an order in the browser', () => {
  const env = useBrowserStack();

  it('drags lines into two shipments and a backorder, and the split survives a reload', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.getByRole('link', { name: '#1001', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1001' }).waitFor();

    // Shipment 1: two of the three mugs. Dragging part of a quantity asks how many.
    await page.getByRole('button', { name: '+ New shipment' }).click();
    await drag(page, card(page, 'Unassigned', 'MUG-ENAMEL-WHT'), column(page, 'Shipment 1'));
    const dialog = page.getByRole('dialog', { name: 'How many to move?' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Quantity').inputValue()).toBe('3');
    // On a loaded CI machine the first fill right after the dialog opens has twice been lost (the
    // field kept 3, with no remount of the dialog seen in any local run): type again until it shows.
    await expect
      .poll(async () => {
        await dialog.getByLabel('Quantity').fill('2');
        return dialog.getByLabel('Quantity').inputValue();
      })
      .toBe('2');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await page.getByText('Split saved.').waitFor();
    await column(page, 'Shipment 1').locator('[data-sku="MUG-ENAMEL-WHT"][data-quantity="2"]').waitFor();

    // Shipment 2: the last mug (no question: only one can go) and both T-shirts.
    await page.getByRole('button', { name: '+ New shipment' }).click();
    await drag(page, card(page, 'Unassigned', 'MUG-ENAMEL-WHT'), column(page, 'Shipment 2'));
    await card(page, 'Shipment 2', 'MUG-ENAMEL-WHT').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });
    await drag(page, card(page, 'Unassigned', 'TEE-ORG-M'), column(page, 'Shipment 2'));
    await dialog.getByRole('button', { name: 'Move' }).click();
    await card(page, 'Shipment 2', 'TEE-ORG-M').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });

    // The poster is out of stock: hold it on backorder. A slip of the hand first: into shipment 1,
    // undone with Ctrl+Z.
    await drag(page, card(page, 'Unassigned', 'POSTER-A2-DUNES'), column(page, 'Shipment 1'));
    await card(page, 'Shipment 1', 'POSTER-A2-DUNES').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('button', { name: '↶ Undo last change' }).isEnabled()).toBe(true);
    await page.waitForTimeout(100); // a person notices the slip before reaching for Ctrl+Z
    await page.keyboard.press('Control+z');
    await page.getByText('The last split change is undone.').waitFor();
    await card(page, 'Unassigned', 'POSTER-A2-DUNES').waitFor();
    expect(await card(page, 'Shipment 1', 'POSTER-A2-DUNES').count()).toBe(0);
    await drag(page, card(page, 'Unassigned', 'POSTER-A2-DUNES'), column(page, 'Backorder'));
    await card(page, 'Backorder', 'POSTER-A2-DUNES').waitFor();
    await page.getByText('saving…').waitFor({ state: 'detached' });

    await page.reload();
    await page.getByRole('heading', { name: 'Order #1001' }).waitFor();
    const texts = async (title: string) =>
      (await column(page, title).locator('.card').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await texts('Shipment 1')).toEqual(['MUG-ENAMEL-WHT Enamel mug, white × 2 of 3']);
    expect(await texts('Shipment 2')).toEqual([
      'MUG-ENAMEL-WHT Enamel mug, white × 1 of 3',
      'TEE-ORG-M Organic T-shirt, size M × 2',
    ]);
    expect(await texts('Backorder')).toEqual(['POSTER-A2-DUNES Poster A2 "Dunes" × 1']);
    await column(page, 'Unassigned').getByText('Everything is allocated.').waitFor();
    const open = await page.locator('.lines-table td[data-col="open"]').allInnerTexts();
    expect(open).toEqual(['0', '0', '0']);
    await page.close();
  });

  it('moves an item by keyboard alone', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await page.getByRole('link', { name: '#1002', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1002' }).waitFor();
    const first = column(page, 'Unassigned').locator('.card').first();
    const sku = await first.getAttribute('data-sku');
    await first.focus();
    await page.keyboard.press('Space');
    const live = page.locator('[id^="DndLiveRegion"]');
    await live.getByText(`${sku} is over Unassigned.`).waitFor({ state: 'attached' });
    // dnd-kit listens for the arrow keys from the next tick after pick-up; a person is never that fast.
    await page.waitForTimeout(100);
    await page.keyboard.press('ArrowRight');
    await live.getByText(`${sku} is over Backorder.`).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    // The first line of #1002 has three units: the board asks how many; Enter takes all three.
    const dialog = page.getByRole('dialog', { name: 'How many to move?' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Quantity').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await column(page, 'Backorder').locator(`[data-sku="${sku}"][data-quantity="3"]`).waitFor();
    await page.getByText('Split saved.').waitFor();
    await page.close();
  });

  it('shows the latest split and says why when someone else changed the order first', async () => {
    const context = await env.browser.newContext();
    const a = await context.newPage();
    await logIn(a, env.stack.url);
    await a.getByRole('link', { name: '#1003', exact: true }).click();
    await a.getByRole('heading', { name: 'Order #1003' }).waitFor();
    const b = await context.newPage();
    // Page b has lost its live-updates connection, so it does not hear of page a's change.
    await b.route('**/api/events', (route) => route.abort());
    await b.goto(a.url(), { waitUntil: 'domcontentloaded' });
    await b.getByRole('heading', { name: 'Order #1003' }).waitFor();

    await a.bringToFront();
    const sku = await column(a, 'Unassigned').locator('.card').first().getAttribute('data-sku');
    await dragAll(a, sku!, 'Unassigned', 'Backorder');
    await a.getByText('Split saved.').waitFor();

    // Page b still shows the old version; its change is refused and the board shows page a's split.
    await b.bringToFront();
    await b.getByRole('button', { name: '+ New shipment' }).click();
    await dragAll(b, sku!, 'Unassigned', 'Shipment 1');
    await b.getByRole('alert').filter({ hasText: 'Someone changed order #1003' }).waitFor();
    await card(b, 'Backorder', sku!).waitFor();
    expect(await column(b, 'Shipment 1').locator('.card').count()).toBe(0);
    await context.close();
  });
});

describe('live updates in the browser', () => {
  const env = useBrowserStack();

  it("shows another person's split without a reload", async () => {
    const context = await env.browser.newContext();
    // Page b watches the order; page a, opened last and so in front, changes it.
    const b = await context.newPage();
    await logIn(b, env.stack.url);
    await b.getByRole('link', { name: '#1004', exact: true }).click();
    await b.getByRole('heading', { name: 'Order #1004' }).waitFor();
    const a = await context.newPage();
    await a.goto(b.url(), { waitUntil: 'domcontentloaded' });
    await a.getByRole('heading', { name: 'Order #1004' }).waitFor();

    const sku = await column(a, 'Unassigned').locator('.card').first().getAttribute('data-sku');
    await dragAll(a, sku!, 'Unassigned', 'Backorder');
    await a.getByText('Split saved.').waitFor();
    await card(b, 'Backorder', sku!).waitFor();
    await context.close();
  });
});
