import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../platform/db/transaction.ts';
import type { AuditAggregates } from './analysis.ts';
import { latencyFromDurationCounts } from './duration-counts.ts';

// The SQL behind analyzeAudit: aggregates of one service's records in one environment over a window
// of Riga calendar days. Every query is answered by the index audit_records_key alone, and prunes to
// the months the window touches. percentile_cont is PostgreSQL's own, so PGlite (the same
// engine) returns the same numbers.

export type AuditScope = {
  service: string;
  environment: 'test' | 'production';
  /** Riga calendar days, inclusive. */
  from: string;
  to: string;
};

const rigaMidnight = (day: string, plusDays = 0): RawBuilder<Date> =>
  sql<Date>`((${day}::date + ${plusDays}::int)::timestamp AT TIME ZONE 'Europe/Riga')`;

/** Records keep the service's number (audit_services); the planner looks it up once, as an InitPlan. */
const ofService = (scope: AuditScope): RawBuilder<boolean> =>
  sql<boolean>`service_id = (SELECT id FROM audit_services WHERE urn = ${scope.service})
    AND environment = ${scope.environment}`;

function inScope(scope: AuditScope): RawBuilder<boolean> {
  return sql<boolean>`${ofService(scope)}
    AND request_in_at >= ${rigaMidnight(scope.from)} AND request_in_at < ${rigaMidnight(scope.to, 1)}`;
}

/** Days before and after the window in which calls count as "outside the window". */
export const outsideMarginDays = 30;

export async function loadAuditAggregates(
  db: Db,
  scope: AuditScope,
  options: { slowCallMs: number },
): Promise<AuditAggregates> {
  const where = inScope(scope);
  // Independent scans of the same index range: on PostgreSQL they run on separate pool connections.
  const [days, durations, consumers, endUsers, outside] = await Promise.all([
    // Each call's Riga day by a binary search in the window's day starts, not a time zone conversion
    // per call (a third of the time); aggregated first, the day is named once per group.
    sql<{ day: string; operation: string; calls: number; faults: number }>`
      SELECT (${scope.from}::date + day_number - 1)::text AS day, operation, calls, faults
      FROM (
        SELECT width_bucket(request_in_at, ARRAY(
            SELECT d::timestamp AT TIME ZONE 'Europe/Riga'
            FROM generate_series(${scope.from}::date, ${scope.to}::date + 1, interval '1 day') d
          )) AS day_number, operation,
          count(*)::int AS calls, count(*) FILTER (WHERE result = 'fault')::int AS faults
        FROM audit_records WHERE ${where} GROUP BY 1, 2
      ) per_day`.execute(db),
    // How many calls of each operation took each number of milliseconds, by fault code;
    // duration-counts.ts makes the percentiles, maximum, histogram and fault codes of them, exactly as
    // percentile_cont and width_bucket would.
    sql<{
      operation: string;
      duration_ms: number | null;
      fault_code: string | null;
      calls: number;
      faults: number;
    }>`
      SELECT operation, duration_ms, fault_code, count(*)::int AS calls,
        count(*) FILTER (WHERE result = 'fault')::int AS faults
      FROM audit_records WHERE ${where} GROUP BY 1, 2, 3`.execute(db),
    sql<{ institution: string; system: string | null; calls: number; faults: number }>`
      SELECT consumer_institution AS institution, consumer_system AS system, count(*)::int AS calls,
        count(*) FILTER (WHERE result = 'fault')::int AS faults
      FROM audit_records WHERE ${where} GROUP BY 1, 2`.execute(db),
    // Grouped (hashed) rather than count(DISTINCT …), which sorts: the same number, in half the time.
    sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT end_user_hash FROM audit_records WHERE ${where} AND end_user_hash IS NOT NULL GROUP BY 1
      ) people`.execute(db),
    sql<{ before: number; after: number }>`
      SELECT
        count(*) FILTER (WHERE request_in_at < ${rigaMidnight(scope.from)})::int AS before,
        count(*) FILTER (WHERE request_in_at >= ${rigaMidnight(scope.to, 1)})::int AS after
      FROM audit_records
      WHERE ${ofService(scope)}
        AND ((request_in_at >= ${rigaMidnight(scope.from, -outsideMarginDays)} AND request_in_at < ${rigaMidnight(scope.from)})
          OR (request_in_at >= ${rigaMidnight(scope.to, 1)} AND request_in_at < ${rigaMidnight(scope.to, 1 + outsideMarginDays)}))`.execute(
      db,
    ),
  ]);
  const { latency, histogram, faultCodes } = latencyFromDurationCounts(
    durations.rows.map((r) => ({
      operation: r.operation,
      durationMs: r.duration_ms,
      faultCode: r.fault_code,
      calls: r.calls,
      faults: r.faults,
    })),
    options.slowCallMs,
  );
  return {
    days: days.rows,
    latency,
    faultCodes,
    consumers: consumers.rows,
    histogram,
    distinctEndUsers: endUsers.rows[0]?.n ?? 0,
    outsideWindow: { before: outside.rows[0]?.before ?? 0, after: outside.rows[0]?.after ?? 0 },
  };
}

/**
 * One canonical line per record used by an analysis (key fields as a JSON array), in (request_in_at,
 * message_id) order; the SHA-256 of the lines joined by newlines identifies exactly that set of records.
 * `canonicalRecordLine` in records-hash.ts builds the same line in TypeScript (tested against this).
 */
export async function hashRecordsInScope(
  db: Db,
  scope: AuditScope,
): Promise<{ count: number; sha256: string }> {
  const { rows } = await sql<{ count: number; sha256: string }>`
    SELECT count(*)::int AS count,
      encode(sha256(convert_to(coalesce(string_agg(line, E'\n' ORDER BY request_in_at, message_id COLLATE "C"), ''), 'UTF8')), 'hex') AS sha256
    FROM (
      SELECT request_in_at, message_id, json_build_array(
        environment, message_id, ${scope.service}::text, operation, consumer_institution, consumer_system,
        to_char(request_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        duration_ms, result, fault_code, http_status, encode(end_user_hash, 'hex')
      )::text AS line
      FROM audit_records WHERE ${inScope(scope)}
    ) r`.execute(db);
  return rows[0] ?? { count: 0, sha256: '' };
}
