import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** `dataDir` is the app's own temporary data folder (where the demo CA that signs acts lives). */
export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  dataDir: string;
  close: () => Promise<void>;
};

/** `options.dataDir` when the test needs the folder (and its demo CA) before the app starts. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'pakalpe-test-data-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    AUDIT_HASH_SECRET: 'test-audit-hash-secret-0123456789abcdef',
    ...env,
  });
  const app = await buildApp(database, config);
  await app.ready();
  return {
    app,
    database,
    dataDir,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of every shape; assertions check them
export type Reply = { status: number; body: any; headers: LightMyRequestResponse['headers']; raw: Buffer };

/** A caller of the API: anonymous, logged in with a session cookie (and its CSRF token), or with a token. */
export class ApiClient {
  constructor(
    private readonly app: FastifyInstance,
    private readonly auth: { cookie?: string; csrf?: string; bearer?: string } = {},
  ) {}

  static async logIn(app: FastifyInstance, email: string, password: string): Promise<ApiClient> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name.endsWith('pakalpe_session'));
    return new ApiClient(app, { cookie: `${cookie?.name}=${cookie?.value}`, csrf: res.json().csrfToken });
  }

  withoutCsrf(): ApiClient {
    return new ApiClient(this.app, { ...this.auth, csrf: undefined });
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.auth.cookie) headers.cookie = this.auth.cookie;
    if (this.auth.csrf) headers['x-csrf-token'] = this.auth.csrf;
    if (this.auth.bearer) headers.authorization = `Bearer ${this.auth.bearer}`;
    const res = await this.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: type.includes('json') && res.body ? res.json() : res.body,
      headers: res.headers,
      raw: res.rawPayload,
    };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, payload: unknown = {}) => this.request('POST', url, payload);
  patch = (url: string, payload: unknown) => this.request('PATCH', url, payload);
  put = (url: string, payload: unknown) => this.request('PUT', url, payload);
  delete = (url: string) => this.request('DELETE', url);
}
