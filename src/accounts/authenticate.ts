import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { findActorByApiToken } from './api-tokens.ts';
import { safeEqual } from './secrets.ts';
import { findSession } from './sessions.ts';

// Who is calling, decided once per HTTP request: a bearer API token (machine clients) or the session
// cookie (the browser). Cookie-authenticated writes must carry the session's CSRF token in a header.

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authMethod: 'session' | 'token' | null;
  }
  interface FastifyContextConfig {
    /** Routes open to anonymous callers (login, health, docs). */
    public?: boolean;
  }
}

export const csrfHeader = 'x-csrf-token';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(config: Config): string {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
  return config.cookieSecure ? '__Host-pakalpe_session' : 'pakalpe_session';
}

export function registerAuthentication(app: FastifyInstance, db: Db, config: Config): void {
  const cookieName = sessionCookieName(config);
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1] ? await findActorByApiToken(db, match[1]) : null;
      if (!actor) throw new AppError('unauthenticated', { detail: 'The API token is not valid.' });
      request.actor = actor;
      request.authMethod = 'token';
    } else {
      const token = request.cookies[cookieName];
      const session = token ? await findSession(db, token) : null;
      if (token && !session) {
        reply.clearCookie(cookieName, { path: '/' });
      }
      if (session) {
        request.actor = session.actor;
        request.authMethod = 'session';
        if (unsafeMethods.has(request.method) && !request.routeOptions.config.public) {
          const sent = request.headers[csrfHeader];
          if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
            throw new AppError('csrf', {
              detail: `Send the session's CSRF token in the ${csrfHeader} header.`,
            });
          }
        }
      }
    }
    if (!request.actor && !request.routeOptions.config.public) {
      throw new AppError('unauthenticated', { detail: 'Log in or send an API token.' });
    }
  });
}

/** The authenticated actor of a route that is not public (the hook above guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
