import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN, logIn, logInAsSupport, seriousA11yViolations, useBrowserStack } from './support';

describe('platform support inspects a merchant read-only, and the owner sees every look in the access log', () => {
  const env = useBrowserStack();

  it('support inspects the demo merchant, reads its shipments without a write button, and the owner reads the looks', async () => {
    const demo = await env.stack.database.db
      .selectFrom('merchants')
      .innerJoin('users', 'users.merchant_id', 'merchants.id')
      .select('merchants.name')
      .where('users.email', '=', DEMO_LOGIN.email)
      .executeTakeFirstOrThrow();

    // Support logs in and starts on the merchant picker, with no merchant inspected yet.
    const supportContext = await env.browser.newContext();
    const page = await supportContext.newPage();
    await logInAsSupport(page, env.stack.url);
    expect(new URL(page.url()).pathname).toBe('/support');
    await page.getByText('You are not inspecting a merchant').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Access log' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Pack' }).count()).toBe(0);
    const row = page.getByRole('row', { name: new RegExp(demo.name.replace(/[.]/g, '\\.')) });
    await row.waitFor();
    expect(Number((await row.locator('td').first().innerText()).replace(/\D+/g, ''))).toBeGreaterThan(0);
    await page.getByLabel('Filter by name').fill('no such merchant');
    await page.getByText('No merchant matches').waitFor();
    await page.getByLabel('Filter by name').fill(demo.name.slice(0, 4));
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Inspect: the shipments of the demo merchant, under a banner that says it is read-only and logged.
    await page.getByRole('button', { name: `Inspect ${demo.name}` }).click();
    await page.waitForURL(/\/shipments$/);
    const banner = page.getByRole('status').filter({ hasText: `Support view of ${demo.name} — read-only.` });
    await banner.waitFor();
    expect(await banner.getByRole('link', { name: 'Switch merchant' }).getAttribute('href')).toBe('/support');
    await banner.getByRole('button', { name: 'Stop inspecting' }).waitFor();
    await page.getByRole('heading', { name: 'Shipments' }).waitFor();
    const shipmentLinks = page.locator('table tbody tr[data-shipment] td a[href^="/shipments/"]');
    await shipmentLinks.first().waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Bulk actions' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // One shipment in detail: everything to read, nothing to change.
    const shipmentName = await shipmentLinks.first().innerText();
    await shipmentLinks.first().click();
    await page.getByRole('heading', { name: /^Shipment \d+ of order / }).waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('button', { name: /Create label|Buy|Mark shipped|Cancel label|Retry sync/ }).count()).toBe(0);
    await banner.waitFor();
    expect(shipmentName).toMatch(/-\d+$/);

    // The owner, in a browser of their own, reads those looks in the access log.
    const ownerContext = await env.browser.newContext();
    const owner = await ownerContext.newPage();
    await logIn(owner, env.stack.url);
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access log' }).click();
    await owner.getByRole('heading', { name: 'Access log' }).waitFor();
    await owner.getByText('Every time Shipdesk platform support looks at your data, it is recorded here.').waitFor();
    const looks = owner.getByRole('table', { name: 'Looks by platform support, newest first' });
    await looks.waitFor();
    const listLook = looks.getByRole('row').filter({ hasText: /GET\s+\/api\/shipments(\?|$|\s)/ });
    await listLook.first().waitFor();
    expect(await listLook.first().innerText()).toContain('support@shipdesk.test');
    expect(await looks.getByRole('row').filter({ hasText: /GET\s+\/api\/shipments\/[0-9a-f-]{36}/ }).count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(owner)).toEqual([]);

    // Support stops inspecting and is back at the picker, without the banner.
    await page.getByRole('button', { name: 'Stop inspecting' }).click();
    await page.waitForURL(/\/support$/);
    await page.getByText('You are not inspecting a merchant').waitFor();
    expect(await page.getByText('Support view of').count()).toBe(0);

    await ownerContext.close();
    await supportContext.close();
  });
});
