import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { createRepresentative } from './create-representative.ts';
import { endRepresentation } from './end-representation.ts';
import { getRepresentative } from './get-representative.ts';
import { listRepresentatives } from './list-representatives.ts';
import type { PersonalCodeHasher } from './personal-code-hash.ts';
import {
  endRepresentationBody,
  listRepresentativesQuery,
  representativeDetail,
  representativeInput,
  representativeList,
  representativeUpdate,
  representativeView,
} from './schemas.ts';
import { updateRepresentative } from './update-representative.ts';

const tags = ['representatives'];
const institutionParams = z.object({ institutionId: z.uuid() });
const idParams = z.object({ id: z.uuid() });

export function representativeRoutes(db: Db, hashPersonalCode: PersonalCodeHasher): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/institutions/:institutionId/representatives',
      {
        schema: {
          operationId: 'listRepresentatives',
          tags,
          summary:
            "An institution's register of representatives: who may sign its acceptance acts (agency users; institution members their own)",
          params: institutionParams,
          querystring: listRepresentativesQuery,
          response: { 200: representativeList, ...errorResponses },
        },
      },
      async (request) =>
        listRepresentatives(db, actorOf(request), request.params.institutionId, request.query),
    );

    app.post(
      '/institutions/:institutionId/representatives',
      {
        schema: {
          operationId: 'createRepresentative',
          tags,
          summary:
            'Add a representative: only the keyed hash and masked form of the personal code are kept (agency admins)',
          params: institutionParams,
          body: representativeInput,
          response: { 201: representativeView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createRepresentative(
              db,
              actorOf(request),
              request.params.institutionId,
              request.body,
              hashPersonalCode,
            ),
          ),
    );

    app.get(
      '/representatives/:id',
      {
        schema: {
          operationId: 'getRepresentative',
          tags,
          summary: 'One register entry with its history (who, when, what, why)',
          params: idParams,
          response: { 200: representativeDetail, ...errorResponses },
        },
      },
      async (request) => getRepresentative(db, actorOf(request), request.params.id),
    );

    app.patch(
      '/representatives/:id',
      {
        schema: {
          operationId: 'updateRepresentative',
          tags,
          summary:
            "Correct an entry's name or position, or change its validity with a reason (agency admins)",
          params: idParams,
          body: representativeUpdate,
          response: { 200: representativeView, ...errorResponses },
        },
      },
      async (request) => updateRepresentative(db, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/representatives/:id/end',
      {
        schema: {
          operationId: 'endRepresentation',
          tags,
          summary:
            'End a representation now or at a given time, with a reason; the entry stays in the register (agency admins)',
          params: idParams,
          body: endRepresentationBody,
          response: { 200: representativeView, ...errorResponses },
        },
      },
      async (request) => endRepresentation(db, actorOf(request), request.params.id, request.body),
    );
  };
}
