import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// ETSI TS 119 612 trusted lists (the Latvian list, the EU list of lists, other national lists) as
// data: each file exactly as it was loaded, with what was read from it. A row never changes and is
// never deleted: acts verified under a list stay explainable. Removing a list is an event in the
// append-only trust_list_events (who, when, why); the lists in force are, per territory, the newest
// (highest sequence number, then latest loaded) that has no removal event.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE trust_lists (
      id uuid PRIMARY KEY,
      territory text NOT NULL CHECK (length(territory) BETWEEN 1 AND 16),
      sequence_number integer NOT NULL CHECK (sequence_number >= 0),
      -- The TSLType URI (EUgeneric, EUlistofthelists, …).
      list_type text NOT NULL,
      operator text NOT NULL,
      issued_at timestamptz NOT NULL,
      next_update timestamptz,
      -- Of the file's bytes: the same file is stored once (several servers loading it at start race here).
      sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      xml bytea NOT NULL,
      signature_status text NOT NULL CHECK (signature_status IN ('valid', 'not_checked')),
      signer_subject text,
      source text NOT NULL CHECK (source IN ('upload', 'configuration')),
      -- Null for a list loaded from ACT_TRUST_LIST at start.
      loaded_by uuid REFERENCES users (id),
      loaded_at timestamptz NOT NULL,
      CHECK (source = 'upload' OR loaded_by IS NULL)
    )
  `.execute(db);
  // The lists in force: per territory, newest first.
  await sql`
    CREATE INDEX trust_lists_by_territory ON trust_lists (territory, sequence_number DESC, loaded_at DESC)
  `.execute(db);
  // What was loaded is what the verifier trusted: no UPDATE, DELETE or TRUNCATE.
  await makeAppendOnly(db, 'trust_lists');

  await sql`
    CREATE TABLE trust_list_events (
      id uuid PRIMARY KEY,
      trust_list_id uuid NOT NULL REFERENCES trust_lists (id),
      action text NOT NULL CHECK (action IN ('loaded', 'removed')),
      -- Null for the server itself (a list from ACT_TRUST_LIST at start).
      actor_id uuid REFERENCES users (id),
      reason text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 2000),
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      CHECK (action <> 'removed' OR reason IS NOT NULL)
    )
  `.execute(db);
  await sql`
    CREATE INDEX trust_list_events_by_list ON trust_list_events (trust_list_id, created_at)
  `.execute(db);
  // A list is removed once; the index also answers "is it removed" for the lists in force.
  await sql`
    CREATE UNIQUE INDEX trust_list_events_one_removal ON trust_list_events (trust_list_id)
    WHERE action = 'removed'
  `.execute(db);
  await makeAppendOnly(db, 'trust_list_events');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE trust_list_events`.execute(db);
  await sql`DROP TABLE trust_lists`.execute(db);
}
