import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, seriousA11yViolations, useBrowserStack } from './support';

describe('every page, as a person reads it', () => {
  const env = useBrowserStack();
  let page: Page;
  beforeAll(async () => {
    page = await env.browser.newPage();
  });

  it('login page: refuses a wrong password with a clear message, and passes axe', async () => {
    await page.goto(`${env.stack.url}/orders`);
    await page.waitForURL(/\/login\?next=%2Forders/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('E-mail').fill('demo@shipdesk.test');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('do not match an account').waitFor();
  });

  it('orders overview: status tabs with counts filter the table, and the filters narrow it', async () => {
    await logIn(page, env.stack.url);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The first page of orders is loaded (a page holds 100); only the rows in view are in the DOM.
    // The tab's count and the list's "loaded" line agree (read together: jobs may still be
    // bringing orders in right after start).
    let all = 0;
    await expect
      .poll(
        async () => {
          all = Number((await page.getByRole('link', { name: /^All \d+$/ }).innerText()).replace(/\D+/g, ''));
          const loaded = await page.getByRole('status').filter({ hasText: /orders loaded$/ }).innerText();
          return loaded === `${Math.min(all, 100)} of ${all} orders loaded` || loaded === `All ${all} orders loaded`;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await page.locator('table tbody tr[data-index]').count()).toBeGreaterThan(5);
    const fulfilledTab = page.getByRole('link', { name: /^Fulfilled \d+$/ });
    const count = Number((await fulfilledTab.innerText()).replace(/\D+/g, ''));
    expect(count).toBeGreaterThan(0);
    await fulfilledTab.click();
    await page.waitForURL(/status=fulfilled/);
    await page
      .getByRole('link', { name: /^Fulfilled \d+$/, exact: false })
      .and(page.locator('[aria-current="page"]'))
      .waitFor();
    await page.waitForFunction((n) => {
      const cells = [...document.querySelectorAll('table tbody tr[data-index] td:last-child')];
      return cells.length === Math.min(n, cells.length) && cells.length > 0 && cells.every((td) => td.textContent === 'Fulfilled');
    }, count);
    await page.getByRole('status').getByText(new RegExp(`^(${Math.min(count, 100)} of ${count}|All ${count}) orders loaded$`)).waitFor();
    const statuses = await page.locator('table tbody tr[data-index] td:last-child').allInnerTexts();
    expect(new Set(statuses)).toEqual(new Set(['Fulfilled']));

    await page.getByRole('link', { name: /^All \d+$/ }).click();
    await page.waitForURL((url) => !url.search.includes('status='));

    // Filters: one shop; search by customer name; then back to everything.
    await page.getByLabel('Shop').selectOption({ label: 'Demo Magento 2 store' });
    await page.waitForURL(/shop=/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table tbody tr[data-index] td:nth-child(3)')].every((td) =>
        td.textContent?.startsWith('Demo Magento 2 store'),
      ),
    );
    await page.getByLabel('Shop').selectOption({ label: 'All shops' });
    await page.getByRole('searchbox', { name: 'Search by order number, customer or SKU' }).fill('Sanne');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Sanne/);
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('table tbody tr[data-index] td:nth-child(4)')].map((td) => td.textContent);
      return names.length > 0 && names.every((n) => n === 'Sanne de Vries');
    });
    await page.getByRole('searchbox', { name: 'Search by order number, customer or SKU' }).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => !url.search.includes('q='));
    await page.getByRole('status').getByText(new RegExp(`(of|All) ${all} orders loaded$`)).waitFor();
  });

  it('order detail, shipments and shipment detail pages pass axe, and search finds shipments by tracking code', async () => {
    // Found as a person finds one order among many (other tests add orders to the shops, and the
    // list only holds the rows in view).
    await page.goto(`${env.stack.url}/orders`);
    await page.getByRole('searchbox', { name: 'Search by order number, customer or SKU' }).fill('#1005');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=%231005/);
    await page.getByRole('link', { name: '#1005', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1005' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${env.stack.url}/shipments`);
    await page.getByRole('heading', { name: 'Shipments' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('searchbox', { name: 'Search by tracking code or order number' }).fill('3SDEMO');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=3SDEMO/);
    const codes = await page.locator('table tbody tr code').allInnerTexts();
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith('3SDEMO'))).toBe(true);

    await page.locator('table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Shipment \d+ of order \S+$/ }).waitFor();
    await page
      .getByRole('list', { name: 'Everything that happened to this shipment' })
      .getByText('Imported from the shop')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('integrations page lists every platform with its shipment-level support and remarks', async () => {
    await page.goto(`${env.stack.url}/integrations`);
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const shopify = page.locator('tr[data-platform="shopify"]');
    await shopify.getByText('In Shopify a shipment is called a fulfillment.').waitFor();
    expect(await shopify.getByText('Yes', { exact: true }).count()).toBe(1);
    await page.locator('tr[data-platform="magento1"]').getByText('Yes, after reinstalling').first().waitFor();
    await page.locator('tr[data-platform="prestashop"]').getByText('No (order level)').waitFor();
    await shopify.getByText('Demo Shopify store').waitFor();

    // Reconnect a shop: wrong credentials are refused with the shop's words, the right ones kept.
    await page.locator('tr[data-platform="magento2"]').getByRole('button', { name: 'Reconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reconnect Demo Magento 2 store' });
    await dialog.getByLabel('Integration access token').fill('not-the-token');
    await dialog.getByRole('button', { name: 'Reconnect' }).click();
    await dialog.getByText(/refused these credentials/).waitFor();
    await dialog.getByLabel('Integration access token').fill('magento-sandbox-token');
    await dialog.getByRole('button', { name: 'Reconnect' }).click();
    await page.getByRole('status').getByText('Demo Magento 2 store is reconnected.').waitFor();
  });

  it('suggests a split with one click: the open items packed into a parcel within the weight limit', async () => {
    await page.goto(`${env.stack.url}/orders?q=%231002`);
    await page.getByRole('link', { name: '#1002', exact: true }).click();
    await page.getByRole('heading', { name: 'Order #1002' }).waitFor();
    await page.getByRole('button', { name: 'Suggest split' }).click();
    await page.getByText('Split saved.').waitFor();
    await page
      .getByRole('region', { name: /^Unassigned 0/ })
      .getByText('Everything is allocated.')
      .waitFor();
    const open = await page.locator('.lines-table td[data-col="open"]').allInnerTexts();
    expect(open.every((n) => n === '0')).toBe(true);
    expect(await page.getByRole('region', { name: /^Shipment \d+ \d+/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Suggest split' }).count()).toBe(0);
  });
});
