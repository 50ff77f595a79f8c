import type { ErrorRequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@shipdesk/contract';
import { ZodError } from 'zod';
import { logger } from '../observability/logger';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not logged in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Changed by someone else',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Cannot be saved',
  428: 'Version required',
  429: 'Too many requests',
  503: 'Not ready',
  500: 'Something went wrong on our side',
};

/** An error that becomes an `application/problem+json` answer. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Partial<Pick<Problem, 'errors' | 'current'>> = {},
    readonly slug = (TITLES[status] ?? 'error').toLowerCase().replaceAll(' ', '-'),
  ) {
    super(detail);
  }
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function fromZod(error: ZodError): HttpProblem {
  const errors = error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  }));
  return new HttpProblem(400, errors.map((e) => e.message).join(' '), { errors }, 'invalid-request');
}

export const problemHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  let problem: HttpProblem;
  if (error instanceof HttpProblem) problem = error;
  else if (error instanceof ZodError) problem = fromZod(error);
  else if (isBodyParserError(error)) {
    problem =
      error.type === 'entity.too.large'
        ? new HttpProblem(413, 'The request body is too large.')
        : new HttpProblem(400, 'The request body is not valid JSON.', {}, 'invalid-json');
  } else {
    logger.error({ err: error, reqId: req.id, path: req.originalUrl.split('?')[0] }, 'unhandled error');
    problem = new HttpProblem(500, 'The server failed to handle this request. It has been logged; try again in a moment.');
  }
  if (res.headersSent) return;
  sendProblem(res, {
    type: `https://shipdesk.dev/problems/${problem.slug}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance: req.originalUrl,
    ...problem.extra,
  });
};

function isBodyParserError(error: unknown): error is { type: string; status: number } {
  return typeof error === 'object' && error !== null && 'type' in error && typeof (error as { type: unknown }).type === 'string' && 'status' in error;
}
