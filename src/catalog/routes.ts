import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { importCatalog } from './import-catalog.ts';
import {
  type CatalogServiceView,
  catalogServiceInput,
  catalogServiceUpdate,
  catalogServiceView,
  catalogVersionView,
  environments,
  informationSystemUpdate,
  informationSystemView,
  maxImportRows,
  serviceStatuses,
} from './schemas.ts';
import {
  createTestCatalogService,
  exportCatalogServices,
  getCatalogService,
  listCatalogServices,
  listCatalogServiceVersions,
} from './services.ts';
import { updateCatalogService, updateInformationSystem } from './update-catalog.ts';

/** An entry as `importCatalog` takes it back: the JSON export round-trips. */
function toImportRow(e: CatalogServiceView, registrationNumber: string) {
  return {
    identifier: e.identifier,
    name: e.name,
    description: e.description,
    protocol: e.protocol,
    kind: e.kind,
    serviceType: e.serviceType,
    authLevel: e.authLevel,
    inputSchemas: e.inputSchemas,
    outputSchemas: e.outputSchemas,
    endpointUrl: e.endpointUrl,
    hosting: e.hosting,
    documents: e.documents,
    operations: e.operations,
    status: e.status,
    deprecationNotice: e.deprecationNotice,
    institution: { registrationNumber },
    informationSystem: { code: e.informationSystem.code, name: e.informationSystem.name },
  };
}

function catalogCsv(entries: CatalogServiceView[]): string {
  const columns = [
    'identifier',
    'name',
    'status',
    'protocol',
    'kind',
    'serviceType',
    'hosting',
    'authLevel',
    'endpointUrl',
    'institutionName',
    'informationSystem',
    'operations',
    'entryVersion',
    'updatedAt',
    'description',
  ];
  // A byte order mark makes spreadsheet programs read the Latvian letters as UTF-8.
  return `\uFEFF${stringify(
    entries.map((e) => ({
      ...e,
      informationSystem: `${e.informationSystem.code} ${e.informationSystem.name}`,
      operations: e.operations.join('; '),
    })),
    { header: true, columns },
  )}`;
}

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
            q: z
              .string()
              .trim()
              .max(200)
              .optional()
              .describe(
                'Words from the identifier, name, description, operations or system; diacritics optional',
              ),
            status: z.enum(serviceStatuses).optional(),
            protocol: z.enum(['soap', 'rest']).optional(),
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

    app.get(
      '/catalog/services/:id/versions',
      {
        schema: {
          operationId: 'listCatalogServiceVersions',
          tags: ['catalog'],
          summary: 'Every version of a catalog entry, newest first (each registration or import makes one)',
          params: z.object({ id: z.uuid() }),
          response: { 200: z.object({ items: z.array(catalogVersionView) }), ...errorResponses },
        },
      },
      async (request) => {
        const items = await listCatalogServiceVersions(db, request.params.id);
        if (!items) throw new AppError('not_found', { detail: 'No such catalog entry.' });
        return { items };
      },
    );

    app.get(
      '/catalog/export',
      {
        schema: {
          operationId: 'exportCatalog',
          tags: ['catalog'],
          summary: 'Export catalog entries as JSON (importable) or CSV (for spreadsheets)',
          querystring: z.object({
            environment: z.enum(environments).default('test'),
            format: z.enum(['json', 'csv']).default('json'),
            institutionId: z.uuid().optional(),
            status: z.enum(serviceStatuses).optional(),
            protocol: z.enum(['soap', 'rest']).optional(),
            q: z.string().trim().max(200).optional().describe('The same search as listCatalogServices'),
          }),
        },
      },
      async (request, reply) => {
        const { format, ...filter } = request.query;
        const entries = await exportCatalogServices(db, filter);
        const stamp = new Date().toISOString().slice(0, 10);
        reply.header(
          'content-disposition',
          `attachment; filename="pakalpe-${filter.environment}-catalog-${stamp}.${format}"`,
        );
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(catalogCsv(entries));
        const institutions = new Map(
          (await db.selectFrom('institutions').select(['id', 'registration_number']).execute()).map((i) => [
            i.id,
            i.registration_number,
          ]),
        );
        return reply.type('application/json; charset=utf-8').send(
          JSON.stringify(
            entries.map((e) => toImportRow(e, institutions.get(e.institutionId) ?? '')),
            null,
            2,
          ),
        );
      },
    );

    app.post(
      '/catalog/import',
      {
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          operationId: 'importCatalog',
          tags: ['catalog'],
          summary:
            'Import a test-catalog export (JSON array): valid rows are written, every rejected row is reported',
          body: z.array(z.unknown()).max(maxImportRows),
          response: {
            200: z.object({
              received: z.number().int(),
              created: z.number().int(),
              updated: z.number().int(),
              rejected: z.array(
                z.object({
                  row: z.number().int(),
                  identifier: z.string().nullable(),
                  errors: z.array(z.object({ path: z.string(), message: z.string() })),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => importCatalog(db, actorOf(request), request.body),
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

    app.patch(
      '/catalog/services/:id',
      {
        schema: {
          operationId: 'updateCatalogService',
          tags: ['catalog'],
          summary:
            'Correct a catalog entry, deprecate it with a notice or retire it (agency admins); makes a new entry version',
          params: z.object({ id: z.uuid() }),
          body: catalogServiceUpdate,
          response: { 200: catalogServiceView, ...errorResponses },
        },
      },
      async (request) => updateCatalogService(db, actorOf(request), request.params.id, request.body),
    );

    app.patch(
      '/catalog/systems/:id',
      {
        schema: {
          operationId: 'updateInformationSystem',
          tags: ['catalog'],
          summary:
            'Rename an information system, set its controller and holder, or retire it (agency admins)',
          params: z.object({ id: z.uuid() }),
          body: informationSystemUpdate,
          response: { 200: informationSystemView, ...errorResponses },
        },
      },
      async (request) => updateInformationSystem(db, actorOf(request), request.params.id, request.body),
    );
  };
}
