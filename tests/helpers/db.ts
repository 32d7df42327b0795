import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

// Each test file owns its database: an in-memory PGlite, or a fresh database on the PostgreSQL
// server that is dropped afterwards. The runner sets PAKALPE_TEST_DB; run alone, a file uses PGlite.

export const testDatabaseKind = (process.env.PAKALPE_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export type TestDatabase = DatabaseHandle & { drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const handle = await connectDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(handle.db);
    return { ...handle, drop: handle.close };
  }
  const empty = await createEmptyPostgresDatabase();
  const handle = await connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 10 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      await empty.drop();
    },
  };
}

/**
 * A new, empty (unmigrated) database on the test PostgreSQL server, for tests that hand a URL to
 * another process (the CLI). `drop` removes it even while connections are still open.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const baseUrl = process.env.PAKALPE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `pakalpe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      try {
        // pg's pool.end() resolves before its sockets have closed; a FORCE drop in that moment would
        // kill them mid-goodbye and surface as an uncaught error. Give them a few seconds first.
        for (let i = 0; i < 50; i += 1) {
          const { rows } = await cleanup.query(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
