import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type OpenDatabase } from '../db/database';
import { makeMerchant } from '../../test/fixtures';
import { logIn, logOut, SESSION_CACHE_MS, setInspecting, userForSession } from './log-in';

describe('sessions looked up a moment ago', () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await openDatabase({});
  });
  afterAll(async () => {
    await database?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are taken from memory for a moment, then looked up again', async () => {
    const db = database.db;
    const user = await makeMerchant(db);
    const session = (await logIn(db, user.email, user.password))!;
    expect((await userForSession(db, session.token))?.email).toBe(user.email);
    // Removed behind this process's back (as another instance logging out would).
    await db.deleteFrom('sessions').execute();
    expect((await userForSession(db, session.token))?.email).toBe(user.email);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + SESSION_CACHE_MS + 1);
    expect(await userForSession(db, session.token)).toBeNull();
  });

  it('are forgotten at once on logging out', async () => {
    const db = database.db;
    const user = await makeMerchant(db);
    const session = (await logIn(db, user.email, user.password))!;
    expect(await userForSession(db, session.token)).not.toBeNull();
    await logOut(db, session.token);
    expect(await userForSession(db, session.token)).toBeNull();
  });

  it('are not brought back by a lookup that was under way when the session was forgotten', async () => {
    const db = database.db;
    const user = await makeMerchant(db);
    const session = (await logIn(db, user.email, user.password))!;
    const underWay = userForSession(db, session.token);
    await logOut(db, session.token);
    await underWay;
    expect(await userForSession(db, session.token)).toBeNull();
  });

  it('follow a support engineer switching the merchant inspected at once', async () => {
    const db = database.db;
    const support = await makeMerchant(db, [], 'support');
    const shop = await makeMerchant(db);
    const session = (await logIn(db, support.email, support.password))!;
    expect((await userForSession(db, session.token))?.merchant.id).toBe(support.merchantId);
    await setInspecting(db, session.token, shop.merchantId);
    expect(await userForSession(db, session.token)).toMatchObject({ merchant: { id: shop.merchantId }, inspecting: true });
    await setInspecting(db, session.token, null);
    expect((await userForSession(db, session.token))?.merchant.id).toBe(support.merchantId);
  });

  it('never outlive the session itself', async () => {
    const db = database.db;
    const user = await makeMerchant(db);
    const session = (await logIn(db, user.email, user.password))!;
    await db.updateTable('sessions').set({ expires_at: new Date(Date.now() + 500) }).execute();
    await logOut(db, 'another-token'); // forgets nothing of this session, but starts the cache afresh
    expect(await userForSession(db, session.token)).not.toBeNull();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 600);
    expect(await userForSession(db, session.token)).toBeNull();
  });
});
