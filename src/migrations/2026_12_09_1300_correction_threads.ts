import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// Corrections as a review: each requested correction has its own short thread, where the institution
// answers ("fixed in v3", "disagree because…") and the reviewer replies before resolving or reopening
// it. Messages are append-only, like the request's message thread; the history entry of each message
// is in request_history as for every other change. `request_id` is kept on the message so a thread is
// scoped to its request by the same query that scopes the request.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_correction_messages (
      id uuid PRIMARY KEY,
      correction_id uuid NOT NULL REFERENCES request_corrections (id),
      request_id uuid NOT NULL REFERENCES requests (id),
      author_id uuid NOT NULL REFERENCES users (id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE INDEX request_correction_messages_by_request
    ON request_correction_messages (request_id, created_at)
  `.execute(db);
  await makeAppendOnly(db, 'request_correction_messages');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE request_correction_messages`.execute(db);
}
