import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
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
const browserFiles = pick(findTests('tests/browser'));
const databaseFiles = pick(
  findTests('tests').filter((f) => !browserFiles.includes(f) && !f.startsWith('tests/browser/')),
);
const runWebTests = only.length === 0 || only.some((f) => f.startsWith('web/'));

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

/** The web UI's component tests run in vitest (jsdom); their counts join the totals. */
async function runWebComponentTests(): Promise<void> {
  console.log('\n=== web component tests (vitest) ===');
  const report = path.join(os.tmpdir(), `pakalpe-vitest-${process.pid}.json`);
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'web/vite.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (!existsSync(report)) {
    console.error(`vitest did not report (exit ${result.status})`);
    totals.failed += 1;
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  rmSync(report, { force: true });
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests + (json.numFailedTests === 0 ? json.numFailedTestSuites : 0);
  totals.skipped += json.numPendingTests + json.numTodoTests;
}

/** Browser tests drive the built UI: build it first so they never test a stale bundle. */
function buildWebUi(): void {
  console.log('\n=== building the web UI for the browser tests ===');
  const result = spawnSync('npm', ['run', '-s', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('npm run build failed');
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
  if (runWebTests) await runWebComponentTests();
  for (const target of targets) {
    if (target === 'postgres') await assertPostgresReachable();
    else if (target !== 'pglite') throw new Error(`Unknown test database ${target}: use pglite or postgres.`);
    await runFiles(`database tests on ${target}`, databaseFiles, {
      PAKALPE_TEST_DB: target,
      PAKALPE_TEST_POSTGRES_URL: postgresUrl,
    });
  }
  if (browserFiles.length > 0) {
    buildWebUi();
    // The browser drives the product as a new user starts it: on the embedded database.
    await runFiles('browser tests (Chromium, embedded database)', browserFiles, {
      PAKALPE_TEST_DB: 'pglite',
    });
  }
} catch (error) {
  if (totals.failed === 0) totals.failed += 1;
  console.error(error);
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
