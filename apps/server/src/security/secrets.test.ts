import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secrets';

describe('secret box', () => {
  it('round-trips credentials and never stores them in the clear', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal({ accessToken: 'shpat_very_secret' });
    expect(sealed).not.toContain('shpat');
    expect(box.open(sealed)).toEqual({ accessToken: 'shpat_very_secret' });
  });

  it('refuses tampered data and a wrong key', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal({ a: 'b' });
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('{"a":"c"}').toString('base64url')].join('.');
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
