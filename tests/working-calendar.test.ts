import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeWorld, type World } from './helpers/factories.ts';

// The working-day calendar's administration through the HTTP layer: only admins change it, every
// change needs a reason and leaves a history entry, and entries that would change nothing are refused.

describe(`working-day calendar [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let admin: ApiClient;
  let reviewer: ApiClient;
  let member: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    [admin, reviewer, member] = await Promise.all([
      ApiClient.logIn(t.app, w.admin.email, w.admin.password),
      ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password),
      ApiClient.logIn(t.app, w.memberA.email, w.memberA.password),
    ]);
  });
  after(() => t.close());

  it('non-admins get 403 for reading and changing the calendar', async () => {
    for (const client of [reviewer, member]) {
      assert.equal((await client.get('/api/v1/admin/calendar')).status, 403);
      const res = await client.post('/api/v1/admin/calendar/days', {
        day: '2027-05-08',
        kind: 'working_day',
        reason: 'Nē.',
      });
      assert.equal(res.status, 403);
    }
  });

  it('an admin adds a moved working day and an extra holiday; both are listed with history, then one is removed', async () => {
    const added = await admin.post('/api/v1/admin/calendar/days', {
      day: '2027-05-08',
      kind: 'working_day',
      reason: 'MK rīkojums par darbdienas pārcelšanu.',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const holiday = await admin.post('/api/v1/admin/calendar/days', {
      day: '2027-05-07',
      kind: 'holiday',
      reason: 'Pārceltā brīvdiena.',
    });
    assert.equal(holiday.status, 201, JSON.stringify(holiday.body));
    const removed = await admin.post('/api/v1/admin/calendar/days/2027-05-08/remove', {
      reason: 'Rīkojums atcelts.',
    });
    assert.equal(removed.status, 204);
    const listed = (await admin.get('/api/v1/admin/calendar?year=2027')).body;
    assert.deepEqual(
      listed.entries.map((e: { day: string; kind: string }) => [e.day, e.kind]),
      [['2027-05-07', 'holiday']],
    );
    assert.deepEqual(
      listed.events.map((e: { day: string; action: string; reason: string }) => [e.day, e.action, e.reason]),
      [
        ['2027-05-08', 'removed', 'Rīkojums atcelts.'],
        ['2027-05-07', 'added', 'Pārceltā brīvdiena.'],
        ['2027-05-08', 'added', 'MK rīkojums par darbdienas pārcelšanu.'],
      ],
    );
    assert.ok(listed.publicHolidays.some((h: { date: string }) => h.date === '2027-03-26'));
  });

  it('an entry that changes nothing, a bad date or a missing reason is a validation problem', async () => {
    const cases = [
      { day: '2027-05-10', kind: 'working_day', reason: 'Pirmdiena jau ir darbdiena.' },
      { day: '2027-05-09', kind: 'holiday', reason: 'Svētdiena jau ir brīvdiena.' },
      { day: '2027-13-01', kind: 'holiday', reason: 'Nav tāda mēneša.' },
      { day: '2027-05-15', kind: 'working_day', reason: '   ' },
    ];
    for (const body of cases) {
      const res = await admin.post('/api/v1/admin/calendar/days', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.type, /validation/);
    }
  });
});
