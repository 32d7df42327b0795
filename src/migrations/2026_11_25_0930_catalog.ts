import { type Kysely, sql } from 'kysely';

// The IS catalog in full: institution codes and contacts, system controller/holder and status, and
// web service entries with their VISS facts, status and an immutable version per registration.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE institutions
      ADD COLUMN viss_code text UNIQUE CHECK (viss_code ~ '^[0-9]{1,12}$'),
      ADD COLUMN contact_email text,
      ADD COLUMN contact_phone text
  `.execute(db);
  await sql`
    ALTER TABLE information_systems
      ADD COLUMN controller_institution_id uuid REFERENCES institutions (id),
      ADD COLUMN holder_institution_id uuid REFERENCES institutions (id),
      ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired'))
  `.execute(db);
  await sql`
    ALTER TABLE web_services
      ADD COLUMN description text NOT NULL DEFAULT '',
      ADD COLUMN kind text NOT NULL DEFAULT 'synchronous' CHECK (kind IN ('synchronous', 'asynchronous')),
      ADD COLUMN service_type text NOT NULL DEFAULT 'business' CHECK (service_type IN ('integration', 'business')),
      ADD COLUMN auth_level text,
      ADD COLUMN input_schemas jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN output_schemas jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN hosting text NOT NULL DEFAULT 'institution' CHECK (hosting IN ('agency', 'institution')),
      ADD COLUMN documents jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN operations jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deprecated', 'retired')),
      ADD COLUMN deprecation_notice text,
      ADD COLUMN search_text text NOT NULL DEFAULT '',
      ADD CONSTRAINT deprecated_has_notice CHECK (status <> 'deprecated' OR deprecation_notice IS NOT NULL)
  `.execute(db);
  await sql`CREATE INDEX web_services_by_status ON web_services (environment, status, identifier)`.execute(
    db,
  );

  await sql`
    CREATE TABLE web_service_versions (
      id uuid PRIMARY KEY,
      service_id uuid NOT NULL REFERENCES web_services (id),
      entry_version integer NOT NULL,
      snapshot jsonb NOT NULL,
      source text NOT NULL CHECK (source IN ('create', 'import', 'registration', 'update')),
      source_request_id uuid REFERENCES requests (id),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL,
      UNIQUE (service_id, entry_version)
    )
  `.execute(db);
  await sql`
    CREATE TRIGGER web_service_versions_append_only BEFORE UPDATE OR DELETE ON web_service_versions
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER web_service_versions_no_truncate BEFORE TRUNCATE ON web_service_versions
    FOR EACH STATEMENT EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE web_service_versions`.execute(db);
  await sql`DROP INDEX web_services_by_status`.execute(db);
  await sql`
    ALTER TABLE web_services
      DROP CONSTRAINT deprecated_has_notice,
      DROP COLUMN description, DROP COLUMN kind, DROP COLUMN service_type, DROP COLUMN auth_level,
      DROP COLUMN input_schemas, DROP COLUMN output_schemas, DROP COLUMN hosting, DROP COLUMN documents,
      DROP COLUMN operations, DROP COLUMN status, DROP COLUMN deprecation_notice, DROP COLUMN search_text
  `.execute(db);
  await sql`
    ALTER TABLE information_systems
      DROP COLUMN controller_institution_id, DROP COLUMN holder_institution_id, DROP COLUMN status
  `.execute(db);
  await sql`ALTER TABLE institutions DROP COLUMN viss_code, DROP COLUMN contact_email, DROP COLUMN contact_phone`.execute(
    db,
  );
}
