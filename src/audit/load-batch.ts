import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { copyColumns, keyColumns } from './copy-format.ts';
import { createPartitionSql, listPartitions } from './partitions.ts';

// Loads batches of COPY text rows into audit_records, each batch in one transaction. The keys go first:
//   1. COPY the batch's keys (environment, message id, request time) into a session-local table and
//      insert them into audit_message_ids, skipping keys already there (ON CONFLICT DO NOTHING) and
//      noting which were new;
//   2. all new (a first import): COPY the rows straight into audit_records;
//      none new (a re-run): send nothing more;
//      some new: COPY the rows into a staging table and insert only those with a new key.
// So a record sent twice is stored once, and a batch interrupted by a crash leaves nothing behind:
// re-running the same file inserts exactly what is missing, and costs only its keys.

export type BatchLoader = {
  /**
   * Loads one batch; returns how many records were new. `rows` is COPY text in the order of
   * `copyColumns`, `keys` the same rows' `keyColumns`, `months` the YYYY-MM its rows fall in. The
   * bytes are the caller's again once the promise settles.
   */
  load: (batch: {
    rows: Uint8Array;
    keys: Uint8Array;
    count: number;
    months: Iterable<string>;
  }) => Promise<number>;
  close: () => Promise<void>;
};

const columns = copyColumns.join(', ');
const keys = keyColumns.join(', ');
const createTemporaryTables = [
  `CREATE TEMP TABLE IF NOT EXISTS audit_key_staging ON COMMIT DELETE ROWS AS SELECT ${keys} FROM audit_message_ids WITH NO DATA`,
  'CREATE TEMP TABLE IF NOT EXISTS audit_fresh_keys ON COMMIT DELETE ROWS AS SELECT environment, message_id FROM audit_message_ids WITH NO DATA',
  `CREATE TEMP TABLE IF NOT EXISTS audit_staging ON COMMIT DELETE ROWS AS SELECT ${columns} FROM audit_records WITH NO DATA`,
];
// A key repeated inside one batch (a re-sent export) counts once, and the first occurrence in the file
// wins, as it does across batches and imports: each staging table is filled by one COPY in file order,
// so ctid order is line order.
const insertKeys = `
  WITH fresh AS (
    INSERT INTO audit_message_ids (${keys})
    SELECT DISTINCT ON (environment, message_id) ${keys} FROM audit_key_staging
    ORDER BY environment, message_id, ctid
    ON CONFLICT DO NOTHING
    RETURNING environment, message_id
  )
  INSERT INTO audit_fresh_keys SELECT environment, message_id FROM fresh`;
const insertFreshRows = `
  INSERT INTO audit_records (${columns})
  SELECT DISTINCT ON (b.environment, b.message_id) ${copyColumns.map((c) => `b.${c}`).join(', ')}
  FROM audit_staging b JOIN audit_fresh_keys f ON f.environment = b.environment AND f.message_id = b.message_id
  ORDER BY b.environment, b.message_id, b.ctid`;

/** What one batch needs from a connection inside its transaction. */
type Session = {
  copy: (table: string, columnList: string, bytes: Uint8Array) => Promise<void>;
  run: (statement: string) => Promise<number>;
};

async function loadBatch(
  session: Session,
  batch: { rows: Uint8Array; keys: Uint8Array; count: number },
): Promise<number> {
  await session.copy('audit_key_staging', keys, batch.keys);
  const fresh = await session.run(insertKeys);
  if (fresh === batch.count) await session.copy('audit_records', columns, batch.rows);
  else if (fresh > 0) {
    await session.copy('audit_staging', columns, batch.rows);
    await session.run(insertFreshRows);
  }
  return fresh;
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
    const client = await handle.raw.pool.connect();
    try {
      for (const statement of createTemporaryTables) await client.query(statement);
      // Each batch commits without waiting for its WAL flush: a server crash can lose the last
      // batches' commits but never half of one, and re-running the import puts back exactly those.
      await client.query('SET synchronous_commit = off');
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    const session: Session = {
      copy: (table, columnList, bytes) =>
        pipeline(Readable.from([bytes]), client.query(copyFrom(`COPY ${table} (${columnList}) FROM STDIN`))),
      run: async (statement) => (await client.query(statement)).rowCount ?? 0,
    };
    return {
      load: async (batch) => {
        await ensurePartitions(batch.months);
        try {
          await client.query('BEGIN');
          const fresh = await loadBatch(session, batch);
          await client.query('COMMIT');
          return fresh;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      },
      // The temporary tables live as long as the pooled connection; empty, they cost nothing.
      close: async () => client.release(),
    };
  }

  const pglite = handle.raw.client;
  for (const statement of createTemporaryTables) await sql.raw(statement).execute(handle.db);
  // Kysely's transaction holds PGlite's only connection, so no other query interleaves; the statements
  // go through the client itself because only it can read a COPY from a blob.
  const session: Session = {
    copy: async (table, columnList, bytes) => {
      await pglite.query(`COPY ${table} (${columnList}) FROM '/dev/blob'`, [], {
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      });
    },
    run: async (statement) => (await pglite.query(statement)).affectedRows ?? 0,
  };
  return {
    load: async (batch) => {
      await ensurePartitions(batch.months);
      return handle.db.transaction().execute(() => loadBatch(session, batch));
    },
    close: async () => {},
  };
}
