import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suggestSplit, type SuggestLine } from './suggest-split';

const line = (id: string, quantity: number, unitWeightGrams: number, available = quantity): SuggestLine => ({ id, sku: id.toUpperCase(), quantity, unitWeightGrams, available });

describe('suggestSplit', () => {
  it('ships what is in stock in one parcel and holds the rest on backorder', () => {
    const result = suggestSplit([line('mug', 3, 320), line('tee', 2, 180), line('poster', 1, 150, 0)]);
    expect(result).toEqual({
      shipments: [
        [
          { lineId: 'mug', quantity: 3 },
          { lineId: 'tee', quantity: 2 },
        ],
      ],
      backorder: [{ lineId: 'poster', quantity: 1 }],
      notes: [],
    });
  });

  it('cuts a heavy shipment into parcels under the carrier limit', () => {
    const result = suggestSplit([line('planter', 5, 2400), line('lamp', 2, 1850)], { maxWeightGrams: 10_000, packagingGrams: 300 });
    const weights = result.shipments.map((p) => p.reduce((sum, e) => sum + e.quantity * (e.lineId === 'planter' ? 2400 : 1850), 0));
    expect(weights.every((w) => w <= 9_700)).toBe(true);
    expect(result.shipments).toHaveLength(2);
  });

  it('gives a unit heavier than the limit its own parcel and says so', () => {
    const result = suggestSplit([line('anvil', 2, 40_000), line('sock', 1, 90)], { maxWeightGrams: 31_500 });
    expect(result.shipments).toEqual([[{ lineId: 'anvil', quantity: 1 }], [{ lineId: 'anvil', quantity: 1 }], [{ lineId: 'sock', quantity: 1 }]]);
    expect(result.notes[0]).toMatch(/ANVIL weighs 40000 g/);
  });

  const lines = fc
    .array(fc.record({ quantity: fc.integer({ min: 0, max: 12 }), unitWeightGrams: fc.integer({ min: 0, max: 12_000 }), available: fc.integer({ min: 0, max: 15 }) }), { maxLength: 8 })
    .map((xs) => xs.map((x, i) => ({ id: `l${i}`, sku: `S${i}`, ...x })));
  const limits = fc.record({ maxWeightGrams: fc.option(fc.integer({ min: 500, max: 31_500 }), { nil: undefined }), packagingGrams: fc.integer({ min: 0, max: 400 }) });

  it('never over-allocates: per line, parcels + backorder = open quantity', () => {
    fc.assert(
      fc.property(lines, limits, (ls, lim) => {
        const result = suggestSplit(ls, lim);
        for (const l of ls) {
          const shipped = result.shipments.flat().filter((e) => e.lineId === l.id).reduce((s, e) => s + e.quantity, 0);
          const held = result.backorder.filter((e) => e.lineId === l.id).reduce((s, e) => s + e.quantity, 0);
          expect(shipped + held).toBe(l.quantity);
          expect(shipped).toBe(Math.min(l.quantity, l.available));
        }
        expect(result.shipments.every((p) => p.length > 0 && p.every((e) => Number.isInteger(e.quantity) && e.quantity > 0))).toBe(true);
      }),
    );
  });

  it('respects the weight limit whenever it can, and uses at most about twice the parcels needed', () => {
    fc.assert(
      fc.property(lines, limits, (ls, lim) => {
        const result = suggestSplit(ls, lim);
        const weight = (id: string) => ls.find((l) => l.id === id)!.unitWeightGrams;
        const capacity = lim.maxWeightGrams === undefined ? Infinity : lim.maxWeightGrams - lim.packagingGrams;
        let total = 0;
        for (const parcel of result.shipments) {
          const units = parcel.reduce((s, e) => s + e.quantity, 0);
          const load = parcel.reduce((s, e) => s + e.quantity * weight(e.lineId), 0);
          total += load;
          if (load > capacity) expect(units).toBe(1); // only a unit that is too heavy on its own
        }
        if (capacity === Infinity) expect(result.shipments.length).toBeLessThanOrEqual(1);
        else {
          const tooHeavy = result.shipments.filter((p) => p.length === 1 && p[0]!.quantity === 1 && weight(p[0]!.lineId) > capacity).length;
          const lowerBound = Math.ceil(Math.max(0, total - tooHeavy * 0) / capacity);
          expect(result.shipments.length - tooHeavy).toBeLessThanOrEqual(2 * lowerBound + 1);
        }
      }),
    );
  });
});
