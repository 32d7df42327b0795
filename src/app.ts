import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { csrfHeader, registerAuthentication, sessionCookieName } from './accounts/authenticate.ts';
import { accountRoutes } from './accounts/routes.ts';
import { createActSigning } from './acts/index.ts';
import { auditRoutes } from './audit/index.ts';
import { calendarRoutes } from './calendar/index.ts';
import { catalogDescriptionRoutes } from './catalog/description-routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { consultationRoutes } from './consultations/routes.ts';
import { registerConsultationSettings } from './consultations/settings.ts';
import { descriptionRoutes } from './descriptions/routes.ts';
import { guidelineRoutes } from './guidelines/routes.ts';
import { mailRoutes } from './mail/index.ts';
import { registerAgencyIdentity } from './platform/agency.ts';
import type { Config } from './platform/config.ts';
import type { DatabaseHandle } from './platform/db/connect.ts';
import { type ErrorCode, errorCodes, problemType } from './platform/errors.ts';
import { agencyRoute } from './platform/http/agency-route.ts';
import { installErrorHandler } from './platform/http/error-handler.ts';
import { problem, toProblem } from './platform/http/problem.ts';
import { registerWebUi } from './platform/http/web-ui.ts';
import { createPersonalCodeHasher, representativeRoutes } from './representatives/index.ts';
import { actRoutes } from './requests/act-routes.ts';
import { requestAuditAnalysisRoutes } from './requests/audit-analysis-routes.ts';
import { requestDescriptionRoutes } from './requests/description-routes.ts';
import { requestRoutes } from './requests/routes.ts';
import { consultationPort } from './support-mailbox/consultation-port.ts';
import { supportMailboxRoutes } from './support-mailbox/index.ts';
import { createTrustListSigners, trustListRoutes } from './trust-lists/index.ts';

// The composition root: platform pieces first, then each feature's routes under /api/v1.

export const bodyLimitBytes = 1024 * 1024;

export async function buildApp(handle: DatabaseHandle, config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', `req.headers["${csrfHeader}"]`],
          },
    bodyLimit: bodyLimitBytes,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const hasWebUi = await registerWebUi(app);
  installErrorHandler(
    app,
    hasWebUi ? (_request, reply) => reply.type('text/html').sendFile('index.html') : undefined,
  );

  await app.register(fastifyCookie);
  // Only routes that opt in are limited (the login); per client address, in memory.
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pakalpe API',
        version: '1',
        description:
          'Publishing a VISS web service from the test environment to production: requests, the review ' +
          'workflow, the IS catalog, the acceptance act and its signatures. Errors are RFC 9457 problem+json with a stable `type` and `code`. ' +
          `Authenticate with the session cookie (browser; send \`${csrfHeader}\` on writes) or ` +
          '`Authorization: Bearer <API token>`.',
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config) },
          bearerToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal API token (createApiToken)',
          },
        },
      },
      security: [{ sessionCookie: [] }, { bearerToken: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  registerAuthentication(app, handle.db, config);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'health',
        tags: ['operations'],
        summary: 'Answers 200 when the database is reachable',
        security: [],
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
          503: problem,
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(handle.db);
      } catch (error) {
        _request.log.error({ err: error }, 'database unreachable');
        return reply
          .status(503)
          .type('application/problem+json')
          .send(toProblem('unavailable', { detail: 'The database does not answer.' }));
      }
      return { status: 'ok' as const, database: handle.kind };
    },
  );

  // Problem types are URLs: this makes each of them resolve to a short explanation.
  app.get('/problems/:kind', { schema: { hide: true } }, async (request, reply) => {
    const code = (request.params as { kind: string }).kind.replaceAll('-', '_') as ErrorCode;
    const known = errorCodes[code];
    if (!known) return reply.callNotFound();
    return { type: problemType(code), code, status: known.status, title: known.title };
  });

  // The support mailbox's receiver calls the consultation functions without the configuration at hand.
  const consultationSettings = {
    publicUrl: config.publicUrl,
    replyWorkingDays: config.supportReplyWorkingDays,
  };
  registerConsultationSettings(consultationSettings);
  registerAgencyIdentity(config.agency);
  // The register's keyed hash of personal codes: what entries store and what the act verifier matches.
  const hashPersonalCode = createPersonalCodeHasher(config);

  await app.register(
    async (api) => {
      await api.register(accountRoutes(handle.db, config));
      await api.register(agencyRoute(config.agency));
      await api.register(catalogRoutes(handle.db));
      await api.register(catalogDescriptionRoutes(handle.db));
      await api.register(requestRoutes(handle.db, config.publicUrl));
      await api.register(descriptionRoutes(handle.db));
      await api.register(guidelineRoutes(handle.db));
      await api.register(requestDescriptionRoutes(handle.db));
      await api.register(auditRoutes(handle, config));
      await api.register(requestAuditAnalysisRoutes(handle.db));
      await api.register(
        actRoutes(
          handle.db,
          createActSigning(config.actSigning, config.actTrustServices),
          config.publicUrl,
          hashPersonalCode,
        ),
      );
      await api.register(representativeRoutes(handle.db, hashPersonalCode));
      await api.register(trustListRoutes(handle.db, createTrustListSigners(config.trustLists)));
      await api.register(mailRoutes(handle.db));
      await api.register(
        supportMailboxRoutes(handle.db, { consultations: consultationPort, publicUrl: config.publicUrl }),
      );
      await api.register(consultationRoutes(handle.db, consultationSettings));
      await api.register(calendarRoutes(handle.db));
    },
    { prefix: '/api/v1' },
  );

  return app;
}
