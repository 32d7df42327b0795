import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { bodyLimitBytes } from '../src/app.ts';
import { ApiClient, type Reply, startTestApp, type TestApp } from './helpers/app.ts';
import {
  makeTestService,
  makeUser,
  makeWorld,
  requestInput,
  type TestUser,
  type World,
} from './helpers/factories.ts';

// Logging in and out, sessions, API tokens, how secrets are stored, and how the server answers
// requests it cannot parse.

let testApp: TestApp;
let world: World;
let admin: ApiClient;

const unique = () => randomBytes(4).toString('hex');

function assertProblem(res: Reply, status: number, type: string): void {
  assert.equal(
    res.status,
    status,
    `expected ${status} ${type}, got ${res.status}: ${JSON.stringify(res.body)}`,
  );
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.body.type, type);
  assert.equal(res.body.status, status);
}

function fromInject(res: LightMyRequestResponse): Reply {
  const type = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    headers: res.headers,
    body: type.includes('json') && res.body ? res.json() : res.body,
    raw: res.rawPayload,
  };
}

function logIn(email: string, password: string): Promise<LightMyRequestResponse> {
  return testApp.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
}

function setCookieHeaders(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

function sessionCookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name.endsWith('pakalpe_session'));
  assert.ok(cookie, 'no session cookie was set');
  return `${cookie.name}=${cookie.value}`;
}

async function createToken(client: ApiClient, name = `token ${unique()}`) {
  const res = await client.post('/api/v1/me/tokens', { name });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; token: string; prefix: string; name: string };
}

async function freshUser(): Promise<TestUser> {
  return makeUser(testApp.database.db, 'institution_member', world.institutionA.id);
}

describe('authentication', () => {
  before(async () => {
    testApp = await startTestApp();
    world = await makeWorld(testApp.database.db);
    admin = await ApiClient.logIn(testApp.app, world.admin.email, world.admin.password);
  });
  after(async () => {
    await testApp?.close();
  });

  describe('logging in and out', () => {
    it('a user logs in with the right password and gets a session for themselves', async () => {
      const res = await logIn(world.memberA.email, world.memberA.password);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.user.id, world.memberA.id);
      assert.equal(body.user.email, world.memberA.email);
      assert.equal('password' in body.user || 'passwordHash' in body.user, false);
      sessionCookieOf(res);
    });

    it('the e-mail is matched without regard to case and surrounding spaces', async () => {
      const res = await logIn(`  ${world.memberA.email.toUpperCase()} `, world.memberA.password);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().user.id, world.memberA.id);
    });

    it('a wrong password and an unknown e-mail get the same 401 and no cookie', async () => {
      const wrongPassword = await logIn(world.memberA.email, 'not-the-right-password');
      const unknownEmail = await logIn(`nobody.${unique()}@test.lv`, world.memberA.password);
      for (const res of [wrongPassword, unknownEmail]) {
        assertProblem(fromInject(res), 401, '/problems/unauthenticated');
        assert.deepEqual(setCookieHeaders(res), []);
      }
      assert.deepEqual(wrongPassword.json(), unknownEmail.json());
    });

    it('the session cookie is HttpOnly, SameSite=Lax and valid for the whole site', async () => {
      const res = await logIn(world.memberA.email, world.memberA.password);
      const cookie = setCookieHeaders(res).find((c) => /^(__Host-)?pakalpe_session=/.test(c));
      assert.ok(cookie, 'no session cookie');
      assert.match(cookie, /;\s*HttpOnly/i);
      assert.match(cookie, /;\s*SameSite=Lax/i);
      assert.match(cookie, /;\s*Path=\/(;|$)/i);
      assert.match(cookie, /;\s*Expires=/i);
    });

    it('getSession returns the logged-in user and the CSRF token of that session', async () => {
      const login = await logIn(world.memberB.email, world.memberB.password);
      const res = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { cookie: sessionCookieOf(login) },
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.user.id, world.memberB.id);
      assert.equal(body.user.role, 'institution_member');
      assert.equal(body.user.institutionId, world.institutionB.id);
      assert.equal(body.csrfToken, login.json().csrfToken);
      assert.ok(body.csrfToken.length > 20);
    });

    it('logging out ends the session: the same cookie is then refused with 401', async () => {
      const login = await logIn(world.memberA.email, world.memberA.password);
      const cookie = sessionCookieOf(login);
      const before = await testApp.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
      assert.equal(before.statusCode, 200);

      const out = await testApp.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
      assert.equal(out.statusCode, 204);
      const cleared = setCookieHeaders(out).find((c) => /^(__Host-)?pakalpe_session=/.test(c));
      assert.ok(cleared, 'logout does not clear the cookie');
      assert.match(cleared, /Expires=Thu, 01 Jan 1970|Max-Age=0/i);

      const later = await testApp.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
      assertProblem(fromInject(later), 401, '/problems/unauthenticated');
    });

    it("logging out one session leaves the same user's other sessions open", async () => {
      const first = sessionCookieOf(await logIn(world.memberA.email, world.memberA.password));
      const second = sessionCookieOf(await logIn(world.memberA.email, world.memberA.password));
      await testApp.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: first } });
      const res = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { cookie: second },
      });
      assert.equal(res.statusCode, 200);
    });
  });

  describe('deactivation and password changes', () => {
    it('a deactivated user loses their sessions and tokens and cannot log in', async () => {
      const user = await freshUser();
      const client = await ApiClient.logIn(testApp.app, user.email, user.password);
      const { token } = await createToken(client);
      const bearer = new ApiClient(testApp.app, { bearer: token });
      assert.equal((await client.get('/api/v1/session')).status, 200);
      assert.equal((await bearer.get('/api/v1/session')).status, 200);

      const deactivated = await admin.patch(`/api/v1/users/${user.id}`, { isActive: false });
      assert.equal(deactivated.status, 200);
      assert.equal(deactivated.body.isActive, false);

      assertProblem(await client.get('/api/v1/session'), 401, '/problems/unauthenticated');
      assertProblem(await bearer.get('/api/v1/session'), 401, '/problems/unauthenticated');
      const again = await logIn(user.email, user.password);
      assertProblem(fromInject(again), 401, '/problems/unauthenticated');
      const sessions = await testApp.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      assert.deepEqual(sessions, []);
    });

    it('a reactivated user can log in again', async () => {
      const user = await freshUser();
      assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { isActive: false })).status, 200);
      assert.equal((await logIn(user.email, user.password)).statusCode, 401);
      assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { isActive: true })).status, 200);
      assert.equal((await logIn(user.email, user.password)).statusCode, 200);
    });

    it("a changed password ends the user's sessions; only the new password works", async () => {
      const user = await freshUser();
      const client = await ApiClient.logIn(testApp.app, user.email, user.password);
      const newPassword = `new-password-${unique()}`;
      assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { password: newPassword })).status, 200);
      assertProblem(await client.get('/api/v1/session'), 401, '/problems/unauthenticated');
      assert.equal((await logIn(user.email, user.password)).statusCode, 401);
      assert.equal((await logIn(user.email, newPassword)).statusCode, 200);
    });
  });

  describe('API tokens', () => {
    it('createApiToken shows the secret once; listApiTokens never shows it', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const created = await createToken(client, `CI ${unique()}`);
      assert.match(created.token, /^pkt_[A-Za-z0-9_-]{40,}$/);
      assert.equal(created.prefix, created.token.slice(0, 10));

      const list = await client.get('/api/v1/me/tokens');
      assert.equal(list.status, 200);
      const listed = list.body.items.find((t: { id: string }) => t.id === created.id);
      assert.ok(listed, 'the new token is not listed');
      assert.equal(listed.name, created.name);
      assert.equal(listed.prefix, created.prefix);
      assert.equal('token' in listed, false);
      assert.ok(!JSON.stringify(list.body).includes(created.token), 'the list reveals a secret');
    });

    it("a user's token list shows only their own tokens", async () => {
      const clientA = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const clientB = await ApiClient.logIn(testApp.app, world.memberB.email, world.memberB.password);
      const tokenA = await createToken(clientA);
      const listB = await clientB.get('/api/v1/me/tokens');
      assert.equal(listB.status, 200);
      assert.ok(!listB.body.items.some((t: { id: string }) => t.id === tokenA.id));
    });

    it('an API token works as Authorization: Bearer and acts as its owner', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const created = await createToken(client);
      const bearer = new ApiClient(testApp.app, { bearer: created.token });

      const session = await bearer.get('/api/v1/session');
      assert.equal(session.status, 200);
      assert.equal(session.body.user.id, world.memberA.id);
      assert.equal(session.body.csrfToken, '');

      const request = await bearer.post(
        '/api/v1/requests',
        requestInput((await makeTestService(testApp.database.db, world.institutionA.id)).id),
      );
      assert.equal(request.status, 201);
      assert.equal(request.body.institution.id, world.institutionA.id);

      const list = await client.get('/api/v1/me/tokens');
      const listed = list.body.items.find((t: { id: string }) => t.id === created.id);
      assert.ok(listed?.lastUsedAt, 'lastUsedAt is not recorded');
    });

    it('a revoked token gets 401', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const created = await createToken(client);
      const bearer = new ApiClient(testApp.app, { bearer: created.token });
      assert.equal((await bearer.get('/api/v1/session')).status, 200);

      const revoked = await client.delete(`/api/v1/me/tokens/${created.id}`);
      assert.equal(revoked.status, 200);
      assert.ok(revoked.body.revokedAt);

      assertProblem(await bearer.get('/api/v1/session'), 401, '/problems/unauthenticated');
      assertProblem(await bearer.post('/api/v1/me/tokens', { name: 'x' }), 401, '/problems/unauthenticated');
    });

    it('a token cannot be revoked twice', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const created = await createToken(client);
      assert.equal((await client.delete(`/api/v1/me/tokens/${created.id}`)).status, 200);
      assertProblem(await client.delete(`/api/v1/me/tokens/${created.id}`), 404, '/problems/not-found');
    });

    it('an expired token gets 401', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const res = await client.post('/api/v1/me/tokens', { name: `short ${unique()}`, expiresInDays: 1 });
      assert.equal(res.status, 201);
      const bearer = new ApiClient(testApp.app, { bearer: res.body.token });
      assert.equal((await bearer.get('/api/v1/session')).status, 200);
      await testApp.database.db
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', res.body.id)
        .execute();
      assertProblem(await bearer.get('/api/v1/session'), 401, '/problems/unauthenticated');
    });

    it('an invalid bearer token gets 401, even alongside a valid session cookie', async () => {
      const made = new ApiClient(testApp.app, { bearer: `pkt_${randomBytes(32).toString('base64url')}` });
      assertProblem(await made.get('/api/v1/session'), 401, '/problems/unauthenticated');

      const login = await logIn(world.memberA.email, world.memberA.password);
      const res = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { cookie: sessionCookieOf(login), authorization: 'Bearer not-a-token' },
      });
      assertProblem(fromInject(res), 401, '/problems/unauthenticated');
    });

    it('an Authorization header that is not a bearer token gets 401', async () => {
      const res = await testApp.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: {
          authorization: `Basic ${Buffer.from(`${world.memberA.email}:${world.memberA.password}`).toString('base64')}`,
        },
      });
      assertProblem(fromInject(res), 401, '/problems/unauthenticated');
    });
  });

  describe('how secrets are stored', () => {
    it('a password set through the API is stored as an Argon2id hash', async () => {
      const password = `a-secret-password-${unique()}`;
      const created = await admin.post('/api/v1/users', {
        email: `argon.${unique()}@test.lv`,
        displayName: 'Argon Tests',
        role: 'agency_reviewer',
        password,
      });
      assert.equal(created.status, 201);
      const row = await testApp.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      const hash = row.password_hash ?? '';
      assert.match(hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      assert.ok(!hash.includes(password));
      assert.equal((await logIn(created.body.email, password)).statusCode, 200);
    });

    it('a changed password is stored as a new Argon2id hash', async () => {
      const user = await freshUser();
      const hashOf = async () =>
        (
          await testApp.database.db
            .selectFrom('users')
            .select('password_hash')
            .where('id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).password_hash;
      const before = await hashOf();
      assert.equal(
        (await admin.patch(`/api/v1/users/${user.id}`, { password: `changed-${unique()}-pw` })).status,
        200,
      );
      const after = await hashOf();
      assert.match(after ?? '', /^\$argon2id\$/);
      assert.notEqual(after, before);
    });

    it('API tokens are stored hashed, never as the token itself', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const created = await createToken(client);
      const row = await testApp.database.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.token_hash, created.token);
      assert.ok(!row.token_hash.includes(created.token.slice(4)));
      assert.match(row.token_hash, /^[0-9a-f]{64}$/);
      assert.ok(!Object.values(row).some((v) => v === created.token), 'the token is stored in plain text');
    });

    it('session tokens are stored hashed, never as the cookie value', async () => {
      const login = await logIn(world.reviewer.email, world.reviewer.password);
      const value = sessionCookieOf(login).split('=')[1] ?? '';
      assert.ok(value.length > 20);
      const rows = await testApp.database.db
        .selectFrom('sessions')
        .select('token_hash')
        .where('user_id', '=', world.reviewer.id)
        .execute();
      assert.ok(rows.length > 0);
      for (const row of rows) {
        assert.notEqual(row.token_hash, value);
        assert.ok(!row.token_hash.includes(value));
      }
    });
  });

  describe('requests the server cannot take', () => {
    it('a body over 1 MiB is refused with 413 problem+json', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const draft = await client.post(
        '/api/v1/requests',
        requestInput((await makeTestService(testApp.database.db, world.institutionA.id)).id),
      );
      assert.equal(draft.status, 201);
      const res = await client.post(`/api/v1/requests/${draft.body.id}/messages`, {
        body: 'x'.repeat(bodyLimitBytes + 1),
      });
      assertProblem(res, 413, '/problems/payload-too-large');
      const messages = await client.get(`/api/v1/requests/${draft.body.id}/messages`);
      assert.deepEqual(messages.body.items, []);
    });

    it('an oversized login body is refused with 413 before anything else', async () => {
      const res = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: world.memberA.email, password: 'p'.repeat(bodyLimitBytes) },
      });
      assertProblem(fromInject(res), 413, '/problems/payload-too-large');
    });

    it('malformed JSON is refused with 400 problem+json', async () => {
      const res = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'content-type': 'application/json' },
        payload: '{"email": "a@b.lv", "password": ',
      });
      assertProblem(fromInject(res), 400, '/problems/validation');
    });

    it('malformed JSON from a logged-in user is refused with 400 problem+json', async () => {
      const login = await logIn(world.memberA.email, world.memberA.password);
      const res = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: {
          cookie: sessionCookieOf(login),
          'x-csrf-token': login.json().csrfToken,
          'content-type': 'application/json',
        },
        payload: '{name: CI}',
      });
      assertProblem(fromInject(res), 400, '/problems/validation');
    });

    it('an unknown API route gets 404 problem+json', async () => {
      const client = await ApiClient.logIn(testApp.app, world.memberA.email, world.memberA.password);
      const res = await client.get('/api/v1/no-such-route');
      assertProblem(res, 404, '/problems/not-found');
      assert.match(res.body.detail, /GET \/api\/v1\/no-such-route/);
    });

    it('an unknown page outside the API gets 404 problem+json', async () => {
      const res = fromInject(await testApp.app.inject({ method: 'GET', url: '/no-such-page' }));
      assertProblem(res, 404, '/problems/not-found');
    });
  });
});
