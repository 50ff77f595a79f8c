import { describe, expect, it } from 'vitest';
import { targetRow, toggleSelection, withSpacers } from './virtual-rows';

const row = (index: number, size = 40) => ({ index, key: `o${index}`, start: index * size, end: (index + 1) * size });

describe('withSpacers', () => {
  it('puts a spacer before and after the rendered rows, as tall as the rows left out', () => {
    const slots = withSpacers([row(10), row(11), row(12)], 100 * 40);
    expect(slots).toEqual([
      { kind: 'spacer', key: 'gap-10', height: 400 },
      { kind: 'row', index: 10, key: 'o10' },
      { kind: 'row', index: 11, key: 'o11' },
      { kind: 'row', index: 12, key: 'o12' },
      { kind: 'spacer', key: 'gap-end', height: 87 * 40 },
    ]);
  });

  it('needs no spacer when the rows start at the top and fill the list', () => {
    expect(withSpacers([row(0), row(1)], 80).map((s) => s.kind)).toEqual(['row', 'row']);
  });

  it('keeps a focused row far from the visible ones, with a spacer in between', () => {
    const slots = withSpacers([row(2), row(50), row(51)], 60 * 40);
    expect(slots.map((s) => (s.kind === 'row' ? s.index : `gap ${s.height}`))).toEqual([
      'gap 80',
      2,
      `gap ${47 * 40}`,
      50,
      51,
      `gap ${8 * 40}`,
    ]);
  });

  it('renders nothing but an empty list for no rows', () => {
    expect(withSpacers([], 0)).toEqual([]);
  });
});

describe('targetRow', () => {
  it('moves one row with the arrow keys, a page with Page Up/Down, and to the ends with Home/End', () => {
    expect(targetRow('ArrowDown', 3, 100)).toBe(4);
    expect(targetRow('ArrowUp', 3, 100)).toBe(2);
    expect(targetRow('PageDown', 3, 100)).toBe(13);
    expect(targetRow('PageUp', 3, 100)).toBe(0);
    expect(targetRow('Home', 50, 100)).toBe(0);
    expect(targetRow('End', 50, 100)).toBe(99);
  });

  it('stays inside the list and ignores other keys', () => {
    expect(targetRow('ArrowDown', 99, 100)).toBe(99);
    expect(targetRow('ArrowUp', 0, 100)).toBe(0);
    expect(targetRow('Enter', 5, 100)).toBeNull();
    expect(targetRow('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('toggleSelection', () => {
  const list = ['a', 'b', 'c', 'd', 'e'];
  const ids = (i: number) => list[i];
  it('toggles one row', () => {
    expect([...toggleSelection(new Set(['a']), ids, 2, true, null, false)]).toEqual(['a', 'c']);
    expect([...toggleSelection(new Set(['a', 'c']), ids, 0, false, null, false)]).toEqual(['c']);
  });
  it('with shift, selects the range from the last clicked row', () => {
    expect([...toggleSelection(new Set(), ids, 3, true, 1, true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...toggleSelection(new Set(list), ids, 0, false, 2, true)].sort()).toEqual(['d', 'e']);
  });
});
