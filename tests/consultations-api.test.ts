import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openConsultation } from '../src/consultations/open-consultation.ts';
import { inTransaction } from '../src/platform/db/transaction.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeWorld, type World } from './helpers/factories.ts';

// The agency's queue and a ticket's life through the HTTP API, as the web UI uses it.

describe(`consultations over HTTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;

  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://pakalpe.example.lv', SUPPORT_REPLY_WORKING_DAYS: '3' });
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
  });
  after(() => t.close());

  const openAt = (when: Date, subject: string) =>
    inTransaction(t.database.db, (trx) =>
      openConsultation(
        trx,
        {
          institutionId: w.institutionB.id,
          authorUserId: w.memberB.id,
          subject,
          category: 'other',
          body: 'Jautājums',
          attachments: [],
          source: 'email',
        },
        when,
      ),
    );

  const ask = async (subject: string, category = 'other') => {
    const res = await member.post('/api/v1/consultations', { subject, category, body: 'Jautājums' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; version: number };
  };
  const answerAsReviewer = async (ticket: { id: string; version: number }) => {
    const res = await reviewer.post(`/api/v1/consultations/${ticket.id}/messages`, {
      version: ticket.version,
      body: 'Atbilde',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; version: number };
  };
  const mailOf = (consultationId: string, template: string) =>
    t.database.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'text_body'])
      .where('consultation_id', '=', consultationId)
      .where('template', '=', template)
      .orderBy('recipient')
      .execute();

  it('the queue puts open tickets first by reply-by, flags the overdue one, and filters to it', async () => {
    const old = await openAt(new Date(Date.now() - 14 * 86_400_000), 'Sens jautājums');
    const fresh = await member.post('/api/v1/consultations', {
      subject: 'Svaigs jautājums',
      category: 'technical',
      body: 'Kā?',
    });
    assert.equal(fresh.status, 201);
    const queue = await reviewer.get('/api/v1/consultations?status=open&pageSize=200');
    const ids = queue.body.items.map((c: { id: string }) => c.id);
    assert.ok(ids.indexOf(old.id) < ids.indexOf(fresh.body.id), 'the older deadline comes first');
    const oldRow = queue.body.items.find((c: { id: string }) => c.id === old.id);
    assert.equal(oldRow.overdue, true);
    assert.equal(oldRow.source, 'email');
    assert.equal(queue.body.items.find((c: { id: string }) => c.id === fresh.body.id).overdue, false);
    const overdue = await reviewer.get('/api/v1/consultations?overdue=true&pageSize=200');
    assert.ok(overdue.body.items.every((c: { overdue: boolean }) => c.overdue));
    assert.ok(overdue.body.items.some((c: { id: string }) => c.id === old.id));
    // The ticket opened over the web waits three working days (SUPPORT_REPLY_WORKING_DAYS).
    const days = (Date.parse(fresh.body.replyBy) - Date.parse(fresh.body.createdAt)) / 86_400_000;
    assert.ok(days >= 3 && days <= 5, `reply-by ${days} days after opening`);
  });

  it('closed by the agency, the opener is told; a new question reopens the ticket and the agency is told', async () => {
    const opened = await member.post('/api/v1/consultations', {
      subject: 'Atkārtots jautājums',
      category: 'registration',
      body: 'Pirmais',
    });
    const id = opened.body.id as string;
    const closed = await reviewer.post(`/api/v1/consultations/${id}/close`, {
      version: opened.body.version,
      reason: 'Atbildēts pa tālruni',
    });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');
    const reopened = await member.post(`/api/v1/consultations/${id}/messages`, {
      version: closed.body.version,
      body: 'Tomēr vēl jautājums',
    });
    assert.equal(reopened.status, 201);
    assert.equal(reopened.body.status, 'open');
    assert.ok(reopened.body.replyBy);
    assert.deepEqual(
      reopened.body.history.map((e: { action: string }) => e.action),
      ['open', 'close', 'reopen'],
    );
    const mail = await t.database.db
      .selectFrom('outbox_messages')
      .select(['template', 'recipient', 'subject'])
      .where('consultation_id', '=', id)
      .execute();
    const closedMail = mail.filter((m) => m.template === 'consultationClosed');
    assert.deepEqual(
      closedMail.map((m) => m.recipient),
      [w.memberA.email],
    );
    const reopenMail = mail.filter((m) => m.template === 'consultationInstitutionReply');
    assert.ok(reopenMail.some((m) => m.recipient === w.reviewer.email));
    assert.ok(reopenMail.every((m) => m.subject.startsWith('Konsultācija atkārtoti atvērta')));
  });

  it('closed by the institution while it waits for an answer, the agency is told; once answered, nobody is', async () => {
    const waiting = await ask('Vairs nav aktuāli');
    const closed = await member.post(`/api/v1/consultations/${waiting.id}/close`, {
      version: waiting.version,
      reason: 'Atrisinājām paši',
    });
    assert.equal(closed.status, 200);
    const answered = await answerAsReviewer(await ask('Atbildēts'));
    const quiet = await member.post(`/api/v1/consultations/${answered.id}/close`, {
      version: answered.version,
    });
    assert.equal(quiet.status, 200);
    const toAgency = await mailOf(waiting.id, 'consultationClosed');
    assert.ok(toAgency.some((m) => m.recipient === w.reviewer.email));
    assert.ok(toAgency.every((m) => m.recipient !== w.memberA.email));
    assert.match(toAgency[0]?.text_body ?? '', /Pamatojums: Atrisinājām paši|Reason: Atrisinājām paši/);
    assert.deepEqual(await mailOf(answered.id, 'consultationClosed'), []);
  });

  it('a follow-up goes to the agency user who answered, not to every agency user', async () => {
    const opened = await ask('Turpinājums', 'technical');
    const answer = await answerAsReviewer(opened);
    const followUp = await member.post(`/api/v1/consultations/${opened.id}/messages`, {
      version: answer.version,
      body: 'Vēl viens jautājums',
    });
    assert.equal(followUp.status, 201);
    const firstQuestion = (await mailOf(opened.id, 'consultationOpened')).map((m) => m.recipient);
    assert.ok(firstQuestion.includes(w.reviewer.email) && firstQuestion.includes(w.reviewer2.email));
    assert.deepEqual(
      (await mailOf(opened.id, 'consultationInstitutionReply')).map((m) => m.recipient),
      [w.reviewer.email],
    );
  });

  it("an institution member's list and filters never show another institution's tickets", async () => {
    const other = await openAt(new Date(), 'Citas iestādes jautājums');
    const list = await member.get(`/api/v1/consultations?institutionId=${w.institutionB.id}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 0);
    const read = await member.get(`/api/v1/consultations/${other.id}`);
    assert.equal(read.status, 404);
  });
});
