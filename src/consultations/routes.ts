import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { sendStoredFile } from '../platform/http/download.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { closeConsultation, createConsultation, postConsultationMessage } from './operations.ts';
import { getConsultationAttachment, getConsultationView, listConsultations } from './queries.ts';
import {
  closeInput,
  consultationList,
  consultationView,
  createConsultationInput,
  listConsultationsQuery,
  postMessageInput,
} from './schemas.ts';
import type { ConsultationSettings } from './settings.ts';

const tags = ['consultations'];
const idParams = z.object({ id: z.uuid() });
// Five files of 10 MiB, base64-encoded, and the text around them.
const bodyLimit = 70 * 1024 * 1024;

export function consultationRoutes(db: Db, settings: ConsultationSettings): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/consultations',
      {
        schema: {
          operationId: 'listConsultations',
          tags,
          summary:
            "Consultation tickets: the institution's own, or (agency) every ticket as a queue by reply-by time",
          querystring: listConsultationsQuery,
          response: { 200: consultationList, ...errorResponses },
        },
      },
      async (request) => listConsultations(db, actorOf(request), request.query),
    );

    app.post(
      '/consultations',
      {
        bodyLimit,
        schema: {
          operationId: 'createConsultation',
          tags,
          summary: 'Open a consultation ticket for your institution (institution users), with attachments',
          body: createConsultationInput,
          response: { 201: consultationView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { id } = await createConsultation(db, actor, request.body, settings);
        return reply.status(201).send(await getConsultationView(db, actor, id));
      },
    );

    app.get(
      '/consultations/:id',
      {
        schema: {
          operationId: 'getConsultation',
          tags,
          summary: 'One ticket with its messages, attachments and history',
          params: idParams,
          response: { 200: consultationView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const view = await getConsultationView(db, actorOf(request), request.params.id);
        reply.header('etag', `"${view.version}"`);
        return view;
      },
    );

    app.post(
      '/consultations/:id/messages',
      {
        bodyLimit,
        schema: {
          operationId: 'postConsultationMessage',
          tags,
          summary:
            'Write in the ticket (either party), with attachments: the institution’s message opens it, the agency’s answers it',
          params: idParams,
          body: postMessageInput,
          response: { 201: consultationView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        await postConsultationMessage(db, actor, request.params.id, request.body, settings);
        return reply.status(201).send(await getConsultationView(db, actor, request.params.id));
      },
    );

    app.post(
      '/consultations/:id/close',
      {
        schema: {
          operationId: 'closeConsultation',
          tags,
          summary: 'Close the ticket (either party), with an optional reason',
          params: idParams,
          body: closeInput,
          response: { 200: consultationView, ...errorResponses },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await closeConsultation(db, actor, request.params.id, request.body, settings);
        return getConsultationView(db, actor, request.params.id);
      },
    );

    app.get(
      '/consultations/:id/attachments/:attachmentId',
      {
        schema: {
          operationId: 'downloadConsultationAttachment',
          tags,
          summary: 'Download an attachment (always as a download, never shown inline)',
          params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
          response: {
            200: z.string().describe('The file, as attached').meta({ format: 'binary' }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const file = await getConsultationAttachment(
          db,
          actorOf(request),
          request.params.id,
          request.params.attachmentId,
        );
        return sendStoredFile(reply, file.filename, file.contentType, file.content);
      },
    );
  };
}
