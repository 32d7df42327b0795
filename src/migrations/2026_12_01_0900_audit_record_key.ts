import { type Kysely, sql } from 'kysely';

// Audit records shaped for loading millions fast: one unique index is both a record's identity and the
// analysis's covering index, and every column it compares has a fixed width.
//
// Identity. A record is the same record when its service, environment, request time and message id
// agree: sent again, it is stored once. The key must hold the partition key (request_in_at) to be
// unique on a partitioned table, and leading with the service makes the same index answer analyzeAudit
// (one service, one environment, a time range) from the index alone; its INCLUDE list adds http_status
// and the key holds message_id, so the records hash is index-only too. It replaces the key table
// audit_message_ids (environment, message_id): keeping message ids unique across months took an insert
// into an index of random keys for every record, measured at more than the rest of the import's
// database work together. A message id reused with another time or service (a client retrying under
// the same id, or reusing ids) is now a second call, as it was for the service.
//
// Fixed widths. Services are numbered in audit_services and records keep the number; environment,
// sender type and result are enum types. The index then compares an integer, a 4-byte enum and a time
// instead of walking variable-length text to reach the time (measured: the database's share of an
// import of 1,000,000 records fell by a quarter), the types keep out any value the CHECKs kept out, and
// each row is ~40 bytes smaller. There is no foreign key from records to services: it would check each
// of millions of rows; the importer is the only writer and numbers a service before writing its records.

const include =
  'operation, result, duration_ms, fault_code, consumer_institution, consumer_system, end_user_hash, http_status';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TYPE audit_environment AS ENUM ('test', 'production')`.execute(db);
  await sql`CREATE TYPE audit_sender_type AS ENUM ('employee', 'inhabitant', 'system', 'legal_entity')`.execute(
    db,
  );
  await sql`CREATE TYPE audit_result AS ENUM ('success', 'fault')`.execute(db);
  await sql`
    CREATE TABLE audit_services (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      urn text COLLATE "C" NOT NULL UNIQUE
    )
  `.execute(db);
  await sql`INSERT INTO audit_services (urn) SELECT DISTINCT service FROM audit_records ORDER BY 1`.execute(
    db,
  );
  await sql`DROP INDEX audit_records_for_service_window`.execute(db);
  await sql`ALTER TABLE audit_records ADD COLUMN service_id integer`.execute(db);
  await sql`UPDATE audit_records r SET service_id = s.id FROM audit_services s WHERE s.urn = r.service`.execute(
    db,
  );
  await sql`
    ALTER TABLE audit_records
      ALTER COLUMN service_id SET NOT NULL,
      DROP CONSTRAINT audit_records_environment_check,
      DROP CONSTRAINT audit_records_sender_type_check,
      DROP CONSTRAINT audit_records_result_check
  `.execute(db);
  await sql`
    ALTER TABLE audit_records
      ALTER COLUMN environment TYPE audit_environment USING environment::audit_environment,
      ALTER COLUMN sender_type TYPE audit_sender_type USING sender_type::audit_sender_type,
      ALTER COLUMN result TYPE audit_result USING result::audit_result,
      DROP COLUMN service
  `.execute(db);
  await sql`
    CREATE UNIQUE INDEX audit_records_key
    ON audit_records (service_id, environment, request_in_at, message_id) INCLUDE (${sql.raw(include)})
  `.execute(db);
  await sql`DROP TABLE audit_message_ids`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX audit_records_key`.execute(db);
  await sql`ALTER TABLE audit_records ADD COLUMN service text COLLATE "C"`.execute(db);
  await sql`UPDATE audit_records r SET service = s.urn FROM audit_services s WHERE s.id = r.service_id`.execute(
    db,
  );
  await sql`
    ALTER TABLE audit_records
      ALTER COLUMN service SET NOT NULL,
      ALTER COLUMN environment TYPE text COLLATE "C" USING environment::text,
      ALTER COLUMN sender_type TYPE text USING sender_type::text,
      ALTER COLUMN result TYPE text USING result::text,
      DROP COLUMN service_id,
      ADD CONSTRAINT audit_records_environment_check CHECK (environment IN ('test', 'production')),
      ADD CONSTRAINT audit_records_sender_type_check
        CHECK (sender_type IN ('employee', 'inhabitant', 'system', 'legal_entity')),
      ADD CONSTRAINT audit_records_result_check CHECK (result IN ('success', 'fault'))
  `.execute(db);
  await sql`
    CREATE INDEX audit_records_for_service_window
    ON audit_records (service, environment, request_in_at)
    INCLUDE (operation, result, duration_ms, fault_code, consumer_institution, consumer_system, end_user_hash)
  `.execute(db);
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
  await sql`DROP TABLE audit_services`.execute(db);
  await sql`DROP TYPE audit_result`.execute(db);
  await sql`DROP TYPE audit_sender_type`.execute(db);
  await sql`DROP TYPE audit_environment`.execute(db);
}
