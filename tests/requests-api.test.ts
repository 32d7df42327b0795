import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signActByBothParties } from './helpers/acts.ts';
import { ApiClient, type Reply, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

/** No paths: the description checker finds no errors in it. */
const cleanOpenApi = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: {} });

// The procedure driven end to end through the HTTP API, as a curl user following /api/docs would.

describe(`request procedure over HTTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;
  let admin: ApiClient;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
  });
  after(() => t.close());

  async function act(client: ApiClient, id: string, path: string, body: Record<string, unknown> = {}) {
    const current = await client.get(`/api/v1/requests/${id}`);
    assert.equal(current.status, 200, JSON.stringify(current.body));
    let version = current.body.version;
    if (path === 'approve-review') {
      // Approval needs a checked description without open errors (workflow guards).
      const described = await client.post(`/api/v1/requests/${id}/description`, {
        version,
        main: 'api.json',
        files: [{ name: 'api.json', content: cleanOpenApi }],
      });
      assert.equal(described.status, 201, JSON.stringify(described.body).slice(0, 300));
      version += 1;
    }
    if (path === 'approve-review' && current.body.usedInVissInfrastructure) {
      // Approving a service used inside VISS needs an attached audit analysis (workflow guard).
      const attached = await client.post(`/api/v1/requests/${id}/audit-analyses`, { version });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      version += 1;
    }
    const res = await client.post(`/api/v1/requests/${id}/${path}`, {
      version,
      ...body,
    });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  // One open request per service: each test's request gets a service of its own unless told.
  async function create(overrides: Record<string, unknown> = {}, serviceId?: string) {
    serviceId ??= (await makeTestService(t.database.db, w.institutionA.id)).id;
    const res = await member.post('/api/v1/requests', requestInput(serviceId, overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  it('used in VISS and hosted in production: all four steps, ending with a production catalog entry', async () => {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const draft = await create({}, service.id);
    assert.equal(draft.state, 'draft');
    assert.match(draft.reference, /^TP-\d{4}-\d{4}$/);
    assert.deepEqual(draft.capabilities, {
      edit: true,
      resolveCorrections: false,
      assign: 'none',
      issueAct: false,
    });
    assert.equal(draft.endedFrom, null);
    assert.deepEqual(draft.allowedActions, ['submit', 'withdraw']);

    assert.equal((await act(member, draft.id, 'submit')).state, 'submitted');
    const inReview = await act(reviewer, draft.id, 'start-review');
    assert.equal(inReview.state, 'in_review');
    assert.equal(inReview.assignee.id, w.reviewer.id, 'starting the review takes the request');
    assert.equal(
      (await act(reviewer, draft.id, 'approve-review', { comment: 'Atbilst vadlīnijām.' })).state,
      'acceptance',
    );
    const signed = await signActByBothParties(
      reviewer,
      member,
      t.dataDir,
      (await member.get(`/api/v1/requests/${draft.id}`)).body,
      {
        name: w.institutionA.name,
        registrationNumber: w.institutionA.registrationNumber,
      },
    );
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    assert.equal(signed.body.request.state, 'registration');
    const ready = (await reviewer.get(`/api/v1/requests/${draft.id}`)).body;
    assert.deepEqual(ready.production.defaults, { endpointUrl: null, hosting: 'agency', version: '1.0' });
    assert.equal(ready.production.testEndpointUrl, service.endpointUrl);
    const installing = await act(reviewer, draft.id, 'register-in-production', {
      production: { endpointUrl: 'https://viss.example.lv/prod/service', hosting: 'agency', version: '1.0' },
    });
    assert.equal(installing.state, 'installation');
    assert.equal(installing.productionService.environment, 'production');
    assert.equal(installing.productionService.identifier, service.identifier);
    assert.equal(installing.productionService.endpointUrl, 'https://viss.example.lv/prod/service');
    assert.equal(installing.productionService.hosting, 'agency');
    assert.equal(installing.production.endpointUrl, 'https://viss.example.lv/prod/service');
    assert.equal(installing.production.version, '1.0');
    const done = await act(reviewer, draft.id, 'confirm-installation', {
      installation: { checkedUrl: 'https://viss.example.lv/prod/service?wsdl' },
    });
    assert.equal(done.state, 'completed');
    assert.deepEqual(done.allowedActions, []);
    assert.equal(done.production.installationCheckUrl, 'https://viss.example.lv/prod/service?wsdl');

    const production = await member.get(
      `/api/v1/catalog/services?environment=production&q=${service.identifier}`,
    );
    assert.equal(production.body.total, 1);
    assert.equal(production.body.items[0].sourceRequestId, draft.id);

    const history = await member.get(`/api/v1/requests/${draft.id}/history`);
    assert.deepEqual(
      history.body.items.map((h: { action: string; toState: string | null }) => [h.action, h.toState]),
      [
        ['create', 'draft'],
        ['submit', 'submitted'],
        ['startReview', 'in_review'],
        ['attachDescription', null],
        ['attachAuditAnalysis', null],
        ['approveReview', 'acceptance'],
        ['issueAct', null],
        ['uploadSignedAct', 'registration'],
        ['registerInProduction', 'installation'],
        ['confirmInstallation', 'completed'],
      ],
    );
    assert.equal(history.body.items[5].comment, 'Atbilst vadlīnijām.');
    assert.equal(history.body.items[5].details.branch, 'usedInViss');
    assert.equal(history.body.items[8].details.endpointUrl, 'https://viss.example.lv/prod/service');
    assert.equal(history.body.items[8].details.hosting, 'agency');
    assert.equal(history.body.items[8].details.version, '1.0');
    assert.equal(history.body.items[9].details.checkedUrl, 'https://viss.example.lv/prod/service?wsdl');
  });

  it('not used in VISS and not hosted: no act, registration completes the request', async () => {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const draft = await create(
      { usedInVissInfrastructure: false, hostedInProduction: false, testPeriod: null },
      service.id,
    );
    await act(member, draft.id, 'submit');
    await act(reviewer, draft.id, 'start-review');
    const approved = await act(reviewer, draft.id, 'approve-review');
    assert.equal(approved.state, 'registration');
    assert.ok(!approved.allowedActions.includes('uploadSignedAct'));
    assert.equal(
      (await reviewer.post(`/api/v1/requests/${draft.id}/act`, { version: approved.version })).status,
      409,
    );
    const done = await act(reviewer, draft.id, 'register-in-production', {
      production: { endpointUrl: 'https://iestade.example.lv/viss/service', hosting: 'institution' },
    });
    assert.equal(done.state, 'completed');
    assert.equal(done.productionService.hosting, 'institution');
    assert.equal(done.productionService.entryVersion, 1);
  });

  it('a second registration of the same service updates its production entry and raises the entry version', async () => {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const first = await create({ usedInVissInfrastructure: false, hostedInProduction: false }, service.id);
    for (const [client, path] of [
      [member, 'submit'],
      [reviewer, 'start-review'],
      [reviewer, 'approve-review'],
    ] as const) {
      await act(client, first.id, path);
    }
    const registered = await act(reviewer, first.id, 'register-in-production', {
      production: { endpointUrl: 'https://iestade.example.lv/viss/v1', hosting: 'institution' },
    });
    const again = await create({ usedInVissInfrastructure: false, hostedInProduction: false }, service.id);
    for (const [client, path] of [
      [member, 'submit'],
      [reviewer, 'start-review'],
      [reviewer, 'approve-review'],
    ] as const) {
      await act(client, again.id, path);
    }
    assert.equal(
      (await reviewer.get(`/api/v1/requests/${again.id}`)).body.production.defaults.endpointUrl,
      'https://iestade.example.lv/viss/v1',
      'the next registration starts from the endpoint production has now',
    );
    const reregistered = await act(reviewer, again.id, 'register-in-production', {
      production: { endpointUrl: 'https://iestade.example.lv/viss/v2', hosting: 'institution' },
    });
    assert.equal(reregistered.productionService.id, registered.productionService.id);
    assert.equal(reregistered.productionService.endpointUrl, 'https://iestade.example.lv/viss/v2');
    assert.equal(reregistered.productionService.entryVersion, registered.productionService.entryVersion + 1);
  });

  describe('registration and installation data', () => {
    async function inRegistration(hostedInProduction: boolean) {
      const service = await makeTestService(t.database.db, w.institutionA.id);
      const request = await create({ usedInVissInfrastructure: false, hostedInProduction }, service.id);
      for (const [client, path] of [
        [member, 'submit'],
        [reviewer, 'start-review'],
        [reviewer, 'approve-review'],
      ] as const) {
        await act(client, request.id, path);
      }
      const current = (await reviewer.get(`/api/v1/requests/${request.id}`)).body;
      assert.equal(current.state, 'registration');
      return { request: current, service };
    }

    async function register(id: string, production: Record<string, unknown> | undefined) {
      const current = (await reviewer.get(`/api/v1/requests/${id}`)).body;
      return reviewer.post(`/api/v1/requests/${id}/register-in-production`, {
        version: current.version,
        ...(production && { production }),
      });
    }

    function assertRefused(res: Reply, code: string, more: [string, string][] = []) {
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.type, '/problems/production-data-invalid');
      assert.deepEqual(
        res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
        [['production.endpointUrl', code], ...more],
      );
    }

    it('registration without a production endpoint URL is refused and changes nothing', async () => {
      const { request } = await inRegistration(false);
      assertRefused(await register(request.id, undefined), 'required', [['production.hosting', 'required']]);
      assertRefused(await register(request.id, { hosting: 'institution', endpointUrl: '  ' }), 'required');
      const after = (await reviewer.get(`/api/v1/requests/${request.id}`)).body;
      assert.equal(after.state, 'registration');
      assert.equal(after.version, request.version);
      assert.equal(after.productionService, null);
    });

    it('a production endpoint that is not an http(s) URL is refused', async () => {
      const { request } = await inRegistration(false);
      assertRefused(
        await register(request.id, { endpointUrl: 'viss.example.lv/x', hosting: 'institution' }),
        'invalid_url',
      );
      assertRefused(
        await register(request.id, { endpointUrl: 'ftp://viss.example.lv/x', hosting: 'institution' }),
        'invalid_url',
      );
    });

    it('the test endpoint as production endpoint is refused unless the reviewer confirms it', async () => {
      const { request, service } = await inRegistration(false);
      const refused = await register(request.id, {
        endpointUrl: `${service.endpointUrl}/`,
        hosting: 'institution',
      });
      assertRefused(refused, 'same_as_test');
      assert.match(refused.body.detail, /test endpoint/);
      const confirmed = await register(request.id, {
        endpointUrl: service.endpointUrl,
        hosting: 'institution',
        sameAsTestConfirmed: true,
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.productionService.endpointUrl, service.endpointUrl);
      const history = (await reviewer.get(`/api/v1/requests/${request.id}/history`)).body.items;
      assert.equal(history.at(-1).details.sameAsTestConfirmed, true);
    });

    it('the hosting the reviewer registers decides whether installation follows', async () => {
      const { request } = await inRegistration(false);
      const res = await register(request.id, {
        endpointUrl: 'https://viss.example.lv/prod/a',
        hosting: 'agency',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.state, 'installation');
      assert.equal(res.body.hostedInProduction, true);
      assert.equal(res.body.productionService.hosting, 'agency');
    });

    it('installation needs the URL at which the production endpoint answered', async () => {
      const { request } = await inRegistration(true);
      assert.equal(
        (await register(request.id, { endpointUrl: 'https://viss.example.lv/prod/b', hosting: 'agency' }))
          .status,
        200,
      );
      const current = (await reviewer.get(`/api/v1/requests/${request.id}`)).body;
      const confirm = (installation?: Record<string, unknown>) =>
        reviewer.post(`/api/v1/requests/${request.id}/confirm-installation`, {
          version: current.version,
          ...(installation && { installation }),
        });
      for (const [input, code] of [
        [undefined, 'required'],
        [{ checkedUrl: 'not a url' }, 'invalid_url'],
      ] as const) {
        const res = await confirm(input);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.type, '/problems/production-data-invalid');
        assert.deepEqual(
          res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
          [['installation.checkedUrl', code]],
        );
      }
      const done = await confirm({ checkedUrl: 'https://viss.example.lv/prod/b?wsdl' });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.state, 'completed');
      assert.equal(done.body.production.installationCheckUrl, 'https://viss.example.lv/prod/b?wsdl');
      assert.ok(done.body.production.installationConfirmedAt);
    });
  });

  it('corrections loop twice, are resolved by the reviewer, then the review passes', async () => {
    const draft = await create();
    await act(member, draft.id, 'submit');
    await act(reviewer, draft.id, 'start-review');

    for (const round of [1, 2]) {
      const asked = await act(reviewer, draft.id, 'request-corrections', {
        comment: `Kārta ${round}`,
        corrections: [`Labojums ${round}a`, `Labojums ${round}b`],
      });
      assert.equal(asked.state, 'corrections_requested');
      assert.equal(asked.correctionRounds, round);

      const seen = await member.get(`/api/v1/requests/${draft.id}`);
      assert.deepEqual(
        seen.body.corrections
          .filter((c: { round: number }) => c.round === round)
          .map((c: { text: string }) => c.text),
        [`Labojums ${round}a`, `Labojums ${round}b`],
      );
      assert.deepEqual(seen.body.allowedActions, ['submit', 'withdraw']);
      const edited = await member.patch(`/api/v1/requests/${draft.id}`, {
        version: seen.body.version,
        description: `Papildināts apraksts pēc ${round}. labojumu kārtas: norādītas kļūdu atbildes.`,
      });
      assert.equal(edited.status, 200);
      const editEntry = (await member.get(`/api/v1/requests/${draft.id}/history`)).body.items.at(-1);
      assert.deepEqual(editEntry.details.changed, ['description'], 'changes are named as the API names them');
      assert.equal(
        editEntry.details.values.description.after,
        `Papildināts apraksts pēc ${round}. labojumu kārtas: norādītas kļūdu atbildes.`,
        'the entry keeps the new value, so the reviewer sees what changed',
      );
      // With its reviewer assigned, the resubmitted request goes straight back to review.
      assert.equal((await act(member, draft.id, 'submit')).state, 'in_review');

      const blocked = await reviewer.get(`/api/v1/requests/${draft.id}`);
      assert.deepEqual(
        blocked.body.blockedActions.map((b: { reason: string }) => b.reason),
        ['open_corrections'],
      );
      const refused = await reviewer.post(`/api/v1/requests/${draft.id}/approve-review`, {
        version: blocked.body.version,
      });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.type, '/problems/guard-failed');
      assert.equal(refused.body.reason, 'open_corrections');

      if (round === 2) {
        for (const c of blocked.body.corrections) {
          const current = await reviewer.get(`/api/v1/requests/${draft.id}`);
          const resolved = await reviewer.post(`/api/v1/requests/${draft.id}/corrections/${c.id}/resolve`, {
            version: current.body.version,
          });
          assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
        }
      }
    }
    const approved = await act(reviewer, draft.id, 'approve-review');
    assert.equal(approved.state, 'acceptance');
    assert.equal(approved.correctionRounds, 2);
    assert.ok(approved.corrections.every((c: { resolvedAt: string | null }) => c.resolvedAt));
  });

  it('a rejection carries its reason to the institution', async () => {
    const draft = await create();
    await act(member, draft.id, 'submit');
    const taken = await reviewer.post(`/api/v1/requests/${draft.id}/assignee`, {
      version: 2,
      assigneeId: w.reviewer.id,
    });
    assert.equal(taken.status, 200);
    const missing = await reviewer.post(`/api/v1/requests/${draft.id}/reject`, {
      version: taken.body.version,
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errors[0].path, 'comment');
    const rejected = await act(reviewer, draft.id, 'reject', { comment: 'Izmantots RPC stils.' });
    assert.equal(rejected.state, 'rejected');
    const seen = await member.get(`/api/v1/requests/${draft.id}`);
    assert.equal(seen.body.decisionReason, 'Izmantots RPC stils.');
    assert.equal(seen.body.endedFrom, 'submitted', 'the request remembers where it stopped');
  });

  it('the institution can withdraw before completion, not after', async () => {
    const draft = await create();
    await act(member, draft.id, 'submit');
    const withdrawn = await act(member, draft.id, 'withdraw', { comment: 'Pakalpe tiks pārstrādāta.' });
    assert.equal(withdrawn.state, 'withdrawn');
    const again = await member.post(`/api/v1/requests/${draft.id}/withdraw`, { version: withdrawn.version });
    assert.equal(again.status, 409);
    assert.equal(again.body.type, '/problems/invalid-transition');
  });

  it('an incomplete draft cannot be submitted and the API says what is missing', async () => {
    const draft = await create({ description: 'Īss', testPeriod: null });
    assert.deepEqual(draft.missingForSubmission, ['description', 'testPeriod']);
    const refused = await member.post(`/api/v1/requests/${draft.id}/submit`, { version: draft.version });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.reason, 'incomplete');
    assert.match(refused.body.detail, /description, testPeriod/);
  });

  it('a submitted request cannot be edited by the institution', async () => {
    const draft = await create();
    const submitted = await act(member, draft.id, 'submit');
    const res = await member.patch(`/api/v1/requests/${draft.id}`, {
      version: submitted.version,
      description: 'x'.repeat(30),
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.type, '/problems/invalid-transition');
  });

  it('a reviewer cannot act on a request another reviewer has taken; an admin can reassign it', async () => {
    const draft = await create();
    await act(member, draft.id, 'submit');
    await act(reviewer, draft.id, 'start-review');
    const other = await ApiClient.logIn(t.app, w.reviewer2.email, w.reviewer2.password);
    const current = await other.get(`/api/v1/requests/${draft.id}`);
    assert.deepEqual(current.body.allowedActions, []);
    assert.ok(current.body.blockedActions.some((b: { reason: string }) => b.reason === 'not_assignee'));
    const refused = await other.post(`/api/v1/requests/${draft.id}/approve-review`, {
      version: current.body.version,
    });
    assert.equal(refused.status, 403);
    const grab = await other.post(`/api/v1/requests/${draft.id}/assignee`, {
      version: current.body.version,
      assigneeId: w.reviewer2.id,
    });
    assert.equal(grab.status, 403, 'a reviewer cannot take a request someone else holds');
    assert.equal(current.body.capabilities.assign, 'none');
    assert.equal(current.body.capabilities.resolveCorrections, false);
    const reassigned = await admin.post(`/api/v1/requests/${draft.id}/assignee`, {
      version: current.body.version,
      assigneeId: w.reviewer2.id,
    });
    assert.equal(reassigned.status, 200);
    assert.equal(reassigned.body.assignee.id, w.reviewer2.id);
    assert.equal(reassigned.body.capabilities.assign, 'any');
    const history = await admin.get(`/api/v1/requests/${draft.id}/history`);
    const assignment = history.body.items.find((h: { action: string }) => h.action === 'assign');
    assert.deepEqual(assignment.details, {
      from: { id: w.reviewer.id, displayName: w.reviewer.displayName },
      to: { id: w.reviewer2.id, displayName: w.reviewer2.displayName },
    });
    assert.equal((await act(other, draft.id, 'approve-review')).state, 'acceptance');
  });

  it('the thread is shared by both parties in any state; internal notes stay with the agency', async () => {
    const draft = await create();
    const question = await member.post(`/api/v1/requests/${draft.id}/messages`, {
      body: 'Vai periods ir pietiekams?',
    });
    assert.equal(question.status, 201);
    await act(member, draft.id, 'submit');
    await reviewer.post(`/api/v1/requests/${draft.id}/messages`, { body: 'Jā, pietiek.' });
    const note = await reviewer.post(`/api/v1/requests/${draft.id}/notes`, {
      body: 'Iekšēji: pārbaudīt auditpierakstus.',
    });
    assert.equal(note.status, 201);

    const thread = await member.get(`/api/v1/requests/${draft.id}/messages`);
    assert.deepEqual(
      thread.body.items.map((m: { body: string; author: { role: string } }) => [m.author.role, m.body]),
      [
        ['institution_member', 'Vai periods ir pietiekams?'],
        ['agency_reviewer', 'Jā, pietiek.'],
      ],
    );
    assert.equal((await member.get(`/api/v1/requests/${draft.id}/notes`)).status, 403);
    const notes = await reviewer.get(`/api/v1/requests/${draft.id}/notes`);
    assert.deepEqual(
      notes.body.items.map((n: { body: string }) => n.body),
      ['Iekšēji: pārbaudīt auditpierakstus.'],
    );
    const memberHistory = await member.get(`/api/v1/requests/${draft.id}/history`);
    assert.ok(!memberHistory.body.items.some((h: { action: string }) => h.action === 'addNote'));
  });

  it('lists requests with filters and pagination; an institution sees only its own', async () => {
    const bMember = await ApiClient.logIn(t.app, w.memberB.email, w.memberB.password);
    const mine = await bMember.post('/api/v1/requests', requestInput(w.serviceB.id));
    assert.equal(mine.status, 201);
    const bList = await bMember.get('/api/v1/requests?pageSize=200');
    assert.ok(bList.body.items.length >= 1);
    assert.ok(
      bList.body.items.every((r: { institution: { id: string } }) => r.institution.id === w.institutionB.id),
    );

    // A draft is private to its institution until first submitted: the agency does not list it.
    const drafts = await admin.get(`/api/v1/requests?state=draft&institutionId=${w.institutionB.id}`);
    assert.deepEqual(drafts.body.items, []);
    assert.ok(bList.body.items.some((r: { id: string }) => r.id === mine.body.id));
    const page = await admin.get('/api/v1/requests?pageSize=2&page=1&sort=createdAt');
    assert.equal(page.body.items.length, 2);
    assert.ok(page.body.total > 2);
    const page2 = await admin.get('/api/v1/requests?pageSize=2&page=2&sort=createdAt');
    assert.notEqual(page2.body.items[0].id, page.body.items[0].id);
    assert.equal(drafts.body.countsByState.draft, 0, 'drafts are not in the agency counts');
    assert.ok(bList.body.countsByState.draft >= 1, 'the institution counts its own draft');
    const all = await admin.get('/api/v1/requests?pageSize=1');
    const counted = Object.values(all.body.countsByState as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    assert.equal(counted, all.body.total);
    const byReference = await bMember.get(`/api/v1/requests?q=${mine.body.reference}`);
    assert.deepEqual(
      byReference.body.items.map((r: { id: string }) => r.id),
      [mine.body.id],
    );
    const hiddenDraft = await admin.get(`/api/v1/requests?q=${mine.body.reference}`);
    assert.deepEqual(hiddenDraft.body.items, [], 'the agency does not find a draft');
    const old = await admin.get('/api/v1/requests?minDaysInState=1');
    assert.equal(old.body.total, 0, 'nothing has waited a day yet');
    const both = await admin.get('/api/v1/requests?state=draft&state=completed&pageSize=200');
    assert.ok(
      both.body.items.every((r: { state: string }) => r.state === 'draft' || r.state === 'completed'),
    );
  });

  it('cannot create a request for another institution’s service', async () => {
    const res = await member.post('/api/v1/requests', requestInput(w.serviceB.id));
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'serviceId');
  });

  it('publishes the workflow table for clients to draw', async () => {
    const res = await member.get('/api/v1/workflow');
    assert.equal(res.status, 200);
    assert.ok(
      res.body.transitions.some(
        (x: { from: string; to: string }) => x.from === 'in_review' && x.to === 'acceptance',
      ),
    );
    assert.equal(res.body.states.find((s: { id: string }) => s.id === 'acceptance').lv, 'Akta parakstīšana');
  });
});
