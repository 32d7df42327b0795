import { type Kysely, sql } from 'kysely';

// Foundation schema: institutions, users and their credentials, the minimal IS catalog, requests
// with their corrections, history, messages and agency notes. Written for PostgreSQL 15 (the oldest
// server we support) and run unchanged on PGlite.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION pakalpe_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$
  `.execute(db);
  // Row triggers refuse UPDATE and DELETE; TRUNCATE needs a statement trigger of its own.
  const appendOnly = async (table: string) => {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
    `.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION pakalpe_forbid_change()
    `.execute(db);
  };

  await sql`
    CREATE TABLE institutions (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 300),
      registration_number text NOT NULL UNIQUE CHECK (registration_number ~ '^[0-9]{11}$'),
      is_agency boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  // Exactly one institution is the agency that runs VISS.
  await sql`CREATE UNIQUE INDEX institutions_single_agency ON institutions (is_agency) WHERE is_agency`.execute(
    db,
  );

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('institution_member', 'agency_reviewer', 'agency_admin')),
      institution_id uuid REFERENCES institutions (id),
      password_hash text,
      locale text NOT NULL DEFAULT 'lv' CHECK (locale IN ('lv', 'en')),
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      CHECK ((role = 'institution_member') = (institution_id IS NOT NULL))
    )
  `.execute(db);

  await sql`
    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      csrf_token text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX sessions_by_user ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      token_hash text NOT NULL UNIQUE,
      token_prefix text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX api_tokens_by_user ON api_tokens (user_id)`.execute(db);

  await sql`
    CREATE TABLE information_systems (
      id uuid PRIMARY KEY,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
      name text NOT NULL,
      institution_id uuid NOT NULL REFERENCES institutions (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (environment, code)
    )
  `.execute(db);

  await sql`
    CREATE TABLE web_services (
      id uuid PRIMARY KEY,
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      identifier text NOT NULL CHECK (identifier ~ '^URN:IVIS:'),
      name text NOT NULL,
      information_system_id uuid NOT NULL REFERENCES information_systems (id),
      institution_id uuid NOT NULL REFERENCES institutions (id),
      protocol text NOT NULL CHECK (protocol IN ('soap', 'rest')),
      endpoint_url text,
      entry_version integer NOT NULL DEFAULT 1,
      source_request_id uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (environment, identifier)
    )
  `.execute(db);
  await sql`CREATE INDEX web_services_by_institution ON web_services (institution_id, environment)`.execute(
    db,
  );

  // Who changed which account or institution: append-only, like request history.
  await sql`
    CREATE TABLE account_events (
      id uuid PRIMARY KEY,
      actor_id uuid REFERENCES users (id),
      subject_type text NOT NULL CHECK (subject_type IN ('institution', 'user', 'api_token')),
      subject_id uuid NOT NULL,
      action text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX account_events_by_subject ON account_events (subject_id, created_at)`.execute(db);
  await appendOnly('account_events');

  await sql`CREATE SEQUENCE request_number_seq`.execute(db);
  await sql`
    CREATE TABLE requests (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      institution_id uuid NOT NULL REFERENCES institutions (id),
      service_id uuid NOT NULL REFERENCES web_services (id),
      state text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      contact_name text NOT NULL,
      contact_email text NOT NULL,
      contact_phone text NOT NULL,
      description text NOT NULL,
      test_period_from date,
      test_period_to date,
      used_in_viss_infrastructure boolean NOT NULL,
      hosted_in_production boolean NOT NULL,
      correction_rounds integer NOT NULL DEFAULT 0,
      assignee_id uuid REFERENCES users (id),
      production_service_id uuid REFERENCES web_services (id),
      decision_reason text,
      history_seq integer NOT NULL DEFAULT 0,
      history_head text,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_at timestamptz,
      state_changed_at timestamptz NOT NULL,
      CHECK (test_period_from IS NULL OR test_period_to IS NULL OR test_period_from <= test_period_to)
    )
  `.execute(db);
  await sql`CREATE INDEX requests_queue ON requests (state, state_changed_at)`.execute(db);
  await sql`CREATE INDEX requests_recent ON requests (updated_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX requests_by_institution ON requests (institution_id, updated_at DESC)`.execute(db);
  await sql`CREATE INDEX requests_by_service ON requests (service_id)`.execute(db);
  await sql`CREATE INDEX requests_by_assignee ON requests (assignee_id) WHERE assignee_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE request_corrections (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      round integer NOT NULL,
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      resolved_by uuid REFERENCES users (id),
      resolved_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX request_corrections_by_request ON request_corrections (request_id, round)`.execute(
    db,
  );

  // Append-only, hash-chained per request (see src/requests/history-chain.ts). The request row keeps
  // the chain's last seq and hash, so entries removed from the end are noticed too.
  await sql`
    CREATE TABLE request_history (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      seq integer NOT NULL,
      actor_id uuid NOT NULL REFERENCES users (id),
      actor_role text NOT NULL,
      action text NOT NULL,
      from_state text,
      to_state text,
      comment text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      visibility text NOT NULL CHECK (visibility IN ('all', 'agency')),
      created_at timestamptz NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (request_id, seq)
    )
  `.execute(db);
  await appendOnly('request_history');

  await sql`
    CREATE TABLE request_messages (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      author_id uuid NOT NULL REFERENCES users (id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX request_messages_by_request ON request_messages (request_id, created_at)`.execute(
    db,
  );
  await appendOnly('request_messages');

  await sql`
    CREATE TABLE request_notes (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      author_id uuid NOT NULL REFERENCES users (id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX request_notes_by_request ON request_notes (request_id, created_at)`.execute(db);
  await appendOnly('request_notes');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'request_notes',
    'request_messages',
    'request_history',
    'request_corrections',
    'requests',
    'web_services',
    'information_systems',
    'account_events',
    'api_tokens',
    'sessions',
    'users',
    'institutions',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE request_number_seq`.execute(db);
  await sql`DROP FUNCTION pakalpe_forbid_change()`.execute(db);
}
