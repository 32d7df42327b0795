import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { issueAct } from './helpers/acts.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { attachCleanDescription } from './helpers/approval.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeUser, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The outbox is written by the workflow step that causes the mail, in the step's transaction.

describe(`e-mail outbox rows from workflow steps [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;

  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://pakalpe.example.lv' });
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
  });
  after(() => t.close());

  const outboxOf = (requestId: string) =>
    t.database.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('template')
      .orderBy('recipient')
      .execute();

  async function draft(overrides: Record<string, unknown> = {}) {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const res = await member.post('/api/v1/requests', requestInput(service.id, overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; version: number; reference: string };
  }

  async function step(
    client: ApiClient,
    id: string,
    path: string,
    body: Record<string, unknown> = {},
    { described = false } = {},
  ) {
    let current = await client.get(`/api/v1/requests/${id}`);
    if (path === 'approve-review' && !described) {
      // Approval needs a checked description without open errors (workflow guards).
      await attachCleanDescription(client, id, current.body.version);
      current = await client.get(`/api/v1/requests/${id}`);
    }
    const res = await client.post(`/api/v1/requests/${id}/${path}`, {
      version: current.body.version,
      ...body,
    });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('submitting writes a receipt to the contact and a notice to every active agency user, nothing else', async () => {
    const inactive = await makeUser(t.database.db, 'agency_reviewer');
    await t.database.db
      .updateTable('users')
      .set({ is_active: false })
      .where('id', '=', inactive.id)
      .execute();
    const request = await draft();
    assert.deepEqual(await outboxOf(request.id), [], 'a draft sends nothing');

    await step(member, request.id, 'submit');
    const rows = await outboxOf(request.id);
    assert.deepEqual(
      rows.map((r) => [r.template, r.recipient, r.language, r.status, r.attempts]),
      [
        ['requestForReview', w.admin.email, 'lv', 'pending', 0],
        ...[w.reviewer.email, w.reviewer2.email]
          .sort()
          .map((email) => ['requestForReview', email, 'lv', 'pending', 0]),
        ['requestReceived', 'inese.kaleja@iestade.lv', 'lv', 'pending', 0],
      ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    );
    const receipt = rows.find((r) => r.template === 'requestReceived');
    assert.equal(receipt?.subject, `Pieteikums saņemts: ${request.reference}`);
    assert.ok(receipt?.text_body.includes(`https://pakalpe.example.lv/requests/${request.id}`));
    assert.ok(receipt?.html_body.includes(`href="https://pakalpe.example.lv/requests/${request.id}"`));
    const history = await t.database.db
      .selectFrom('request_history')
      .select('created_at')
      .where('request_id', '=', request.id)
      .where('action', '=', 'submit')
      .executeTakeFirstOrThrow();
    for (const row of rows) assert.equal(row.created_at.getTime(), history.created_at.getTime());
  });

  it("the contact hears in the language of the request's creator", async () => {
    const english = await makeUser(t.database.db, 'institution_member', w.institutionA.id);
    const client = await ApiClient.logIn(t.app, english.email, english.password);
    assert.equal((await client.patch('/api/v1/me', { locale: 'en' })).status, 200);
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const created = await client.post('/api/v1/requests', requestInput(service.id));
    await step(client, created.body.id, 'submit');
    const receipt = (await outboxOf(created.body.id)).find((r) => r.template === 'requestReceived');
    assert.equal(receipt?.language, 'en');
    assert.equal(receipt?.subject, `Request received: ${created.body.reference}`);
  });

  it('a refused transition writes no mail', async () => {
    const request = await draft({ description: '' });
    const res = await member.post(`/api/v1/requests/${request.id}/submit`, { version: request.version });
    assert.equal(res.status, 409, JSON.stringify(res.body));
    const stale = await draft();
    const staleRes = await member.post(`/api/v1/requests/${stale.id}/submit`, { version: stale.version + 1 });
    assert.equal(staleRes.status, 409);
    assert.deepEqual(await outboxOf(request.id), []);
    assert.deepEqual(await outboxOf(stale.id), []);
  });

  it('when the mail cannot be written, the step is not committed either', async () => {
    const request = await draft();
    await sql`
      CREATE FUNCTION test_refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$
    `.execute(t.database.db);
    await sql`CREATE TRIGGER test_refuse_mail BEFORE INSERT ON outbox_messages
      FOR EACH ROW EXECUTE FUNCTION test_refuse_mail()`.execute(t.database.db);
    try {
      const res = await member.post(`/api/v1/requests/${request.id}/submit`, { version: request.version });
      assert.equal(res.status, 500);
    } finally {
      await sql`DROP TRIGGER test_refuse_mail ON outbox_messages`.execute(t.database.db);
      await sql`DROP FUNCTION test_refuse_mail()`.execute(t.database.db);
    }
    const after = await member.get(`/api/v1/requests/${request.id}`);
    assert.equal(after.body.state, 'draft');
    assert.equal(after.body.version, request.version);
    const history = await t.database.db
      .selectFrom('request_history')
      .select('action')
      .where('request_id', '=', request.id)
      .execute();
    assert.deepEqual(
      history.map((h) => h.action),
      ['create'],
    );
  });

  it('corrections go to the contact with the list; the resubmission goes to the assigned reviewer only', async () => {
    const request = await draft();
    await step(member, request.id, 'submit');
    await step(reviewer, request.id, 'start-review');
    await step(reviewer, request.id, 'request-corrections', {
      corrections: ['Pievienot XSD shēmu', 'Labot <endpoint> adresi'],
    });
    const corrections = (await outboxOf(request.id)).filter((r) => r.template === 'correctionsRequested');
    assert.equal(corrections.length, 1);
    assert.match(corrections[0]?.text_body ?? '', /- Pievienot XSD shēmu\n- Labot <endpoint> adresi/);
    assert.ok(corrections[0]?.html_body.includes('<li>Labot &lt;endpoint&gt; adresi</li>'));

    await step(member, request.id, 'submit');
    const resubmitted = (await outboxOf(request.id)).filter(
      (r) => r.template === 'requestForReview' && r.subject.startsWith('Labots'),
    );
    assert.deepEqual(
      resubmitted.map((r) => r.recipient),
      [w.reviewer.email],
    );
  });

  it('a rejection tells the contact the reason', async () => {
    const request = await draft();
    await step(member, request.id, 'submit');
    await step(reviewer, request.id, 'start-review');
    await step(reviewer, request.id, 'reject', { comment: 'Nav <VISS> pakalpe' });
    const rejected = (await outboxOf(request.id)).filter((r) => r.template === 'requestRejected');
    assert.equal(rejected.length, 1);
    assert.match(rejected[0]?.text_body ?? '', /Pamatojums: Nav <VISS> pakalpe/);
    assert.ok(rejected[0]?.html_body.includes('Pamatojums: Nav &lt;VISS&gt; pakalpe'));
  });

  it('the later steps: act ready to sign, registered, installation confirmed, each once to the contact', async () => {
    const request = await draft();
    await step(member, request.id, 'submit');
    await step(reviewer, request.id, 'start-review');
    const current = await reviewer.get(`/api/v1/requests/${request.id}`);
    // The analysis is made against the checked description (workflow guards).
    const described = await attachCleanDescription(reviewer, request.id, current.body.version);
    const attached = await reviewer.post(`/api/v1/requests/${request.id}/audit-analyses`, {
      version: described,
    });
    assert.equal(attached.status, 201, JSON.stringify(attached.body));
    await step(reviewer, request.id, 'approve-review', {}, { described: true });
    const inAcceptance = await reviewer.get(`/api/v1/requests/${request.id}`);
    const issued = await issueAct(reviewer, inAcceptance.body);
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const act = (await outboxOf(request.id)).filter((r) => r.template === 'actReadyToSign');
    assert.equal(act.length, 1);
    assert.equal(act[0]?.recipient, 'inese.kaleja@iestade.lv');
    assert.match(
      act[0]?.text_body ?? '',
      new RegExp(`Nr\\. ${issued.body.current.number} \\(1\\. versija\\)`),
    );

    // The signing itself is tested elsewhere; here the request goes on as a not-hosted-in-VISS one would.
    const other = await draft({ usedInVissInfrastructure: false, hostedInProduction: true });
    await step(member, other.id, 'submit');
    await step(reviewer, other.id, 'start-review');
    await step(reviewer, other.id, 'approve-review');
    await step(reviewer, other.id, 'register-in-production', {
      production: { endpointUrl: 'https://prod.example.lv/service', hosting: 'agency' },
    });
    await step(reviewer, other.id, 'confirm-installation', {
      installation: { checkedUrl: 'https://prod.example.lv/service?wsdl' },
    });
    const contact = (await outboxOf(other.id))
      .filter((r) => r.recipient === 'inese.kaleja@iestade.lv')
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    assert.deepEqual(
      contact.map((r) => r.template),
      ['requestReceived', 'reviewApproved', 'registeredInProduction', 'installationConfirmed'],
    );
    assert.match(contact[1]?.text_body ?? '', /Nākamais solis: reģistrācija produkcijas vides katalogā\./);
    assert.match(contact[2]?.text_body ?? '', /Nākamais solis: uzstādīšana produkcijas vidē\./);
  });

  it('a withdrawal is mailed to the assigned reviewer with the reason', async () => {
    const request = await draft();
    await step(member, request.id, 'submit');
    await step(reviewer, request.id, 'start-review');
    await step(member, request.id, 'withdraw', { comment: 'Pakalpe vairs nav vajadzīga' });
    const withdrawn = (await outboxOf(request.id)).filter((r) => r.template === 'requestWithdrawn');
    assert.deepEqual(
      withdrawn.map((r) => r.recipient),
      [w.reviewer.email],
    );
    assert.match(withdrawn[0]?.text_body ?? '', /Pamatojums: Pakalpe vairs nav vajadzīga/);
  });

  it('a thread message goes to the other side: to every agency user, then to the assigned reviewer; back to the contact', async () => {
    const request = await draft();
    await step(member, request.id, 'submit');
    const messageMail = async () =>
      (await outboxOf(request.id))
        .filter((r) => r.template === 'requestMessage')
        .sort(
          (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.recipient.localeCompare(b.recipient),
        );
    const agencyUsers = await t.database.db
      .selectFrom('users')
      .select('email')
      .where('role', 'in', ['agency_reviewer', 'agency_admin'])
      .where('is_active', '=', true)
      .execute();

    const first = await member.post(`/api/v1/requests/${request.id}/messages`, {
      body: 'Vai <viss> kārtībā?',
    });
    assert.equal(first.status, 201);
    let mail = await messageMail();
    assert.deepEqual(mail.map((m) => m.recipient).sort(), agencyUsers.map((u) => u.email).sort());
    assert.match(mail[0]?.text_body ?? '', /> Vai <viss> kārtībā\?/);
    assert.ok(mail[0]?.html_body.includes('Vai &lt;viss&gt; kārtībā?'));
    assert.ok(mail[0]?.text_body.includes(`https://pakalpe.example.lv/requests/${request.id}`));

    await step(reviewer, request.id, 'start-review');
    await member.post(`/api/v1/requests/${request.id}/messages`, { body: 'Vēl viens jautājums.' });
    mail = await messageMail();
    assert.deepEqual(
      mail.filter((m) => m.text_body.includes('Vēl viens jautājums.')).map((m) => m.recipient),
      [w.reviewer.email],
    );

    await reviewer.post(`/api/v1/requests/${request.id}/messages`, { body: 'Viss kārtībā.' });
    const row = await t.database.db
      .selectFrom('requests')
      .select('contact_email')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    const answer = (await messageMail()).filter((m) => m.text_body.includes('Viss kārtībā.'));
    assert.deepEqual(
      answer.map((m) => m.recipient),
      [row.contact_email],
    );
    assert.match(answer[0]?.subject ?? '', /^Jauna ziņa par pieteikumu /);

    await reviewer.post(`/api/v1/requests/${request.id}/notes`, { body: 'Iekšēja piezīme.' });
    assert.equal(
      (await messageMail()).filter((m) => m.text_body.includes('Iekšēja')).length,
      0,
      'notes are not mailed',
    );
  });
});
