import { pino, type Logger } from 'pino';

/**
 * The server's structured log: one JSON object per line on stdout. Anything that could hold a
 * secret is redacted by path, on top of the rule that credentials are never passed to a log call.
 */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { service: 'shipdesk' },
  redact: {
    paths: [
      'password',
      '*.password',
      'credentials',
      '*.credentials',
      'token',
      '*.token',
      'req.headers.cookie',
      'req.headers.authorization',
      'headers.cookie',
      'headers.authorization',
      'headers["x-shopify-access-token"]',
    ],
    censor: '[redacted]',
  },
});
