import { describe, expect, it } from 'vitest';
import { pdfText } from '@shipdesk/sandbox';
import { card, column, dragAll, logIn, openOrder, useBrowserStack } from './support';

describe('labels in the browser', () => {
  const env = useBrowserStack();

  it('creates a label for a shipment and downloads a PDF that carries its tracking number', async () => {
    const page = await env.browser.newPage();
    await logIn(page, env.stack.url);
    await openOrder(page, '#1006');
    await page.getByRole('button', { name: '+ New shipment' }).click();
    const skus = await column(page, 'Unassigned')
      .locator('.card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-sku')!));
    for (const sku of skus) {
      await dragAll(page, sku, 'Unassigned', 'Shipment 1');
      await card(page, 'Shipment 1', sku).waitFor();
      await page.getByText('saving…').waitFor({ state: 'detached' });
    }

    await page.getByRole('button', { name: 'Create label for Shipment 1' }).click();
    const notice = page.getByRole('status').filter({ hasText: /PostNL label 3S\w+ is ready to print/ });
    await notice.waitFor();
    const tracking = /label (3S\w+) is ready/.exec(await notice.innerText())![1]!;
    await column(page, 'Shipment 1').getByText('Label created').waitFor();
    await column(page, 'Shipment 1').getByText(tracking).waitFor();

    const printLink = page.getByRole('link', { name: 'Print label of Shipment 1' });
    const href = await printLink.getAttribute('href');
    const download = await page.request.get(`${env.stack.url}${href}`);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(await pdfText(await download.body())).toContain(tracking);

    // The items of a labelled shipment are locked: dragging them is refused with a reason.
    await expect(column(page, 'Shipment 1').locator('.card').first().getAttribute('aria-disabled')).resolves.toBe('true');
    await page.close();
  });
});
