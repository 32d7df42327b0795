import createClient, { type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

// The typed API client: paths and bodies come from the server's OpenAPI document (schema.ts is
// generated), so a changed route breaks the build instead of the page.

export type Schemas = components['schemas'];
/** The JSON body of an operation's success response, by operationId. */
export type ResponseOf<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;
/** The JSON request body of an operation, by operationId. */
export type BodyOf<Op extends keyof operations> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  reason?: string;
  currentVersion?: number;
  /** With reason `open_request_exists`: the service's request that is still open. */
  openRequest?: { id: string; reference: string; state: string };
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type SessionListener = () => void;
const expiryListeners = new Set<SessionListener>();
/** Called when the server answers 401 to a signed-in user: the session has expired or was ended. */
export function onSessionExpired(listener: SessionListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && csrfToken && !request.url.endsWith('/api/v1/session')) {
      for (const listener of expiryListeners) listener();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(middleware);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem document. */
export async function unwrap<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await promise;
  if (error !== undefined || !response.ok) {
    const problem =
      error && typeof error === 'object' && 'code' in error
        ? (error as Problem)
        : {
            type: '/problems/internal',
            title: response.statusText,
            status: response.status,
            code: 'internal',
          };
    throw new ApiError(problem);
  }
  return data as T;
}

/** A read whose 404 means "there is none yet" rather than an error. */
export async function nullIfNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 404) return null;
    throw error;
  }
}
