// A stand-in for the Pakalpe API in component tests of the agency and administration pages: each
// test lists the answers it needs and reads back what the page asked. Test files replace the
// client's `api` with one bound to `fakeFetch`:
//
//   vi.mock('../api/client', async (importOriginal) => ({
//     ...(await importOriginal<typeof import('../api/client')>()),
//     api: (await import('./agency-test-api')).fakeApi(),
//   }));
//
// This module imports nothing of the app, so the mock can load it while the client is mocked.

import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';

export type Call = { method: string; path: string; query: URLSearchParams; body: unknown };
type Answer = { status: number; body?: unknown };
type Handler = (call: Call) => Answer | undefined;

export const calls: Call[] = [];
let handlers: Handler[] = [];

export function answer(
  method: string,
  path: string | RegExp,
  reply: Answer | ((call: Call) => Answer),
): void {
  handlers.unshift((call) => {
    const matches = typeof path === 'string' ? call.path === path : path.test(call.path);
    if (call.method !== method || !matches) return undefined;
    return typeof reply === 'function' ? reply(call) : reply;
  });
}

export function resetServer(): void {
  calls.length = 0;
  handlers = [];
}

export async function fakeFetch(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const text = request.method === 'GET' ? '' : await request.text();
  const call: Call = {
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    body: text ? JSON.parse(text) : undefined,
  };
  calls.push(call);
  const reply = handlers.map((h) => h(call)).find(Boolean) ?? {
    status: 404,
    body: { type: '/problems/not-found', title: 'Not found', status: 404, code: 'not_found' },
  };
  const json = reply.status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': json },
  });
}

export const lastCall = (method: string, path: string): Call | undefined =>
  calls.filter((c) => c.method === method && c.path === path).at(-1);

export function fakeApi() {
  return createClient<paths>({ baseUrl: 'http://pakalpe.test', fetch: fakeFetch });
}
