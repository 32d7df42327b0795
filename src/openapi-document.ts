import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { buildApp } from './app.ts';
import { loadConfig } from './platform/config.ts';
import type { Database } from './platform/db/schema.ts';

/** The OpenAPI document, built from the route schemas without a database (for generating the web client). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const app = await buildApp(
    // No route runs here, so the driver underneath is never reached.
    {
      db,
      kind: 'pglite',
      location: 'none',
      raw: { kind: 'pglite', client: null as never },
      close: () => db.destroy(),
    },
    loadConfig({ LOG_LEVEL: 'silent' }),
  );
  await app.ready();
  const document = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return document;
}
