import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { currentRuleSettings } from '../guidelines/ruleset.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { checkDescription } from './check-description.ts';
import type { DescriptionFiles } from './contract.ts';
import { refuseUnreadable } from './refuse-unreadable.ts';
import { findingView, sourceLocationView } from './views.ts';

// checkDescription: the lint, over HTTP, for any signed-in user or API token (institutions' CI).

const maxBodyBytes = 15 * 1024 * 1024;

const location = sourceLocationView;

/** Description files sent as JSON: the main file's name and every file, as text or base64. */
export const descriptionFilesInput = z.object({
  main: z.string().min(1).max(300).describe('The name of the main file among `files`'),
  files: z
    .array(
      z
        .object({
          name: z.string().min(1).max(300).describe('Path relative to the main file, as its imports name it'),
          content: z.string().optional().describe('Text content (UTF-8)'),
          contentBase64: z.string().optional().describe('Binary content, e.g. a zip bundle'),
        })
        .refine((f) => (f.content === undefined) !== (f.contentBase64 === undefined), {
          message: 'Give exactly one of content and contentBase64',
        }),
    )
    .min(1)
    .max(500),
});

const checkOutput = z.object({
  format: z.enum(['wsdl-1.1', 'openapi-3.0', 'openapi-3.1', 'swagger-2.0']),
  protocol: z.enum(['soap', 'rest']),
  title: z.string().optional(),
  version: z.string().optional(),
  identifier: z.string().optional(),
  operations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      method: z.string().optional(),
      path: z.string().optional(),
      soapAction: z.string().optional(),
      documentation: z.string().optional(),
      location,
    }),
  ),
  endpoints: z.array(
    z.object({ name: z.string(), url: z.string(), soapVersion: z.enum(['1.1', '1.2']).optional() }),
  ),
  rulesetVersion: z
    .number()
    .int()
    .describe('The ruleset version the check ran with (0: the built-in defaults)'),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  findings: z.array(findingView),
});

export function toDescriptionFiles(body: z.infer<typeof descriptionFilesInput>): DescriptionFiles {
  const files = new Map<string, Uint8Array>();
  for (const f of body.files) {
    files.set(
      f.name,
      f.content !== undefined
        ? new TextEncoder().encode(f.content)
        : Buffer.from(f.contentBase64 ?? '', 'base64'),
    );
  }
  if (!files.has(body.main)) {
    throw new AppError('validation', { errors: [{ path: 'main', message: 'Not one of the files.' }] });
  }
  return { main: body.main, files };
}

export function descriptionRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/descriptions/check',
      {
        bodyLimit: maxBodyBytes,
        schema: {
          operationId: 'checkDescription',
          tags: ['descriptions'],
          summary:
            'Check a WSDL or OpenAPI description (or a zip bundle) against the VISS guidelines, without a request',
          body: descriptionFilesInput,
          response: { 200: checkOutput, ...errorResponses },
        },
      },
      async (request) => {
        actorOf(request);
        const files = toDescriptionFiles(request.body).files;
        const ruleset = await currentRuleSettings(db);
        const { contract, findings, counts } = await refuseUnreadable(() =>
          checkDescription(
            { main: request.body.main, files },
            { spectral: 'interactive', settings: ruleset.settings },
          ),
        );
        return {
          format: contract.format,
          protocol: contract.protocol,
          title: contract.title,
          version: contract.version,
          identifier: contract.identifier,
          operations: contract.operations.map((o) => ({
            id: o.id,
            name: o.name,
            method: o.method,
            path: o.path,
            soapAction: o.soapAction,
            documentation: o.documentation,
            location: o.location,
          })),
          endpoints: contract.endpoints.map((e) => ({
            name: e.name,
            url: e.url,
            soapVersion: e.soapVersion,
          })),
          rulesetVersion: ruleset.version,
          counts,
          findings,
        };
      },
    );
  };
}
