import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { attachmentDisposition } from '../platform/http/download.ts';
import { errorResponses } from '../platform/http/problem.ts';
import type { ConsultationPort } from './consultations.ts';
import {
  downloadInboundMailAttachment,
  downloadInboundMailRaw,
  getInboundMail,
  listQuarantine,
  releaseQuarantinedMail,
} from './quarantine.ts';
import {
  inboundMailView,
  listQuarantineQuery,
  quarantineList,
  releaseQuarantinedMailBody,
} from './schemas.ts';

const tags = ['support-mailbox'];
const idParams = z.object({ id: z.uuid() });

export function supportMailboxRoutes(
  db: Db,
  deps: { consultations: ConsultationPort | null; publicUrl: string },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/support-mailbox/quarantine',
      {
        schema: {
          operationId: 'listQuarantine',
          tags,
          summary: 'E-mail to the support address that waits for an agency user, newest first (agency users)',
          querystring: listQuarantineQuery,
          response: { 200: quarantineList, ...errorResponses },
        },
      },
      async (request) => listQuarantine(db, actorOf(request), request.query),
    );

    app.get(
      '/support-mailbox/mails/:id',
      {
        schema: {
          operationId: 'getInboundMail',
          tags,
          summary: 'One received e-mail: headers, sanitised body, attachments and its history (agency users)',
          params: idParams,
          response: { 200: inboundMailView, ...errorResponses },
        },
      },
      async (request) => getInboundMail(db, actorOf(request), request.params.id),
    );

    app.get(
      '/support-mailbox/mails/:id/raw',
      {
        schema: {
          operationId: 'downloadInboundMailRaw',
          tags,
          summary: 'The e-mail exactly as received (message/rfc822, as a download; agency users)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const file = await downloadInboundMailRaw(db, actorOf(request), request.params.id);
        return reply
          .type('message/rfc822')
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
    );

    app.get(
      '/support-mailbox/mails/:id/attachments/:attachmentId',
      {
        schema: {
          operationId: 'downloadInboundMailAttachment',
          tags,
          summary: 'An attachment of a received e-mail, always as a download (agency users)',
          params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
        },
      },
      async (request, reply) => {
        const file = await downloadInboundMailAttachment(
          db,
          actorOf(request),
          request.params.id,
          request.params.attachmentId,
        );
        // Never the sender's declared type: the browser must not render or run it.
        return reply
          .type('application/octet-stream')
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
    );

    app.post(
      '/support-mailbox/mails/:id/release',
      {
        schema: {
          operationId: 'releaseQuarantinedMail',
          tags,
          summary:
            'Deliver a quarantined e-mail to a request thread or consultation in the name of a chosen user, or reject it (agency users)',
          params: idParams,
          body: releaseQuarantinedMailBody,
          response: { 200: inboundMailView, ...errorResponses },
        },
      },
      async (request) => releaseQuarantinedMail(db, actorOf(request), request.params.id, request.body, deps),
    );
  };
}
