import { Router } from 'express';
import { LoginRequestSchema } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { logIn, logOut } from '../use-cases/log-in';
import { HttpProblem } from './problem';
import { FailureLimiter } from './security';
import { clearedSessionCookie, me, readCookie, requireUser, SESSION_COOKIE, sessionCookie } from './session';

/** Failed log-ins allowed per e-mail address, and per client address, in a quarter of an hour. */
export const LOGIN_LIMITS = { perAccount: 10, perClient: 50, windowMs: 15 * 60 * 1000 };

export function sessionRoutes(db: Db, options: { secureCookies: boolean; loginLimits?: typeof LOGIN_LIMITS }): Router {
  const router = Router();
  const limits = options.loginLimits ?? LOGIN_LIMITS;
  const perAccount = new FailureLimiter(limits.perAccount, limits.windowMs);
  const perClient = new FailureLimiter(limits.perClient, limits.windowMs);

  router.post('/session', async (req, res) => {
    const { email, password } = LoginRequestSchema.parse(req.body);
    const accountKey = email.trim().toLowerCase();
    const clientKey = req.ip ?? 'unknown';
    const waitMs = Math.max(perAccount.blockedFor(accountKey), perClient.blockedFor(clientKey));
    if (waitMs > 0) {
      const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new HttpProblem(429, `Too many failed log-ins. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, {}, 'too-many-log-ins');
    }
    const session = await logIn(db, email, password);
    if (!session) {
      perAccount.fail(accountKey);
      perClient.fail(clientKey);
      throw new HttpProblem(401, 'That e-mail and password do not match an account. Check both and try again.', {}, 'bad-credentials');
    }
    perAccount.reset(accountKey);
    res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, options.secureCookies));
    res.json(session.me);
  });

  router.delete('/session', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await logOut(db, token);
    res.setHeader('Set-Cookie', clearedSessionCookie);
    res.status(204).end();
  });

  router.get('/me', requireUser(db), (req, res) => {
    res.json(me(req));
  });

  return router;
}
