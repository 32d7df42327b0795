import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pgErrorCode } from '../src/platform/db/errors.ts';
import type { Db } from '../src/platform/db/transaction.ts';
import { verifyAllChains } from '../src/requests/history.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The request history is the record of who did what: append-only in the database, hash-chained so
// that an edit made behind the database's back is found, and filtered so that institutions do not
// see the agency's internal entries.

type Entry = {
  seq: number;
  action: string;
  actor: { id: string; displayName: string; role: string };
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  visibility: 'all' | 'agency';
  createdAt: string;
  hash: string;
};

/** Runs `work` with the append-only trigger off, as an attacker with table-owner rights could. */
async function behindTheTriggersBack(db: Db, work: (trx: Db) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE request_history DISABLE TRIGGER request_history_append_only`.execute(trx);
    await work(trx);
    await sql`ALTER TABLE request_history ENABLE TRIGGER request_history_append_only`.execute(trx);
  });
}

const isAppendOnlyRefusal = (error: unknown) =>
  pgErrorCode(error) === '42501' && /append-only/.test((error as Error).message);

describe(`request history [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let otherMember: ApiClient;
  let reviewer: ApiClient;
  let reviewer2: ApiClient;
  let admin: ApiClient;
  let requestId: string;
  let startedAt: Date;
  let finishedAt: Date;

  async function act(client: ApiClient, id: string, path: string, body: Record<string, unknown> = {}) {
    // The institution sees its request from the start (the agency sees a draft only once submitted).
    const current = await member.get(`/api/v1/requests/${id}`);
    const res = await client.post(`/api/v1/requests/${id}/${path}`, {
      version: current.body.version,
      ...body,
    });
    assert.equal(res.status, path === 'messages' || path === 'notes' ? 201 : 200, JSON.stringify(res.body));
    return res.body;
  }

  /** create, submit, startReview, addNote, assign, postMessage, requestCorrections. */
  async function driveRequest(): Promise<string> {
    const created = await member.post(
      '/api/v1/requests',
      requestInput((await makeTestService(t.database.db, w.institutionA.id)).id),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.id;
    await act(member, id, 'submit');
    await act(reviewer, id, 'start-review', { comment: 'Sāku pārbaudi.' });
    await act(reviewer, id, 'notes', { body: 'Auditpierakstos redzamas kļūdas.' });
    await act(admin, id, 'assignee', { assigneeId: w.reviewer2.id });
    await act(member, id, 'messages', { body: 'Vai vēl kaut kas vajadzīgs?' });
    await act(reviewer2, id, 'request-corrections', {
      comment: 'Lūdzu labot aprakstu.',
      corrections: ['Norādiet kļūdu atbildes visām operācijām.'],
    });
    return id;
  }

  async function historyOf(client: ApiClient, id: string): Promise<Entry[]> {
    const res = await client.get(`/api/v1/requests/${id}/history`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items;
  }

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    otherMember = await ApiClient.logIn(t.app, w.memberB.email, w.memberB.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    reviewer2 = await ApiClient.logIn(t.app, w.reviewer2.email, w.reviewer2.password);
    admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
    startedAt = new Date();
    requestId = await driveRequest();
    finishedAt = new Date();
  });
  after(() => t.close());

  it('each entry records its actor, action, from and to state and time, in seq order', async () => {
    const entries = await historyOf(admin, requestId);
    assert.deepEqual(
      entries.map((e) => [e.seq, e.action, e.actor.id, e.actor.role, e.fromState, e.toState]),
      [
        [1, 'create', w.memberA.id, 'institution_member', null, 'draft'],
        [2, 'submit', w.memberA.id, 'institution_member', 'draft', 'submitted'],
        [3, 'startReview', w.reviewer.id, 'agency_reviewer', 'submitted', 'in_review'],
        [4, 'addNote', w.reviewer.id, 'agency_reviewer', null, null],
        [5, 'assign', w.admin.id, 'agency_admin', null, null],
        [6, 'postMessage', w.memberA.id, 'institution_member', null, null],
        [7, 'requestCorrections', w.reviewer2.id, 'agency_reviewer', 'in_review', 'corrections_requested'],
      ],
    );
    assert.equal(entries[0]?.actor.displayName, w.memberA.displayName);
    assert.equal(entries[2]?.comment, 'Sāku pārbaudi.');
    assert.equal(entries[6]?.comment, 'Lūdzu labot aprakstu.');
    let previous = startedAt.getTime() - 1;
    for (const e of entries) {
      const at = Date.parse(e.createdAt);
      assert.ok(at >= previous && at <= finishedAt.getTime() + 1, `#${e.seq} at ${e.createdAt}`);
      previous = at;
      assert.match(e.hash, /^[0-9a-f]{64}$/);
    }
  });

  it("the institution member's history hides the agency-only entries (assign, addNote) an agency user sees", async () => {
    const agencyView = await historyOf(reviewer, requestId);
    const memberView = await historyOf(member, requestId);
    assert.deepEqual(
      agencyView.filter((e) => e.visibility === 'agency').map((e) => e.action),
      ['addNote', 'assign'],
    );
    assert.deepEqual(
      memberView.map((e) => e.action),
      ['create', 'submit', 'startReview', 'postMessage', 'requestCorrections'],
    );
    assert.ok(memberView.every((e) => e.visibility === 'all'));
  });

  it("another institution's member cannot read the history at all (404)", async () => {
    const res = await otherMember.get(`/api/v1/requests/${requestId}/history`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not_found');
  });

  it('the database refuses to UPDATE a history entry', async () => {
    await assert.rejects(
      sql`UPDATE request_history SET comment = 'rewritten' WHERE request_id = ${requestId} AND seq = 7`.execute(
        t.database.db,
      ),
      isAppendOnlyRefusal,
    );
    const entries = await historyOf(admin, requestId);
    assert.equal(entries[6]?.comment, 'Lūdzu labot aprakstu.');
  });

  it('the database refuses to DELETE history entries', async () => {
    await assert.rejects(
      sql`DELETE FROM request_history WHERE request_id = ${requestId}`.execute(t.database.db),
      isAppendOnlyRefusal,
    );
    assert.equal((await historyOf(admin, requestId)).length, 7);
  });

  it('the database refuses to TRUNCATE the history', async () => {
    await assert.rejects(sql`TRUNCATE request_history`.execute(t.database.db), isAppendOnlyRefusal);
    assert.equal((await historyOf(admin, requestId)).length, 7);
  });

  it('verifyAllChains reports every chain intact after normal use', async () => {
    const report = await verifyAllChains(t.database.db);
    assert.equal(report.requests, 1);
    assert.equal(report.entries, 7);
    assert.deepEqual(report.broken, []);
  });

  it('a comment edited with the trigger disabled is reported as broken at that entry, and only there', async () => {
    const tampered = await driveRequest();
    const db = t.database.db;
    const editComment = (comment: string) =>
      behindTheTriggersBack(db, (trx) =>
        sql`UPDATE request_history SET comment = ${comment} WHERE request_id = ${tampered} AND seq = 7`.execute(
          trx,
        ),
      );

    await editComment('Viss kārtībā.');
    const report = await verifyAllChains(db);
    assert.deepEqual(report.broken, [
      { requestId: tampered, problems: [{ seq: 7, problem: 'hash_mismatch' }] },
    ]);

    // The trigger is back on: the tamperer cannot quietly undo it without disabling it again.
    await assert.rejects(
      sql`UPDATE request_history SET comment = 'x' WHERE request_id = ${tampered}`.execute(db),
      isAppendOnlyRefusal,
    );

    // Putting the original words back makes the chain whole again: the hash covers the content.
    await editComment('Lūdzu labot aprakstu.');
    assert.deepEqual((await verifyAllChains(db)).broken, []);
  });

  it('an entry deleted with the trigger disabled shows as a gap and a broken link at the next entry', async () => {
    const tampered = await driveRequest();
    const db = t.database.db;
    const removed = await db
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', '=', tampered)
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    await behindTheTriggersBack(db, (trx) =>
      sql`DELETE FROM request_history WHERE id = ${removed.id}`.execute(trx),
    );

    const report = await verifyAllChains(db);
    assert.equal(report.broken.length, 1);
    assert.equal(report.broken[0]?.requestId, tampered);
    assert.deepEqual(
      report.broken[0]?.problems.filter((p) => p.seq === 5),
      [
        { seq: 5, problem: 'gap' },
        { seq: 5, problem: 'broken_link' },
      ],
    );

    // Inserting is allowed; restoring the row exactly heals the chain (and leaves this database clean).
    await db
      .insertInto('request_history')
      .values({ ...removed, details: JSON.stringify(removed.details) })
      .execute();
    assert.deepEqual((await verifyAllChains(db)).broken, []);
  });

  it('a request whose whole history was deleted is reported broken, not intact', async () => {
    const erased = await driveRequest();
    const db = t.database.db;
    const rows = await db
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', '=', erased)
      .execute();
    await behindTheTriggersBack(db, (trx) =>
      sql`DELETE FROM request_history WHERE request_id = ${erased}`.execute(trx),
    );

    assert.deepEqual((await verifyAllChains(db)).broken, [
      {
        requestId: erased,
        problems: [
          { seq: 7, problem: 'head_mismatch' },
          { seq: 1, problem: 'gap' },
        ],
      },
    ]);

    await db
      .insertInto('request_history')
      .values(rows.map((r) => ({ ...r, details: JSON.stringify(r.details) })))
      .execute();
    assert.deepEqual((await verifyAllChains(db)).broken, []);
  });

  it('the newest entries cut from the end are noticed through the head kept on the request', async () => {
    const cut = await driveRequest();
    const db = t.database.db;
    const last = await db
      .selectFrom('request_history')
      .selectAll()
      .where('request_id', '=', cut)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await behindTheTriggersBack(db, (trx) =>
      sql`DELETE FROM request_history WHERE id = ${last.id}`.execute(trx),
    );

    assert.deepEqual((await verifyAllChains(db)).broken, [
      { requestId: cut, problems: [{ seq: last.seq, problem: 'head_mismatch' }] },
    ]);

    await db
      .insertInto('request_history')
      .values({ ...last, details: JSON.stringify(last.details) })
      .execute();
    assert.deepEqual((await verifyAllChains(db)).broken, []);
  });
});
