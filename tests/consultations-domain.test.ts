import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendConsultationMessage, openConsultation } from '../src/consultations/open-consultation.ts';
import type { ConsultationSettings } from '../src/consultations/settings.ts';
import { inTransaction } from '../src/platform/db/transaction.ts';
import { AppError } from '../src/platform/errors.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from './helpers/db.ts';
import { makeWorld, type World } from './helpers/factories.ts';

// The functions the web UI and the support mailbox share, called inside the caller's transaction.

const settings: ConsultationSettings = { publicUrl: 'https://pakalpe.example.lv', replyWorkingDays: 2 };
const wednesday = new Date('2026-11-25T12:00:00Z');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe(`consultation domain functions [${testDatabaseKind}]`, () => {
  let database: TestDatabase;
  let w: World;

  before(async () => {
    database = await createTestDatabase();
    w = await makeWorld(database.db);
  });
  after(() => database.drop());

  const open = (overrides: Record<string, unknown> = {}) =>
    inTransaction(database.db, (trx) =>
      openConsultation(
        trx,
        {
          institutionId: w.institutionA.id,
          authorUserId: w.memberA.id,
          subject: 'Kā pievienot audita ierakstus?',
          category: 'auditRecords',
          body: 'Labdien! Kādā formātā jāiesniedz audita ieraksti?',
          attachments: [{ filename: 'paraugs.pdf', contentType: 'application/pdf', content: pdf }],
          source: 'email',
          inboundMailId: '0193f7a0-0000-7000-8000-000000000001',
          ...overrides,
        },
        wednesday,
        settings,
      ),
    );

  it('an e-mail from an institution user opens a ticket with its attachment, history and agency mail', async () => {
    const { id } = await open();
    const ticket = await database.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(ticket.status, 'open');
    assert.equal(ticket.source, 'email');
    assert.equal(ticket.reply_by?.toISOString(), '2026-11-27T12:00:00.000Z');
    const messages = await database.db
      .selectFrom('consultation_messages')
      .selectAll()
      .where('consultation_id', '=', id)
      .execute();
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.inbound_mail_id, '0193f7a0-0000-7000-8000-000000000001');
    const files = await database.db
      .selectFrom('consultation_attachments')
      .selectAll()
      .where('consultation_id', '=', id)
      .execute();
    assert.deepEqual(
      files.map((f) => [f.filename, f.content_type, f.size]),
      [['paraugs.pdf', 'application/pdf', pdf.length]],
    );
    const events = await database.db
      .selectFrom('consultation_events')
      .selectAll()
      .where('consultation_id', '=', id)
      .execute();
    assert.deepEqual(
      events.map((e) => [e.action, e.to_status, e.actor_id]),
      [['open', 'open', w.memberA.id]],
    );
    const mail = await database.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('consultation_id', '=', id)
      .execute();
    assert.deepEqual(
      mail.map((m) => m.recipient).sort(),
      [w.reviewer.email, w.reviewer2.email, w.admin.email].sort(),
    );
    assert.ok(mail.every((m) => m.text_body.includes(`https://pakalpe.example.lv/consultations/${id}`)));
  });

  it('the agency answers, the institution replies by e-mail: statuses, reply-by and mail follow', async () => {
    const { id } = await open({ attachments: [] });
    await inTransaction(database.db, (trx) =>
      appendConsultationMessage(
        trx,
        {
          consultationId: id,
          authorUserId: w.reviewer.id,
          body: 'CSV formātā.',
          attachments: [],
          source: 'web',
        },
        new Date('2026-11-26T08:00:00Z'),
        settings,
      ),
    );
    let ticket = await database.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(ticket.status, 'answered');
    assert.equal(ticket.reply_by, null);
    const answered = await database.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('consultation_id', '=', id)
      .where('template', '=', 'consultationAnswered')
      .execute();
    assert.deepEqual(
      answered.map((m) => m.recipient),
      [w.memberA.email],
    );

    await inTransaction(database.db, (trx) =>
      appendConsultationMessage(
        trx,
        {
          consultationId: id,
          authorUserId: w.memberA.id,
          body: 'Paldies, vēl viens jautājums.',
          attachments: [],
          source: 'email',
        },
        new Date('2026-11-27T08:00:00Z'),
        settings,
      ),
    );
    ticket = await database.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(ticket.status, 'open');
    assert.equal(
      ticket.reply_by?.toISOString(),
      '2026-12-01T08:00:00.000Z',
      'Friday + 2 working days is Tuesday',
    );
    assert.equal(ticket.version, 3);
  });

  it('a user of another institution cannot write on the ticket, nor open one for another institution', async () => {
    const { id } = await open({ attachments: [] });
    await assert.rejects(
      inTransaction(database.db, (trx) =>
        appendConsultationMessage(
          trx,
          {
            consultationId: id,
            authorUserId: w.memberB.id,
            body: 'Sveiki',
            attachments: [],
            source: 'email',
          },
          wednesday,
          settings,
        ),
      ),
      (e: unknown) => e instanceof AppError && e.code === 'not_found',
    );
    await assert.rejects(
      open({ authorUserId: w.memberB.id }),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
  });

  it('a refused attachment leaves nothing behind', async () => {
    const before = await database.db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await assert.rejects(
      open({
        attachments: [
          {
            filename: 'a.pdf',
            contentType: 'application/pdf',
            content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]),
          },
        ],
      }),
      (e: unknown) => e instanceof AppError && e.code === 'attachment_type_not_allowed',
    );
    const afterCount = await database.db
      .selectFrom('consultations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});
