import { toBuffer } from 'bwip-js/node';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * The shipping-label PDF every carrier stand-in in the sandbox hands out: a real PDF with the
 * addresses, weight, product and the tracking number as a Code 128 barcode (scannable) and as
 * text (so `pdftotext` and a human can read it).
 */

export type LabelFormat = 'A6' | 'A4';

export interface LabelAddress {
  name: string;
  company?: string;
  /** Street and house number as one line, e.g. "Siriusdreef 42". */
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface LabelPdfInput {
  format: LabelFormat;
  /** Carrier name printed in the header, e.g. "PostNL". */
  carrier: string;
  trackingNumber: string;
  sender: LabelAddress;
  receiver: LabelAddress;
  weightGrams: number;
  /** The carrier's product, e.g. "3085 Standard shipment". */
  product?: string;
  /** The shipper's own reference (order number). */
  reference?: string;
  /** Printed as the label date; defaults to now. */
  createdAt?: Date;
}

const MM = 72 / 25.4;
/** ISO 216 sizes in points. */
export const PAGE_SIZES: Record<LabelFormat, [number, number]> = {
  A6: [105 * MM, 148 * MM],
  A4: [210 * MM, 297 * MM],
};

/** Renders one label. A6 fills the page; A4 puts the A6 label top-left with cut marks, like a sheet of four. */
export async function generateLabelPdf(input: LabelPdfInput): Promise<Buffer> {
  if (!input.trackingNumber.trim()) throw new Error('generateLabelPdf: trackingNumber is empty');
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.carrier} label ${input.trackingNumber}`);
  doc.setSubject(input.trackingNumber);
  doc.setProducer('Shipdesk sandbox');
  doc.setCreator('Shipdesk sandbox');
  const created = input.createdAt ?? new Date();
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  const [pageWidth, pageHeight] = PAGE_SIZES[input.format];
  const page = doc.addPage([pageWidth, pageHeight]);
  const [labelWidth, labelHeight] = PAGE_SIZES.A6;
  const box = { x: 0, y: pageHeight - labelHeight, width: labelWidth, height: labelHeight };
  if (input.format === 'A4') drawCutMarks(page, box);

  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const barcodePng = await toBuffer({
    bcid: 'code128',
    text: input.trackingNumber,
    scale: 4,
    height: 16,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
  const barcode = await doc.embedPng(barcodePng);
  drawLabel(page, box, input, created, fonts, barcode);

  return Buffer.from(await doc.save());
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function drawLabel(
  page: PDFPage,
  box: Box,
  input: LabelPdfInput,
  created: Date,
  fonts: { regular: PDFFont; bold: PDFFont },
  barcode: Awaited<ReturnType<PDFDocument['embedPng']>>,
): void {
  const margin = 5 * MM;
  const left = box.x + margin;
  const right = box.x + box.width - margin;
  const width = right - left;
  const black = rgb(0, 0, 0);
  let y = box.y + box.height - margin;

  const text = (value: string, size: number, font: PDFFont, x = left, maxWidth = width) => {
    const safe = fit(encodable(value, font), font, size, maxWidth);
    page.drawText(safe, { x, y: y - size, size, font, color: black });
    y -= size * 1.25;
  };
  const rule = () => {
    y -= 2 * MM;
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.8, color: black });
    y -= 2 * MM;
  };

  // Header: carrier and product.
  text(input.carrier, 16, fonts.bold);
  if (input.product) text(input.product, 8, fonts.regular);
  rule();

  // Sender, small.
  text('From', 7, fonts.bold);
  for (const line of addressLines(input.sender)) text(line, 8, fonts.regular);
  rule();

  // Receiver, large.
  text('To', 7, fonts.bold);
  const [first, ...rest] = addressLines(input.receiver);
  if (first) text(first, 13, fonts.bold);
  for (const line of rest) text(line, 12, fonts.regular);
  rule();

  // Facts.
  text(`Weight: ${formatWeight(input.weightGrams)}`, 9, fonts.regular);
  if (input.reference) text(`Reference: ${input.reference}`, 9, fonts.regular);
  text(`Date: ${created.toISOString().slice(0, 10)}`, 9, fonts.regular);

  // Barcode at the bottom, centred, with a quiet zone of at least ten modules either side.
  const bottom = box.y + margin;
  const numberSize = 12;
  const barcodeHeight = 22 * MM;
  const maxBarcodeWidth = width - 8 * MM;
  const barcodeWidth = Math.min(maxBarcodeWidth, barcode.width * (barcodeHeight / barcode.height) * 1.2);
  const barcodeX = box.x + (box.width - barcodeWidth) / 2;
  const barcodeY = bottom + numberSize * 1.6;
  page.drawImage(barcode, { x: barcodeX, y: barcodeY, width: barcodeWidth, height: barcodeHeight });
  const number = encodable(input.trackingNumber, fonts.bold);
  const numberWidth = fonts.bold.widthOfTextAtSize(number, numberSize);
  page.drawText(number, {
    x: box.x + (box.width - numberWidth) / 2,
    y: bottom + 2,
    size: numberSize,
    font: fonts.bold,
    color: black,
  });
}

function drawCutMarks(page: PDFPage, box: Box): void {
  const grey = rgb(0.6, 0.6, 0.6);
  const dash = { dashArray: [4, 4], thickness: 0.5, color: grey };
  page.drawLine({ start: { x: box.x + box.width, y: box.y }, end: { x: box.x + box.width, y: box.y + box.height }, ...dash });
  page.drawLine({ start: { x: box.x, y: box.y }, end: { x: box.x + box.width, y: box.y }, ...dash });
}

function addressLines(address: LabelAddress): string[] {
  const lines: string[] = [];
  if (address.company) lines.push(address.company);
  lines.push(address.name, address.street, `${address.postalCode} ${address.city}`, address.country.toUpperCase());
  return lines.filter((line) => line.trim() !== '');
}

function formatWeight(grams: number): string {
  return grams >= 1000 ? `${(grams / 1000).toFixed(2)} kg` : `${grams} g`;
}

/** Latin letters that have no decomposition to a base letter. */
const TRANSLITERATE: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', ŉ: "'n" };

/** Standard fonts speak WinAnsi only: keep what the font has, strip accents it lacks, '?' for the rest. */
function encodable(value: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (known.has(code)) {
      out += char;
      continue;
    }
    const base = TRANSLITERATE[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    out += base && [...base].every((c) => known.has(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}

/** Shortens a line with an ellipsis until it fits the width. */
function fit(value: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(value, size) <= maxWidth) return value;
  let cut = value;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}...`, size) > maxWidth) cut = cut.slice(0, -1);
  return `${cut}...`;
}
