import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ellipsize, toWinAnsi, wrapText } from './pdf-text';

let font: PDFFont;
beforeAll(async () => {
  font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
});

describe('toWinAnsi', () => {
  it('keeps Latin-1 and typographic marks, strips accents the font lacks, transliterates Cyrillic', () => {
    expect(toWinAnsi('Zoë «Ærø» – 5 €', font)).toBe('Zoë «Ærø» – 5 €');
    expect(toWinAnsi('Łódź Dvořák', font)).toBe('Lódz Dvorák');
    expect(toWinAnsi('Щука Ёлка Київ Андрей ѐ', font)).toBe('Shchuka Elka Kiyiv Andrey e');
    expect(toWinAnsi('ﬁne', font)).toBe('fine');
  });

  it('turns each other visible character into one question mark, and whitespace into one space', () => {
    expect(toWinAnsi('a👩‍👩‍👧b🇳🇱c東京', font)).toBe('a?b?c??');
    expect(toWinAnsi('line\none\t\ttab', font)).toBe('line one tab');
  });
});

describe('wrapText', () => {
  it('wraps at spaces, breaks words longer than a line and ends with an ellipsis past maxLines', () => {
    const lines = wrapText(`short ${'x'.repeat(60)} ${'word '.repeat(40)}`, font, 10, 100, 3);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(100);
    expect(lines[0]).toBe('short');
    expect(lines[2]!.endsWith('…')).toBe(true);
  });

  it('returns one empty line for empty text and leaves fitting text alone', () => {
    expect(wrapText('', font, 10, 100)).toEqual(['']);
    expect(ellipsize('fits', font, 10, 100)).toBe('fits');
  });
});
