import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localOperator } from '../src/accounts/permissions.ts';
import { createTestCatalogService } from '../src/catalog/index.ts';
import { verifyAllChains } from '../src/requests/history.ts';
import { ApiClient, type Reply, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// Two agency users press a button on the same request at the same moment, both holding the version
// they last read. Exactly one wins; the other is told the request changed (409 stale_version) and
// nothing of its attempt is left behind. On PostgreSQL the pool has 10 connections, so the two
// transactions really overlap and the row lock is what decides.

const races = 10;

describe(`concurrent actions on one request [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;
  let reviewer2: ApiClient;
  let admin: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    reviewer2 = await ApiClient.logIn(t.app, w.reviewer2.email, w.reviewer2.password);
    admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
  });
  after(() => t.close());

  async function submittedRequest(): Promise<{ id: string; version: number }> {
    // One open request per service: each race gets a service of its own.
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const created = await member.post('/api/v1/requests', requestInput(service.id));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const submitted = await member.post(`/api/v1/requests/${created.body.id}/submit`, {
      version: created.body.version,
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    return { id: submitted.body.id, version: submitted.body.version };
  }

  async function inReviewByReviewer(): Promise<{ id: string; version: number }> {
    const request = await submittedRequest();
    const started = await reviewer.post(`/api/v1/requests/${request.id}/start-review`, {
      version: request.version,
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    return { id: request.id, version: started.body.version };
  }

  /** In review with a checked description and its audit analysis, so the review may be approved (guards). */
  async function approvableByReviewer(): Promise<{ id: string; version: number }> {
    const request = await inReviewByReviewer();
    const version = await attachCleanDescription(reviewer, request.id, request.version);
    const attached = await reviewer.post(`/api/v1/requests/${request.id}/audit-analyses`, { version });
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    return { id: request.id, version: version + 1 };
  }

  async function historyActions(id: string): Promise<string[]> {
    const res = await admin.get(`/api/v1/requests/${id}/history`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.map((e: { action: string }) => e.action);
  }

  /** The losers' transactions appended nothing: every chain still links entry to entry, seq without gaps. */
  async function assertChainsIntact(): Promise<void> {
    assert.deepEqual((await verifyAllChains(t.database.db)).broken, []);
  }

  /** Of two replies, exactly one is 200 and the other a 409 stale_version; returns the winner's index. */
  function oneWinner(replies: Reply[], version: number): number {
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(
      statuses,
      [200, 409],
      replies.map((r) => `${r.status} ${r.body?.code ?? ''}`).join(', '),
    );
    const winner = replies.findIndex((r) => r.status === 200);
    const loser = replies[1 - winner] as Reply;
    assert.equal(loser.body.code, 'stale_version', JSON.stringify(loser.body));
    assert.equal(loser.body.currentVersion, version + 1);
    return winner;
  }

  it('two reviewers starting the review of the same request: one takes it, the other gets 409 stale_version', async () => {
    const wins = [0, 0];
    for (let i = 0; i < races; i += 1) {
      const { id, version } = await submittedRequest();
      const replies = await Promise.all([
        reviewer.post(`/api/v1/requests/${id}/start-review`, { version }),
        reviewer2.post(`/api/v1/requests/${id}/start-review`, { version }),
      ]);
      const winner = oneWinner(replies, version);
      wins[winner] = (wins[winner] ?? 0) + 1;
      const winnerId = [w.reviewer.id, w.reviewer2.id][winner];

      const now = await admin.get(`/api/v1/requests/${id}`);
      assert.equal(now.body.state, 'in_review');
      assert.equal(now.body.version, version + 1, 'exactly one write landed');
      assert.equal(now.body.assignee.id, winnerId, 'the request belongs to whoever won');
      assert.deepEqual(await historyActions(id), ['create', 'submit', 'startReview']);
    }
    assert.equal((wins[0] ?? 0) + (wins[1] ?? 0), races);
    await assertChainsIntact();
  });

  it('assignee approving while an admin requests corrections: one decision lands, the other is refused whole', async () => {
    for (let i = 0; i < races; i += 1) {
      const { id, version } = await approvableByReviewer();
      const replies = await Promise.all([
        reviewer.post(`/api/v1/requests/${id}/approve-review`, { version, comment: 'Atbilst.' }),
        admin.post(`/api/v1/requests/${id}/request-corrections`, {
          version,
          comment: 'Jālabo.',
          corrections: ['Norādiet kļūdu atbildes visām operācijām.'],
        }),
      ]);
      const approved = oneWinner(replies, version) === 0;

      const now = await admin.get(`/api/v1/requests/${id}`);
      assert.equal(now.body.version, version + 1, 'exactly one write landed');
      assert.equal(now.body.state, approved ? 'acceptance' : 'corrections_requested');
      // The losing requestCorrections must not leave its correction rows behind (same transaction).
      assert.equal(now.body.corrections.length, approved ? 0 : 1);
      assert.equal(now.body.correctionRounds, approved ? 0 : 1);
      assert.deepEqual(await historyActions(id), [
        'create',
        'submit',
        'startReview',
        'attachDescription',
        'attachAuditAnalysis',
        approved ? 'approveReview' : 'requestCorrections',
      ]);
    }
    await assertChainsIntact();
  });

  it('assignee and admin both approving the same request: exactly one approval is recorded', async () => {
    for (let i = 0; i < races; i += 1) {
      const { id, version } = await approvableByReviewer();
      const replies = await Promise.all([
        reviewer.post(`/api/v1/requests/${id}/approve-review`, { version }),
        admin.post(`/api/v1/requests/${id}/approve-review`, { version }),
      ]);
      const winner = oneWinner(replies, version);

      const history = await admin.get(`/api/v1/requests/${id}/history`);
      const approvals = history.body.items.filter((e: { action: string }) => e.action === 'approveReview');
      assert.equal(approvals.length, 1);
      assert.equal(approvals[0].actor.id, [w.reviewer.id, w.admin.id][winner]);
      assert.equal((await admin.get(`/api/v1/requests/${id}`)).body.state, 'acceptance');
    }
    await assertChainsIntact();
  });

  it('two services of one information system registered in production at the same moment both succeed', async () => {
    for (let i = 0; i < races; i += 1) {
      const system = { code: `IS-RACE-${i}`, name: `Sistēma ${i}` };
      const ids: string[] = [];
      for (const n of [1, 2]) {
        const service = await createTestCatalogService(t.database.db, localOperator, {
          identifier: `URN:IVIS:100001:RACE${i}X${n}-V1-0`,
          name: `Pakalpe ${i}.${n}`,
          protocol: 'rest',
          institutionId: w.institutionA.id,
          informationSystem: system,
        });
        const created = await member.post(
          '/api/v1/requests',
          requestInput(service.id, { usedInVissInfrastructure: false, hostedInProduction: false }),
        );
        let version = created.body.version;
        for (const [client, path] of [
          [member, 'submit'],
          [reviewer, 'start-review'],
          [reviewer, 'approve-review'],
        ] as const) {
          if (path === 'approve-review')
            version = await attachCleanDescription(reviewer, created.body.id, version);
          const res = await client.post(`/api/v1/requests/${created.body.id}/${path}`, { version });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          version = res.body.version;
        }
        ids.push(created.body.id);
      }
      const replies = await Promise.all(
        ids.map(async (id) => {
          const current = await reviewer.get(`/api/v1/requests/${id}`);
          return (id === ids[0] ? reviewer : admin).post(`/api/v1/requests/${id}/register-in-production`, {
            version: current.body.version,
            production: { endpointUrl: `https://prod.example.lv/${id}`, hosting: 'institution' },
          });
        }),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200],
        replies.map((r) => JSON.stringify(r.body)).join('\n'),
      );
      const systems = new Set(replies.map((r) => r.body.productionService.informationSystem.id));
      assert.equal(systems.size, 1, 'both services hang on one production information system');
    }
  });
});
