import { describe, expect, it } from 'vitest';
import { redact } from './redact';

describe('redact', () => {
  it('hides secrets at any depth and keeps the rest', () => {
    const input = {
      request: { headers: { Authorization: 'Bearer abc', 'X-Shopify-Access-Token': 'shpat_1' }, body: { tracking: { number: '3S1' } } },
      credentials: { apiKey: 'k' },
      list: [{ password: 'p', sku: 'MUG' }],
    };
    expect(redact(input)).toEqual({
      request: { headers: { Authorization: '[redacted]', 'X-Shopify-Access-Token': '[redacted]' }, body: { tracking: { number: '3S1' } } },
      credentials: '[redacted]',
      list: [{ password: '[redacted]', sku: 'MUG' }],
    });
    expect(input.request.headers.Authorization).toBe('Bearer abc');
  });
});
