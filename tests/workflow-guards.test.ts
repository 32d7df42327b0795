import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The workflow's guards over HTTP: approval needs a checked description (and, in VISS, an audit
// analysis of that very description), drafts are the institution's own, one open request per service.

/** No paths: the checker finds no errors in it (only warnings). */
const cleanOpenApi = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: {} });
/** Two errors: no faults declared, no security declared. */
const openApiWithErrors = `openapi: 3.0.3
info:
  title: Stāvvietu atļaujas
  version: 1.0.0
servers:
  - url: https://atlaujas.example.lv/api
paths:
  /atlaujas/{numurs}:
    get:
      operationId: getAtlauja
      parameters:
        - name: numurs
          in: path
          required: true
          schema: { type: string }
      responses:
        '200':
          description: Atļauja
`;

describe(`workflow guards over HTTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
  });
  after(() => t.close());

  const get = async (client: ApiClient, id: string) => (await client.get(`/api/v1/requests/${id}`)).body;
  async function post(client: ApiClient, id: string, path: string, body: Record<string, unknown> = {}) {
    const version = (await get(client, id)).version;
    return client.post(`/api/v1/requests/${id}/${path}`, { version, ...body });
  }
  async function ok(client: ApiClient, id: string, path: string, body: Record<string, unknown> = {}) {
    const res = await post(client, id, path, body);
    assert.ok(res.status < 300, `${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }
  const attach = (client: ApiClient, id: string, content: string, name = 'api.yaml') =>
    ok(client, id, 'description', { main: name, files: [{ name, content }] });

  async function inReview(overrides: Record<string, unknown> = {}) {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const created = await member.post('/api/v1/requests', requestInput(service.id, overrides));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await ok(member, created.body.id, 'submit');
    await ok(reviewer, created.body.id, 'start-review');
    return { id: created.body.id as string, serviceId: service.id };
  }
  const blockedReasons = async (id: string) =>
    (await get(reviewer, id)).blockedActions
      .filter((b: { action: string }) => b.action === 'approveReview')
      .map((b: { reason: string }) => b.reason);

  it('a request without a description cannot be approved, and the reason is given', async () => {
    const { id } = await inReview({ usedInVissInfrastructure: false, hostedInProduction: false });
    assert.deepEqual(await blockedReasons(id), ['description_missing']);
    const refused = await post(reviewer, id, 'approve-review');
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.reason, 'description_missing');
    await attach(reviewer, id, cleanOpenApi, 'api.json');
    assert.equal((await ok(reviewer, id, 'approve-review')).state, 'registration');
  });

  it('open description errors block approval until each is accepted with a justification; the mail says what was accepted', async () => {
    const { id } = await inReview({ usedInVissInfrastructure: false, hostedInProduction: false });
    const description = await attach(reviewer, id, openApiWithErrors);
    const errors = description.findings.filter((f: { severity: string }) => f.severity === 'error');
    assert.equal(errors.length, 2);
    const refused = await post(reviewer, id, 'approve-review');
    assert.equal(refused.body.reason, 'description_errors');
    assert.match(refused.body.detail, /2 open error/);
    await ok(reviewer, id, `findings/${errors[0].id}/waive`, { justification: 'Iekšējs pakalpojums.' });
    assert.deepEqual(await blockedReasons(id), ['description_errors']);
    await ok(reviewer, id, `findings/${errors[1].id}/waive`, { justification: 'Aizsargāts tīklā.' });
    assert.equal((await ok(reviewer, id, 'approve-review')).state, 'registration');

    const history = (await member.get(`/api/v1/requests/${id}/history`)).body.items;
    const approval = history.find((e: { action: string }) => e.action === 'approveReview');
    assert.deepEqual(
      approval.details.waivedFindings.map((f: { justification: string }) => f.justification).sort(),
      ['Aizsargāts tīklā.', 'Iekšējs pakalpojums.'],
    );
    const mails = await t.database.db
      .selectFrom('outbox_messages')
      .select(['template', 'text_body'])
      .where('request_id', '=', id)
      .where('template', '=', 'reviewApproved')
      .execute();
    assert.equal(mails.length, 1);
    assert.doesNotMatch(mails[0]?.text_body ?? '', /bez iebildumiem|no objections/);
    assert.match(mails[0]?.text_body ?? '', /Iekšējs pakalpojums\./);
  });

  it('a new description makes the audit analysis and the corrections from findings outdated; approval needs a new analysis', async () => {
    const { id } = await inReview();
    const first = await attach(reviewer, id, openApiWithErrors);
    const [error] = first.findings.filter((f: { severity: string }) => f.severity === 'error');
    await ok(reviewer, id, 'audit-analyses');
    await ok(reviewer, id, 'request-corrections', {
      corrections: [`${error.message.lv} (${error.ruleId})`, 'Papildiniet aprakstu ar kontaktiem.'],
    });
    await attach(member, id, cleanOpenApi, 'api.json');
    const back = await ok(member, id, 'submit');
    assert.equal(back.state, 'in_review', 'a resubmission goes straight back to the assigned reviewer');
    assert.equal(back.assignee.id, w.reviewer.id);
    assert.deepEqual(
      back.corrections.map((c: { fromFinding: boolean; outdated: boolean }) => [c.fromFinding, c.outdated]),
      [
        [true, true],
        [false, false],
      ],
    );
    const analyses = (await reviewer.get(`/api/v1/requests/${id}/audit-analyses`)).body;
    assert.deepEqual(
      analyses.items.map((a: { outdated: boolean }) => a.outdated),
      [true],
    );
    for (const c of back.corrections) await ok(reviewer, id, `corrections/${c.id}/resolve`);
    assert.deepEqual(await blockedReasons(id), ['audit_analysis_outdated']);
    await ok(reviewer, id, 'audit-analyses');
    assert.equal((await ok(reviewer, id, 'approve-review')).state, 'acceptance');
  });

  it('a resubmission without an assignee waits in the queue as submitted', async () => {
    const { id } = await inReview({ usedInVissInfrastructure: false });
    await ok(reviewer, id, 'request-corrections', { corrections: ['Pievienojiet aprakstu.'] });
    const admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
    const current = await get(admin, id);
    const unassigned = await admin.post(`/api/v1/requests/${id}/assignee`, {
      version: current.version,
      assigneeId: null,
    });
    assert.ok(unassigned.status < 300, JSON.stringify(unassigned.body));
    assert.equal((await ok(member, id, 'submit')).state, 'submitted');
  });

  it('a second open request for the same service is refused with 409 naming the open one', async () => {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const first = (await member.post('/api/v1/requests', requestInput(service.id))).body;
    const second = await member.post('/api/v1/requests', requestInput(service.id));
    assert.equal(second.status, 409);
    assert.equal(second.body.reason, 'open_request_exists');
    assert.deepEqual(second.body.openRequest, { id: first.id, reference: first.reference, state: 'draft' });
    assert.match(second.body.detail, new RegExp(first.reference));
    await ok(member, first.id, 'withdraw');
    assert.equal((await member.post('/api/v1/requests', requestInput(service.id))).status, 201);
  });

  it('a draft is private to its institution until first submitted; a withdrawn submitted request stays visible', async () => {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const draft = (await member.post('/api/v1/requests', requestInput(service.id))).body;
    assert.equal((await reviewer.get(`/api/v1/requests/${draft.id}`)).status, 404);
    assert.equal((await reviewer.get(`/api/v1/requests/${draft.id}/history`)).status, 404);
    assert.equal((await reviewer.get(`/api/v1/requests/${draft.id}/messages`)).status, 404);
    assert.equal((await reviewer.get(`/api/v1/requests/${draft.id}/description`)).status, 404);
    const queue = (await reviewer.get(`/api/v1/requests?serviceId=${service.id}`)).body;
    assert.equal(queue.total, 0);
    assert.equal(queue.countsByState.draft, 0);

    await ok(member, draft.id, 'submit');
    await ok(member, draft.id, 'withdraw');
    const seen = await reviewer.get(`/api/v1/requests/${draft.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.state, 'withdrawn');

    const other = await makeTestService(t.database.db, w.institutionA.id);
    const never = (await member.post('/api/v1/requests', requestInput(other.id))).body;
    await ok(member, never.id, 'withdraw');
    assert.equal((await reviewer.get(`/api/v1/requests/${never.id}`)).status, 404);
  });
});
