import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { copyColumns } from './copy-format.ts';
import { createPartitionSql, listPartitions } from './partitions.ts';

// Loads batches of COPY text rows into audit_records, each batch in one transaction:
//   1. COPY the rows into a session-local staging table (COPY FROM STDIN on pg, a blob on PGlite);
//   2. insert their keys into audit_message_ids, skipping keys already there (ON CONFLICT DO NOTHING);
//   3. insert into audit_records only the rows whose key was new.
// So a record sent twice is stored once, and a batch interrupted by a crash leaves nothing behind:
// re-running the same file inserts exactly what is missing.

export type BatchLoader = {
  /**
   * Loads one batch of COPY text rows; returns how many records were new. `months` are the YYYY-MM its
   * rows fall in. The bytes are the caller's again once the promise settles.
   */
  load: (copyText: Uint8Array, months: Iterable<string>) => Promise<number>;
  close: () => Promise<void>;
};

const columns = copyColumns.join(', ');
const createStaging = `CREATE TEMP TABLE IF NOT EXISTS audit_staging ON COMMIT DELETE ROWS AS SELECT ${columns} FROM audit_records WITH NO DATA`;
// A key repeated inside one batch (a re-sent export) counts once, and the first occurrence in the
// file wins, as it does across batches and imports: the staging table is filled by one COPY in file
// order, so ctid order is line order.
const insertNew = `
  WITH batch AS (
    SELECT DISTINCT ON (environment, message_id) * FROM audit_staging
    ORDER BY environment, message_id, ctid
  ), fresh AS (
    INSERT INTO audit_message_ids (environment, message_id, request_in_at)
    SELECT environment, message_id, request_in_at FROM batch
    ON CONFLICT DO NOTHING
    RETURNING environment, message_id
  )
  INSERT INTO audit_records (${columns}, imported_at)
  SELECT ${copyColumns.map((c) => `b.${c}`).join(', ')}, now()
  FROM batch b JOIN fresh f ON f.environment = b.environment AND f.message_id = b.message_id`;
const copyStatement = (source: string) => `COPY audit_staging (${columns}) FROM ${source}`;

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
      await client.query(createStaging);
      // Each batch commits without waiting for its WAL flush: a server crash can lose the last
      // batches' commits but never half of one, and re-running the import puts back exactly those.
      await client.query('SET synchronous_commit = off');
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return {
      load: async (copyText, months) => {
        await ensurePartitions(months);
        try {
          await client.query('BEGIN');
          await pipeline(Readable.from([copyText]), client.query(copyFrom(copyStatement('STDIN'))));
          const result = await client.query(insertNew);
          await client.query('COMMIT');
          return result.rowCount ?? 0;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      },
      close: async () => client.release(),
    };
  }

  const pglite = handle.raw.client;
  await sql.raw(createStaging).execute(handle.db);
  return {
    load: async (copyText, months) => {
      await ensurePartitions(months);
      // Kysely's transaction holds PGlite's only connection, so no other query interleaves; the COPY
      // goes through the client itself because only it can read a blob.
      return handle.db.transaction().execute(async (trx) => {
        await pglite.query(copyStatement("'/dev/blob'"), [], {
          blob: new Blob([copyText as Uint8Array<ArrayBuffer>]),
        });
        const result = await sql.raw(insertNew).execute(trx);
        return Number(result.numAffectedRows ?? 0n);
      });
    },
    close: async () => {},
  };
}
