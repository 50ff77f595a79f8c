import { describe, expect, it } from 'vitest';
import { cardId, columnFromId, columnId, sameColumn } from './board';

describe('board ids', () => {
  it('round-trips every kind of column', () => {
    for (const column of [{ kind: 'unassigned' }, { kind: 'backorder' }, { kind: 'shipment', key: 'new-1' }] as const) {
      expect(columnFromId(columnId(column))).toEqual(column);
    }
    expect(cardId({ kind: 'shipment', key: 'abc' }, 'l1')).toBe('shipment:abc|l1');
    expect(sameColumn({ kind: 'shipment', key: 'a' }, { kind: 'shipment', key: 'b' })).toBe(false);
    expect(() => columnFromId('elsewhere')).toThrow(/Not a board column/);
  });
});
