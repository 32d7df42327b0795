import { type Kysely, sql } from 'kysely';

// The importer COPYs a batch whose keys are all new straight into audit_records (no staging round):
// COPY lists only the record's own columns, so the import time comes from a default.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_records ALTER COLUMN imported_at SET DEFAULT now()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_records ALTER COLUMN imported_at DROP DEFAULT`.execute(db);
}
