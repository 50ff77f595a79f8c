import { describe, expect, it } from 'vitest';
import { logIn, seriousA11yViolations, useBrowserStack } from './support';

/** The orders in the DOM: only the rendered rows (the spacer rows stand in for the rest). */
const ROWS = 'table tbody tr[data-index]';

describe('the orders overview at scale, bulk selection, and Dutch', () => {
  const env = useBrowserStack();

  it('scrolls through hundreds of orders, loading later pages as it goes, with few rows in the DOM', async () => {
    // 600 more orders for the demo merchant, older than the demo's own, in one insert.
    const db = env.stack.database.db;
    const shop = await db
      .selectFrom('orders')
      .select(['merchant_id', 'integration_id'])
      .where('number', '=', '#1001')
      .executeTakeFirstOrThrow();
    const start = Date.now() - 3 * 86_400_000;
    await db
      .insertInto('orders')
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          merchant_id: shop.merchant_id,
          integration_id: shop.integration_id,
          external_id: `scroll-test-${i}`,
          number: `#${50000 + i}`,
          customer_name: `Scroll Customer ${i}`,
          customer_email: `scroll${i}@example.com`,
          shipping_address: {
            name: `Scroll Customer ${i}`,
            street: 'Damrak 1',
            postalCode: '1012 LG',
            city: 'Amsterdam',
            country: 'NL',
          },
          country: 'NL',
          placed_at: new Date(start - i * 60_000),
          fulfilment_status: 'unfulfilled' as const,
          item_count: 1,
        })),
      )
      .execute();
    const total = Number(
      (
        await db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('merchant_id', '=', shop.merchant_id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBeGreaterThan(600);

    const context = await env.browser.newContext();
    const page = await context.newPage();
    await logIn(page, env.stack.url);
    const status = page.getByRole('status').getByText(/orders loaded$/);
    await status.getByText(`100 of ${total} orders loaded`).waitFor();
    expect(await page.getByRole('table').getAttribute('aria-rowcount')).toBe(String(total + 1));

    // Scroll down, as a person does with the wheel, to the end of the list.
    const scroller = page.locator('.orders-scroll');
    await scroller.hover();
    const reached = async () => {
      const text = await status.innerText();
      return Number((text.match(/^All ([\d,]+)|^([\d,]+) of/)?.slice(1).find(Boolean) ?? '0').replace(/,/g, ''));
    };
    for (let i = 0; i < 60 && (await reached()) < total; i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(100);
    }
    await status.getByText(`All ${total} orders loaded`).waitFor();
    // The DOM holds the rows in view and a margin, not the hundreds loaded.
    const rendered = await page.locator(ROWS).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);
    const indexes = (
      await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))))
    ).sort((a, b) => a - b);
    expect(indexes[0]).toBeGreaterThan(500);
    // And the page keeps only the pages near the view (five of 100): the first ones were let go.
    const selectAllLabel = await page.getByRole('checkbox', { name: /^Select all [\d,]+ loaded orders$/ }).getAttribute('aria-label');
    const kept = Number(selectAllLabel!.replace(/\D+/g, ''));
    expect(kept).toBeLessThanOrEqual(500);
    expect(kept).toBeGreaterThan(total - 500);
    // A packer elsewhere puts a whole order on backorder while this list is deep down: the
    // tabs' counts follow (asked for on their own, the first page being let go), and the list
    // refetches only the pages it keeps, not every page scrolled past.
    const awaiting = page.getByRole('link', { name: /^Awaiting stock \d+$/ });
    const awaitingBefore = Number((await awaiting.innerText()).replace(/\D+/g, ''));
    const target = await db
      .selectFrom('orders')
      .select('orders.id')
      .where('orders.merchant_id', '=', shop.merchant_id)
      .where('orders.fulfilment_status', '=', 'unfulfilled')
      .where('orders.number', '!=', '#1007')
      .where((eb) => eb.exists(eb.selectFrom('order_lines').select('order_lines.id').whereRef('order_lines.order_id', '=', 'orders.id')))
      .executeTakeFirstOrThrow();
    const requested: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/orders' || url.pathname === '/api/orders/counts') requested.push(url);
    });
    const asked = (path: string) => requested.filter((url) => url.pathname === path);
    const detail = await page.request.get(`${env.stack.url}/api/orders/${target.id}`);
    const lines = ((await detail.json()) as { lines: { id: string; quantity: number }[] }).lines;
    const saved = await page.request.put(`${env.stack.url}/api/orders/${target.id}/allocation`, {
      headers: { 'If-Match': detail.headers().etag! },
      data: { shipments: [], backorder: lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) },
    });
    expect(saved.status()).toBe(200);
    await page.getByRole('link', { name: `Awaiting stock ${awaitingBefore + 1}` }).waitFor();
    await expect.poll(() => page.locator('.orders-scroll').getAttribute('aria-busy')).toBe('false');
    expect(asked('/api/orders/counts').length).toBeGreaterThanOrEqual(1);
    expect(asked('/api/orders').length).toBeGreaterThanOrEqual(1);
    // (More than one refresh may come: the shop is told of the backorder too. None starts again
    // from the first page, as a list refetching every page scrolled past would.)
    expect(asked('/api/orders').filter((url) => !url.searchParams.has('cursor') && !url.searchParams.has('offset'))).toEqual([]);
    await status.getByText(`All ${total} orders loaded`).waitFor();

    // Another tab, from deep in the list: it starts at its own first page, and says how far it has
    // loaded (not how far the list it came from had); back again, the list is where it was.
    await page.getByRole('link', { name: /^Unfulfilled \d+$/ }).click();
    const unfulfilled = Number((await page.getByRole('link', { name: /^Unfulfilled \d+$/ }).innerText()).replace(/\D+/g, ''));
    await status.getByText(unfulfilled > 100 ? `100 of ${unfulfilled} orders loaded` : `All ${unfulfilled} orders loaded`).waitFor();
    expect(await page.locator(ROWS).first().getAttribute('aria-rowindex')).toBe('2');
    await page.goBack();
    await status.getByText(`All ${total} orders loaded`).waitFor();
    expect(Number(await page.locator(ROWS).first().getAttribute('aria-rowindex'))).toBeGreaterThan(500);

    // Back up a little, to orders still loaded.
    await page.mouse.wheel(0, -3000);
    // The wheel scrolls smoothly: wait until it has come to rest.
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const el = document.querySelector('.orders-scroll')!;
          const top = el.scrollTop;
          setTimeout(() => resolve(el.scrollTop === top), 250);
        }),
    );
    // A later order is on screen, with its link.
    const later = page.locator(ROWS).nth(5);
    expect(Number(await later.getAttribute('aria-rowindex'))).toBeGreaterThan(400);
    const number = await later.locator('td:nth-child(2) a').innerText();
    await page.getByRole('link', { name: number, exact: true }).waitFor();

    // Open that order and come back: the list is where it was.
    await page.getByRole('link', { name: number, exact: true }).click();
    await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: number, exact: true }).waitFor();
    expect(await page.locator(ROWS).count()).toBeLessThan(80);

    // A Ctrl-click on the link leaves this tab where it is and opens the order in a new one, as
    // links do; a click anywhere else on the row opens the order in the app, without a page load.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const newTab = page.context().waitForEvent('page');
    await page.getByRole('link', { name: number, exact: true }).click({ modifiers: ['Control'] });
    const opened = await newTab;
    await opened.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await opened.close();
    expect(new URL(page.url()).pathname).toBe('/orders');
    await page.locator(ROWS).filter({ has: page.getByRole('link', { name: number, exact: true }) }).locator('td:nth-child(4)').click();
    await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.goBack();
    await page.getByRole('link', { name: number, exact: true }).waitFor();

    // The keyboard: Home goes to the first order, the arrows move row by row. The first pages
    // were let go: the list jumps back to its first page, and the first order gets the focus.
    const link = page.getByRole('link', { name: number, exact: true });
    await link.focus();
    const newest = await db
      .selectFrom('orders')
      .select('number')
      .where('merchant_id', '=', shop.merchant_id)
      .orderBy('placed_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // The first try fails (the server answers 503 once): the list says why, with a retry.
    let failed = false;
    await page.route(/\/api\/orders\?/, async (route) => {
      if (failed) return route.continue();
      failed = true;
      return route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Shipdesk is restarting.' }),
      });
    });
    requested.length = 0;
    await page.keyboard.press('Home');
    await page.getByRole('alert').filter({ hasText: 'Could not load more orders: Shipdesk is restarting.' }).getByRole('button', { name: 'Try again' }).click();
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') === '2', undefined, { timeout: 15_000 });
    await page.unroute(/\/api\/orders\?/);
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).toBe(newest.number);
    // Each try in one request, for the first page, not one per page on the way up.
    expect(asked('/api/orders').map((url) => url.searchParams.get('cursor'))).toEqual([null, null]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') === '4');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
    expect(await page.evaluate(() => document.activeElement?.textContent)).not.toBe(first);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('selects orders, shows the bulk bar, and buys labels for their ready shipments in one batch', async () => {
    // #1007 has been split into one open shipment with all its items, as a packer would have.
    const db = env.stack.database.db;
    const order = await db
      .selectFrom('orders')
      .select(['id', 'merchant_id'])
      .where('number', '=', '#1007')
      .executeTakeFirstOrThrow();
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

    const context = await env.browser.newContext();
    const page = await context.newPage();
    await logIn(page, env.stack.url);
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('0 selected').waitFor();

    // Select all loaded, then clear.
    const selectAll = page.getByRole('checkbox', { name: /^Select all \d+ loaded orders$/ });
    const loadedCount = Number((await selectAll.getAttribute('aria-label'))!.replace(/\D+/g, ''));
    await selectAll.check();
    await bar.getByText(`${loadedCount} selected`).waitFor();
    expect(await page.locator(`${ROWS}.selected`).count()).toBe(await page.locator(ROWS).count());
    expect(await seriousA11yViolations(page)).toEqual([]);
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    await bar.getByText('0 selected').waitFor();

    // One row, and a range with shift-click.
    const boxes = page.locator(`${ROWS} input[type="checkbox"]`);
    await boxes.nth(1).check();
    await boxes.nth(4).click({ modifiers: ['Shift'] });
    await bar.getByText('4 selected').waitFor();
    await bar.getByRole('button', { name: 'Clear selection' }).click();

    await page.goto(`${env.stack.url}/orders?q=%231007`);
    await page.getByRole('checkbox', { name: 'Select order #1007' }).check();
    await bar.getByText('1 selected').waitFor();
    await bar.getByRole('button', { name: 'Create labels for ready shipments' }).click();
    const dialog = page.getByRole('dialog', { name: 'Creating labels' });
    await dialog.getByText('Finished: 1 of 1 labels created').waitFor({ timeout: 30_000 });
    await dialog.getByRole('link', { name: 'Print all 1 labels' }).waitFor();
    await bar.getByText('0 selected').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // An order without a ready shipment: the bar says why nothing happens.
    await page.goto(`${env.stack.url}/orders?q=%231008`);
    await page.getByRole('checkbox', { name: 'Select order #1008' }).check();
    await bar.getByRole('button', { name: 'Create labels for ready shipments' }).click();
    await bar
      .getByRole('alert')
      .getByText(/None of the selected orders has an open shipment/)
      .waitFor();
    await context.close();
  });

  it('switches to Dutch: Dutch words, Dutch dates, remembered after a reload, and back to English', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await logIn(page, env.stack.url);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('heading', { name: 'Bestellingen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Zendingen' }).waitFor();
    await page.getByRole('link', { name: /^Alle [\d.]+$/ }).waitFor();
    await page.getByRole('columnheader', { name: 'Besteld op' }).waitFor();
    await page.getByRole('region', { name: 'Bulkacties' }).getByText('0 geselecteerd').waitFor();
    const placed = await page.locator(`${ROWS} td:nth-child(6)`).first().innerText();
    expect(placed).toMatch(/^\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: 'Bestellingen' }).waitFor();
    await page.goto(`${env.stack.url}/orders?q=%231005`);
    await page.getByRole('link', { name: '#1005', exact: true }).click();
    await page.getByRole('heading', { name: 'Bestelling #1005' }).waitFor();
    await page.getByRole('heading', { name: 'Verdelen over zendingen' }).waitFor();
    await page.getByRole('columnheader', { name: 'Besteld', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The other pages speak Dutch too, and stay accessible.
    for (const [path, heading] of [
      ['/shipments', 'Zendingen'],
      ['/backorders', 'Nabestellingen'],
      ['/pack', 'Inpakstation'],
      ['/integrations', 'Koppelingen'],
    ] as const) {
      await page.goto(`${env.stack.url}${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await page.getByRole('columnheader', { name: 'Platform' }).waitFor();
    await page.getByText('Nu importeren').first().waitFor();

    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('starts in Dutch for a Dutch browser, on the login page too', async () => {
    const context = await env.browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto(`${env.stack.url}/login`);
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
