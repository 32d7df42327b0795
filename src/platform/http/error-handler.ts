import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../errors.ts';
import { type Problem, toProblem } from './problem.ts';
import { isPagePath } from './web-ui.ts';

// One place turns every failure into problem+json. Unknown errors are logged with the request id and
// answered with a plain 500 that reveals nothing.

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
  FST_ERR_VALIDATION: 'validation',
};

function zodIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
  prefix = '',
) {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/** `pageFallback`: answers a GET for an unknown non-API path (the web UI's client-side routes). */
export function installErrorHandler(
  app: FastifyInstance,
  pageFallback?: (request: FastifyRequest, reply: FastifyReply) => unknown,
): void {
  app.setErrorHandler((error: FastifyError | AppError | ZodError | Error, request, reply) => {
    let body: Problem;
    if (error instanceof AppError) {
      body = toProblem(error.code, {
        detail: error.detail,
        errors: error.errors,
        extensions: error.extensions,
      });
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? 'body';
      body = toProblem('validation', {
        detail: `The ${where} does not match the schema.`,
        errors: error.validation.map((v) => ({
          path: [where, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
          message: v.message ?? 'invalid',
          code: v.keyword,
        })),
      });
    } else if (error instanceof ZodError) {
      body = toProblem('validation', { errors: zodIssues(error.issues) });
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      body = toProblem('internal', {});
    } else if ('code' in error && typeof error.code === 'string' && fastifyCodes[error.code]) {
      const code = fastifyCodes[error.code] as ErrorCode;
      body = toProblem(code, { detail: error.message });
    } else if ('statusCode' in error && error.statusCode === 429) {
      body = toProblem('rate_limited', { detail: error.message });
    } else {
      request.log.error({ err: error }, 'unhandled error');
      body = toProblem('internal', { detail: `Reference: ${request.id}` });
    }
    body.instance = request.url.split('?')[0];
    reply.status(body.status).type('application/problem+json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && String(request.headers.accept ?? '').includes('text/html');
    if (pageFallback && wantsPage && isPagePath(request.url)) return pageFallback(request, reply);
    return reply
      .status(404)
      .type('application/problem+json')
      .send(toProblem('not_found', { detail: `No route ${request.method} ${request.url.split('?')[0]}.` }));
  });
}
