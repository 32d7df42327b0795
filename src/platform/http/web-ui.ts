import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The web UI is a single-page app built by Vite into web/dist. Its files are served as they are;
// any other GET for a page (not the API) gets index.html so the browser's router can take over.

export const webRoot = path.resolve(import.meta.dirname, '../../../web/dist');

const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function isPagePath(url: string): boolean {
  return !/^\/(api|healthz|problems)(\/|$|\?)/.test(url);
}

/** Registers the built UI if there is one; returns whether it did. */
export async function registerWebUi(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(path.join(webRoot, 'index.html'))) {
    app.log.warn(`The web UI is not built (${webRoot} has no index.html): run npm run build.`);
    return false;
  }
  await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (isPagePath(request.url)) reply.header('content-security-policy', contentSecurityPolicy);
  });
  return true;
}
