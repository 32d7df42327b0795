import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createReplyToken, deliverDueMessages, replyAddress } from '../src/mail/index.ts';
import { smtpTransport } from '../src/mail/transport.ts';
import { consultationPort } from '../src/support-mailbox/consultation-port.ts';
import {
  type MailboxDeps,
  type SupportMailbox,
  startSupportMailbox,
  storeReceivedMail,
} from '../src/support-mailbox/index.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeUser, makeWorld, requestInput, type World } from './helpers/factories.ts';

// The support mailbox end to end over SMTP on loopback: nodemailer sends to the receiver, which
// stores, parses and routes; the results are read back through the HTTP API as users see them.

const supportAddress = 'atbalsts@pakalpe.example.lv';
const tokenSecret = 'support-mailbox-test-secret-0123456789abcdef';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A loopback SMTP server standing in for the institution's mail system: it keeps what it receives. */
async function startCapture(): Promise<{ port: number; received: ParsedMail[]; close: () => Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`support mailbox over SMTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let reviewer: ApiClient;
  let mailbox: SupportMailbox;
  const deps: MailboxDeps = {
    supportAddress,
    tokenSecret,
    consultations: consultationPort,
    publicUrl: 'https://pakalpe.example.lv',
  };
  const options = { ...deps, host: '127.0.0.1', port: 0, maxMessageBytes: 64 * 1024, log: silent };

  before(async () => {
    t = await startTestApp({
      PUBLIC_URL: 'https://pakalpe.example.lv',
      SUPPORT_ADDRESS: supportAddress,
      MAIL_TOKEN_SECRET: tokenSecret,
    });
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    reviewer = await ApiClient.logIn(t.app, w.reviewer.email, w.reviewer.password);
    mailbox = await startSupportMailbox(t.database.db, { ...options, rateLimitPerHour: 1000 });
  });
  after(async () => {
    await mailbox.close();
    await t.close();
  });

  /** Sends one message to a receiver over SMTP, as a mail client would; resolves with the server's answer. */
  async function send(
    port: number,
    mail: Parameters<ReturnType<typeof nodemailer.createTransport>['sendMail']>[0],
  ) {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      return await client.sendMail(mail);
    } finally {
      client.close();
    }
  }

  /** A submitted request whose contact person is memberA (so a reply from them may join the thread). */
  async function submittedRequest() {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const created = await member.post(
      '/api/v1/requests',
      requestInput(service.id, {
        contact: { name: w.memberA.displayName, email: w.memberA.email, phone: '+371 67 123 456' },
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const submitted = await member.post(`/api/v1/requests/${created.body.id}/submit`, {
      version: created.body.version,
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    return submitted.body as { id: string; reference: string };
  }

  const mailRow = (id: string) =>
    t.database.db.selectFrom('inbound_mails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const latestMail = () =>
    t.database.db
      .selectFrom('inbound_mails')
      .selectAll()
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
  /** Sends one mail to the receiver, waits until it is stored and routed, and reads it back. */
  const receive = async (mail: Parameters<typeof send>[1]) => {
    await send(mailbox.port, mail);
    await mailbox.idle();
    return latestMail();
  };
  const countMails = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('inbound_mails')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("the contact person's reply to a notification appears in the request's thread, as them", async () => {
    const request = await submittedRequest();
    // The workflow step enqueued the receipt; deliver it to the contact person's mail system.
    const capture = await startCapture();
    try {
      const transport = smtpTransport(`smtp://127.0.0.1:${capture.port}`, 'Pakalpe <pakalpe@localhost>', {
        secret: tokenSecret,
        supportAddress,
      });
      await deliverDueMessages(t.database.db, transport);
      transport.close();
    } finally {
      await capture.close();
    }
    const receipt = capture.received.find(
      (m) => m.to && 'value' in m.to && m.to.value[0]?.address === w.memberA.email,
    );
    assert.ok(receipt, 'the contact person got the receipt');
    const replyTo = receipt.replyTo?.value[0]?.address ?? '';
    assert.match(replyTo, /^atbalsts\+[a-z2-7]{44}@pakalpe\.example\.lv$/);
    assert.match(receipt.subject ?? '', new RegExp(`${request.reference} \\[PK:[a-z2-7]{44}\\]$`));

    const answer = await send(mailbox.port, {
      from: `${w.memberA.displayName} <${w.memberA.email}>`,
      to: replyTo,
      subject: `Re: ${receipt.subject}`,
      text: `Paldies, XSD pievienosim rīt.\n\nOn Tue, 24 Nov 2026 at 10:00, Pakalpe <pakalpe@localhost> wrote:\n> ${receipt.text?.split('\n')[0]}\n> --\n`,
    });
    assert.match(answer.response, /^250 /);
    await mailbox.idle();

    const thread = await member.get(`/api/v1/requests/${request.id}/messages`);
    assert.equal(thread.status, 200);
    assert.deepEqual(
      thread.body.items.map((m: { body: string; author: { id: string } }) => [m.author.id, m.body]),
      [[w.memberA.id, 'Paldies, XSD pievienosim rīt.']],
    );
    const history = await reviewer.get(`/api/v1/requests/${request.id}/history`);
    const entry = history.body.items.find((e: { action: string }) => e.action === 'postMessage');
    assert.equal(entry.details.via, 'email');
    const stored = await latestMail();
    assert.equal(stored.status, 'delivered');
    assert.equal(stored.routed_kind, 'request_message');
    assert.equal(stored.routed_target_id, request.id);
  });

  it('a forged token waits in quarantine, nothing reaches the thread', async () => {
    const request = await submittedRequest();
    const genuine = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const forged = createReplyToken('someone-elses-secret-0123456789abcdef', {
      kind: 'request',
      id: request.id,
    });
    assert.notEqual(forged, genuine);
    const stored = await receive({
      from: w.memberA.email,
      to: replyAddress(supportAddress, forged),
      subject: 'Re: Pieteikums saņemts',
      text: 'Lūdzu dzēsiet manu pieteikumu.',
    });
    assert.equal(stored.status, 'quarantined');
    assert.equal(stored.reason, 'invalid_token');
    const thread = await member.get(`/api/v1/requests/${request.id}/messages`);
    assert.deepEqual(thread.body.items, []);
    const list = await reviewer.get('/api/v1/support-mailbox/quarantine?reason=invalid_token');
    assert.ok(list.body.items.some((m: { id: string }) => m.id === stored.id));
    // A known sender: the release form offers their institution's requests in progress, not others'.
    const view = await reviewer.get(`/api/v1/support-mailbox/mails/${stored.id}`);
    const offered = view.body.suggestions.requests.map((r: { id: string }) => r.id);
    assert.ok(offered.includes(request.id));
    const institutions = await t.database.db
      .selectFrom('requests')
      .select('institution_id')
      .where('id', 'in', offered)
      .distinct()
      .execute();
    assert.deepEqual(
      institutions.map((r) => r.institution_id),
      [w.institutionA.id],
    );
  });

  it('a genuine token from a user of another institution is quarantined as not permitted', async () => {
    const request = await submittedRequest();
    const token = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const stored = await receive({
      from: w.memberB.email,
      to: replyAddress(supportAddress, token),
      subject: 'Re: pieteikums',
      text: 'Es arī gribu piedalīties.',
    });
    assert.equal(stored.status, 'quarantined');
    assert.equal(stored.reason, 'sender_not_permitted');
    assert.deepEqual((await member.get(`/api/v1/requests/${request.id}/messages`)).body.items, []);
  });

  it('an unknown sender waits in quarantine; an agency user releases it into a thread with a reason', async () => {
    const request = await submittedRequest();
    const stored = await receive({
      from: 'Jānis Bērziņš <janis@privats.lv>',
      to: supportAddress,
      subject: `Jautājums par ${request.reference}`,
      text: 'Kad pakalpe būs pieejama produkcijā?',
    });
    assert.equal(stored.status, 'quarantined');
    assert.equal(stored.reason, 'unknown_sender');

    const list = await reviewer.get('/api/v1/support-mailbox/quarantine');
    assert.equal(list.status, 200);
    const listed = list.body.items.find((m: { id: string }) => m.id === stored.id);
    assert.equal(listed.fromAddress, 'janis@privats.lv');
    assert.equal(listed.reason, 'unknown_sender');
    assert.equal((await member.get('/api/v1/support-mailbox/quarantine')).status, 403);

    const view = await reviewer.get(`/api/v1/support-mailbox/mails/${stored.id}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.replyText, 'Kad pakalpe būs pieejama produkcijā?');
    // The release form offers the request the subject names, although the sender is unknown.
    assert.deepEqual(
      view.body.suggestions.requests.map((r: { id: string; reference: string }) => [r.id, r.reference]),
      [[request.id, request.reference]],
    );
    assert.deepEqual(view.body.suggestions.consultations, []);

    // Another institution's user may not be made the author of this request's message.
    const refused = await reviewer.post(`/api/v1/support-mailbox/mails/${stored.id}/release`, {
      action: 'deliverToRequest',
      requestId: request.id,
      authorUserId: w.memberB.id,
      version: view.body.version,
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].path, 'authorUserId');

    const released = await reviewer.post(`/api/v1/support-mailbox/mails/${stored.id}/release`, {
      action: 'deliverToRequest',
      requestId: request.id,
      authorUserId: w.memberA.id,
      version: view.body.version,
      comment: 'Jānis strādā iestādē A; pārsūtīts uz pieteikumu.',
    });
    assert.equal(released.status, 200, JSON.stringify(released.body));
    assert.equal(released.body.status, 'released');
    assert.equal(released.body.routed.targetId, request.id);
    const last = released.body.events.at(-1);
    assert.deepEqual(
      [last.action, last.actor.id, last.comment],
      ['release', w.reviewer.id, 'Jānis strādā iestādē A; pārsūtīts uz pieteikumu.'],
    );
    const thread = await member.get(`/api/v1/requests/${request.id}/messages`);
    assert.deepEqual(
      thread.body.items.map((m: { body: string }) => m.body),
      ['Kad pakalpe būs pieejama produkcijā?'],
    );

    const again = await reviewer.post(`/api/v1/support-mailbox/mails/${stored.id}/release`, {
      action: 'reject',
      reason: 'Jau piegādāts',
      version: released.body.version,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'invalid_transition');
  });

  it('an agency user rejects a quarantined mail with a reason; a stale version is refused', async () => {
    const stored = await receive({
      from: 'spam@example.com',
      to: supportAddress,
      subject: 'Akcija',
      text: 'Pērciet!',
    });
    const stale = await reviewer.post(`/api/v1/support-mailbox/mails/${stored.id}/release`, {
      action: 'reject',
      reason: 'Surogātpasts',
      version: stored.version + 1,
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'stale_version');
    const rejected = await reviewer.post(`/api/v1/support-mailbox/mails/${stored.id}/release`, {
      action: 'reject',
      reason: 'Surogātpasts',
      version: stored.version,
    });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.events.at(-1).comment, 'Surogātpasts');
    const list = await reviewer.get('/api/v1/support-mailbox/quarantine');
    assert.ok(!list.body.items.some((m: { id: string }) => m.id === stored.id));
  });

  it('mail over the size limit is refused with 552 and nothing is stored', async () => {
    const before = await countMails();
    await assert.rejects(
      send(mailbox.port, {
        from: w.memberA.email,
        to: supportAddress,
        subject: 'Liels pielikums',
        text: 'Pielikumā.',
        attachments: [{ filename: 'liels.pdf', content: Buffer.alloc(128 * 1024, 7) }],
      }),
      (error: { responseCode?: number }) => error.responseCode === 552,
    );
    assert.equal(await countMails(), before);
  });

  it('a recipient other than the support address is refused with 550', async () => {
    await assert.rejects(
      send(mailbox.port, { from: w.memberA.email, to: 'kads@cits.lv', subject: 'x', text: 'y' }),
      (error: { responseCode?: number }) => error.responseCode === 550,
    );
  });

  it('over the rate limit a sender is refused for now with 451', async () => {
    const limited = await startSupportMailbox(t.database.db, { ...options, rateLimitPerHour: 2 });
    try {
      const mail = {
        from: 'skaļais@example.com',
        to: supportAddress,
        subject: 'Vēl',
        text: 'Vēl viena vēstule.',
      };
      await send(limited.port, mail);
      await send(limited.port, mail);
      await assert.rejects(
        send(limited.port, mail),
        (error: { responseCode?: number }) => error.responseCode === 451,
      );
      await limited.idle();
    } finally {
      await limited.close();
    }
  });

  it('HTML is sanitised (no script, handlers or remote images) and attachments are kept', async () => {
    const request = await submittedRequest();
    const token = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const xsd = Buffer.from('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>');
    const stored = await receive({
      from: w.memberA.email,
      to: replyAddress(supportAddress, token),
      subject: 'Re: labojumi',
      text: 'Pievienoju XSD.',
      html: '<p onclick="steal()">Pievienoju <b>XSD</b>.</p><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">x</a>',
      attachments: [{ filename: 'shēma.xsd', content: xsd, contentType: 'application/xml' }],
    });
    assert.equal(stored.status, 'delivered');
    const view = await reviewer.get(`/api/v1/support-mailbox/mails/${stored.id}`);
    assert.equal(
      view.body.html,
      '<p>Pievienoju <b>XSD</b>.</p><a rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    assert.equal(view.body.attachments.length, 1);
    const attachment = view.body.attachments[0];
    assert.deepEqual(
      [attachment.filename, attachment.sizeBytes, attachment.isAllowed],
      ['shēma.xsd', xsd.length, true],
    );
    const download = await reviewer.get(
      `/api/v1/support-mailbox/mails/${stored.id}/attachments/${attachment.id}`,
    );
    assert.equal(download.status, 200);
    assert.deepEqual(download.raw, xsd);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    const raw = await reviewer.get(`/api/v1/support-mailbox/mails/${stored.id}/raw`);
    assert.equal(raw.status, 200);
    assert.equal(raw.raw.length, stored.size_bytes);
    const thread = await member.get(`/api/v1/requests/${request.id}/messages`);
    assert.equal(
      thread.body.items[0].body,
      'Pievienoju XSD.\n\n[E-pasta pielikumi / e-mail attachments: shēma.xsd]',
    );
  });

  it('an executable attachment keeps the mail in quarantine, the file kept', async () => {
    const request = await submittedRequest();
    const token = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const stored = await receive({
      from: w.memberA.email,
      to: replyAddress(supportAddress, token),
      subject: 'Re: rēķins',
      text: 'Atveriet pielikumu.',
      attachments: [{ filename: 'rekins.exe', content: Buffer.from('MZ fake') }],
    });
    assert.deepEqual(
      [stored.status, stored.reason, stored.reason_detail],
      ['quarantined', 'disallowed_attachment', 'rekins.exe'],
    );
    const view = await reviewer.get(`/api/v1/support-mailbox/mails/${stored.id}`);
    assert.deepEqual(
      view.body.attachments.map((a: { filename: string; isAllowed: boolean }) => [a.filename, a.isAllowed]),
      [['rekins.exe', false]],
    );
  });

  it("an institution user's mail without a token opens a consultation; a reply to its e-mail joins it", async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const opened = await receive({
      from: w.memberA.email,
      to: supportAddress,
      subject: 'Fw: Jautājums par VISS reģistrāciju',
      text: 'Kā reģistrēt jaunu informācijas sistēmu?',
      attachments: [{ filename: 'shēma.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    assert.deepEqual([opened.status, opened.routed_kind], ['delivered', 'consultation']);
    const consultationId = opened.routed_target_id ?? '';
    const ticket = await member.get(`/api/v1/consultations/${consultationId}`);
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    assert.equal(ticket.body.subject, 'Jautājums par VISS reģistrāciju');
    assert.equal(ticket.body.source, 'email');
    assert.equal(ticket.body.category, 'other');
    assert.deepEqual(
      ticket.body.messages.map(
        (m: { body: string; author: { id: string }; attachments: { filename: string }[] }) => [
          m.author.id,
          m.body,
          m.attachments.map((a) => a.filename),
        ],
      ),
      [[w.memberA.id, 'Kā reģistrēt jaunu informācijas sistēmu?', ['shēma.pdf']]],
    );

    // The agency's e-mails about the consultation carry its token; a reply joins the same ticket.
    const outbox = await t.database.db
      .selectFrom('outbox_messages')
      .select(['reply_kind', 'reply_target_id'])
      .where('consultation_id', '=', consultationId)
      .execute();
    assert.ok(outbox.length > 0);
    assert.ok(outbox.every((m) => m.reply_kind === 'consultation' && m.reply_target_id === consultationId));
    const token = createReplyToken(tokenSecret, { kind: 'consultation', id: consultationId });
    const reply = await receive({
      from: w.memberA.email,
      to: replyAddress(supportAddress, token),
      subject: `Re: ${ticket.body.reference}`,
      text: 'Papildinu: sistēma ir testa vidē.\n\n> Kā reģistrēt jaunu informācijas sistēmu?\n',
    });
    assert.deepEqual(
      [reply.status, reply.routed_kind, reply.routed_target_id],
      ['delivered', 'consultation_message', consultationId],
    );
    const after = await member.get(`/api/v1/consultations/${consultationId}`);
    assert.deepEqual(
      after.body.messages.map((m: { body: string }) => m.body),
      ['Kā reģistrēt jaunu informācijas sistēmu?', 'Papildinu: sistēma ir testa vidē.'],
    );

    // A user of another institution replying with the same token is not let in.
    await send(mailbox.port, {
      from: w.memberB.email,
      to: replyAddress(supportAddress, token),
      subject: 'Re: konsultācija',
      text: 'Arī mums ir jautājums.',
    });
    await mailbox.idle();
    assert.deepEqual(
      [(await latestMail()).status, (await latestMail()).reason],
      ['quarantined', 'sender_not_permitted'],
    );
  });

  it('mail stored but not routed before a stop is routed at the next start', async () => {
    const request = await submittedRequest();
    const token = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const raw = Buffer.from(
      [
        `From: ${w.memberA.email}`,
        `To: ${replyAddress(supportAddress, token)}`,
        'Subject: Re: pieteikums',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Atbilde, kas gaidīja restartu.',
        '',
      ].join('\r\n'),
    );
    // As if the process died between storing (250 sent) and routing.
    const id = await storeReceivedMail(t.database.db, {
      envelopeFrom: w.memberA.email,
      envelopeTo: [replyAddress(supportAddress, token)],
      remoteAddress: '127.0.0.1',
      raw,
    });
    assert.equal((await mailRow(id)).status, 'received');
    const restarted = await startSupportMailbox(t.database.db, { ...options, rateLimitPerHour: 1000 });
    await restarted.close();
    assert.equal((await mailRow(id)).status, 'delivered');
    const thread = await member.get(`/api/v1/requests/${request.id}/messages`);
    assert.deepEqual(
      thread.body.items.map((m: { body: string }) => m.body),
      ['Atbilde, kas gaidīja restartu.'],
    );
  });

  it('an automatic reply (out of office) is quarantined, not posted', async () => {
    const request = await submittedRequest();
    const token = createReplyToken(tokenSecret, { kind: 'request', id: request.id });
    const stored = await receive({
      from: w.memberA.email,
      to: replyAddress(supportAddress, token),
      subject: 'Automatic reply: Pieteikums saņemts',
      text: 'Esmu atvaļinājumā līdz 1. decembrim.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    assert.deepEqual([stored.status, stored.reason], ['quarantined', 'automatic_reply']);
    assert.deepEqual((await member.get(`/api/v1/requests/${request.id}/messages`)).body.items, []);
  });

  it('the received bytes cannot be changed and no received mail can be deleted', async () => {
    const stored = await latestMail();
    await assert.rejects(
      t.database.db
        .updateTable('inbound_mails')
        .set({ sha256: '0'.repeat(64) })
        .where('id', '=', stored.id)
        .execute(),
    );
    await assert.rejects(t.database.db.deleteFrom('inbound_mails').where('id', '=', stored.id).execute());
  });

  it('an agency user without a token, and an inactive user, are quarantined', async () => {
    const inactive = await makeUser(t.database.db, 'institution_member', w.institutionA.id);
    await t.database.db
      .updateTable('users')
      .set({ is_active: false })
      .where('id', '=', inactive.id)
      .execute();
    assert.equal(
      (await receive({ from: w.reviewer.email, to: supportAddress, subject: 'x', text: 'Sveiki.' })).reason,
      'no_reply_target',
    );
    assert.equal(
      (await receive({ from: inactive.email, to: supportAddress, subject: 'x', text: 'Sveiki.' })).reason,
      'sender_inactive',
    );
  });
});
