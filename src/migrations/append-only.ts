import { type Kysely, sql } from 'kysely';

// Makes a table append-only with the foundation's pakalpe_forbid_change(): no UPDATE, DELETE or
// TRUNCATE. Migrations from consultations on share it; the earlier ones keep their own copy, since a
// merged migration is never edited. Like a migration, this must never change behaviour once merged:
// a different rule is a new function.
export async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`
    CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
    FOR EACH STATEMENT EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
}
