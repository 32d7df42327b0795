import { type Kysely, sql } from 'kysely';

// Which description version an audit analysis, and a correction made from a finding, was made
// against. When a newer description is attached they are outdated: derived by comparing with the
// request's latest description, so nothing is rewritten (analyses are append-only). Rows from before
// this migration have none and count as outdated once any description exists.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_audit_analyses ADD COLUMN description_id uuid REFERENCES request_descriptions (id)`.execute(
    db,
  );
  await sql`ALTER TABLE request_corrections ADD COLUMN description_id uuid REFERENCES request_descriptions (id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request_corrections DROP COLUMN description_id`.execute(db);
  await sql`ALTER TABLE request_audit_analyses DROP COLUMN description_id`.execute(db);
}
