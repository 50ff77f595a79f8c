import type { NextFunction, Request, Response } from 'express';
import type { Me } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { userForSession } from '../use-cases/log-in';
import { recordLook } from '../use-cases/audit';
import { HttpProblem } from './problem';

export const SESSION_COOKIE = 'sd_session';

declare module 'express-serve-static-core' {
  interface Request {
    me?: Me;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, expires: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expires.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

/** The only writes platform support makes: choosing whom to inspect, and logging out. */
const SUPPORT_MAY = [/^\/api\/support\/inspecting(\?|$)/, /^\/api\/session(\?|$)/];

/** Requires a logged-in user; sets `req.me`. */
export function requireUser(db: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = readCookie(req, SESSION_COOKIE);
    const me = token ? await userForSession(db, token) : null;
    if (!me) throw new HttpProblem(401, 'Log in to continue; your session is missing or has expired.');
    req.me = me;
    if (me.role === 'support') {
      // Platform support reads and changes nothing; each look is recorded before it is answered,
      // so there is no look without a record.
      if (!['GET', 'HEAD'].includes(req.method) && !SUPPORT_MAY.some((p) => p.test(req.originalUrl))) {
        throw new HttpProblem(403, 'Platform support can look but not change anything.', {}, 'read-only');
      }
      await recordLook(db, me, req);
    }
    next();
  };
}

/** The logged-in user; only call behind `requireUser`. */
export function me(req: Request): Me {
  if (!req.me) throw new HttpProblem(401, 'Log in to continue.');
  return req.me;
}
