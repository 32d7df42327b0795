import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { actorOf } from '../accounts/authenticate.ts';
import type { Db } from '../platform/db/transaction.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { assignRequest } from './assign-request.ts';
import { changesSinceLastRoundView, getChangesSinceLastRound } from './changes-since-last-round.ts';
import { addRequestNote, listRequestMessages, listRequestNotes, postRequestMessage } from './conversation.ts';
import {
  maxBulkResolve,
  postCorrectionMessage,
  reopenCorrection,
  resolveCorrections,
} from './correction-thread.ts';
import { createRequest } from './create-request.ts';
import { listHistory } from './history.ts';
import { getRequestView, listRequests } from './queries.ts';
import { resolveCorrection } from './resolve-correction.ts';
import {
  actionInput,
  assignInput,
  correctionMessageView,
  createRequestInput,
  historyEntryView,
  listRequestsQuery,
  messageInput,
  messageView,
  requestList,
  requestView,
  updateRequestInput,
} from './schemas.ts';
import { transitionRequest } from './transition-request.ts';
import { updateRequest } from './update-request.ts';
import { type Action, actionRequirements, actions, agencyRoles, transitions } from './workflow.ts';
import { actionTexts, branchTexts, stateTexts } from './workflow-texts.ts';

/**
 * The HTTP name of each workflow action. A Record, so a new action cannot be added without its route.
 * `ownRoute`: the action takes more than the common body (a file) and its feature registers the route.
 */
export const actionOperations: Record<Action, { operationId: string; path: string; ownRoute?: true }> = {
  submit: { operationId: 'submitRequest', path: 'submit' },
  startReview: { operationId: 'startReview', path: 'start-review' },
  requestCorrections: { operationId: 'requestCorrections', path: 'request-corrections' },
  approveReview: { operationId: 'approveReview', path: 'approve-review' },
  reject: { operationId: 'rejectRequest', path: 'reject' },
  withdraw: { operationId: 'withdrawRequest', path: 'withdraw' },
  uploadSignedAct: { operationId: 'uploadSignedAct', path: 'act/containers', ownRoute: true },
  registerInProduction: { operationId: 'registerInProduction', path: 'register-in-production' },
  confirmInstallation: { operationId: 'confirmInstallation', path: 'confirm-installation' },
};

const idParams = z.object({ id: z.uuid() });
const tags = ['requests'];

export function describeAction(action: Action): string {
  const rows = transitions.filter((t) => t.action === action);
  const lines = rows.map(
    (t) =>
      `- ${t.from} → ${t.to}${t.when ? ` (when ${branchTexts[t.when].en})` : ''}; roles: ${t.roles.join(', ')}` +
      `${t.guards?.length ? `; guards: ${t.guards.join(', ')}` : ''}`,
  );
  const needs = actionRequirements[action];
  const inputs = [
    needs.comment === 'required' ? '`comment` (the reason) is required.' : '',
    needs.corrections ? '`corrections` lists what must change (at least one).' : '',
  ].filter(Boolean);
  return [`${actionTexts[action].lv} / ${actionTexts[action].en}.`, '', ...lines, '', ...inputs].join('\n');
}

/** `publicUrl`: the web UI's address, for the links in the e-mails that workflow steps enqueue. */
export function requestRoutes(db: Db, publicUrl: string): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/requests',
      {
        schema: {
          operationId: 'listRequests',
          tags,
          summary: 'Requests the caller may see, filtered and paginated',
          querystring: listRequestsQuery,
          response: { 200: requestList, ...errorResponses },
        },
      },
      async (request) => listRequests(db, actorOf(request), request.query),
    );

    app.post(
      '/requests',
      {
        schema: {
          operationId: 'createRequest',
          tags,
          summary:
            'Start a draft request to publish a test-catalog service in production (institution members)',
          body: createRequestInput,
          response: { 201: requestView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createRequest(db, actorOf(request), request.body)),
    );

    app.get(
      '/requests/:id',
      {
        schema: {
          operationId: 'getRequest',
          tags,
          summary: 'One request, with the actions the caller may take now',
          params: idParams,
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const view = await getRequestView(db, actorOf(request), request.params.id);
        reply.header('etag', `"${view.version}"`);
        return view;
      },
    );

    app.patch(
      '/requests/:id',
      {
        schema: {
          operationId: 'updateRequest',
          tags,
          summary: 'Edit a draft, or a request whose corrections were asked for (institution members)',
          params: idParams,
          body: updateRequestInput,
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request) => updateRequest(db, actorOf(request), request.params.id, request.body),
    );

    for (const action of actions) {
      const { operationId, path, ownRoute } = actionOperations[action];
      if (ownRoute) continue;
      app.post(
        `/requests/:id/${path}`,
        {
          schema: {
            operationId,
            tags: ['workflow'],
            summary: `${actionTexts[action].en} (${actionTexts[action].lv})`,
            description: describeAction(action),
            params: idParams,
            body: actionInput,
            response: { 200: requestView, ...errorResponses },
          },
        },
        async (request) =>
          transitionRequest(db, actorOf(request), request.params.id, action, request.body, publicUrl),
      );
    }

    app.post(
      '/requests/:id/assignee',
      {
        schema: {
          operationId: 'assignRequest',
          tags: ['workflow'],
          summary:
            'Take, release or assign a request (reviewers take or release their own; admins assign anyone)',
          params: idParams,
          body: assignInput,
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request) => assignRequest(db, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/requests/:id/corrections/:correctionId/resolve',
      {
        schema: {
          operationId: 'resolveCorrection',
          tags: ['workflow'],
          summary: 'Mark a requested correction as made (agency, while in review)',
          params: z.object({ id: z.uuid(), correctionId: z.uuid() }),
          body: z.object({
            version: z.number().int().min(1),
            comment: z.string().trim().max(10_000).optional(),
          }),
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request) =>
        resolveCorrection(db, actorOf(request), request.params.id, request.params.correctionId, request.body),
    );

    app.post(
      '/requests/:id/corrections/resolve',
      {
        schema: {
          operationId: 'resolveCorrections',
          tags: ['workflow'],
          summary: 'Mark several requested corrections as made in one action (agency, while in review)',
          description:
            'All or nothing: when any of the chosen corrections is not open on this request, none is resolved (409). One history entry lists them.',
          params: idParams,
          body: z.object({
            version: z.number().int().min(1),
            correctionIds: z.array(z.uuid()).min(1).max(maxBulkResolve),
            comment: z.string().trim().max(10_000).optional(),
          }),
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request) => resolveCorrections(db, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/requests/:id/changes-since-last-round',
      {
        schema: {
          operationId: 'getChangesSinceLastRound',
          tags: ['workflow'],
          summary:
            'What changed since the last corrections request: the description (operations and data) and the fields, old → new',
          params: idParams,
          response: { 200: changesSinceLastRoundView, ...errorResponses },
        },
      },
      async (request) => getChangesSinceLastRound(db, actorOf(request), request.params.id),
    );

    app.post(
      '/requests/:id/corrections/:correctionId/reopen',
      {
        schema: {
          operationId: 'reopenCorrection',
          tags: ['workflow'],
          summary: 'Reopen a correction resolved too early (agency, while in review)',
          params: z.object({ id: z.uuid(), correctionId: z.uuid() }),
          body: z.object({
            version: z.number().int().min(1),
            comment: z.string().trim().max(10_000).optional(),
          }),
          response: { 200: requestView, ...errorResponses },
        },
      },
      async (request) =>
        reopenCorrection(db, actorOf(request), request.params.id, request.params.correctionId, request.body),
    );

    app.post(
      '/requests/:id/corrections/:correctionId/messages',
      {
        schema: {
          operationId: 'postCorrectionMessage',
          tags: ['workflow'],
          summary:
            "Answer a correction or reply in its thread (the request's institution or the agency, until the request is finished)",
          params: z.object({ id: z.uuid(), correctionId: z.uuid() }),
          body: z.object({ body: z.string().trim().min(1).max(4000) }),
          response: { 201: correctionMessageView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await postCorrectionMessage(
              db,
              actorOf(request),
              request.params.id,
              request.params.correctionId,
              request.body.body,
              publicUrl,
            ),
          ),
    );

    app.get(
      '/requests/:id/history',
      {
        schema: {
          operationId: 'getRequestHistory',
          tags,
          summary: 'The append-only, hash-chained history (institutions do not see agency-internal entries)',
          params: idParams,
          response: { 200: z.object({ items: z.array(historyEntryView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listHistory(db, actorOf(request), request.params.id) }),
    );

    // The message thread (both parties) and the agency's internal notes share one shape.
    const streams = [
      {
        path: 'messages',
        tags: ['consultations'],
        list: {
          operationId: 'listRequestMessages',
          summary: 'The message thread between the institution and the agency',
          run: listRequestMessages,
        },
        post: {
          operationId: 'postRequestMessage',
          summary: 'Write to the thread (either party, in any state); the other side is told by e-mail',
          run: postRequestMessage,
        },
      },
      {
        path: 'notes',
        tags: ['workflow'],
        list: {
          operationId: 'listRequestNotes',
          summary: 'Agency-internal notes (never shown to the institution)',
          run: listRequestNotes,
        },
        post: {
          operationId: 'addRequestNote',
          summary: 'Add an agency-internal note',
          run: (db: Db, actor: Actor, id: string, body: string) => addRequestNote(db, actor, id, body),
        },
      },
    ] as const;
    for (const stream of streams) {
      app.get(
        `/requests/:id/${stream.path}`,
        {
          schema: {
            operationId: stream.list.operationId,
            tags: [...stream.tags],
            summary: stream.list.summary,
            params: idParams,
            response: { 200: z.object({ items: z.array(messageView) }), ...errorResponses },
          },
        },
        async (request) => ({ items: await stream.list.run(db, actorOf(request), request.params.id) }),
      );
      app.post(
        `/requests/:id/${stream.path}`,
        {
          schema: {
            operationId: stream.post.operationId,
            tags: [...stream.tags],
            summary: stream.post.summary,
            params: idParams,
            body: messageInput,
            response: { 201: messageView, ...errorResponses },
          },
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(
              await stream.post.run(db, actorOf(request), request.params.id, request.body.body, publicUrl),
            ),
      );
    }

    app.get(
      '/workflow',
      {
        schema: {
          operationId: 'getWorkflow',
          tags: ['workflow'],
          summary:
            'The procedure as data: states, actions and transitions with their Latvian and English names',
          response: {
            200: z.object({
              states: z.array(
                z.object({
                  id: z.string(),
                  lv: z.string(),
                  en: z.string(),
                  step: z.number().int().nullable(),
                }),
              ),
              actions: z.array(
                z.object({
                  id: z.string(),
                  operationId: z.string(),
                  path: z.string().describe('POST /api/v1/requests/{id}/<path>'),
                  lv: z.string(),
                  en: z.string(),
                  commentRequired: z.boolean(),
                  needsCorrections: z.boolean(),
                }),
              ),
              transitions: z.array(
                z.object({
                  from: z.string(),
                  action: z.string(),
                  to: z.string(),
                  roles: z.array(z.string()),
                  when: z.string().nullable(),
                  guards: z.array(z.string()),
                }),
              ),
              agencyRoles: z.array(z.string()),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({
        states: Object.entries(stateTexts).map(([id, t]) => ({ id, ...t })),
        actions: actions.map((id) => ({
          id,
          operationId: actionOperations[id].operationId,
          path: actionOperations[id].path,
          ...actionTexts[id],
          commentRequired: actionRequirements[id].comment === 'required',
          needsCorrections: actionRequirements[id].corrections,
        })),
        transitions: transitions.map((t) => ({
          ...t,
          roles: [...t.roles],
          when: t.when ?? null,
          guards: [...(t.guards ?? [])],
        })),
        agencyRoles: [...agencyRoles],
      }),
    );
  };
}
