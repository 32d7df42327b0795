import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { descriptionFilesInput, toDescriptionFiles } from '../descriptions/routes.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { sendDownload } from '../platform/http/download.ts';
import { errorResponses } from '../platform/http/problem.ts';
import {
  attachDescription,
  attachDescriptionFromCatalog,
  getRequestDescription,
  getRequestDescriptionFile,
  requestDescriptionView,
  waiveFinding,
} from './request-description.ts';

const idParams = z.object({ id: z.uuid() });

export function requestDescriptionRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/requests/:id/description',
      {
        bodyLimit: 15 * 1024 * 1024,
        schema: {
          operationId: 'attachDescription',
          tags: ['descriptions'],
          summary:
            "Attach the service's description (WSDL, OpenAPI or a zip bundle); it is checked and compared with the test catalog",
          params: idParams,
          body: descriptionFilesInput.extend({ version: z.number().int().min(1) }),
          response: { 201: requestDescriptionView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const files = toDescriptionFiles(request.body);
        const view = await attachDescription(db, actorOf(request), request.params.id, {
          version: request.body.version,
          files,
        });
        return reply.status(201).send(view);
      },
    );

    app.post(
      '/requests/:id/description/from-catalog',
      {
        schema: {
          operationId: 'attachDescriptionFromCatalog',
          tags: ['descriptions'],
          summary:
            "Attach the description registered with the service's test-catalog entry; checked like an upload",
          params: idParams,
          body: z.object({ version: z.number().int().min(1) }),
          response: { 201: requestDescriptionView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await attachDescriptionFromCatalog(db, actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/requests/:id/description/file',
      {
        schema: {
          operationId: 'downloadDescriptionFile',
          tags: ['descriptions'],
          summary: "Download one file of the request's latest description, as it was attached",
          params: idParams,
          querystring: z.object({ name: z.string().min(1).max(300) }),
          response: {
            200: z.string().describe('The file, as attached').meta({ format: 'binary' }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const file = await getRequestDescriptionFile(
          db,
          actorOf(request),
          request.params.id,
          request.query.name,
        );
        if (!file) throw new AppError('not_found', { detail: 'No such file in the attached description.' });
        return sendDownload(reply, file.name, file.content);
      },
    );

    app.get(
      '/requests/:id/description',
      {
        schema: {
          operationId: 'getRequestDescription',
          tags: ['descriptions'],
          summary: 'The latest attached description: contract summary, comparison with the catalog, findings',
          params: idParams,
          response: { 200: requestDescriptionView, ...errorResponses },
        },
      },
      async (request) => {
        const view = await getRequestDescription(db, actorOf(request), request.params.id);
        if (!view)
          throw new AppError('not_found', { detail: 'No description is attached to this request yet.' });
        return view;
      },
    );

    app.post(
      '/requests/:id/findings/:findingId/waive',
      {
        schema: {
          operationId: 'waiveFinding',
          tags: ['descriptions'],
          summary:
            'Waive a guideline finding with a justification (the assigned reviewer or an admin, in review)',
          params: z.object({ id: z.uuid(), findingId: z.uuid() }),
          body: z.object({
            version: z.number().int().min(1),
            justification: z.string().trim().min(3).max(2000),
          }),
          response: { 200: requestDescriptionView, ...errorResponses },
        },
      },
      async (request) =>
        waiveFinding(db, actorOf(request), request.params.id, request.params.findingId, request.body),
    );
  };
}
