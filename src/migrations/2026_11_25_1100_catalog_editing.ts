import { type Kysely, sql } from 'kysely';

// Editing the catalog outside imports: institutions and information systems get a version for
// optimistic concurrency and their changes join the account history; catalog entries keep the
// description documents they were registered with, so a request can pick its description from the
// test catalog and a later description can be compared with the registered one.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE institutions ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE information_systems ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`
    ALTER TABLE account_events DROP CONSTRAINT account_events_subject_type_check,
      ADD CONSTRAINT account_events_subject_type_check
        CHECK (subject_type IN ('institution', 'user', 'api_token', 'information_system'))
  `.execute(db);

  await sql`
    CREATE TABLE catalog_descriptions (
      id uuid PRIMARY KEY,
      service_id uuid NOT NULL REFERENCES web_services (id),
      entry_version integer NOT NULL,
      main_file text NOT NULL,
      format text NOT NULL,
      protocol text NOT NULL,
      source_request_id uuid REFERENCES requests (id),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX catalog_descriptions_by_service ON catalog_descriptions (service_id, created_at DESC)`.execute(
    db,
  );
  await sql`
    CREATE TABLE catalog_description_files (
      description_id uuid NOT NULL REFERENCES catalog_descriptions (id),
      name text NOT NULL,
      content bytea NOT NULL,
      PRIMARY KEY (description_id, name)
    )
  `.execute(db);
  for (const table of ['catalog_descriptions', 'catalog_description_files']) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
    `.execute(db);
  }
  await sql`ALTER TABLE web_service_versions ADD COLUMN reason text`.execute(db);
  await sql`
    ALTER TABLE request_descriptions
      ADD COLUMN source text NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'catalog'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_descriptions DROP COLUMN source`.execute(db);
  await sql`ALTER TABLE web_service_versions DROP COLUMN reason`.execute(db);
  await sql`DROP TABLE catalog_description_files`.execute(db);
  await sql`DROP TABLE catalog_descriptions`.execute(db);
  await sql`
    ALTER TABLE account_events DROP CONSTRAINT account_events_subject_type_check,
      ADD CONSTRAINT account_events_subject_type_check
        CHECK (subject_type IN ('institution', 'user', 'api_token'))
  `.execute(db);
  await sql`ALTER TABLE information_systems DROP COLUMN version`.execute(db);
  await sql`ALTER TABLE institutions DROP COLUMN version`.execute(db);
}
