import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../app';
import { openDatabase, type OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { makeMerchant } from '../../test/fixtures';
import { FailureLimiter } from './security';
import { recordReliability } from '../../test/reliability-report';

describe('security of the HTTP surface', () => {
  let database: OpenDatabase;
  let app: ReturnType<typeof createApp>;
  let accepting = true;
  let merchant: Awaited<ReturnType<typeof makeMerchant>>;

  beforeAll(async () => {
    database = await openDatabase({});
    const webDir = mkdtempSync(join(tmpdir(), 'shipdesk-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    app = createApp({
      db: database.db,
      shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors },
      webDir,
      loginLimits: { perAccount: 3, perClient: 1000, windowMs: 60_000 },
      isAccepting: () => accepting,
    });
    merchant = await makeMerchant(database.db, []);
  });
  afterAll(async () => {
    recordReliability({
      id: '5-security',
      title: 'Security of the HTTP surface',
      lines: [
        "- The web app is served under `default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'` (no unsafe-inline, no unsafe-eval) with helmet's headers; the browser tests load every page under it and see no CSP violation.",
        '- Session cookies are HttpOnly and SameSite=Lax; passwords are hashed with scrypt (memory-hard).',
        '- Cross-site writes refused with 403: `Sec-Fetch-Site: cross-site` and `same-site`, a foreign `Origin`, an opaque `Origin: null`; in Chromium, a form another origin posts with the user’s cookie is refused and changes nothing. The session survived every refused attempt.',
        '- Log-in guessing: after 3 failures (10 in production, per account, 50 per client address, in 15 minutes) the next attempt — even with the right password — gets 429 with Retry-After, while other accounts log in.',
        '- Webhooks: signatures checked on the raw body with a timing-safe compare; each delivery id is taken once (tests in shop-sync and carrier-webhook); credentials are stored AES-256-GCM and never returned (tests in shop-sync).',
      ],
    });
    await database?.close();
  });

  it('serves the web app under a strict Content-Security-Policy and the usual security headers', async () => {
    const page = await request(app).get('/orders');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const api = await request(app).get('/api/me');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(api.headers['x-powered-by']).toBeUndefined();
  });

  it('sets the session cookie httpOnly and SameSite, and never returns the password hash', async () => {
    const res = await request(app).post('/api/session').send({ email: merchant.email, password: merchant.password });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
  });

  it('refuses state-changing requests that another site makes, and lets the app’s own through', async () => {
    const agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const crossSite = await agent.delete('/api/session').set('Sec-Fetch-Site', 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(crossSite.body.detail).toMatch(/another web site/);
    const sameSite = await agent.post('/api/session').set('Sec-Fetch-Site', 'same-site').send({ email: merchant.email, password: merchant.password });
    expect(sameSite.status).toBe(403);
    const foreignOrigin = await agent.post('/api/integrations').set('Origin', 'https://evil.example').send({});
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body.detail).toContain('https://evil.example');
    const opaque = await agent.delete('/api/session').set('Origin', 'null');
    expect(opaque.status).toBe(403);
    // The session survived every refused attempt.
    expect((await agent.get('/api/me')).status).toBe(200);
    // Reads are not affected; the app's own writes pass.
    expect((await agent.get('/api/me').set('Sec-Fetch-Site', 'cross-site')).status).toBe(200);
    const host = new URL('http://127.0.0.1');
    const own = await agent.delete('/api/session').set('Sec-Fetch-Site', 'same-origin').set('Origin', host.origin);
    expect(own.status).toBe(204);
  });

  it('slows down password guessing per account, with Retry-After, without locking out other accounts', async () => {
    const target = await makeMerchant(database.db, []);
    for (let i = 0; i < 3; i++) {
      expect((await request(app).post('/api/session').send({ email: target.email, password: `guess-${i}` })).status).toBe(401);
    }
    const blocked = await request(app).post('/api/session').send({ email: target.email.toUpperCase(), password: target.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(blocked.body.detail).toMatch(/Too many failed log-ins\. Wait 1 minute/);
    expect((await request(app).post('/api/session').send({ email: merchant.email, password: merchant.password })).status).toBe(200);
  });

  it('answers /healthz and /readyz, and turns not-ready while shutting down', async () => {
    expect((await request(app).get('/healthz')).body).toEqual({ ok: true });
    expect((await request(app).get('/readyz')).status).toBe(200);
    accepting = false;
    const draining = await request(app).get('/readyz');
    accepting = true;
    expect(draining.status).toBe(503);
    expect(draining.body.detail).toMatch(/shutting down/);
  });

  it('gives every answer a request id, keeping a sane one from the caller', async () => {
    const fresh = await request(app).get('/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request(app).get('/healthz').set('X-Request-Id', 'lb-1234')).headers['x-request-id']).toBe('lb-1234');
    const hostile = await request(app).get('/healthz').set('X-Request-Id', 'x'.repeat(500));
    expect(hostile.headers['x-request-id']).toHaveLength(36);
  });
});

describe('FailureLimiter', () => {
  it('blocks after max failures in the window and frees the key as failures age out', () => {
    let now = 0;
    const limiter = new FailureLimiter(2, 1000, () => now);
    limiter.fail('k');
    now = 400;
    limiter.fail('k');
    expect(limiter.blockedFor('k')).toBe(600);
    now = 1001;
    expect(limiter.blockedFor('k')).toBe(0);
    limiter.fail('k');
    limiter.reset('k');
    expect(limiter.blockedFor('k')).toBe(0);
  });
});
