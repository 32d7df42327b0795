import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// Consultation tickets (step 5): an institution user asks the agency about anything, outside any
// request. The ticket row holds the current status, the reply-by time the agency's queue sorts by
// and a version for optimistic concurrency; the messages, their attachments and the ticket's history
// are append-only. Outbox rows may name the ticket they are about (as they name a request).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE consultation_number_seq`.execute(db);
  await sql`
    CREATE TABLE consultations (
      id uuid PRIMARY KEY,
      number integer NOT NULL UNIQUE DEFAULT nextval('consultation_number_seq'),
      institution_id uuid NOT NULL REFERENCES institutions (id),
      opened_by uuid NOT NULL REFERENCES users (id),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      category text NOT NULL CHECK (category IN
        ('description', 'auditRecords', 'acceptanceAct', 'registration', 'technical', 'other')),
      status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
      reply_by timestamptz,
      version integer NOT NULL DEFAULT 1,
      source text NOT NULL CHECK (source IN ('web', 'email')),
      last_message_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (status = 'open' OR reply_by IS NULL)
    )
  `.execute(db);
  // The agency's queue: open tickets by reply-by time; everything else newest first.
  await sql`CREATE INDEX consultations_queue ON consultations (status, reply_by)`.execute(db);
  await sql`CREATE INDEX consultations_recent ON consultations (updated_at DESC, id DESC)`.execute(db);
  await sql`
    CREATE INDEX consultations_by_institution ON consultations (institution_id, updated_at DESC)
  `.execute(db);

  await sql`
    CREATE TABLE consultation_messages (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations (id),
      author_id uuid NOT NULL REFERENCES users (id),
      author_party text NOT NULL CHECK (author_party IN ('institution', 'agency')),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      source text NOT NULL CHECK (source IN ('web', 'email')),
      -- The inbound mail the message came from; no foreign key, that table belongs to the mailbox.
      inbound_mail_id uuid,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE INDEX consultation_messages_by_consultation ON consultation_messages (consultation_id, created_at)
  `.execute(db);
  await makeAppendOnly(db, 'consultation_messages');

  await sql`
    CREATE TABLE consultation_attachments (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations (id),
      message_id uuid NOT NULL REFERENCES consultation_messages (id),
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE INDEX consultation_attachments_by_message ON consultation_attachments (message_id)
  `.execute(db);
  await makeAppendOnly(db, 'consultation_attachments');

  await sql`
    CREATE TABLE consultation_events (
      id uuid PRIMARY KEY,
      consultation_id uuid NOT NULL REFERENCES consultations (id),
      actor_id uuid NOT NULL REFERENCES users (id),
      actor_role text NOT NULL,
      action text NOT NULL,
      from_status text,
      to_status text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE INDEX consultation_events_by_consultation ON consultation_events (consultation_id, created_at)
  `.execute(db);
  await makeAppendOnly(db, 'consultation_events');

  await sql`ALTER TABLE outbox_messages ADD COLUMN consultation_id uuid REFERENCES consultations (id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox_messages DROP COLUMN consultation_id`.execute(db);
  for (const table of [
    'consultation_events',
    'consultation_attachments',
    'consultation_messages',
    'consultations',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE consultation_number_seq`.execute(db);
}
