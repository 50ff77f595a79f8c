import { describe, expect, it } from 'vitest';
import { CircuitBreakers, CircuitOpenError } from './circuit-breaker';

function upstream(answers: (number | 'down')[]) {
  let calls = 0;
  const fetch = (async () => {
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    if (answer === 'down') throw new TypeError('fetch failed');
    return new Response('{}', { status: answer });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

describe('CircuitBreakers', () => {
  it('opens after the threshold of failures in a row, refuses without calling, and lets one trial through after the pause', async () => {
    let now = 0;
    const breakers = new CircuitBreakers({ threshold: 3, cooldownMs: 1000, now: () => now });
    const shop = upstream([503, 'down', 500, 200]);
    const call = breakers.fetch('shop:a', shop.fetch);
    expect((await call('http://shop')).status).toBe(503);
    await expect(call('http://shop')).rejects.toThrow('fetch failed');
    expect((await call('http://shop')).status).toBe(500);
    expect(breakers.status('shop:a')).toBe('open');
    await expect(call('http://shop')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(call('http://shop')).rejects.toThrow(/paused calls .* \(last: HTTP 500\)/);
    expect(shop.calls()).toBe(3);
    now = 1000;
    expect(breakers.status('shop:a')).toBe('half-open');
    expect((await call('http://shop')).status).toBe(200);
    expect(breakers.status('shop:a')).toBe('closed');
    expect(shop.calls()).toBe(4);
  });

  it('opens again when the trial call fails, and keeps upstreams apart', async () => {
    let now = 0;
    const breakers = new CircuitBreakers({ threshold: 2, cooldownMs: 100, now: () => now });
    const down = breakers.fetch('shop:down', upstream(['down']).fetch);
    const up = breakers.fetch('shop:up', upstream([200]).fetch);
    await expect(down('x')).rejects.toThrow();
    await expect(down('x')).rejects.toThrow();
    now = 100;
    await expect(down('x')).rejects.toThrow('fetch failed');
    expect(breakers.status('shop:down')).toBe('open');
    expect((await up('x')).status).toBe(200);
  });

  it('does not count 4xx answers (including 429) as failures', async () => {
    const breakers = new CircuitBreakers({ threshold: 2 });
    const call = breakers.fetch('shop:b', upstream([429, 404, 422, 429]).fetch);
    for (let i = 0; i < 4; i++) await call('x');
    expect(breakers.status('shop:b')).toBe('closed');
  });
});
