import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_LOGIN, SUPPORT_LOGIN } from '../apps/server/src/db/seed';
import { startShipdesk, type RunningShipdesk } from '../apps/server/src/server';

export { DEMO_LOGIN, SUPPORT_LOGIN };

export type Stack = RunningShipdesk;

/** The whole of Shipdesk as `npm start` runs it, on a free port, with a fresh in-memory database. */
export function startStack(): Promise<Stack> {
  return startShipdesk({
    port: 0,
    host: '127.0.0.1',
    demo: { sandboxPort: 0 },
    secretKey: randomBytes(32),
    webDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    worker: { pollMs: 100, baseBackoffMs: 200 },
  });
}

/**
 * One Shipdesk stack and one Chromium for the tests of a file: started before them, stopped
 * after. Read `env.stack` and `env.browser` inside the tests.
 */
export function useBrowserStack(): { stack: Stack; browser: Browser } {
  const env = {} as { stack: Stack; browser: Browser };
  beforeAll(async () => {
    [env.stack, env.browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.stack?.close();
  });
  return env;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
  await page.getByLabel('Password').fill(DEMO_LOGIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Orders' }).waitFor();
}

/**
 * Opens an order from the orders overview as a person who knows its number does: by searching
 * for it (the endless list only has the rows near the view in the page).
 */
export async function openOrder(page: Page, number: string): Promise<void> {
  await page.getByLabel('Search by order number, customer or SKU').fill(number);
  await page.getByLabel('Search by order number, customer or SKU').press('Enter');
  await page.getByRole('link', { name: number, exact: true }).click();
  await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
}

/** Logs in as Shipdesk platform support, whose start page is picking a merchant to inspect. */
export async function logInAsSupport(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('E-mail').fill(SUPPORT_LOGIN.email);
  await page.getByLabel('Password').fill(SUPPORT_LOGIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Inspect a merchant' }).waitFor();
}

/** Drags with the mouse as a person does: press, nudge past the activation distance, glide, release. */
export async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  // Like a person, first scroll the board into view, so both ends of the drag are on screen.
  await source.waitFor();
  await page.evaluate(() => document.querySelector('.board')?.scrollIntoView({ block: 'center' }));
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('Cannot drag: source or target is not visible');
  const sx = from.x + from.width / 2;
  const sy = from.y + from.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 8, sy + 4, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(60, to.height / 2), { steps: 15 });
  await page.mouse.up();
}

/** A board column by its title, e.g. "Unassigned", "Shipment 1", "Backorder". */
export const column = (page: Page, title: string) => page.getByRole('region', { name: new RegExp(`^${title} \\d+`) });

/** The card of a SKU inside a column. */
export const card = (page: Page, title: string, sku: string) => column(page, title).locator(`[data-sku="${sku}"]`);

/**
 * Drags every unit of a SKU from one column to another; when the board asks how many (more than
 * one unit), it confirms the default, which is all of them.
 */
export async function dragAll(page: Page, sku: string, from: string, to: string): Promise<void> {
  const source = card(page, from, sku);
  const units = Number((await source.getAttribute('data-quantity')) ?? '1');
  await drag(page, source, column(page, to));
  if (units > 1) {
    const dialog = page.getByRole('dialog', { name: 'How many to move?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Move' }).click();
  }
}

/**
 * Runs axe-core in the page and returns the serious and critical violations (rule id, what it
 * means, and where), so a test can require there are none.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const axe = await import('axe-core');
  // Evaluated, not added as a <script>: the app runs under a CSP that refuses inline scripts.
  await page.evaluate(axe.default.source);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run(
          context: Document,
          options: object,
        ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
      };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(', ')})`);
  });
  return violations;
}
