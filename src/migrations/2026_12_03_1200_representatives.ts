import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// The register of representatives: for each institution (the agency included), the people entitled to
// sign its acceptance acts with a personal certificate. A person is known by the keyed hash of their
// personal code (HMAC-SHA-256 under the representatives' own secret; never the code) and shown by a
// masked code (`010190-*****`). Validity is a half-open interval [valid_from, valid_to); an entry is
// never deleted, so a signature made while a representation lasted can always be checked against it.
// Who changed what, when and why is in the append-only representative_events.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE representatives (
      id uuid PRIMARY KEY,
      institution_id uuid NOT NULL REFERENCES institutions (id),
      personal_code_hash bytea NOT NULL CHECK (octet_length(personal_code_hash) = 32),
      masked_code text NOT NULL CHECK (masked_code ~ '^[0-9]{6}-[*]{5}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      position text CHECK (position IS NULL OR length(position) BETWEEN 1 AND 200),
      valid_from timestamptz NOT NULL,
      -- Exclusive end; equal to valid_from when a representation was ended before it began.
      valid_to timestamptz CHECK (valid_to IS NULL OR valid_to >= valid_from),
      version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL
    )
  `.execute(db);
  // The register of one institution (the list, the verifier's lookup), and one person's entries in it
  // (the overlap check).
  await sql`CREATE INDEX representatives_by_institution ON representatives (institution_id, valid_from)`.execute(
    db,
  );
  await sql`
    CREATE INDEX representatives_by_person ON representatives (institution_id, personal_code_hash)
  `.execute(db);
  // Who the entry is about never changes (a changed personal code is a new entry), and no entry is
  // removed: an act signed under it must stay verifiable.
  await sql`
    CREATE FUNCTION pakalpe_representative_identity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.personal_code_hash IS DISTINCT FROM OLD.personal_code_hash
        OR NEW.masked_code IS DISTINCT FROM OLD.masked_code
        OR NEW.institution_id IS DISTINCT FROM OLD.institution_id THEN
        RAISE EXCEPTION 'a representative''s person and institution never change'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER representatives_identity BEFORE UPDATE ON representatives
    FOR EACH ROW EXECUTE FUNCTION pakalpe_representative_identity()
  `.execute(db);
  await sql`
    CREATE TRIGGER representatives_no_delete BEFORE DELETE ON representatives
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER representatives_no_truncate BEFORE TRUNCATE ON representatives
    FOR EACH STATEMENT EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);

  await sql`
    CREATE TABLE representative_events (
      id uuid PRIMARY KEY,
      representative_id uuid NOT NULL REFERENCES representatives (id),
      institution_id uuid NOT NULL REFERENCES institutions (id),
      actor_id uuid REFERENCES users (id),
      action text NOT NULL CHECK (action IN ('create', 'update', 'end')),
      reason text,
      -- What changed (before/after of name, position and validity); never the code or its hash.
      changes jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- The entry's version after the change.
      version integer NOT NULL,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE INDEX representative_events_by_representative ON representative_events (representative_id, created_at)
  `.execute(db);
  await makeAppendOnly(db, 'representative_events');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE representative_events`.execute(db);
  await sql`DROP TABLE representatives`.execute(db);
  await sql`DROP FUNCTION pakalpe_representative_identity()`.execute(db);
}
