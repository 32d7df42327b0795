import { readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import pg from 'pg';

// The whole suite, as CI runs it: pure unit tests once, database tests once per database
// (embedded PGlite and a real PostgreSQL), ending with the line `N passed, N failed[, N skipped]`.
//
//   PAKALPE_TEST_DATABASES   pglite,postgres (default) | pglite | postgres
//   PAKALPE_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:5432/test (default)
//   npm test -- tests/requests-api.test.ts   runs only the files given

const root = path.resolve(import.meta.dirname, '..');
const postgresUrl = process.env.PAKALPE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const targets = (process.env.PAKALPE_TEST_DATABASES ?? 'pglite,postgres').split(',').map((t) => t.trim());

function findTests(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

const only = process.argv.slice(2).map((f) => path.relative(root, path.resolve(f)));
const pick = (files: string[]) => (only.length ? files.filter((f) => only.includes(f)) : files);
const unitFiles = pick(findTests('src'));
const databaseFiles = pick(findTests('tests'));

const totals = { passed: 0, failed: 0, skipped: 0 };

async function runFiles(label: string, files: string[], env: Record<string, string>): Promise<void> {
  if (files.length === 0) return;
  console.log(`\n=== ${label}: ${files.length} file(s) ===`);
  Object.assign(process.env, env);
  const stream = run({ files: files.map((f) => path.join(root, f)), concurrency: 1, timeout: 300_000 });
  stream.on('test:pass', (event) => {
    if (event.details.type === 'suite') {
      if (event.skip) totals.skipped += 1;
      return;
    }
    if (event.skip || event.todo) totals.skipped += 1;
    else totals.passed += 1;
  });
  stream.on('test:fail', (event) => {
    const failure = (event.details.error as { failureType?: string } | undefined)?.failureType;
    if (event.details.type === 'suite' && failure === 'subtestsFailed') return;
    totals.failed += 1;
  });
  await new Promise<void>((resolve, reject) => {
    const out = stream.compose(new spec());
    out.on('data', (chunk: string | Buffer) => process.stdout.write(chunk));
    out.on('end', resolve);
    out.on('error', reject);
  });
}

async function assertPostgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    console.error(
      `\nPostgreSQL is expected at ${postgresUrl.replace(/\/\/[^@]*@/, '//')} but cannot be reached: ${(error as Error).message}\n` +
        'Start it, point PAKALPE_TEST_POSTGRES_URL at one, or run only the embedded database with PAKALPE_TEST_DATABASES=pglite.',
    );
    totals.failed += 1;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

try {
  await runFiles('unit tests', unitFiles, {});
  for (const target of targets) {
    if (target === 'postgres') await assertPostgresReachable();
    else if (target !== 'pglite') throw new Error(`Unknown test database ${target}: use pglite or postgres.`);
    await runFiles(`database tests on ${target}`, databaseFiles, {
      PAKALPE_TEST_DB: target,
      PAKALPE_TEST_POSTGRES_URL: postgresUrl,
    });
  }
} catch (error) {
  if (totals.failed === 0) totals.failed += 1;
  console.error(error);
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
