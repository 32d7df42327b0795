import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { thresholdsInput, windowInput } from '../audit/index.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { attachAuditAnalysis, listAuditAnalyses, requestAuditAnalysisView } from './audit-analysis.ts';

const idParams = z.object({ id: z.uuid() });

export function requestAuditAnalysisRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/requests/:id/audit-analyses',
      {
        schema: {
          operationId: 'attachAuditAnalysis',
          tags: ['audit'],
          summary:
            "Analyse the service's test-environment audit records and attach the result to the request (assigned reviewer or admin, in review)",
          description:
            "The window defaults to the request's test period, else the last 30 days (Riga calendar days, inclusive). " +
            'The snapshot keeps the window, thresholds, results and a SHA-256 of the records used; it never changes.',
          params: idParams,
          body: z.object({
            version: z.number().int().min(1),
            window: windowInput.optional(),
            thresholds: thresholdsInput.partial().optional(),
          }),
          response: { 201: requestAuditAnalysisView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await attachAuditAnalysis(db, actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/requests/:id/audit-analyses',
      {
        schema: {
          operationId: 'listAuditAnalyses',
          tags: ['audit'],
          summary: 'The audit-record analyses attached to the request, newest first',
          params: idParams,
          response: { 200: z.object({ items: z.array(requestAuditAnalysisView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listAuditAnalyses(db, actorOf(request), request.params.id) }),
    );
  };
}
