import { z } from 'zod';
import { type ErrorCode, errorCodes, problemType } from '../errors.ts';

/** RFC 9457 problem details, with `code` repeated as a plain string so clients need not parse `type`. */
export const problem = z
  .looseObject({
    type: z.string().describe('Stable per kind of error, e.g. /problems/stale-version'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  })
  .describe('RFC 9457 problem details');

export type Problem = z.infer<typeof problem>;

export function toProblem(
  code: ErrorCode,
  options: {
    detail?: string | undefined;
    errors?: Problem['errors'];
    instance?: string;
    extensions?: Record<string, unknown>;
  },
): Problem {
  return {
    ...options.extensions,
    type: problemType(code),
    title: errorCodes[code].title,
    status: errorCodes[code].status,
    code,
    ...(options.detail !== undefined && { detail: options.detail }),
    ...(options.errors && { errors: options.errors }),
    ...(options.instance && { instance: options.instance }),
  };
}

export const errorResponses = { '4xx': problem, '5xx': problem } as const;
