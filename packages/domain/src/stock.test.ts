import { describe, expect, it } from 'vitest';
import { stockCovers } from './stock';

describe('stockCovers', () => {
  it('covers every open unit while the shop is not oversold, or when stock is unknown', () => {
    expect(stockCovers(3, 0)).toBe(3);
    expect(stockCovers(3, 40)).toBe(3);
    expect(stockCovers(3, null)).toBe(3);
  });

  it('counts the line short by what the shop is short, never below zero or above open', () => {
    expect(stockCovers(3, -1)).toBe(2);
    expect(stockCovers(3, -3)).toBe(0);
    expect(stockCovers(1, -5)).toBe(0);
    expect(stockCovers(0, 10)).toBe(0);
  });
});
