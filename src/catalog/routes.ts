import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { catalogServiceInput, catalogServiceView, environments } from './schemas.ts';
import { createTestCatalogService, getCatalogService, listCatalogServices } from './services.ts';

// The catalog is readable by every signed-in participant, as the VISS IS catalog is.

export function catalogRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/catalog/services',
      {
        schema: {
          operationId: 'listCatalogServices',
          tags: ['catalog'],
          summary: 'Web services in the test or production IS catalog',
          querystring: z.object({
            environment: z.enum(environments).optional(),
            institutionId: z.uuid().optional(),
            q: z.string().trim().max(200).optional().describe('Part of the name or identifier'),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: {
            200: z.object({
              items: z.array(catalogServiceView),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        const result = await listCatalogServices(db, filter, {
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        return { ...result, page, pageSize };
      },
    );

    app.get(
      '/catalog/services/:id',
      {
        schema: {
          operationId: 'getCatalogService',
          tags: ['catalog'],
          summary: 'One catalog entry',
          params: z.object({ id: z.uuid() }),
          response: { 200: catalogServiceView, ...errorResponses },
        },
      },
      async (request) => {
        const service = await getCatalogService(db, request.params.id);
        if (!service) throw new AppError('not_found', { detail: 'No such catalog entry.' });
        return service;
      },
    );

    app.post(
      '/catalog/services',
      {
        schema: {
          operationId: 'createCatalogService',
          tags: ['catalog'],
          summary: 'Add a service to the test IS catalog (agency admins)',
          body: catalogServiceInput,
          response: { 201: catalogServiceView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createTestCatalogService(db, actorOf(request), request.body)),
    );
  };
}
