import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export type DatabaseHandle = {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: a folder or host/database. */
  location: string;
  /** The driver underneath, for what a query builder cannot do: bulk loading with COPY. */
  raw: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
  close: () => Promise<void>;
};

export type ConnectOptions =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; poolSize?: number };

// Both drivers must hand the same JS values to the same queries: int8 (counts, sequences) as numbers,
// `date` as 'YYYY-MM-DD' strings (pg would otherwise build a Date at local midnight).
const PG_INT8 = 20;
const PG_DATE = 1082;

export function connectOptionsFrom(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): ConnectOptions {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.kind === 'pglite') {
    let unlock = () => {};
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      unlock = lockDataDir(options.dataDir);
    }
    // Imported only when used: loading PGlite costs ~90 MB, which a PostgreSQL deployment need not carry.
    const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
    const { PGliteDialect } = await import('kysely-pglite-dialect');
    let client: PGlite;
    try {
      client = await PGlite.create({
        ...(options.dataDir && { dataDir: options.dataDir }),
        parsers: {
          [pgliteTypes.DATE]: (value: string) => value,
          [pgliteTypes.INT8]: (value: string) => Number(value),
        },
      });
    } catch (error) {
      unlock();
      throw error;
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    return {
      db,
      kind: 'pglite',
      location: options.dataDir ?? 'memory',
      raw: { kind: 'pglite', client },
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === PG_INT8) return (value: string) => Number(value);
        if (oid === PG_DATE) return (value: string) => value;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection ended by the server (a restart, an administrator, a dropped database) must not
  // end the process: the pool discards it and the next query opens a new one.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(options.url);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  try {
    await sql`SELECT 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(`Cannot reach PostgreSQL at ${where}: ${(error as Error).message}`, { cause: error });
  }
  return {
    db,
    kind: 'postgres',
    location: where,
    raw: { kind: 'postgres', pool },
    close: () => db.destroy(),
  };
}
