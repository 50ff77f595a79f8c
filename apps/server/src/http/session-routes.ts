import { Router } from 'express';
import { LoginRequestSchema } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { logIn, logOut } from '../use-cases/log-in';
import { HttpProblem } from './problem';
import { clearedSessionCookie, me, readCookie, requireUser, SESSION_COOKIE, sessionCookie } from './session';

export function sessionRoutes(db: Db, options: { secureCookies: boolean }): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const { email, password } = LoginRequestSchema.parse(req.body);
    const session = await logIn(db, email, password);
    if (!session) throw new HttpProblem(401, 'That e-mail and password do not match an account. Check both and try again.', {}, 'bad-credentials');
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
