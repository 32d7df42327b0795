import { type Kysely, sql } from 'kysely';

// Acceptance acts and their signed containers. An issued act never changes: a change is a new version
// (same number, version + 1) and the old row only learns which version superseded it. Containers are
// kept as uploaded, with the verification report they got; a refused container is not stored.
// Act numbers come from a per-year counter row, taken in the issuing transaction (no gaps, no twins).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE act_number_counters (
      year integer PRIMARY KEY,
      last_value integer NOT NULL CHECK (last_value > 0)
    )
  `.execute(db);
  await sql`
    CREATE TABLE acceptance_acts (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      number text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      language text NOT NULL CHECK (language IN ('lv', 'en')),
      request_version integer NOT NULL,
      data jsonb NOT NULL,
      file_name text NOT NULL,
      pdf bytea NOT NULL,
      sha256 text NOT NULL,
      issued_by uuid NOT NULL REFERENCES users (id),
      issued_at timestamptz NOT NULL,
      -- Deferred: the old version names its successor just before the successor's row is written.
      superseded_by uuid REFERENCES acceptance_acts (id) DEFERRABLE INITIALLY DEFERRED,
      UNIQUE (number, version),
      UNIQUE (request_id, version)
    )
  `.execute(db);
  // At most one current (not superseded) version per request.
  await sql`CREATE UNIQUE INDEX acceptance_acts_current_per_request ON acceptance_acts (request_id) WHERE superseded_by IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX acceptance_acts_by_sha256 ON acceptance_acts (sha256)`.execute(db);
  await sql`
    CREATE FUNCTION pakalpe_act_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.superseded_by IS NULL AND NEW.superseded_by IS NOT NULL
         AND (to_jsonb(OLD) - 'superseded_by') = (to_jsonb(NEW) - 'superseded_by') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'an issued acceptance act is immutable' USING ERRCODE = 'insufficient_privilege';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER acceptance_acts_immutable BEFORE UPDATE OR DELETE ON acceptance_acts
    FOR EACH ROW EXECUTE FUNCTION pakalpe_act_immutable()
  `.execute(db);

  await sql`
    CREATE TABLE act_containers (
      id uuid PRIMARY KEY,
      act_id uuid NOT NULL REFERENCES acceptance_acts (id),
      request_id uuid NOT NULL REFERENCES requests (id),
      source text NOT NULL CHECK (source IN ('issued', 'uploaded')),
      container bytea NOT NULL,
      sha256 text NOT NULL,
      report jsonb NOT NULL,
      valid boolean NOT NULL,
      complete boolean NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX act_containers_by_act ON act_containers (act_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE act_signatures (
      container_id uuid NOT NULL REFERENCES act_containers (id),
      file text NOT NULL,
      party text CHECK (party IN ('agency', 'institution')),
      signer_name text NOT NULL,
      signer_subject text NOT NULL,
      certificate_sha256 text NOT NULL,
      signing_time timestamptz,
      valid boolean NOT NULL,
      PRIMARY KEY (container_id, file)
    )
  `.execute(db);
  for (const table of ['act_containers', 'act_signatures']) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE act_signatures`.execute(db);
  await sql`DROP TABLE act_containers`.execute(db);
  await sql`DROP TABLE acceptance_acts`.execute(db);
  await sql`DROP FUNCTION pakalpe_act_immutable()`.execute(db);
  await sql`DROP TABLE act_number_counters`.execute(db);
}
