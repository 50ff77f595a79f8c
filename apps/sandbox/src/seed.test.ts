import { describe, expect, it } from 'vitest';
import { demoOrders } from './seed';

describe('demo seed', () => {
  it('is the same every time and exercises partial shipping', () => {
    expect(demoOrders('SHP', 20, 1)).toEqual(demoOrders('SHP', 20, 1));
    const [first] = demoOrders('SHP', 5, 1);
    expect(first!.number).toBe('#1001');
    expect(first!.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['MUG-ENAMEL-WHT', 3],
      ['TEE-ORG-M', 2],
      ['POSTER-A2-DUNES', 1],
    ]);
  });

  it('never ships more than was ordered', () => {
    for (const orders of [demoOrders('SHP', 60, 1), demoOrders('MAG', 40, 2)]) {
      for (const order of orders) {
        for (const f of order.fulfillments) {
          for (const l of f.lines) {
            const line = order.lines.find((x) => x.externalId === l.lineExternalId)!;
            expect(l.quantity).toBeLessThanOrEqual(line.quantity);
          }
        }
      }
    }
  });
});
