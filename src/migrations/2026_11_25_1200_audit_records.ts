import { type Kysely, sql } from 'kysely';

// Audit records of VISS calls, and the analyses attached to requests.
//
// `audit_records` is range-partitioned by month of `request_in_at` (partitions are created on demand by
// the importer, dropped whole by retention). A unique key on a partitioned table must include the
// partition key, so (environment, message_id) cannot be unique there; `audit_message_ids` is the small
// unpartitioned key table that makes a record count once: the importer inserts the key first and the
// record only when the key was new, in the same transaction.
//
// Identifiers compare byte-wise (COLLATE "C"): they are codes, not words, and a million key lookups
// through the locale's collation cost more than the rest of a batch.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_records (
      environment text COLLATE "C" NOT NULL CHECK (environment IN ('test', 'production')),
      message_id text COLLATE "C" NOT NULL,
      transaction_id text,
      correlation_id text,
      sender_type text NOT NULL CHECK (sender_type IN ('employee', 'inhabitant', 'system', 'legal_entity')),
      sender_identifier text NOT NULL,
      consumer_institution text NOT NULL,
      consumer_system text,
      service text COLLATE "C" NOT NULL,
      message_type text,
      service_instance_id text,
      operation text NOT NULL,
      request_in_at timestamptz NOT NULL,
      request_out_at timestamptz,
      response_in_at timestamptz,
      response_out_at timestamptz,
      duration_ms integer CHECK (duration_ms >= 0),
      request_size integer CHECK (request_size >= 0),
      response_size integer CHECK (response_size >= 0),
      result text NOT NULL CHECK (result IN ('success', 'fault')),
      fault_code text,
      fault_severity text,
      fault_text text,
      http_status smallint,
      end_user_hash bytea,
      imported_at timestamptz NOT NULL
    ) PARTITION BY RANGE (request_in_at)
  `.execute(db);
  // Serves analyzeAudit: one service in one environment over a time window, answered from the index
  // alone (index-only scan) — the heap pages of a busy month hold every service's calls interleaved.
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
    CREATE TABLE request_audit_analyses (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES requests (id),
      request_version integer NOT NULL,
      environment text NOT NULL,
      service text NOT NULL,
      window_from date NOT NULL,
      window_to date NOT NULL,
      parameters jsonb NOT NULL,
      results jsonb NOT NULL,
      record_count integer NOT NULL,
      records_sha256 text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX request_audit_analyses_by_request ON request_audit_analyses (request_id, created_at DESC)`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER request_audit_analyses_append_only BEFORE UPDATE OR DELETE ON request_audit_analyses
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE request_audit_analyses`.execute(db);
  await sql`DROP TABLE audit_message_ids`.execute(db);
  await sql`DROP TABLE audit_records`.execute(db);
}
