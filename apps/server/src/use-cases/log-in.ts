import { createHash, randomBytes } from 'node:crypto';
import type { Me } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { DUMMY_HASH, verifyPassword } from '../security/passwords';

export const SESSION_DAYS = 14;

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Checks the e-mail and password; on success makes a session and returns its token. */
export async function logIn(db: Db, email: string, password: string): Promise<{ token: string; expiresAt: Date; me: Me } | null> {
  const user = await db
    .selectFrom('users')
    .innerJoin('merchants', 'merchants.id', 'users.merchant_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.password_hash', 'merchants.id as merchant_id', 'merchants.name as merchant_name'])
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.insertInto('sessions').values({ id: digest(token), user_id: user.id, expires_at: expiresAt }).execute();
  return {
    token,
    expiresAt,
    me: { id: user.id, email: user.email, name: user.name, role: user.role, merchant: { id: user.merchant_id, name: user.merchant_name } },
  };
}

export async function logOut(db: Db, token: string): Promise<void> {
  forget(digest(token));
  await db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
}

/**
 * Sessions just looked up, for a moment: a dashboard asks several things at once, and under load
 * the lookup is a third of a list request's database round trips. Logging out and switching the
 * merchant inspected forget the entry at once; the session's own expiry is checked on every use.
 * With several server instances another one can still accept a logged-out session for up to
 * SESSION_CACHE_MS.
 */
export const SESSION_CACHE_MS = Number(process.env.SHIPDESK_SESSION_CACHE_MS ?? 2000);
const SESSION_CACHE_MAX = 10_000;
const recent = new Map<string, { me: Me; expiresAt: number; until: number }>();

/** Counts forgets, so a lookup that was under way when a session was forgotten does not bring it back. */
let forgets = 0;

function forget(id: string): void {
  forgets++;
  recent.delete(id);
}

function remember(id: string, me: Me, expiresAt: Date, lookedUpAt: number): void {
  if (SESSION_CACHE_MS <= 0 || lookedUpAt !== forgets) return;
  if (recent.size >= SESSION_CACHE_MAX) {
    const now = Date.now();
    for (const [key, entry] of recent) if (entry.until <= now) recent.delete(key);
    if (recent.size >= SESSION_CACHE_MAX) recent.clear();
  }
  recent.set(id, { me, expiresAt: expiresAt.getTime(), until: Date.now() + SESSION_CACHE_MS });
}

/** The user behind a session token, or null when it is unknown or expired. */
export async function userForSession(db: Db, token: string): Promise<Me | null> {
  const id = digest(token);
  const now = Date.now();
  const cached = recent.get(id);
  if (cached && cached.until > now && cached.expiresAt > now) return cached.me;
  if (cached) recent.delete(id);
  const lookedUpAt = forgets;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('merchants', 'merchants.id', 'users.merchant_id')
    .leftJoin('merchants as inspected', 'inspected.id', 'sessions.inspecting_merchant_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'merchants.id as merchant_id', 'merchants.name as merchant_name', 'inspected.id as inspected_id', 'inspected.name as inspected_name', 'sessions.expires_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return null;
  // Only platform support may look at another merchant, and only read (see requireUser).
  const inspecting = row.role === 'support' && row.inspected_id && row.inspected_id !== row.merchant_id;
  // Frozen: the same object answers every request of the next moment.
  const me: Me = Object.freeze({
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    merchant: Object.freeze(inspecting ? { id: row.inspected_id!, name: row.inspected_name ?? '' } : { id: row.merchant_id, name: row.merchant_name }),
    ...(inspecting ? { inspecting: true } : {}),
  });
  remember(id, me, row.expires_at, lookedUpAt);
  return me;
}

/** Platform support: the merchant this session inspects from now on (null: their own again). */
export async function setInspecting(db: Db, token: string, merchantId: string | null): Promise<boolean> {
  if (merchantId) {
    const exists = await db.selectFrom('merchants').select('id').where('id', '=', merchantId).executeTakeFirst();
    if (!exists) return false;
  }
  forget(digest(token));
  await db.updateTable('sessions').set({ inspecting_merchant_id: merchantId }).where('id', '=', digest(token)).execute();
  return true;
}
