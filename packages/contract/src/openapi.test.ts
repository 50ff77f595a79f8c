import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { AllocationRequestSchema, OrdersQuerySchema } from './orders';

describe('contract', () => {
  it('generates an OpenAPI document with every route', () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/me', '/api/orders', '/api/orders/counts', '/api/orders/{id}', '/api/orders/{id}/allocation', '/api/session']);
    const put = doc.paths['/api/orders/{id}/allocation'].put;
    expect(JSON.stringify(put.requestBody)).toContain('backorder');
    // The counts take the list's filters, not its paging, order or tab.
    const counts = doc.paths['/api/orders/counts'].get.parameters.map((p) => p.name);
    expect(counts.sort()).toEqual(['country', 'from', 'q', 'shop', 'to']);
  });

  it('coerces and bounds the orders query', () => {
    expect(OrdersQuerySchema.parse({})).toEqual({ limit: 25, sort: 'newest' });
    expect(OrdersQuerySchema.parse({ limit: '10', status: 'awaiting_stock', country: 'nl' })).toEqual({ limit: 10, status: 'awaiting_stock', country: 'NL', sort: 'newest' });
    expect(OrdersQuerySchema.safeParse({ from: '27-11-2026' }).error?.issues[0]?.message).toBe('Dates are written YYYY-MM-DD.');
    const bad = OrdersQuerySchema.safeParse({ limit: '1000', status: 'lost' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['limit', 'status']);
  });

  it('refuses an allocation without its parts', () => {
    const result = AllocationRequestSchema.safeParse({ shipments: [{ key: '', lines: [{ lineId: 'x' }] }] });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain('Each shipment needs a key.');
    expect(messages).toContain('Quantity must be a number.');
  });
});
