import { type Kysely, sql } from 'kysely';

// Service descriptions attached to requests, with what the check found. A description and its files
// never change (a new upload is a new description); a finding changes only to record its waiver.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_descriptions (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      request_version integer NOT NULL,
      main_file text NOT NULL,
      format text NOT NULL,
      protocol text NOT NULL,
      summary jsonb NOT NULL,
      comparison jsonb,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX request_descriptions_by_request ON request_descriptions (request_id, created_at DESC)`.execute(
    db,
  );
  await sql`
    CREATE TABLE request_description_files (
      description_id uuid NOT NULL REFERENCES request_descriptions (id),
      name text NOT NULL,
      content bytea NOT NULL,
      PRIMARY KEY (description_id, name)
    )
  `.execute(db);
  for (const table of ['request_descriptions', 'request_description_files']) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
    `.execute(db);
  }
  await sql`
    CREATE TABLE request_findings (
      id uuid PRIMARY KEY,
      description_id uuid NOT NULL REFERENCES request_descriptions (id),
      rule_id text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
      message jsonb NOT NULL,
      location jsonb NOT NULL,
      waived_by uuid REFERENCES users (id),
      waived_at timestamptz,
      waiver text,
      CHECK ((waived_at IS NULL) = (waiver IS NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX request_findings_by_description ON request_findings (description_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE request_findings`.execute(db);
  await sql`DROP TABLE request_description_files`.execute(db);
  await sql`DROP TABLE request_descriptions`.execute(db);
}
