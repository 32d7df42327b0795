import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { descriptionFilesInput, toDescriptionFiles } from '../descriptions/routes.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { sendDownload } from '../platform/http/download.ts';
import { errorResponses } from '../platform/http/problem.ts';
import {
  attachCatalogDescription,
  catalogDescriptionView,
  getCatalogDescription,
  getCatalogDescriptionFile,
} from './catalog-descriptions.ts';

const idParams = z.object({ id: z.uuid() });

export function catalogDescriptionRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/catalog/services/:id/description',
      {
        schema: {
          operationId: 'getCatalogDescription',
          tags: ['catalog'],
          summary: 'The description documents registered with a catalog entry (the latest)',
          params: idParams,
          response: { 200: catalogDescriptionView, ...errorResponses },
        },
      },
      async (request) => {
        actorOf(request);
        const view = await getCatalogDescription(db, request.params.id);
        if (!view) throw new AppError('not_found', { detail: 'The entry has no registered description.' });
        return view;
      },
    );

    app.post(
      '/catalog/services/:id/description',
      {
        bodyLimit: 15 * 1024 * 1024,
        schema: {
          operationId: 'attachCatalogDescription',
          tags: ['catalog'],
          summary:
            "Register a catalog entry's description documents (agency admins; the owning institution for its test entries)",
          params: idParams,
          body: descriptionFilesInput,
          response: { 201: catalogDescriptionView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const view = await attachCatalogDescription(
          db,
          actorOf(request),
          request.params.id,
          toDescriptionFiles(request.body),
        );
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/catalog/services/:id/description/file',
      {
        schema: {
          operationId: 'downloadCatalogDescriptionFile',
          tags: ['catalog'],
          summary: "Download one file of a catalog entry's registered description",
          params: idParams,
          querystring: z.object({ name: z.string().min(1).max(300) }),
          response: {
            200: z.string().describe('The file, as registered').meta({ format: 'binary' }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        actorOf(request);
        const file = await getCatalogDescriptionFile(db, request.params.id, request.query.name);
        if (!file) throw new AppError('not_found', { detail: 'No such file in the registered description.' });
        return sendDownload(reply, file.name, file.content);
      },
    );
  };
}
