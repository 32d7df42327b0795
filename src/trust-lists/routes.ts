import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { getTrustList } from './get-trust-list.ts';
import { listTrustLists } from './list-trust-lists.ts';
import { loadTrustList } from './load-trust-list.ts';
import { removeTrustList } from './remove-trust-list.ts';
import {
  listTrustListsQuery,
  loadTrustListBody,
  maxTrustListBytes,
  removeTrustListBody,
  trustListDetail,
  trustListList,
  trustListView,
} from './schemas.ts';
import type { TrustListSigners } from './signers.ts';

const tags = ['trust-lists'];
const idParams = z.object({ id: z.uuid() });
/** The list in base64 (4/3 of its size) with room for the JSON around it. */
const uploadBodyLimit = Math.ceil(maxTrustListBytes / 3) * 4 + 64 * 1024;

export function trustListRoutes(db: Db, signers: TrustListSigners): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/trust-lists',
      {
        schema: {
          operationId: 'listTrustLists',
          tags,
          summary:
            'The ETSI TS 119 612 trusted lists loaded, each marked in force, superseded or removed (agency users)',
          querystring: listTrustListsQuery,
          response: { 200: trustListList, ...errorResponses },
        },
      },
      async (request) => listTrustLists(db, actorOf(request), request.query),
    );

    app.post(
      '/trust-lists',
      {
        bodyLimit: uploadBodyLimit,
        schema: {
          operationId: 'loadTrustList',
          tags,
          summary:
            "Load a trusted list (the Latvian list, the EU's list of lists, another national list); with a known signer its signature must hold (agency admins)",
          body: loadTrustListBody,
          response: { 201: trustListView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await loadTrustList(
              db,
              actorOf(request),
              { xml: new Uint8Array(Buffer.from(request.body.xmlBase64, 'base64')) },
              signers,
            ),
          ),
    );

    app.get(
      '/trust-lists/:id',
      {
        schema: {
          operationId: 'getTrustList',
          tags,
          summary:
            'One trusted list: its services with their status now and their history, and who loaded or removed it',
          params: idParams,
          response: { 200: trustListDetail, ...errorResponses },
        },
      },
      async (request) => getTrustList(db, actorOf(request), request.params.id),
    );

    app.post(
      '/trust-lists/:id/remove',
      {
        schema: {
          operationId: 'removeTrustList',
          tags,
          summary:
            'Remove a trusted list with a reason: it stops being in force, and the previous list of its territory counts again (agency admins)',
          params: idParams,
          body: removeTrustListBody,
          response: { 200: trustListView, ...errorResponses },
        },
      },
      async (request) => removeTrustList(db, actorOf(request), request.params.id, request.body),
    );
  };
}
