import { describe, expect, it } from 'vitest';
import { countFilters } from './get-orders';

describe('countFilters', () => {
  it('keeps the filters the tab counts take, and drops the tab, order and page size', () => {
    const picked = countFilters({ status: 'fulfilled', limit: 100, sort: 'oldest', q: 'becker', shop: 'a1', country: 'NL', from: '2026-11-01', to: '2026-11-30' });
    expect(picked).toEqual({ q: 'becker', shop: 'a1', country: 'NL', from: '2026-11-01', to: '2026-11-30' });
    // The same key for the same filters, whatever the tab: one counts query serves every tab.
    expect(JSON.stringify(countFilters({ status: 'unfulfilled', q: 'x' }))).toBe(JSON.stringify(countFilters({ q: 'x', sort: 'oldest' })));
  });
});
