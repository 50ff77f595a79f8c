import { describe, expect, it } from 'vitest';
import { logIn, useBrowserStack } from './support';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

describe('the built app under its Content-Security-Policy, and another site trying to act for the user', () => {
  const env = useBrowserStack();

  it('runs every page without a single CSP violation', async () => {
    const page = await env.browser.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
    });
    const first = await page.goto(`${env.stack.url}/login`);
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logIn(page, env.stack.url);
    const seen: string[] = [];
    for (const [path, heading] of [
      ['/orders', 'Orders'],
      ['/orders?q=%231001', 'Orders'],
      ['/shipments', 'Shipments'],
      ['/backorders', 'Backorders'],
      ['/pack', 'Pack'],
      ['/integrations', 'Integrations'],
    ] as const) {
      await page.goto(`${env.stack.url}${path}`);
      await page.getByRole('heading', { name: heading, exact: false }).first().waitFor();
      seen.push(...(await page.evaluate(() => window.cspViolations)));
    }
    await page.goto(`${env.stack.url}/orders?q=%231001`);
    await page.getByRole('link', { name: '#1001' }).first().click();
    await page.getByRole('heading', { name: /#1001/ }).waitFor();
    seen.push(...(await page.evaluate(() => window.cspViolations)));
    expect(seen).toEqual([]);
    await page.close();
  });

  it('refuses a form that another site posts with the user’s cookie, and the session and order stay as they were', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await logIn(page, env.stack.url);
    const order = await env.stack.database.db.selectFrom('orders').select(['id', 'version']).orderBy('number').executeTakeFirstOrThrow();
    // The sandbox stands in for the attacker's site: another origin on the same host (same site,
    // so the SameSite=Lax cookie does go along).
    const evil = await context.newPage();
    await evil.goto(`${env.stack.sandbox!.running.url}/no-such-page`);
    const answer = evil.waitForResponse((r) => r.url().includes('/undo'));
    await evil.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      form.enctype = 'text/plain';
      const input = document.createElement('input');
      input.name = '{"x":"';
      input.value = '"}';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, `${env.stack.url}/api/orders/${order.id}/undo`);
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('another web site');
    const after = await env.stack.database.db.selectFrom('orders').select('version').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(after.version).toBe(order.version);
    await page.goto(`${env.stack.url}/orders`);
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await context.close();
  });
});
