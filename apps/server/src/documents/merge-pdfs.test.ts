import { generateLabelPdf, pdfPageSize, pdfText, type LabelPdfInput } from '@shipdesk/sandbox';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { mergePdfs } from './merge-pdfs';
import { renderPackingSlip, type PackingSlipInput } from './packing-slip';

const address = { name: 'Zoë de Vries', street: 'Molengraaffplantsoen 74', postalCode: '3571ZZ', city: 'Utrecht', country: 'NL' };

const label = (trackingNumber: string): Promise<Buffer> => {
  const input: LabelPdfInput = {
    format: 'A6',
    carrier: 'PostNL',
    trackingNumber,
    sender: { name: 'Dune Goods B.V.', street: 'Siriusdreef 42', postalCode: '2132WT', city: 'Hoofddorp', country: 'NL' },
    receiver: address,
    weightGrams: 900,
  };
  return generateLabelPdf(input);
};

const slip = (orderNumber: string, itemCount: number): Promise<Buffer> => {
  const input: PackingSlipInput = {
    merchantName: 'Dune Goods B.V.',
    shopName: 'Dune Goods NL',
    orderNumber,
    shipmentNumber: 1,
    shipmentCount: 1,
    createdAt: '2026-03-02T10:00:00.000Z',
    reference: `SD-${orderNumber.slice(1)}`,
    shipTo: address,
    items: Array.from({ length: itemCount }, (_, index) => ({
      sku: `SKU-${index}`,
      name: `Item ${index}`,
      quantity: 1,
      ordered: 1,
    })),
    stillToCome: [],
    format: 'A4',
  };
  return renderPackingSlip(input);
};

const pageCount = async (pdf: Buffer) => (await pdfPageSize(pdf)).pages;

describe('mergePdfs', () => {
  it('puts every page of every PDF in one document, in order, each page keeping its size', async () => {
    const parts = [
      await label('3SDEVC000000001'),
      await slip('#2001', 60),
      await label('3SDEVC000000002'),
      await slip('#2002', 1),
    ];
    const counts = await Promise.all(parts.map(pageCount));
    expect(counts[1]).toBeGreaterThan(1);

    const merged = await mergePdfs(parts);
    const total = counts.reduce((sum, count) => sum + count, 0);
    expect(await pageCount(merged)).toBe(total);

    const pages = (await pdfText(merged)).split('\f').filter((page) => page.trim() !== '');
    expect(pages).toHaveLength(total);
    expect(pages[0]).toContain('3SDEVC000000001');
    expect(pages[1]).toContain('#2001');
    expect(pages[counts[0]! + counts[1]!]).toContain('3SDEVC000000002');
    expect(pages.at(-1)).toContain('#2002');

    const doc = await PDFDocument.load(merged);
    const sizes = doc.getPages().map((page) => Math.round(page.getSize().width));
    expect(sizes[0]).toBe(298);
    expect(sizes[1]).toBe(595);
    expect(sizes[counts[0]! + counts[1]!]).toBe(298);
  });

  it('gives a copy of a single PDF', async () => {
    const only = await slip('#3001', 2);
    expect(await pageCount(await mergePdfs([only]))).toBe(await pageCount(only));
  });

  it('refuses an empty list with a clear error', async () => {
    await expect(mergePdfs([])).rejects.toThrow('mergePdfs: no PDFs to merge (the list is empty)');
  });

  it('says which input is not a PDF', async () => {
    await expect(mergePdfs([await label('3SDEVC000000003'), Buffer.from('not a pdf')])).rejects.toThrow(
      /PDF 2 of 2 could not be read/,
    );
  });
});
