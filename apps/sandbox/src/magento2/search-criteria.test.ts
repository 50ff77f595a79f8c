import { describe, expect, it } from 'vitest';
import { applySearchCriteria, parsePhpQuery, readSearchCriteria, type Column } from './search-criteria';
import { MagentoError } from './errors';

const rows = [
  { id: 1, at: '2026-11-20 09:00:00' },
  { id: 2, at: '2026-11-20 10:00:00' },
  { id: 3, at: '2026-11-20 11:00:00' },
];
const columns: Record<string, Column<(typeof rows)[number]>> = {
  id: { type: 'int', get: (r) => r.id },
  at: { type: 'datetime', get: (r) => r.at },
};
const criteria = (query: string) => readSearchCriteria(query);

describe('searchCriteria', () => {
  it('parses PHP-style bracket keys, snake_case and camelCase alike', () => {
    expect(parsePhpQuery('a[b][0][c]=1&a[b][0][d]=x%20y&e=')).toEqual({ a: { b: { '0': { c: '1', d: 'x y' } } }, e: '' });
    const snake = criteria(
      'searchCriteria[filter_groups][0][filters][0][field]=id&searchCriteria[filter_groups][0][filters][0][value]=2&searchCriteria[page_size]=5',
    );
    const camel = criteria(
      'searchCriteria[filterGroups][0][filters][0][field]=id&searchCriteria[filterGroups][0][filters][0][value]=2&searchCriteria[pageSize]=5',
    );
    expect(snake).toEqual(camel);
    expect(snake.filterGroups[0]!.filters[0]).toEqual({ field: 'id', value: '2', conditionType: 'eq' });
  });

  it('compares datetime columns as MySQL does, and an ISO "Z" value as a plain string', () => {
    const mysql = criteria(
      'searchCriteria[filter_groups][0][filters][0][field]=at&searchCriteria[filter_groups][0][filters][0][value]=2026-11-20 10:00:00&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq',
    );
    expect(applySearchCriteria(rows, mysql, columns).items.map((r) => r.id)).toEqual([2, 3]);
    const withT = criteria(
      'searchCriteria[filter_groups][0][filters][0][field]=at&searchCriteria[filter_groups][0][filters][0][value]=2026-11-20T10:00:00&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq',
    );
    expect(applySearchCriteria(rows, withT, columns).items.map((r) => r.id)).toEqual([2, 3]);
    const iso = criteria(
      'searchCriteria[filter_groups][0][filters][0][field]=at&searchCriteria[filter_groups][0][filters][0][value]=2026-11-20T10:00:00.000Z&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq',
    );
    expect(applySearchCriteria(rows, iso, columns).items).toEqual([]);
  });

  it('sorts DESC when a sort order has no direction, and clamps the page to the last one', () => {
    const sorted = criteria('searchCriteria[sortOrders][0][field]=id&searchCriteria[pageSize]=2&searchCriteria[currentPage]=9');
    expect(applySearchCriteria(rows, sorted, columns)).toEqual({ items: [rows[0]], totalCount: 3 });
  });

  it('refuses a page size above the maximum, and a missing searchCriteria', () => {
    expect(() => criteria('searchCriteria[pageSize]=301')).toThrow(MagentoError);
    expect(() => readSearchCriteria('searchCriteria[pageSize]=50', 20)).toThrow('Maximum SearchCriteria pageSize is %max');
    expect(() => readSearchCriteria('')).toThrow('"%fieldName" is required. Enter and try again.');
  });
});
