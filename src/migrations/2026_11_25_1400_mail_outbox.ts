import { type Kysely, sql } from 'kysely';

// The transactional outbox for e-mail. A row is written in the same transaction as the change that
// causes it, so a rolled-back change sends nothing and a committed one cannot lose its mail. The worker
// moves a row pending -> sending -> sent (or back to pending with a later next_attempt_at, or failed).
// While a row is `sending`, next_attempt_at is the end of the worker's lease: a worker that died mid-send
// leaves a row another worker may claim once the lease has passed.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE outbox_messages (
      id uuid PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      recipient text NOT NULL,
      language text NOT NULL CHECK (language IN ('lv', 'en')),
      template text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      request_id uuid REFERENCES requests (id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      transport text CHECK (transport IN ('smtp', 'dev-mailbox')),
      transport_message_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  // The worker's claim: due rows that are not finished, oldest first.
  await sql`
    CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at)
    WHERE status IN ('pending', 'sending')
  `.execute(db);
  // The admin list, newest first, by status.
  await sql`CREATE INDEX outbox_messages_by_status ON outbox_messages (status, created_at DESC)`.execute(db);
  await sql`CREATE INDEX outbox_messages_by_request ON outbox_messages (request_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE outbox_messages`.execute(db);
}
