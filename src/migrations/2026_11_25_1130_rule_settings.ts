import { type Kysely, sql } from 'kysely';

// The guideline rules as the agency runs them: admins switch rules off or change their severity, and
// each change is a new, immutable ruleset version. A description remembers the version it was checked
// with, so an old review still shows the rules it ran under.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ruleset_versions (
      version integer PRIMARY KEY CHECK (version >= 1),
      settings jsonb NOT NULL,
      reason text NOT NULL,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TRIGGER ruleset_versions_append_only BEFORE UPDATE OR DELETE ON ruleset_versions
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
  await sql`ALTER TABLE request_descriptions ADD COLUMN ruleset_version integer REFERENCES ruleset_versions (version)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_descriptions DROP COLUMN ruleset_version`.execute(db);
  await sql`DROP TABLE ruleset_versions`.execute(db);
}
