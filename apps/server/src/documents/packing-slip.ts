import { toBuffer } from 'bwip-js/node';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { ellipsize, toWinAnsi, wrapText } from './pdf-text';

/**
 * The packing slip of one shipment (1:1): who sends it, which order and which of its shipments
 * this is, where it goes, what is in the parcel, and what of the order is still to come. A Code 128
 * barcode of the slip's reference lets the packing bench scan the slip to open the shipment.
 */

export type PackingSlipFormat = 'A4' | 'A6';

export interface PackingSlipAddress {
  name: string;
  /** Street and house number as one line, e.g. "Siriusdreef 42". */
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, or a country name. */
  country: string;
}

export interface PackingSlipItem {
  sku: string;
  name: string;
  /** Quantity in this shipment. */
  quantity: number;
  /** Quantity the customer ordered on this line. */
  ordered: number;
}

export interface PackingSlipStillToCome {
  sku: string;
  name: string;
  quantity: number;
  /** `backorder`: held back until stock arrives; `later_shipment`: in another not-yet-shipped shipment. */
  reason: 'backorder' | 'later_shipment';
}

export interface PackingSlipInput {
  merchantName: string;
  shopName: string;
  /** The order number as the shop shows it, e.g. "#1001". */
  orderNumber: string;
  /** 1-based position of this shipment among the order's shipments. */
  shipmentNumber: number;
  shipmentCount: number;
  /** ISO 8601 timestamp; its UTC date is printed. */
  createdAt: string;
  /** Scannable slip reference, e.g. "SD-1a2b3c4d": printable ASCII, printed as Code 128 and as text. */
  reference: string;
  shipTo: PackingSlipAddress;
  items: PackingSlipItem[];
  stillToCome: PackingSlipStillToCome[];
  /** Page size; A4 portrait by default, A6 for label printers. */
  format?: PackingSlipFormat;
}

const MM = 72 / 25.4;

/** ISO 216 page sizes in points (A4 ≈ 595×842, A6 ≈ 298×420). */
export const PACKING_SLIP_PAGE_SIZES: Record<PackingSlipFormat, [number, number]> = {
  A4: [210 * MM, 297 * MM],
  A6: [105 * MM, 148 * MM],
};

interface Metrics {
  margin: number;
  body: number;
  small: number;
  heading: number;
  merchant: number;
  barcodeHeight: number;
  /** Width of one barcode module in points; narrower only when the reference is long. */
  moduleWidth: number;
  /** A4 puts the barcode beside the merchant name; A6 gives it its own row. */
  barcodeBeside: boolean;
}

const METRICS: Record<PackingSlipFormat, Metrics> = {
  A4: {
    margin: 15 * MM,
    body: 10,
    small: 8,
    heading: 12,
    merchant: 18,
    barcodeHeight: 13 * MM,
    moduleWidth: 1.1,
    barcodeBeside: true,
  },
  A6: {
    margin: 5 * MM,
    body: 7.5,
    small: 6,
    heading: 9,
    merchant: 12,
    barcodeHeight: 9 * MM,
    moduleWidth: 0.85,
    barcodeBeside: false,
  },
};

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.75, 0.75, 0.75);
const SHADE = rgb(0.92, 0.92, 0.92);
/** Quiet zone either side of the barcode, in modules (Code 128 asks for at least ten). */
const QUIET_MODULES = 10;
const BARCODE_SCALE = 3;

const REASONS: Record<PackingSlipStillToCome['reason'], string> = {
  backorder: 'Backorder',
  later_shipment: 'Later shipment',
};

/** Renders the packing slip of one shipment as a PDF; long item lists continue on further pages. */
export async function renderPackingSlip(input: PackingSlipInput): Promise<Buffer> {
  const format = input.format ?? 'A4';
  const pageSize = PACKING_SLIP_PAGE_SIZES[format];
  const metrics = METRICS[format];
  if (!pageSize || !metrics) throw new Error(`renderPackingSlip: unknown format "${String(format)}" (use A4 or A6)`);
  const created = validate(input);

  const doc = await PDFDocument.create();
  doc.setTitle(`Packing slip ${input.orderNumber} (shipment ${input.shipmentNumber} of ${input.shipmentCount})`);
  doc.setSubject(input.reference);
  doc.setAuthor(input.merchantName);
  doc.setProducer('Shipdesk');
  doc.setCreator('Shipdesk');
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const barcode = await doc.embedPng(
    await toBuffer({
      bcid: 'code128',
      text: input.reference,
      scale: BARCODE_SCALE,
      height: 10,
      includetext: false,
      paddingwidth: 0,
      paddingheight: 0,
    }),
  );

  const writer = new Writer(doc, fonts, metrics, pageSize, input);
  writer.firstPage(barcode, created);
  writer.itemsTable();
  writer.stillToCome();
  writer.footers();

  return Buffer.from(await doc.save());
}

function validate(input: PackingSlipInput): Date {
  const created = new Date(input.createdAt);
  if (Number.isNaN(created.getTime())) throw new Error(`renderPackingSlip: createdAt "${input.createdAt}" is not a date`);
  if (!input.reference.trim()) throw new Error('renderPackingSlip: reference is empty');
  if (!/^[\x20-\x7e]+$/.test(input.reference)) {
    throw new Error(`renderPackingSlip: reference "${input.reference}" must be printable ASCII to be scannable as Code 128`);
  }
  const { shipmentNumber, shipmentCount } = input;
  if (
    !Number.isInteger(shipmentCount) ||
    shipmentCount < 1 ||
    !Number.isInteger(shipmentNumber) ||
    shipmentNumber < 1 ||
    shipmentNumber > shipmentCount
  ) {
    throw new Error(`renderPackingSlip: shipment ${shipmentNumber} of ${shipmentCount} is not a valid position`);
  }
  return created;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface Column {
  title: string;
  align: 'left' | 'right';
  maxLines: number;
  /** Sized to its content up to this share of the width; `undefined` takes what is left. */
  maxShare?: number;
}

interface TextOptions {
  x: number;
  size: number;
  font?: PDFFont;
  color?: RGB;
  maxWidth?: number;
  align?: 'left' | 'right' | 'center';
}

class Writer {
  private page: PDFPage;
  private y: number;
  private readonly pages: PDFPage[] = [];
  private readonly left: number;
  private readonly right: number;
  private readonly width: number;
  private readonly bottom: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly m: Metrics,
    private readonly pageSize: [number, number],
    private readonly input: PackingSlipInput,
  ) {
    this.left = m.margin;
    this.right = pageSize[0] - m.margin;
    this.width = this.right - this.left;
    // Room for the footer line.
    this.bottom = m.margin + m.small * 2;
    this.page = this.doc.addPage(this.pageSize);
    this.pages.push(this.page);
    this.y = this.pageSize[1] - this.m.margin;
  }

  /** Draws one line of text with its top at `top` and returns the text as drawn. */
  private draw(value: string, top: number, options: TextOptions): string {
    const font = options.font ?? this.fonts.regular;
    const maxWidth = options.maxWidth ?? this.right - options.x;
    const text = ellipsize(toWinAnsi(value, font), font, options.size, maxWidth);
    const textWidth = font.widthOfTextAtSize(text, options.size);
    let x = options.x;
    if (options.align === 'right') x = options.x + maxWidth - textWidth;
    if (options.align === 'center') x = options.x + (maxWidth - textWidth) / 2;
    this.page.drawText(text, { x, y: top - options.size * 0.8, size: options.size, font, color: options.color ?? BLACK });
    return text;
  }

  /** Draws text wrapped into `maxWidth` from `top` down; returns the height used. */
  private paragraph(value: string, top: number, options: TextOptions & { maxLines?: number }): number {
    const font = options.font ?? this.fonts.regular;
    const maxWidth = options.maxWidth ?? this.right - options.x;
    const lines = wrapText(toWinAnsi(value, font), font, options.size, maxWidth, options.maxLines ?? 2);
    const lineHeight = options.size * 1.3;
    lines.forEach((line, index) => this.draw(line, top - index * lineHeight, { ...options, maxWidth }));
    return lines.length * lineHeight;
  }

  private rule(gap: number): void {
    this.y -= gap;
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.7, color: BLACK });
    this.y -= gap;
  }

  private newPage(): void {
    this.page = this.doc.addPage(this.pageSize);
    this.pages.push(this.page);
    this.y = this.pageSize[1] - this.m.margin;
    const { merchantName, orderNumber, shipmentNumber, shipmentCount } = this.input;
    this.draw(`${merchantName} · Packing slip · Order ${orderNumber} · Shipment ${shipmentNumber} of ${shipmentCount}`, this.y, {
      x: this.left,
      size: this.m.small,
      color: GREY,
    });
    this.y -= this.m.small * 1.4;
    this.rule(this.m.small * 0.5);
  }

  /** Header, barcode, order facts and the ship-to address. */
  firstPage(barcode: PDFImage, created: Date): void {
    const { m, input } = this;
    const modules = barcode.width / BARCODE_SCALE;
    const fullWidth = (modules + 2 * QUIET_MODULES) * m.moduleWidth;
    const barcodeBox = m.barcodeBeside ? Math.min(fullWidth, this.width * 0.45) : Math.min(fullWidth, this.width);
    const moduleWidth = barcodeBox / (modules + 2 * QUIET_MODULES);
    const barcodeWidth = modules * moduleWidth;
    const barcodeBlockHeight = m.barcodeHeight + m.body * 1.5;

    const drawBarcode = (boxLeft: number, top: number) => {
      const x = boxLeft + (barcodeBox - barcodeWidth) / 2;
      this.page.drawImage(barcode, { x, y: top - m.barcodeHeight, width: barcodeWidth, height: m.barcodeHeight });
      this.draw(input.reference, top - m.barcodeHeight - m.body * 0.35, {
        x: boxLeft,
        size: m.body,
        font: this.fonts.bold,
        maxWidth: barcodeBox,
        align: 'center',
      });
    };

    const top = this.y;
    const textWidth = m.barcodeBeside ? this.width - barcodeBox - 6 * MM : this.width;
    let y = top;
    y -= this.paragraph(input.merchantName, y, { x: this.left, size: m.merchant, font: this.fonts.bold, maxWidth: textWidth });
    y -= this.paragraph(input.shopName, y, { x: this.left, size: m.body, color: GREY, maxWidth: textWidth, maxLines: 1 });
    y -= m.body * 0.4;
    this.draw('Packing slip', y, { x: this.left, size: m.heading, font: this.fonts.bold, maxWidth: textWidth });
    y -= m.heading * 1.3;
    if (m.barcodeBeside) {
      drawBarcode(this.right - barcodeBox, top);
      this.y = Math.min(y, top - barcodeBlockHeight);
    } else {
      y -= m.body * 0.6;
      drawBarcode(this.left + (this.width - barcodeBox) / 2, y);
      this.y = y - barcodeBlockHeight;
    }
    this.rule(m.body * 0.6);

    // Facts on the left, ship-to on the right.
    const gap = 4 * MM;
    const columnWidth = (this.width - gap) / 2;
    const shipToX = this.left + columnWidth + gap;
    const factsTop = this.y;
    let left = factsTop;
    const label = { x: this.left, size: m.small, font: this.fonts.bold, color: GREY, maxWidth: columnWidth };
    const value = { x: this.left, size: m.body, maxWidth: columnWidth };
    this.draw('Order', left, label);
    left -= m.small * 1.3;
    left -= this.paragraph(input.orderNumber, left, { ...value, size: m.heading, font: this.fonts.bold });
    left -= this.paragraph(`Shipment ${input.shipmentNumber} of ${input.shipmentCount}`, left, value);
    left -= this.paragraph(`Date ${created.toISOString().slice(0, 10)}`, left, value);

    let right = factsTop;
    this.draw('Ship to', right, { ...label, x: shipToX });
    right -= m.small * 1.3;
    const address = input.shipTo;
    const country = /^[a-z]{2}$/i.test(address.country.trim()) ? address.country.trim().toUpperCase() : address.country;
    right -= this.paragraph(address.name, right, { ...value, x: shipToX, font: this.fonts.bold });
    for (const line of [address.street, `${address.postalCode} ${address.city}`, country]) {
      if (line.trim()) right -= this.paragraph(line, right, { ...value, x: shipToX });
    }
    this.y = Math.min(left, right);
    this.rule(m.body * 0.6);
  }

  itemsTable(): void {
    const { items } = this.input;
    const total = items.reduce((sum, item) => sum + item.quantity, 0);
    this.table(
      'Items in this shipment',
      [
        { title: 'SKU', align: 'left', maxLines: 2, maxShare: 0.28 },
        { title: 'Item', align: 'left', maxLines: 3 },
        { title: 'Qty', align: 'right', maxLines: 1, maxShare: 0.15 },
        { title: 'Ordered', align: 'right', maxLines: 1, maxShare: 0.18 },
      ],
      items.map((item) => [item.sku, item.name, String(item.quantity), String(item.ordered)]),
      items.length === 0 ? 'No items in this shipment.' : null,
    );
    if (items.length > 0) {
      this.ensure(this.m.body * 1.6);
      this.draw(`Total in this shipment: ${total} ${total === 1 ? 'piece' : 'pieces'}`, this.y - this.m.body * 0.3, {
        x: this.left,
        size: this.m.body,
        font: this.fonts.bold,
        align: 'right',
        maxWidth: this.width,
      });
      this.y -= this.m.body * 1.6;
    }
  }

  stillToCome(): void {
    const { stillToCome, shipmentNumber, shipmentCount } = this.input;
    this.y -= this.m.body;
    const intro =
      stillToCome.length > 0
        ? 'These items of your order are not in this parcel. They follow in a later shipment.'
        : shipmentNumber < shipmentCount
          ? 'The rest of your order follows in a later shipment.'
          : 'Nothing: this shipment completes your order.';
    this.table(
      'Still to come',
      [
        { title: 'SKU', align: 'left', maxLines: 2, maxShare: 0.28 },
        { title: 'Item', align: 'left', maxLines: 3 },
        { title: 'Qty', align: 'right', maxLines: 1, maxShare: 0.15 },
        { title: 'Status', align: 'left', maxLines: 1, maxShare: 0.25 },
      ],
      stillToCome.map((item) => [item.sku, item.name, String(item.quantity), REASONS[item.reason] ?? item.reason]),
      stillToCome.length === 0 ? intro : null,
      stillToCome.length > 0 ? intro : null,
    );
  }

  /** Starts a new page unless `height` still fits above the footer. */
  private ensure(height: number): boolean {
    if (this.y - height >= this.bottom) return false;
    this.newPage();
    return true;
  }

  /**
   * A captioned table. Rows never split across pages; a row that does not fit starts a new page,
   * which repeats the caption (continued) and the column header.
   */
  private table(
    caption: string,
    columns: Column[],
    rows: string[][],
    emptyText: string | null,
    intro: string | null = null,
  ): void {
    const { m, fonts } = this;
    const size = m.body;
    const pad = size * 0.35;
    const lineHeight = size * 1.25;
    const headerHeight = size * 1.8;
    const captionHeight = m.heading * 1.5;

    // Column widths: fitted columns take their widest cell (capped); the rest goes to the flexible one.
    const cells = rows.map((row) => row.map((cell, index) => toWinAnsi(cell, index === 0 ? fonts.bold : fonts.regular)));
    const widths = columns.map((column, index) => {
      if (column.maxShare === undefined) return 0;
      const widest = Math.max(
        fonts.bold.widthOfTextAtSize(column.title, size),
        ...cells.map((row) => (index === 0 ? fonts.bold : fonts.regular).widthOfTextAtSize(row[index] ?? '', size)),
      );
      // +2 so rounding never ellipsizes the widest cell, and columns keep a visible gap.
      return Math.min(widest + 2 * pad + 2, this.width * column.maxShare);
    });
    const flexible = columns.findIndex((column) => column.maxShare === undefined);
    if (flexible >= 0) widths[flexible] = Math.max(0, this.width - widths.reduce((sum, width) => sum + width, 0));
    const xs = widths.map((_, index) => this.left + widths.slice(0, index).reduce((sum, width) => sum + width, 0));

    const drawCaption = (continued: boolean) => {
      this.draw(continued ? `${caption} (continued)` : caption, this.y, { x: this.left, size: m.heading, font: fonts.bold });
      this.y -= captionHeight;
    };
    const drawHeader = () => {
      this.page.drawRectangle({ x: this.left, y: this.y - headerHeight, width: this.width, height: headerHeight, color: SHADE });
      columns.forEach((column, index) => {
        this.draw(column.title, this.y - (headerHeight - size) / 2, {
          x: xs[index]! + pad,
          size,
          font: fonts.bold,
          maxWidth: widths[index]! - 2 * pad,
          align: column.align,
        });
      });
      this.y -= headerHeight;
    };

    const layoutRow = (row: string[]) =>
      columns.map((column, index) =>
        wrapText(
          row[index] ?? '',
          index === 0 ? fonts.bold : fonts.regular,
          size,
          Math.max(1, widths[index]! - 2 * pad),
          column.maxLines,
        ),
      );
    const rowHeight = (lines: string[][]) => Math.max(1, ...lines.map((cell) => cell.length)) * lineHeight + 2 * pad;

    const introLines = intro ? wrapText(toWinAnsi(intro, fonts.regular), fonts.regular, size, this.width, 3) : [];
    const introHeight = introLines.length * lineHeight + (introLines.length > 0 ? pad : 0);
    const first = cells[0] ? rowHeight(layoutRow(cells[0])) : lineHeight;
    // Keep the caption with the header and the first row.
    this.ensure(captionHeight + introHeight + headerHeight + first);
    drawCaption(false);
    for (const line of introLines) {
      this.draw(line, this.y, { x: this.left, size, color: GREY });
      this.y -= lineHeight;
    }
    if (introLines.length > 0) this.y -= pad;

    if (emptyText !== null) {
      this.draw(emptyText, this.y, { x: this.left, size, color: GREY });
      this.y -= lineHeight;
      return;
    }

    drawHeader();
    for (const row of cells) {
      const lines = layoutRow(row);
      const height = rowHeight(lines);
      if (this.ensure(height)) {
        drawCaption(true);
        drawHeader();
      }
      columns.forEach((column, index) => {
        (lines[index] ?? []).forEach((line, lineIndex) => {
          this.draw(line, this.y - pad - lineIndex * lineHeight, {
            x: xs[index]! + pad,
            size,
            font: index === 0 ? fonts.bold : fonts.regular,
            maxWidth: widths[index]! - 2 * pad,
            align: column.align,
          });
        });
      });
      this.y -= height;
      this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness: 0.5, color: RULE });
    }
  }

  /** "Page n of N" and the slip's identity at the foot of every page. */
  footers(): void {
    const { m, input } = this;
    const count = this.pages.length;
    this.pages.forEach((page, index) => {
      this.page = page;
      const top = m.margin + m.small;
      const pageText = `Page ${index + 1} of ${count}`;
      const pageWidth = this.fonts.regular.widthOfTextAtSize(pageText, m.small);
      this.draw(
        `Order ${input.orderNumber} · Shipment ${input.shipmentNumber} of ${input.shipmentCount} · ${input.reference}`,
        top,
        {
          x: this.left,
          size: m.small,
          color: GREY,
          maxWidth: this.width - pageWidth - 4 * MM,
        },
      );
      this.draw(pageText, top, { x: this.left, size: m.small, color: GREY, maxWidth: this.width, align: 'right' });
    });
  }
}
