import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { copyColumns } from './copy-binary.ts';
import { createPartitionSql, listPartitions } from './partitions.ts';

// Loads batches of binary COPY rows into audit_records, each batch in one transaction. A record's
// identity is its key (service, environment, request time, message id), a unique index of
// audit_records (see the 2026_12_01 migration), so the database itself refuses a second copy:
//   1. COPY the batch straight into audit_records. A first import never sees a conflict: the batch is
//      stored with no extra round and no second write.
//   2. A conflict (the batch repeats a stored record, or a record inside itself) fails the COPY and
//      rolls it back. The batch then goes through a session-local staging table and one
//      INSERT … SELECT DISTINCT ON (key) … ON CONFLICT DO NOTHING, which stores exactly the missing
//      records (the first of a repeated key in file order: the staging table is filled by one COPY, so
//      ctid order is line order).
// After a batch with conflicts the next one is staged straight away (a re-run meets stored records
// batch after batch); a batch that turns out all new switches back to the direct COPY.
// So a record sent twice is stored once, a batch interrupted by a crash leaves nothing behind, and a
// re-run inserts exactly what is missing.

export type Batch = { bytes: Uint8Array; count: number; months: Iterable<string> };

export type BatchLoader = {
  /**
   * Loads one batch on `lane` (0 ≤ lane < lanes); returns how many records were new. `bytes` is a whole
   * binary COPY stream (header, rows in the order of `copyColumns`, trailer), `months` the YYYY-MM its
   * rows fall in. The bytes are the caller's again once the promise settles. A lane loads one batch at
   * a time; different lanes load at the same time.
   */
  load: (lane: number, batch: Batch) => Promise<number>;
  /** 2 on PostgreSQL (two connections: the server's work for a batch is single-threaded); 1 on PGlite. */
  lanes: number;
  close: () => Promise<void>;
};

const postgresLanes = 2;
const columns = copyColumns.join(', ');
const key = 'service_id, environment, request_in_at, message_id';
const createStaging = `CREATE TEMP TABLE IF NOT EXISTS audit_staging ON COMMIT DELETE ROWS AS SELECT ${columns} FROM audit_records WITH NO DATA`;
const dropStaging = 'DROP TABLE IF EXISTS pg_temp.audit_staging';
const insertMissing = `
  INSERT INTO audit_records (${columns})
  SELECT DISTINCT ON (${key}) ${columns} FROM audit_staging
  ORDER BY ${key}, ctid
  ON CONFLICT DO NOTHING`;
const uniqueViolation = '23505';
// Two lanes inserting the same keys in opposite orders can deadlock; PostgreSQL then cancels one.
const deadlockDetected = '40P01';

/** What one batch needs from a connection. */
type Session = {
  copy: (table: string, bytes: Uint8Array) => Promise<void>;
  run: (statement: string) => Promise<number>;
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction: <T>(work: () => Promise<T>) => Promise<T>;
};

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

function batchLoading(session: Session): (bytes: Uint8Array, count: number) => Promise<number> {
  let expectConflicts = false;
  const copyStraight = (bytes: Uint8Array) => session.transaction(() => session.copy('audit_records', bytes));
  const copyMissing = (bytes: Uint8Array) =>
    session.transaction(async () => {
      await session.copy('audit_staging', bytes);
      return session.run(insertMissing);
    });
  return async (bytes, count) => {
    if (!expectConflicts) {
      try {
        await copyStraight(bytes);
        return count;
      } catch (error) {
        const code = codeOf(error);
        if (code !== uniqueViolation && code !== deadlockDetected) throw error;
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const inserted = await copyMissing(bytes);
        expectConflicts = inserted < count;
        return inserted;
      } catch (error) {
        if (codeOf(error) !== deadlockDetected || attempt === 3) throw error;
      }
    }
  };
}

export async function openBatchLoader(handle: DatabaseHandle): Promise<BatchLoader> {
  const known = new Set((await listPartitions(handle.db)).map((p) => p.month as string));
  const ensurePartitions = async (months: Iterable<string>) => {
    for (const month of months) {
      if (known.has(month)) continue;
      try {
        await sql.raw(createPartitionSql(month)).execute(handle.db);
      } catch (error) {
        // Two importers creating the same month at once: the loser sees the winner's table.
        const again = new Set((await listPartitions(handle.db)).map((p) => p.month as string));
        if (!again.has(month)) throw error;
      }
      known.add(month);
    }
  };

  if (handle.raw.kind === 'postgres') {
    const { pool } = handle.raw;
    const clients: PoolClient[] = [];
    try {
      for (let i = 0; i < postgresLanes; i += 1) {
        const client = await pool.connect();
        clients.push(client);
        await client.query(createStaging);
        // Each batch commits without waiting for its WAL flush: a server crash can lose the last
        // batches' commits but never half of one, and re-running the import puts back exactly those.
        await client.query('SET synchronous_commit = off');
      }
    } catch (error) {
      for (const client of clients) client.release(error as Error);
      throw error;
    }
    const loads = clients.map((client) =>
      batchLoading({
        copy: (table, bytes) =>
          pipeline(
            Readable.from([bytes]),
            client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT binary)`)),
          ),
        run: async (statement) => (await client.query(statement)).rowCount ?? 0,
        transaction: async (work) => {
          await client.query('BEGIN');
          try {
            const result = await work();
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => {});
            throw error;
          }
        },
      }),
    );
    return {
      lanes: loads.length,
      load: async (lane, batch) => {
        await ensurePartitions(batch.months);
        return (loads[lane] as (typeof loads)[number])(batch.bytes, batch.count);
      },
      // Dropped rather than left with the pooled connections: a table made from audit_records depends
      // on its types, which a later migration may change.
      close: async () => {
        for (const client of clients) {
          await client.query(dropStaging).then(
            () => client.release(),
            (error: Error) => client.release(error),
          );
        }
      },
    };
  }

  const pglite = handle.raw.client;
  await sql.raw(createStaging).execute(handle.db);
  // Kysely's transaction holds PGlite's only connection, so no other query interleaves; the statements
  // go through the client itself because only it can read a COPY from a blob.
  const load = batchLoading({
    copy: async (table, bytes) => {
      await pglite.query(`COPY ${table} (${columns}) FROM '/dev/blob' WITH (FORMAT binary)`, [], {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      });
    },
    run: async (statement) => (await pglite.query(statement)).affectedRows ?? 0,
    transaction: (work) => handle.db.transaction().execute(() => work()),
  });
  return {
    lanes: 1,
    load: async (_lane, batch) => {
      await ensurePartitions(batch.months);
      return load(batch.bytes, batch.count);
    },
    close: async () => {
      await sql.raw(dropStaging).execute(handle.db);
    },
  };
}
