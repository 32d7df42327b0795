import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { listDevMailbox, listOutbox, retryOutboxMessage } from './admin.ts';
import {
  devMailboxList,
  listDevMailboxQuery,
  listOutboxQuery,
  outboxList,
  outboxMessageView,
  retryOutboxMessageBody,
} from './schemas.ts';

const tags = ['mail'];

export function mailRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/outbox',
      {
        schema: {
          operationId: 'listOutbox',
          tags,
          summary: 'E-mail outbox: pending, sending, sent and failed messages, newest first (agency admins)',
          querystring: listOutboxQuery,
          response: { 200: outboxList, ...errorResponses },
        },
      },
      async (request) => listOutbox(db, actorOf(request), request.query),
    );

    app.post(
      '/outbox/:id/retry',
      {
        schema: {
          operationId: 'retryOutboxMessage',
          tags,
          summary:
            'Send a failed message again: it becomes pending with a fresh series of attempts (agency admins)',
          params: z.object({ id: z.uuid() }),
          body: retryOutboxMessageBody.optional(),
          response: { 200: outboxMessageView, ...errorResponses },
        },
      },
      async (request) => retryOutboxMessage(db, actorOf(request), request.params.id, request.body?.reason),
    );

    app.get(
      '/dev-mailbox',
      {
        schema: {
          operationId: 'listDevMailbox',
          tags,
          summary:
            'Development mailbox: messages delivered without an SMTP server (SMTP_URL unset), newest first (agency users)',
          querystring: listDevMailboxQuery,
          response: { 200: devMailboxList, ...errorResponses },
        },
      },
      async (request) => listDevMailbox(db, actorOf(request), request.query),
    );
  };
}
