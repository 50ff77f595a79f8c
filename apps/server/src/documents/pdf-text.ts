import type { PDFFont } from 'pdf-lib';

/**
 * Text helpers for documents drawn with pdf-lib's standard fonts. Those fonts speak WinAnsi only
 * (Latin-1 plus a few typographic marks), and pdf-lib throws on anything else, so every string a
 * merchant or a shop supplied goes through `toWinAnsi` before it is drawn.
 */

/** Latin letters with no decomposition to a base letter. */
const LATIN: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', ŉ: "'n" };

/** Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian) to Latin, lower case. */
const CYRILLIC_LOWER: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  ђ: 'dj',
  џ: 'dz',
  ѓ: 'g',
  ќ: 'k',
  ѕ: 'dz',
};

const TRANSLITERATE: Record<string, string> = { ...LATIN };
for (const [lower, latin] of Object.entries(CYRILLIC_LOWER)) {
  TRANSLITERATE[lower] = latin;
  TRANSLITERATE[lower.toUpperCase()] = latin.charAt(0).toUpperCase() + latin.slice(1);
}

const characterSets = new WeakMap<PDFFont, Set<number>>();
function characterSet(font: PDFFont): Set<number> {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Makes a string drawable with a standard font: whitespace (tabs, newlines) becomes one space,
 * control characters go, accents the font lacks are stripped, Cyrillic is transliterated, and any
 * other character (emoji, CJK, Greek…) becomes one '?' per visible character.
 */
export function toWinAnsi(value: string, font: PDFFont): string {
  const known = characterSet(font);
  const fits = (text: string) => [...text].every((char) => known.has(char.codePointAt(0)!));
  const cleaned = value.replace(/\s+/gu, ' ').replace(/\p{Cc}/gu, '');
  let out = '';
  for (const { segment } of graphemes.segment(cleaned)) {
    if (fits(segment)) {
      out += segment;
      continue;
    }
    const precomposed = segment.normalize('NFC');
    if (fits(precomposed)) {
      out += precomposed;
      continue;
    }
    // Whole letters first (й is "y", not и without its breve), then base letters without their marks.
    const transliterated = [...precomposed]
      .map(
        (char) =>
          TRANSLITERATE[char] ??
          [...char.normalize('NFKD').replace(/\p{M}/gu, '')].map((base) => TRANSLITERATE[base] ?? base).join(''),
      )
      .join('');
    out += fits(transliterated) ? transliterated : '?';
  }
  return out;
}

const ELLIPSIS = '…';

/** Shortens a line with an ellipsis until it fits the width. Expects text already made WinAnsi. */
export function ellipsize(value: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(value, size) <= maxWidth) return value;
  let cut = value.trimEnd();
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}${ELLIPSIS}`, size) > maxWidth) cut = cut.slice(0, -1).trimEnd();
  return `${cut}${ELLIPSIS}`;
}

/**
 * Wraps text into lines no wider than `maxWidth`, breaking at spaces and inside words that are
 * longer than a line. Beyond `maxLines` the last line ends with an ellipsis. Expects WinAnsi text.
 */
export function wrapText(value: string, font: PDFFont, size: number, maxWidth: number, maxLines = Infinity): string[] {
  const width = (text: string) => font.widthOfTextAtSize(text, size);
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(' ').filter((part) => part !== '')) {
    const candidate = current ? `${current} ${word}` : word;
    if (width(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    let rest = word;
    while (rest.length > 1 && width(rest) > maxWidth) {
      let take = 1;
      while (take < rest.length && width(rest.slice(0, take + 1)) <= maxWidth) take += 1;
      lines.push(rest.slice(0, take));
      rest = rest.slice(take);
    }
    current = rest;
  }
  if (current) lines.push(current);
  if (lines.length === 0) return [''];
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept.length - 1;
  // The next line did not fit beside the last kept one, so joining them always overflows.
  kept[last] = ellipsize(`${kept[last]!} ${lines[last + 1]!}`, font, size, maxWidth);
  return kept;
}
