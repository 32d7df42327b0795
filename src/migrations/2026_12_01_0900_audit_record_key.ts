import { type Kysely, sql } from 'kysely';

// One unique index is both an audit record's identity and the analysis's covering index.
//
// A record is the same record when its service, environment, request time and message id agree: sent
// again, it is stored once. The key must hold the partition key (request_in_at) to be unique on a
// partitioned table, and leading with the service makes the same index answer analyzeAudit (one
// service, one environment, a time range) from the index alone, as the old covering index did; its
// INCLUDE list adds http_status and the key adds message_id, so the records hash is index-only too.
//
// It replaces the key table audit_message_ids (environment, message_id). Keeping message ids unique
// across months took an insert into an index of random keys for every record — measured at more than
// the rest of the import's database work together — and re-checking against it on a re-run missed the
// cache at every probe. A message id reused with another time or service (a client retrying under the
// same id, or reusing ids) is now a second call, as it was for the service, and the analysis counts it
// as a reused message id for the reviewer.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX audit_records_for_service_window`.execute(db);
  await sql`
    CREATE UNIQUE INDEX audit_records_key
    ON audit_records (service, environment, request_in_at, message_id)
    INCLUDE (operation, result, duration_ms, fault_code, consumer_institution, consumer_system, end_user_hash, http_status)
  `.execute(db);
  await sql`DROP TABLE audit_message_ids`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_message_ids (
      environment text COLLATE "C" NOT NULL,
      message_id text COLLATE "C" NOT NULL,
      request_in_at timestamptz NOT NULL,
      PRIMARY KEY (environment, message_id)
    )
  `.execute(db);
  await sql`
    INSERT INTO audit_message_ids
    SELECT DISTINCT ON (environment, message_id) environment, message_id, request_in_at FROM audit_records
    ORDER BY environment, message_id, request_in_at
  `.execute(db);
  await sql`DROP INDEX audit_records_key`.execute(db);
  await sql`
    CREATE INDEX audit_records_for_service_window
    ON audit_records (service, environment, request_in_at)
    INCLUDE (operation, result, duration_ms, fault_code, consumer_institution, consumer_system, end_user_hash)
  `.execute(db);
}
