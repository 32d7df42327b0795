import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeInstitution, makeUser } from './helpers/factories.ts';

describe(`login rate limit [${testDatabaseKind}]`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => t.close());

  it('after the allowed attempts a client gets 429 problem+json, even with the right password', async () => {
    const institution = await makeInstitution(t.database.db);
    const user = await makeUser(t.database.db, 'institution_member', institution.id);
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: user.email, password } });
    for (let i = 0; i < 3; i += 1) assert.equal((await attempt('nepareiza-parole')).statusCode, 401);
    const limited = await attempt(user.password);
    assert.equal(limited.statusCode, 429);
    assert.match(String(limited.headers['content-type']), /application\/problem\+json/);
    assert.equal(limited.json().type, '/problems/rate-limited');
    assert.ok(limited.headers['retry-after']);
  });
});
