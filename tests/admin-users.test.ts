import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeUser } from './helpers/factories.ts';

describe(`administering users and institutions [${testDatabaseKind}]`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('an admin cannot demote or deactivate themselves', async () => {
    const self = await makeUser(t.database.db, 'agency_admin');
    await makeUser(t.database.db, 'agency_admin');
    const client = await ApiClient.logIn(t.app, self.email, self.password);
    for (const change of [{ role: 'agency_reviewer' }, { isActive: false }]) {
      const res = await client.patch(`/api/v1/users/${self.id}`, change);
      assert.equal(res.status, 409);
      assert.equal(res.body.reason, 'self');
    }
    const other = await client.patch(`/api/v1/users/${self.id}`, { displayName: 'Jauns vārds' });
    assert.equal(other.status, 200, 'other changes to oneself are fine');
  });

  it('the last active admin cannot be deactivated or demoted by anyone, another admin can', async () => {
    const db = t.database.db;
    const admins = await db.selectFrom('users').select('id').where('role', '=', 'agency_admin').execute();
    const acting = await makeUser(db, 'agency_admin');
    const client = await ApiClient.logIn(t.app, acting.email, acting.password);
    for (const a of admins) {
      const res = await client.patch(`/api/v1/users/${a.id}`, { isActive: false });
      assert.equal(res.status, 200, 'while another admin remains, an admin can be deactivated');
    }
    // Only `acting` is left: a second admin session of theirs cannot deactivate the last admin either.
    const res = await client.patch(`/api/v1/users/${acting.id}`, { role: 'agency_reviewer' });
    assert.equal(res.status, 409);
    const { n } = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'agency_admin')
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow();
    assert.equal(n, 1);
  });

  it('a duplicate e-mail or registration number is a 409 that names the field', async () => {
    const admin = await makeUser(t.database.db, 'agency_admin');
    const client = await ApiClient.logIn(t.app, admin.email, admin.password);
    const user = await client.post('/api/v1/users', {
      email: admin.email.toUpperCase(),
      displayName: 'Dubults',
      role: 'agency_reviewer',
    });
    assert.equal(user.status, 409);
    assert.deepEqual(
      user.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['email', 'duplicate']],
    );
    const first = await client.post('/api/v1/institutions', {
      name: 'Pirmā iestāde',
      registrationNumber: '90000099999',
    });
    assert.equal(first.status, 201);
    const again = await client.post('/api/v1/institutions', {
      name: 'Otrā iestāde',
      registrationNumber: '90000099999',
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.errors[0].path, 'registrationNumber');
  });
});
