import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { generateLabelPdf, PAGE_SIZES, type LabelPdfInput } from './label-pdf';
import { pdfBarcodes, pdfText, zbarimgPath } from './read-label-pdf';

const input: LabelPdfInput = {
  format: 'A6',
  carrier: 'PostNL',
  trackingNumber: '3SDEVC000000123',
  sender: { name: 'Dune Goods B.V.', street: 'Siriusdreef 42', postalCode: '2132WT', city: 'Hoofddorp', country: 'NL' },
  receiver: {
    name: 'Zoë de Vries',
    company: 'Ærø Ltd',
    street: 'Molengraaffplantsoen 74',
    postalCode: '3571ZZ',
    city: 'Utrecht',
    country: 'NL',
  },
  weightGrams: 1840,
  product: '3085 Standard shipment',
  reference: '#1001',
  createdAt: new Date('2026-03-02T10:00:00Z'),
};

describe('label PDF', () => {
  for (const format of ['A6', 'A4'] as const) {
    it(`renders a one-page ${format} PDF of the right size`, async () => {
      const pdf = await generateLabelPdf({ ...input, format });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).toBe(1);
      const { width, height } = doc.getPage(0).getSize();
      expect(width).toBeCloseTo(PAGE_SIZES[format][0], 1);
      expect(height).toBeCloseTo(PAGE_SIZES[format][1], 1);
    });

    it(`prints addresses, weight, product and the tracking number as text (${format})`, async () => {
      const text = await pdfText(await generateLabelPdf({ ...input, format }));
      for (const expected of [
        '3SDEVC000000123',
        'Dune Goods B.V.',
        'Siriusdreef 42',
        '2132WT Hoofddorp',
        'Zoë de Vries',
        'Ærø Ltd',
        '3571ZZ Utrecht',
        '1.84 kg',
        '3085 Standard shipment',
        '#1001',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it.skipIf(!zbarimgPath)(`carries a Code 128 barcode a scanner reads as the tracking number (${format})`, async () => {
      expect(await pdfBarcodes(await generateLabelPdf({ ...input, format }))).toEqual(['CODE-128:3SDEVC000000123']);
    });
  }

  it('replaces characters the label font cannot show instead of failing', async () => {
    const text = await pdfText(await generateLabelPdf({ ...input, receiver: { ...input.receiver, name: 'Łukasz 王' } }));
    expect(text).toContain('Lukasz ?');
  });

  it('prints weights under a kilo in grams', async () => {
    expect(await pdfText(await generateLabelPdf({ ...input, weightGrams: 250 }))).toContain('Weight: 250 g');
  });

  it('refuses an empty tracking number', async () => {
    await expect(generateLabelPdf({ ...input, trackingNumber: ' ' })).rejects.toThrow(/trackingNumber is empty/);
  });
});
