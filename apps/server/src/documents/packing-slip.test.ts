import { pdfBarcodes, pdfPageSize, pdfText, zbarimgPath } from '@shipdesk/sandbox';
import { describe, expect, it } from 'vitest';
import { renderPackingSlip, type PackingSlipInput } from './packing-slip';

const input: PackingSlipInput = {
  merchantName: 'Dune Goods B.V.',
  shopName: 'Dune Goods NL',
  orderNumber: '#1001',
  shipmentNumber: 2,
  shipmentCount: 3,
  createdAt: '2026-03-02T10:00:00.000Z',
  reference: 'SD-1a2b3c4d',
  shipTo: { name: 'Zoë de Vries', street: 'Molengraaffplantsoen 74', postalCode: '3571ZZ', city: 'Utrecht', country: 'nl' },
  items: [
    { sku: 'MUG-BLUE-350', name: 'Ceramic mug, blue, 350 ml', quantity: 2, ordered: 3 },
    { sku: 'TEE-ORG-M', name: 'Organic cotton T-shirt', quantity: 1, ordered: 1 },
  ],
  stillToCome: [
    { sku: 'MUG-BLUE-350', name: 'Ceramic mug, blue, 350 ml', quantity: 1, reason: 'backorder' },
    { sku: 'POSTER-A2', name: 'Poster A2', quantity: 4, reason: 'later_shipment' },
  ],
  format: 'A4',
};

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A table row as `pdftotext -layout` prints it: the SKU, then the name, then the numbers/status in their columns. */
const row = (...cells: (string | number)[]) =>
  new RegExp(`^\\s*${cells.map((cell) => `${escape(String(cell))}(?=\\s|$)`).join('\\s+(?:.*?\\s)?')}\\s*$`, 'm');

/** The part of the text after the "Still to come" caption. */
const stillToComeSection = (text: string) => {
  const at = text.indexOf('Still to come');
  expect(at).toBeGreaterThan(-1);
  return text.slice(at);
};

describe('renderPackingSlip', () => {
  for (const [format, width, height] of [
    ['A4', 595, 842],
    ['A6', 298, 420],
  ] as const) {
    it(`renders a one-page ${format} PDF of ${width}×${height} pt`, async () => {
      const pdf = await renderPackingSlip({ ...input, format });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const info = await pdfPageSize(pdf);
      expect(Math.round(info.width)).toBe(width);
      expect(Math.round(info.height)).toBe(height);
      expect(info.pages).toBe(1);
    });

    it(`prints the order, shipment, address, items and what is still to come (${format})`, async () => {
      const text = await pdfText(await renderPackingSlip({ ...input, format }));
      for (const expected of [
        'Dune Goods B.V.',
        'Dune Goods NL',
        'Packing slip',
        '#1001',
        'Shipment 2 of 3',
        '2026-03-02',
        'SD-1a2b3c4d',
        'Zoë de Vries',
        'Molengraaffplantsoen 74',
        '3571ZZ Utrecht',
        'NL',
        'Page 1 of 1',
      ]) {
        expect(text).toContain(expected);
      }
      const [items, rest] = [text.slice(0, text.indexOf('Still to come')), stillToComeSection(text)];
      expect(items).toMatch(row('SKU', 'Item', 'Qty', 'Ordered'));
      expect(items).toMatch(row('MUG-BLUE-350', 'Ceramic mug, blue, 350 ml', 2, 3));
      expect(items).toMatch(row('TEE-ORG-M', 'Organic cotton T-shirt', 1, 1));
      expect(items).not.toContain('POSTER-A2');
      expect(rest).toMatch(row('MUG-BLUE-350', 'Ceramic mug, blue, 350 ml', 1, 'Backorder'));
      expect(rest).toMatch(row('POSTER-A2', 'Poster A2', 4, 'Later shipment'));
    });

    it.skipIf(!zbarimgPath)(`carries a Code 128 barcode a scanner reads as the slip reference (${format})`, async () => {
      expect(await pdfBarcodes(await renderPackingSlip({ ...input, format }))).toEqual(['CODE-128:SD-1a2b3c4d']);
    });
  }

  it('defaults to A4', async () => {
    const { format: _format, ...withoutFormat } = input;
    const info = await pdfPageSize(await renderPackingSlip(withoutFormat));
    expect(Math.round(info.width)).toBe(595);
  });

  for (const format of ['A4', 'A6'] as const) {
    it(`continues a 60-item shipment on further pages with the table header repeated (${format})`, async () => {
      const items = Array.from({ length: 60 }, (_, index) => ({
        sku: `SKU-${String(index + 1).padStart(3, '0')}`,
        name: `Item number ${index + 1}`,
        quantity: (index % 4) + 1,
        ordered: (index % 4) + 2,
      }));
      const pdf = await renderPackingSlip({ ...input, format, items });
      const { pages } = await pdfPageSize(pdf);
      expect(pages).toBeGreaterThan(1);

      const text = await pdfText(pdf);
      const pageTexts = text.split('\f').filter((page) => page.trim() !== '');
      expect(pageTexts).toHaveLength(pages);
      for (const item of items) expect(text).toMatch(row(item.sku, item.name, item.quantity, item.ordered));

      pageTexts.forEach((page, index) => {
        expect(page).toContain(`Page ${index + 1} of ${pages}`);
        const firstRow = page.search(/^\s*SKU-\d{3}\s/m);
        if (firstRow === -1) return;
        // Every page with item rows has the column header above its first row.
        const header = page.search(row('SKU', 'Item', 'Qty', 'Ordered'));
        expect(header).toBeGreaterThan(-1);
        expect(header).toBeLessThan(firstRow);
        if (index > 0) expect(page).toContain('Items in this shipment (continued)');
      });
      // The order details and the barcode are on the first page only; later pages say whose slip they are.
      expect(pageTexts[0]).toContain('Ship to');
      expect(pageTexts[1]).not.toContain('Ship to');
      expect(pageTexts[1]).toContain('Order #1001 · Shipment 2 of 3');
      expect(stillToComeSection(text)).toMatch(row('POSTER-A2', 'Poster A2', 4, 'Later shipment'));
    });
  }

  it.skipIf(!zbarimgPath)('prints the barcode once on a multi-page slip', async () => {
    const items = Array.from({ length: 60 }, (_, index) => ({
      sku: `SKU-${index}`,
      name: `Item ${index}`,
      quantity: 1,
      ordered: 1,
    }));
    expect(await pdfBarcodes(await renderPackingSlip({ ...input, items }))).toEqual(['CODE-128:SD-1a2b3c4d']);
  });

  it('wraps long names and cuts them off with an ellipsis instead of running off the page', async () => {
    const words = Array.from({ length: 80 }, (_, index) => `word${index}`).join(' ');
    const pdf = await renderPackingSlip({
      ...input,
      format: 'A6',
      items: [{ sku: 'LONG-1', name: `Start ${words} END-OF-NAME`, quantity: 1, ordered: 1 }],
      shipTo: { ...input.shipTo, street: `Straat ${'heel lang '.repeat(20)}1` },
    });
    const text = await pdfText(pdf);
    expect(text).toMatch(row('LONG-1', 'Start word0', 1, 1));
    expect(text).toContain('…');
    expect(text).not.toContain('END-OF-NAME');
    expect((await pdfPageSize(pdf)).pages).toBe(1);
  });

  it('replaces characters the PDF font cannot show instead of failing', async () => {
    const pdf = await renderPackingSlip({
      ...input,
      merchantName: 'Dune Goods 🌵',
      shopName: '砂丘ショップ',
      shipTo: { name: 'Иван Петров', street: 'ул. Ленина 5', postalCode: '101000', city: 'Москва', country: 'RU' },
      items: [
        { sku: 'CUP-RU', name: 'Чашка «Москва» 🚀', quantity: 1, ordered: 2 },
        { sku: 'FAMILY', name: 'Sticker 👩‍👩‍👧 🇳🇱 Łódź', quantity: 3, ordered: 3 },
      ],
      stillToCome: [{ sku: 'CUP-RU', name: 'Чашка «Москва» 🚀', quantity: 1, reason: 'backorder' }],
    });
    const text = await pdfText(pdf);
    expect(text).toContain('Dune Goods ?');
    expect(text).toContain('Ivan Petrov');
    expect(text).toContain('101000 Moskva');
    expect(text).toMatch(row('CUP-RU', 'Chashka «Moskva» ?', 1, 2));
    // One '?' per visible character: a family emoji and a flag are one each.
    expect(text).toMatch(row('FAMILY', 'Sticker ? ? Lódz', 3, 3));
    expect(stillToComeSection(text)).toMatch(row('CUP-RU', 'Chashka', 1, 'Backorder'));
  });

  it('says when nothing is left to come', async () => {
    const text = await pdfText(await renderPackingSlip({ ...input, shipmentNumber: 3, stillToCome: [] }));
    expect(stillToComeSection(text)).toContain('this shipment completes your order');
  });

  it('refuses input it cannot print truthfully', async () => {
    await expect(renderPackingSlip({ ...input, reference: ' ' })).rejects.toThrow(/reference is empty/);
    await expect(renderPackingSlip({ ...input, reference: 'SD-ü' })).rejects.toThrow(/printable ASCII/);
    await expect(renderPackingSlip({ ...input, createdAt: 'yesterday' })).rejects.toThrow(/not a date/);
    await expect(renderPackingSlip({ ...input, shipmentNumber: 4 })).rejects.toThrow(/shipment 4 of 3/);
  });
});
