import { z } from 'zod';

/** RFC 9457 problem details, the body of every error the BFF answers. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  /** Every problem found in the request, each with where it is and what to do. */
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  /** On a version conflict: the current state of the resource, to show instead. */
  current: z.unknown().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const IdSchema = z.uuid({ error: 'Must be an id (a UUID).' });
