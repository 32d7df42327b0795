import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/problem.ts';
import { roles } from '../requests/workflow.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { actorOf, sessionCookieName } from './authenticate.ts';
import { createInstitution, listInstitutions, updateInstitution } from './institutions.ts';
import {
  agencyStaffView,
  apiTokenInput,
  apiTokenView,
  institutionInput,
  institutionUpdate,
  institutionView,
  userInput,
  userUpdate,
  userView,
} from './schemas.ts';
import { describeActor, findSession, logIn, logOut } from './sessions.ts';
import { createUser, listAgencyStaff, listUsers, updateOwnPreferences, updateUser } from './users.ts';

const actorView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  institutionId: z.uuid().nullable(),
  institutionName: z.string().nullable().describe("The user's institution, or the agency for agency users"),
  locale: z.enum(['lv', 'en']),
});
const sessionView = z.object({
  user: actorView,
  csrfToken: z.string().describe('Send it in the x-csrf-token header with every cookie-authenticated write'),
  expiresAt: z.iso.datetime().nullable(),
});
const idParams = z.object({ id: z.uuid() });

export function accountRoutes(db: Db, config: Config): FastifyPluginAsyncZod {
  const cookieName = sessionCookieName(config);
  return async (app) => {
    app.post(
      '/session',
      {
        config: { public: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
        schema: {
          operationId: 'logIn',
          tags: ['session'],
          summary: 'Log in with e-mail and password; sets the session cookie',
          security: [],
          body: z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(256) }),
          response: { 200: sessionView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const session = await logIn(db, request.body, config.sessionTtlHours);
        reply.setCookie(cookieName, session.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.cookieSecure,
          expires: session.expiresAt,
        });
        return {
          user: await describeActor(db, session.actor),
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
        };
      },
    );

    app.get(
      '/session',
      {
        schema: {
          operationId: 'getSession',
          tags: ['session'],
          summary: 'Who is logged in, and the CSRF token for this session',
          response: { 200: sessionView, ...errorResponses },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const user = await describeActor(db, actor);
        if (request.authMethod !== 'session') return { user, csrfToken: '', expiresAt: null };
        const session = await findSession(db, request.cookies[cookieName] ?? '');
        if (!session) throw new AppError('unauthenticated');
        return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
      },
    );

    app.delete(
      '/session',
      {
        config: { public: true },
        schema: {
          operationId: 'logOut',
          tags: ['session'],
          summary: 'Log out: ends the session and clears the cookie',
          security: [],
          response: { 204: z.undefined(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const token = request.cookies[cookieName];
        if (token) await logOut(db, token);
        reply.clearCookie(cookieName, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.patch(
      '/me',
      {
        schema: {
          operationId: 'updateMyPreferences',
          tags: ['session'],
          summary: 'Change your own preferences (the interface language)',
          body: z.object({ locale: z.enum(['lv', 'en']) }),
          response: { 200: userView, ...errorResponses },
        },
      },
      async (request) => updateOwnPreferences(db, actorOf(request), request.body),
    );

    app.get(
      '/me/tokens',
      {
        schema: {
          operationId: 'listApiTokens',
          tags: ['session'],
          summary: 'Your personal API tokens (never the secrets)',
          response: { 200: z.object({ items: z.array(apiTokenView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listApiTokens(db, actorOf(request)) }),
    );

    app.post(
      '/me/tokens',
      {
        schema: {
          operationId: 'createApiToken',
          tags: ['session'],
          summary: 'Create a personal API token; the secret is shown only in this response',
          body: apiTokenInput,
          response: {
            201: apiTokenView.extend({ token: z.string().describe('Send as Authorization: Bearer <token>') }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createApiToken(db, actorOf(request), request.body)),
    );

    app.delete(
      '/me/tokens/:id',
      {
        schema: {
          operationId: 'revokeApiToken',
          tags: ['session'],
          summary: 'Revoke one of your API tokens',
          params: idParams,
          response: { 200: apiTokenView, ...errorResponses },
        },
      },
      async (request) => revokeApiToken(db, actorOf(request), request.params.id),
    );

    app.get(
      '/institutions',
      {
        schema: {
          operationId: 'listInstitutions',
          tags: ['administration'],
          summary: 'Institutions (agency users see all; institution members their own)',
          response: { 200: z.object({ items: z.array(institutionView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listInstitutions(db, actorOf(request)) }),
    );

    app.post(
      '/institutions',
      {
        schema: {
          operationId: 'createInstitution',
          tags: ['administration'],
          summary: 'Add an institution (agency admins)',
          body: institutionInput,
          response: { 201: institutionView, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createInstitution(db, actorOf(request), request.body)),
    );

    app.patch(
      '/institutions/:id',
      {
        schema: {
          operationId: 'updateInstitution',
          tags: ['administration'],
          summary:
            "Correct an institution's name, registration number, VISS code or contacts (agency admins)",
          params: idParams,
          body: institutionUpdate,
          response: { 200: institutionView, ...errorResponses },
        },
      },
      async (request) => updateInstitution(db, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/agency-staff',
      {
        schema: {
          operationId: 'listAgencyStaff',
          tags: ['administration'],
          summary: 'Agency reviewers and admins, for choosing an assignee (agency users)',
          response: { 200: z.object({ items: z.array(agencyStaffView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listAgencyStaff(db, actorOf(request)) }),
    );

    app.get(
      '/users',
      {
        schema: {
          operationId: 'listUsers',
          tags: ['administration'],
          summary: 'Users (agency admins)',
          querystring: z.object({ institutionId: z.uuid().optional(), role: z.enum(roles).optional() }),
          response: { 200: z.object({ items: z.array(userView) }), ...errorResponses },
        },
      },
      async (request) => ({ items: await listUsers(db, actorOf(request), request.query) }),
    );

    app.post(
      '/users',
      {
        schema: {
          operationId: 'createUser',
          tags: ['administration'],
          summary: 'Create a user (agency admins)',
          body: userInput,
          response: { 201: userView, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(db, actorOf(request), request.body)),
    );

    app.patch(
      '/users/:id',
      {
        schema: {
          operationId: 'updateUser',
          tags: ['administration'],
          summary: 'Change a user: name, role, language, password, or deactivate (agency admins)',
          params: idParams,
          body: userUpdate,
          response: { 200: userView, ...errorResponses },
        },
      },
      async (request) => updateUser(db, actorOf(request), request.params.id, request.body),
    );
  };
}
