import { sql } from 'kysely';
import type { Db } from '../platform/db/transaction.ts';

// Monthly partitions of audit_records, named audit_records_yYYYYmMM, bounded by UTC month starts.
// The importer creates the ones a batch needs; retention drops whole months (no row-by-row DELETE,
// no bloat, no long vacuum).

export type MonthKey = `${number}-${string}`;

export function monthOf(at: Date): MonthKey {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}` as MonthKey;
}

export function partitionName(month: string): string {
  const [year, m] = month.split('-');
  return `audit_records_y${year}m${m}`;
}

export function monthOfPartition(name: string): MonthKey | null {
  const match = /^audit_records_y(\d{4})m(\d{2})$/.exec(name);
  return match ? (`${match[1]}-${match[2]}` as MonthKey) : null;
}

export function monthBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01T00:00:00Z`, to: `${next}-01T00:00:00Z` };
}

/** Names of the existing partitions, oldest first. */
export async function listPartitions(db: Db): Promise<{ name: string; month: MonthKey }[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'audit_records' AND p.relnamespace = current_schema()::regnamespace
  `.execute(db);
  return rows
    .flatMap((r) => {
      const month = monthOfPartition(r.name);
      return month ? [{ name: r.name, month }] : [];
    })
    .sort((a, b) => a.month.localeCompare(b.month));
}

/** The SQL that creates a month's partition if it is missing (safe to run twice). */
export function createPartitionSql(month: string): string {
  const { from, to } = monthBounds(month);
  return `CREATE TABLE IF NOT EXISTS ${partitionName(month)} PARTITION OF audit_records FOR VALUES FROM ('${from}') TO ('${to}')`;
}

export type RetentionResult = { dropped: { month: MonthKey; records: number }[] };

/** Drops every partition whose whole month lies before `before` (YYYY-MM), one month per transaction. */
export async function dropPartitionsBefore(db: Db, before: string): Promise<RetentionResult> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(before)) throw new Error('expected a month as YYYY-MM');
  const dropped: RetentionResult['dropped'] = [];
  for (const p of await listPartitions(db)) {
    if (p.month >= before) continue;
    await db.transaction().execute(async (trx) => {
      const table = sql.table(p.name);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table}`.execute(trx);
      await sql`DROP TABLE ${table}`.execute(trx);
      dropped.push({ month: p.month, records: rows[0]?.n ?? 0 });
    });
  }
  return { dropped };
}
