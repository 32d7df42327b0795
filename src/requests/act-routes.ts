import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import { type ActSigning, asicMimeType } from '../acts/index.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import type { PersonalCodeHasher } from '../representatives/index.ts';
import {
  checkContainer,
  downloadActContainer,
  downloadActPdf,
  getAct,
  issueAct,
  uploadSignedAct,
} from './acceptance-act.ts';
import { actView, containerReportView } from './acceptance-act-views.ts';
import { describeAction } from './routes.ts';
import { requestView } from './schemas.ts';

const idParams = z.object({ id: z.uuid() });
const versionQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('An older version; the current one when left out'),
});
/** A container of up to 20 MB, base64-encoded in JSON (the API takes JSON only, which keeps CSRF simple). */
const containerBase64 = z
  .base64({ error: 'expected the container file encoded as base64' })
  .min(4)
  .max(28 * 1024 * 1024)
  .describe('The ASiC-E (.asice/.edoc) file, base64-encoded');
const uploadBodyLimit = 30 * 1024 * 1024;
const tags = ['acts'];

function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"`;
}

/** `hashPersonalCode`: the register's keyed hash, for matching personal certificates to representatives. */
export function actRoutes(
  db: Db,
  signing: ActSigning,
  publicUrl: string,
  hashPersonalCode: PersonalCodeHasher,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/requests/:id/act',
      {
        schema: {
          operationId: 'issueAct',
          tags,
          summary:
            'Issue the acceptance act (or its next version): PDF rendered from the request, signed by the agency on the server',
          params: idParams,
          body: z.object({
            version: z.number().int().min(1),
            language: z.enum(['lv', 'en']).default('lv'),
            conclusionNote: z
              .string()
              .trim()
              .max(2000)
              .optional()
              .describe('Added under the standard conclusion'),
          }),
          response: { 201: actView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await issueAct(
              db,
              signing,
              actorOf(request),
              request.params.id,
              request.body,
              publicUrl,
              hashPersonalCode,
            ),
          ),
    );

    app.get(
      '/requests/:id/act',
      {
        schema: {
          operationId: 'getAct',
          tags,
          summary:
            "The request's acceptance act: every version, its containers and their verification reports",
          params: idParams,
          response: { 200: actView, ...errorResponses },
        },
      },
      async (request) => getAct(db, signing, actorOf(request), request.params.id),
    );

    app.get(
      '/requests/:id/act/pdf',
      {
        schema: {
          operationId: 'downloadActPdf',
          tags,
          summary: 'The act as PDF (application/pdf), exactly the bytes that are signed',
          params: idParams,
          querystring: versionQuery,
        },
      },
      async (request, reply) => {
        const file = await downloadActPdf(db, actorOf(request), request.params.id, request.query.version);
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(file.fileName))
          .send(file.bytes);
      },
    );

    app.get(
      '/requests/:id/act/container',
      {
        schema: {
          operationId: 'downloadActContainer',
          tags,
          summary: `The signed ASiC-E container (${asicMimeType}) to add a signature to: the most signed one of the version`,
          params: idParams,
          querystring: versionQuery,
        },
      },
      async (request, reply) => {
        const file = await downloadActContainer(
          db,
          actorOf(request),
          request.params.id,
          request.query.version,
        );
        return reply
          .type(asicMimeType)
          .header('content-disposition', attachment(file.fileName))
          .send(file.bytes);
      },
    );

    app.post(
      '/requests/:id/act/containers',
      {
        bodyLimit: uploadBodyLimit,
        schema: {
          operationId: 'uploadSignedAct',
          tags: ['workflow', ...tags],
          summary:
            'Upload the container signed by both parties; when it verifies the request moves to registration (422 with the report when not)',
          description: describeAction('uploadSignedAct'),
          params: idParams,
          body: z.object({ version: z.number().int().min(1), containerBase64 }),
          response: {
            200: z.object({ request: requestView, report: containerReportView }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        uploadSignedAct(
          db,
          signing,
          actorOf(request),
          request.params.id,
          {
            version: request.body.version,
            container: Buffer.from(request.body.containerBase64, 'base64'),
          },
          publicUrl,
          hashPersonalCode,
        ),
    );

    app.post(
      '/acts/verify',
      {
        bodyLimit: uploadBodyLimit,
        schema: {
          operationId: 'verifyContainer',
          tags,
          summary:
            'Check any ASiC-E container: every signature, the trust list, and (when it is an act you can see) both parties; changes nothing',
          body: z.object({ containerBase64 }),
          response: {
            200: z.object({
              report: containerReportView,
              act: z
                .object({
                  requestId: z.uuid(),
                  reference: z.string(),
                  number: z.string(),
                  version: z.number().int(),
                  current: z.boolean(),
                })
                .nullable()
                .describe('The issued act whose PDF the container holds, when the caller may see it'),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        checkContainer(
          db,
          signing,
          actorOf(request),
          Buffer.from(request.body.containerBase64, 'base64'),
          hashPersonalCode,
        ),
    );
  };
}
