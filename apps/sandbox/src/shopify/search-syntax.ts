/**
 * The part of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) the
 * `orders(query:)` argument needs: space- or AND-separated terms `field:value` with the range
 * operators `>`, `>=`, `<`, `<=` and quoted values, e.g. `updated_at:>='2026-11-20T10:00:00Z'`.
 * Like Shopify, an unknown field or a bad value does not fail the request: the term is ignored and
 * a warning is returned in `extensions.search`.
 */

export type Comparator = ':' | '>' | '>=' | '<' | '<=';

export interface SearchTerm {
  field: string;
  comparator: Comparator;
  value: string;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export function parseSearchQuery(query: string): { terms: SearchTerm[]; warnings: SearchWarning[] } {
  const terms: SearchTerm[] = [];
  const warnings: SearchWarning[] = [];
  // field:[op]value where value may be 'quoted', "quoted" or bare.
  const re = /\s*(?:(AND)\b|([A-Za-z_][A-Za-z0-9_.]*):(>=|<=|>|<)?('([^']*)'|"([^"]*)"|(\S+))|(\S+))/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(query)) !== null) {
    if (match[0].trim() === '') break;
    if (match[1]) continue;
    if (match[8] !== undefined) {
      warnings.push({ field: 'default', message: `Free-text search is not supported by this sandbox; term ignored: ${match[8]}` });
      continue;
    }
    const field = match[2]!;
    const op = (match[3] ?? ':') as Comparator;
    const value = match[5] ?? match[6] ?? match[7] ?? '';
    terms.push({ field, comparator: op, value });
  }
  return { terms, warnings };
}

function compare(a: number, op: Comparator, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return a === b;
  }
}

/** A filter on instants: `updated_at:>=2026-11-20T10:00:00Z`; a plain date means that whole day (UTC). */
export function dateFilter(term: SearchTerm): ((iso: string) => boolean) | null {
  const ms = Date.parse(term.value);
  if (Number.isNaN(ms)) return null;
  if (term.comparator === ':' && /^\d{4}-\d{2}-\d{2}$/.test(term.value)) {
    return (iso) => iso.slice(0, 10) === term.value;
  }
  return (iso) => compare(Date.parse(iso), term.comparator, ms);
}

export function numberFilter(term: SearchTerm): ((n: number) => boolean) | null {
  const value = Number(term.value.replace(/^#/, ''));
  if (!Number.isFinite(value)) return null;
  return (n) => compare(n, term.comparator, value);
}

/**
 * A query with `OR` between groups of terms (`sku:A OR sku:B`, `(sku:A) OR (sku:B)`): one list of
 * AND-ed terms per group. The connective is upper case, as in Shopify's syntax; quoted values may
 * contain it.
 */
export function parseSearchDisjunction(query: string): { groups: SearchTerm[][]; warnings: SearchWarning[] } {
  const pieces: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === quote) quote = null;
      current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      current += c;
      continue;
    }
    if (query.startsWith('OR', i) && /\s|\(|\)/.test(query[i - 1] ?? ' ') && /\s|\(/.test(query[i + 2] ?? ' ')) {
      pieces.push(current);
      current = '';
      i += 1;
      continue;
    }
    current += c;
  }
  pieces.push(current);
  const groups: SearchTerm[][] = [];
  const warnings: SearchWarning[] = [];
  for (const piece of pieces) {
    const bare = piece.trim().replace(/^\(+/, '').replace(/\)+$/, '').trim();
    if (!bare) continue;
    const parsed = parseSearchQuery(bare);
    groups.push(parsed.terms);
    warnings.push(...parsed.warnings);
  }
  return { groups, warnings };
}
