import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type DeliveryPolicy, deliverDueMessages, retryDelayMs, startMailWorker } from '../src/mail/index.ts';
import { devMailboxTransport, smtpTransport } from '../src/mail/transport.ts';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeTestService, makeWorld, requestInput, type World } from './helpers/factories.ts';

// Delivery through a real SMTP server on loopback (smtp-server): once per outbox row, retried with
// backoff while the server is down, and not repeated by a new worker after a restart.

type Received = { rcptTo: string[]; mail: ParsedMail };

/** A loopback SMTP server that keeps what it receives; `port` reuses a port to "come back". */
async function startSmtp(
  port = 0,
): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const policy: DeliveryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
  batchSize: 50,
};
const from = 'Pakalpe <pakalpe@localhost>';
const seconds = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

describe(`e-mail delivery over SMTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let member: ApiClient;
  let admin: ApiClient;

  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://pakalpe.example.lv' });
    w = await makeWorld(t.database.db);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
  });
  after(() => t.close());
  // Each test starts from an empty outbox so counts are its own.
  beforeEach(async () => {
    await t.database.db.deleteFrom('outbox_messages').execute();
  });

  /** Submits a new request: four rows (the contact's receipt, three agency users). */
  async function submitRequest() {
    const service = await makeTestService(t.database.db, w.institutionA.id);
    const created = await member.post('/api/v1/requests', requestInput(service.id));
    const res = await member.post(`/api/v1/requests/${created.body.id}/submit`, {
      version: created.body.version,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { id: string; reference: string };
  }
  const statuses = async () =>
    (await t.database.db.selectFrom('outbox_messages').select(['status', 'attempts']).execute()).map(
      (r) => `${r.status}/${r.attempts}`,
    );

  it('each row is delivered once, to its recipient, with its subject and language', async () => {
    const smtp = await startSmtp();
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, from);
    try {
      const request = await submitRequest();
      const report = await deliverDueMessages(t.database.db, transport, policy);
      assert.deepEqual(report, { sent: 4, retrying: 0, failed: 0 });
      assert.deepEqual(await deliverDueMessages(t.database.db, transport, policy), {
        sent: 0,
        retrying: 0,
        failed: 0,
      });
      assert.equal(smtp.received.length, 4);
      const receipt = smtp.received.find((r) => r.rcptTo.includes('inese.kaleja@iestade.lv'));
      assert.ok(receipt, 'the contact person got the receipt');
      assert.deepEqual(receipt.rcptTo, ['inese.kaleja@iestade.lv']);
      assert.equal(receipt.mail.subject, `Pieteikums saņemts: ${request.reference}`);
      assert.equal(receipt.mail.headers.get('content-language'), 'lv');
      assert.match(receipt.mail.text ?? '', new RegExp(`https://pakalpe.example.lv/requests/${request.id}`));
      assert.match(String(receipt.mail.html), /<a href="https:\/\/pakalpe\.example\.lv\/requests\//);
      assert.equal(receipt.mail.from?.value[0]?.address, 'pakalpe@localhost');
      const rows = await t.database.db.selectFrom('outbox_messages').selectAll().execute();
      for (const row of rows) {
        assert.equal(row.status, 'sent');
        assert.equal(row.transport, 'smtp');
        assert.equal(row.attempts, 1);
        assert.ok(row.sent_at);
        assert.equal(row.transport_message_id, `<${row.id}@pakalpe.outbox>`);
      }
      assert.deepEqual(smtp.received.map((r) => r.rcptTo[0]).sort(), rows.map((r) => r.recipient).sort());
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('while SMTP is down, rows wait with growing delays and are delivered when it comes back', async () => {
    const probe = await startSmtp();
    const port = probe.port;
    await probe.close(); // the port is now closed: connections are refused
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, from);
    try {
      await submitRequest();
      const t0 = new Date();
      const told: boolean[] = [];
      assert.deepEqual(
        await deliverDueMessages(t.database.db, transport, policy, t0, (_row, _error, isFinal) =>
          told.push(isFinal),
        ),
        { sent: 0, retrying: 4, failed: 0 },
      );
      assert.deepEqual(told, [false, false, false, false]);
      const waiting = await t.database.db.selectFrom('outbox_messages').selectAll().execute();
      for (const row of waiting) {
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, 1);
        assert.match(row.last_error ?? '', /ECONNREFUSED|connect/i);
        assert.equal(row.next_attempt_at.getTime(), seconds(t0, 30).getTime());
      }
      // Not due yet: nothing is tried before the backoff has passed.
      assert.deepEqual(await deliverDueMessages(t.database.db, transport, policy, seconds(t0, 29)), {
        sent: 0,
        retrying: 0,
        failed: 0,
      });
      await deliverDueMessages(t.database.db, transport, policy, seconds(t0, 30));
      const second = await t.database.db.selectFrom('outbox_messages').selectAll().execute();
      for (const row of second) {
        assert.equal(row.attempts, 2);
        assert.equal(row.next_attempt_at.getTime(), seconds(t0, 30 + 60).getTime());
      }

      const smtp = await startSmtp(port); // the server is back
      try {
        assert.deepEqual(await deliverDueMessages(t.database.db, transport, policy, seconds(t0, 90)), {
          sent: 4,
          retrying: 0,
          failed: 0,
        });
        assert.equal(smtp.received.length, 4);
        assert.deepEqual((await statuses()).sort(), ['sent/3', 'sent/3', 'sent/3', 'sent/3']);
      } finally {
        await smtp.close();
      }
    } finally {
      transport.close();
    }
  });

  it('after the last attempt a row is failed with its error, and an admin can retry it', async () => {
    const probe = await startSmtp();
    await probe.close();
    const transport = smtpTransport(`smtp://127.0.0.1:${probe.port}`, from);
    try {
      await submitRequest();
      let now = new Date();
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
        await deliverDueMessages(t.database.db, transport, policy, now);
        now = new Date(now.getTime() + retryDelayMs(attempt, policy));
      }
      assert.deepEqual(await statuses(), ['failed/4', 'failed/4', 'failed/4', 'failed/4']);
      assert.deepEqual(await deliverDueMessages(t.database.db, transport, policy, seconds(now, 86_400)), {
        sent: 0,
        retrying: 0,
        failed: 0,
      });
      const failed = await admin.get('/api/v1/outbox?status=failed');
      assert.equal(failed.status, 200);
      assert.equal(failed.body.total, 4);
      assert.match(failed.body.items[0].lastError, /ECONNREFUSED|connect/i);
      const retried = await admin.post(`/api/v1/outbox/${failed.body.items[0].id}/retry`);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'pending');
      assert.equal(retried.body.attempts, 0);
      const again = await admin.post(`/api/v1/outbox/${failed.body.items[0].id}/retry`);
      assert.equal(again.status, 409);
    } finally {
      transport.close();
    }
  });

  it('a new worker after a restart does not send again what was sent', async () => {
    const smtp = await startSmtp();
    try {
      await submitRequest();
      const first = startMailWorker(t.database.db, smtpTransport(`smtp://127.0.0.1:${smtp.port}`, from), {
        policy,
        intervalMs: 20,
      });
      await first.runOnce();
      await first.stop();
      assert.equal(smtp.received.length, 4);

      const second = startMailWorker(t.database.db, smtpTransport(`smtp://127.0.0.1:${smtp.port}`, from), {
        policy,
        intervalMs: 20,
      });
      await new Promise((resolve) => setTimeout(resolve, 150)); // several polling rounds
      assert.deepEqual(await second.runOnce(), { sent: 0, retrying: 0, failed: 0 });
      await second.stop();
      assert.equal(smtp.received.length, 4);
      assert.deepEqual(await statuses(), ['sent/1', 'sent/1', 'sent/1', 'sent/1']);
    } finally {
      await smtp.close();
    }
  });

  it("a row whose worker died mid-send is taken over only after the claim's lease has passed", async () => {
    const smtp = await startSmtp();
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, from);
    try {
      await submitRequest();
      const t0 = new Date();
      // A worker claims the rows and dies before sending: they stay `sending` until the lease ends.
      await t.database.db
        .updateTable('outbox_messages')
        .set({ status: 'sending', attempts: 1, next_attempt_at: seconds(t0, policy.leaseMs / 1000) })
        .execute();
      assert.equal((await deliverDueMessages(t.database.db, transport, policy, seconds(t0, 10))).sent, 0);
      assert.equal(smtp.received.length, 0);
      const late = seconds(t0, policy.leaseMs / 1000 + 1);
      assert.equal((await deliverDueMessages(t.database.db, transport, policy, late)).sent, 4);
      assert.equal(smtp.received.length, 4);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('without SMTP the mail lands in the development mailbox, readable by agency users only', async () => {
    const request = await submitRequest();
    assert.deepEqual(await deliverDueMessages(t.database.db, devMailboxTransport(), policy), {
      sent: 4,
      retrying: 0,
      failed: 0,
    });
    const mailbox = await admin.get('/api/v1/dev-mailbox');
    assert.equal(mailbox.status, 200);
    assert.equal(mailbox.body.total, 4);
    const receipt = mailbox.body.items.find(
      (m: { recipient: string }) => m.recipient === 'inese.kaleja@iestade.lv',
    );
    assert.equal(receipt.subject, `Pieteikums saņemts: ${request.reference}`);
    assert.match(receipt.text, /Esam saņēmuši pieteikumu/);
    assert.equal((await member.get('/api/v1/dev-mailbox')).status, 403);
    const outbox = await admin.get('/api/v1/outbox?status=sent');
    assert.ok(outbox.body.items.every((m: { transport: string }) => m.transport === 'dev-mailbox'));
  });
});
