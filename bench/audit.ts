import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { analyzeServiceWindow, defaultThresholds, generateAuditRecords } from '../src/audit/index.ts';
import { createPartitionSql } from '../src/audit/partitions.ts';
import { recordFields } from '../src/audit/record-fields.ts';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

// `npm run bench:audit`: the three audit-record targets of issue 5, on the PostgreSQL at
// 127.0.0.1:5432 (a pakalpe_bench_audit_… database is created and dropped):
//   1. import 1,000,000 generated records from a JSON Lines file with the real CLI, beside psql's
//      `\copy` of the same rows (as CSV) into a bare table, in the same run;
//   2. the peak resident memory of that import (preloaded bench/report-max-rss.mjs);
//   3. analyzeAudit for one service over 30 days in a table of 10,000,000 records.
// BENCH_AUDIT_RECORDS, BENCH_AUDIT_TABLE_ROWS and BENCH_AUDIT_ROUNDS scale them down for a quick look;
// `--write` replaces the results block in bench/RESULTS.md.

const records = Number(process.env.BENCH_AUDIT_RECORDS ?? 1_000_000);
const tableRows = Number(process.env.BENCH_AUDIT_TABLE_ROWS ?? 10_000_000);
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = fileURLToPath(new URL('..', import.meta.url));
const services = 20;
const rounds = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);

function databaseUrl(name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = await once(child, 'close');
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr}`);
  return { seconds, stdout, stderr };
}

const csvColumns = recordFields;
const csvCell = (v: unknown) =>
  v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);

/** The same generated records as JSON Lines (what Pakalpe imports) and CSV (what psql copies). */
async function writeFiles(dir: string): Promise<{ jsonl: string; csv: string }> {
  const jsonl = path.join(dir, 'records.jsonl');
  const csv = path.join(dir, 'records.csv');
  const json = createWriteStream(jsonl);
  const text = createWriteStream(csv);
  text.write(`${csvColumns.join(',')}\n`);
  // The weekly rhythm averages below the nominal rate: ask for more and stop at `records`.
  const perServiceDay = Math.ceil((records / services / 30) * 1.4);
  let n = 0;
  for (const r of generateAuditRecords({
    services: Array.from({ length: services }, (_, i) => ({
      urn: `URN:IVIS:100001:BENCH.S${i}-V1-0`,
      operations: ['Get', 'List', 'Create', 'Update'],
    })),
    start: new Date('2026-09-01T00:00:00Z'),
    days: 30,
    ratePerDay: perServiceDay,
    seed: 42,
  })) {
    if (n >= records) break;
    n += 1;
    const a = json.write(`${JSON.stringify(r)}\n`);
    const b = text.write(`${csvColumns.map((c) => csvCell((r as Record<string, unknown>)[c])).join(',')}\n`);
    if (!a) await once(json, 'drain');
    if (!b) await once(text, 'drain');
  }
  json.end();
  text.end();
  await Promise.all([once(json, 'finish'), once(text, 'finish')]);
  if (n < records) throw new Error(`the generator gave ${n} records, fewer than ${records}`);
  return { jsonl, csv };
}

const bareTable = `CREATE TABLE bare_audit (${csvColumns
  .map((c) => {
    const type = /At$/.test(c) ? 'timestamptz' : /Size$|httpStatus/.test(c) ? 'integer' : 'text';
    return `"${c}" ${type}`;
  })
  .join(', ')})`;

// The same rows into a table shaped like audit_records (monthly partitions, one unique index that is
// both the record key and the analysis's covering index), by psql: what the layout costs the database
// without validation or hashing. The CSV names services by URN, so this key leads with text where
// audit_records has the service's number.
function shapedTable(): string[] {
  const months = ['2026-08', '2026-09', '2026-10'];
  return [
    `${bareTable.replace('bare_audit', 'shaped_audit')} PARTITION BY RANGE ("requestInAt")`,
    ...months.map((m, i) => {
      const next = ['2026-09', '2026-10', '2026-11'][i];
      return `CREATE TABLE shaped_audit_${m.replace('-', '_')} PARTITION OF shaped_audit FOR VALUES FROM ('${m}-01T00:00:00Z') TO ('${next}-01T00:00:00Z')`;
    }),
    'CREATE UNIQUE INDEX ON shaped_audit ("service", "requestInAt", "messageId") INCLUDE ("operation", "result", "faultCode", "consumerInstitution", "consumerSystem", "endUser", "httpStatus")',
  ];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// The machine's speed drifts by tens of per cent from one second to the next (other tenants): the
// baseline, the import and the dry run therefore run in turn, `rounds` times, each import into an
// emptied audit_records, and the ratios are taken pair by pair.
async function ingest(url: string, files: { jsonl: string; csv: string }, handle: DatabaseHandle) {
  await run('psql', [url, '-q', '-c', bareTable]);
  const copy = (table: string) =>
    run('psql', [url, '-q', '-c', `\\copy ${table} FROM '${files.csv}' WITH (FORMAT csv, HEADER true)`]);
  const importEnv = {
    DATABASE_URL: url,
    AUDIT_HASH_SECRET: 'bench-audit-hash-secret-bench-audit-hash',
    LOG_LEVEL: 'warn',
  };
  const importFile = (...extra: string[]) =>
    run(
      process.execPath,
      [
        '--import',
        './bench/report-max-rss.mjs',
        'bin/pakalpe.js',
        'audit',
        'import',
        files.jsonl,
        '--env',
        'test',
        ...extra,
      ],
      importEnv,
    );
  const pairs: { baseline: number; pakalpe: number; dryRun: number; rssKiB: number }[] = [];
  for (let round = 0; round < rounds; round += 1) {
    await run('psql', [url, '-q', '-c', 'TRUNCATE bare_audit']);
    await sql`TRUNCATE audit_records`.execute(handle.db);
    const baseline = await copy('bare_audit');
    const pakalpe = await importFile();
    const summary = /read (\d+), inserted (\d+), duplicates (\d+), invalid (\d+)/.exec(pakalpe.stdout);
    if (!summary || Number(summary[2]) !== records)
      throw new Error(`unexpected import summary: ${pakalpe.stdout}`);
    // Reading, validating and pseudonymising alone, no database: the part of the import that a faster
    // database could not remove.
    const dryRun = await importFile('--dry-run');
    pairs.push({
      baseline: baseline.seconds,
      pakalpe: pakalpe.seconds,
      dryRun: dryRun.seconds,
      rssKiB: Number(/pakalpe-bench-max-rss-kib (\d+)/.exec(pakalpe.stderr)?.[1] ?? Number.NaN),
    });
    console.error(
      `  round ${round + 1}: baseline ${baseline.seconds.toFixed(1)} s, import ${pakalpe.seconds.toFixed(1)} s`,
    );
  }
  // The same import once more: every record is a duplicate (the cost of a safe re-run).
  const rerun = await importFile();
  for (const statement of shapedTable()) await run('psql', [url, '-q', '-c', statement]);
  const shaped = await copy('shaped_audit');
  const ratios = pairs.map((p) => p.baseline / p.pakalpe);
  return {
    rounds: pairs,
    baselineSeconds: median(pairs.map((p) => p.baseline)),
    pakalpeSeconds: median(pairs.map((p) => p.pakalpe)),
    dryRunSeconds: median(pairs.map((p) => p.dryRun)),
    dryRunRatio: median(pairs.map((p) => p.baseline / p.dryRun)),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)] as const,
    maxRssMiB: Math.max(...pairs.map((p) => p.rssKiB)) / 1024,
    rerunSeconds: rerun.seconds,
    shapedSeconds: shaped.seconds,
  };
}

/** 10M rows straight into the partitions with generate_series: 50 services over 60 days. */
async function fillAnalysisTable(handle: DatabaseHandle): Promise<{ seconds: number; serviceRows: number }> {
  const started = performance.now();
  await sql`TRUNCATE audit_records`.execute(handle.db);
  for (const month of ['2026-08', '2026-09', '2026-10'])
    await sql.raw(createPartitionSql(month)).execute(handle.db);
  await sql`
    INSERT INTO audit_services (urn) SELECT 'URN:IVIS:100001:ANALYSIS.S' || n || '-V1-0' FROM generate_series(0, 49) n
    ON CONFLICT DO NOTHING`.execute(handle.db);
  const chunk = 1_000_000;
  for (let from = 1; from <= tableRows; from += chunk) {
    const to = Math.min(tableRows, from + chunk - 1);
    await sql`
      INSERT INTO audit_records (environment, message_id, sender_type, sender_identifier, consumer_institution,
        consumer_system, service_id, operation, request_in_at, response_out_at, duration_ms, request_size, response_size,
        result, fault_code, http_status, end_user_hash, imported_at)
      SELECT 'test', 'm' || i, 'system', 'CERT:BENCH', '9000000000' || (i % 5), 'IS-' || (i % 5),
        s.id,
        (ARRAY['Get', 'List', 'Create', 'Update', 'Delete'])[1 + (i / 50) % 5],
        t, t + d * interval '1 millisecond', d, 1000 + i % 2000, 2000 + i % 30000,
        (CASE WHEN i % 53 = 0 THEN 'fault' ELSE 'success' END)::audit_result,
        CASE WHEN i % 53 = 0 THEN 'VAL-00' || (i % 4) END,
        CASE WHEN i % 53 = 0 THEN 500 ELSE 200 END,
        decode(md5((i % 20000)::text), 'hex'), now()
      FROM (
        SELECT i, timestamptz '2026-08-15 00:00:00Z' + (i::float8 / ${tableRows} * 60 * 86400) * interval '1 second' AS t,
          (exp(ln(120) + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::int AS d
        FROM generate_series(${from}::int, ${to}::int) AS i
      ) g
      JOIN audit_services s ON s.urn = 'URN:IVIS:100001:ANALYSIS.S' || (i % 50) || '-V1-0'`.execute(
      handle.db,
    );
  }
  await sql`VACUUM ANALYZE audit_records`.execute(handle.db);
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_records
    WHERE service_id = (SELECT id FROM audit_services WHERE urn = 'URN:IVIS:100001:ANALYSIS.S7-V1-0')
      AND request_in_at >= '2026-09-01T00:00:00+03:00' AND request_in_at < '2026-10-01T00:00:00+03:00'`.execute(
    handle.db,
  );
  return { seconds: (performance.now() - started) / 1000, serviceRows: rows[0]?.n ?? 0 };
}

async function analysisTimes(handle: DatabaseHandle) {
  const analyse = () =>
    analyzeServiceWindow(
      handle.db,
      {
        service: 'URN:IVIS:100001:ANALYSIS.S7-V1-0',
        environment: 'test',
        from: '2026-09-01',
        to: '2026-09-30',
      },
      defaultThresholds,
      {
        source: 'catalog',
        operations: ['Get', 'List', 'Create', 'Update', 'Delete', 'Archive'].map((name) => ({
          name,
          aliases: [],
        })),
      },
    );
  for (let i = 0; i < 3; i += 1) await analyse();
  const samples: number[] = [];
  let calls = 0;
  for (let i = 0; i < 15; i += 1) {
    const started = performance.now();
    calls = (await analyse()).totals.calls;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    calls,
    min: samples[0] ?? 0,
    median: samples[Math.floor(samples.length / 2)] ?? 0,
    max: samples.at(-1) ?? 0,
  };
}

const started = new Date();
const loadBefore = os.loadavg()[0] ?? 0;
const name = `pakalpe_bench_audit_${randomBytes(4).toString('hex')}`;
const work = await mkdtemp(path.join(os.tmpdir(), 'pakalpe-bench-audit-'));
await admin(`CREATE DATABASE ${name}`);
let handle: DatabaseHandle | undefined;
try {
  const url = databaseUrl(name);
  handle = await connectDatabase({ kind: 'postgres', url, poolSize: 10 });
  await migrateToLatest(handle.db);
  console.error(`generating ${records.toLocaleString('en')} records …`);
  const files = await writeFiles(work);
  console.error('importing …');
  const ingestResult = await ingest(url, files, handle);
  console.error(`filling ${tableRows.toLocaleString('en')} rows for the analysis …`);
  const fill = await fillAnalysisTable(handle);
  const analysis = await analysisTimes(handle);

  const fmt = (n: number, digits = 1) =>
    n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rate = (seconds: number) => Math.round(records / seconds).toLocaleString('en');
  const machine =
    `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? '?'} · ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · PostgreSQL 15 on the same machine · ` +
    `load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after`;
  const table = [
    '| measurement | result | target |',
    '|---|---|---|',
    `| psql \`\\copy\` of ${records.toLocaleString('en')} rows (CSV) into a bare table — baseline, median of ${rounds} | ${fmt(ingestResult.baselineSeconds)} s (${rate(ingestResult.baselineSeconds)} rows/s) | |`,
    `| \`pakalpe audit import\` of the same ${records.toLocaleString('en')} records (JSON Lines), whole process, median of ${rounds} | ${fmt(ingestResult.pakalpeSeconds)} s (${rate(ingestResult.pakalpeSeconds)} rows/s) | |`,
    `| import speed ÷ baseline, pair by pair: median (min–max) | **${fmt(ingestResult.ratio, 2)}×** (${fmt(ingestResult.ratioRange[0], 2)}–${fmt(ingestResult.ratioRange[1], 2)}) | ≥ 0.7× |`,
    `| \`pakalpe audit import --dry-run\` of the same file: reading, validating and pseudonymising alone, no database (whole process), median | ${fmt(ingestResult.dryRunSeconds)} s (${rate(ingestResult.dryRunSeconds)} rows/s) = ${fmt(ingestResult.dryRunRatio, 2)}× baseline | |`,
    `| psql \`\\copy\` of the same rows into monthly partitions with a unique covering index like audit_records's (but on the service's URN: the CSV has no service numbers; no validation or hashing), once | ${fmt(ingestResult.shapedSeconds)} s (${rate(ingestResult.shapedSeconds)} rows/s) | |`,
    `| peak resident memory of the imports | **${fmt(ingestResult.maxRssMiB, 0)} MiB** | < 200 MB |`,
    `| the same import again (all ${records.toLocaleString('en')} duplicates), once | ${fmt(ingestResult.rerunSeconds)} s | |`,
    `| analyzeAudit, one service × 30 days (${calls(analysis.calls)} records) in ${tableRows.toLocaleString('en')} rows: min / median / max of 15 | ${fmt(analysis.min, 0)} / **${fmt(analysis.median, 0)}** / ${fmt(analysis.max, 0)} ms | < 300 ms |`,
    `| filling the ${tableRows.toLocaleString('en')}-row table (generate_series, then VACUUM ANALYZE) | ${fmt(fill.seconds, 0)} s | |`,
  ].join('\n');
  const roundsLine = ingestResult.rounds
    .map(
      (r, i) => `${i + 1}: ${fmt(r.baseline)} s / ${fmt(r.pakalpe)} s = ${fmt(r.baseline / r.pakalpe, 2)}×`,
    )
    .join(' · ');
  const text = `${machine}\n\n${table}\n\nRounds (baseline / import): ${roundsLine}`;
  console.log(text);
  if (process.argv.includes('--write')) {
    const file = path.join(root, 'bench/RESULTS.md');
    const doc = await readFile(file, 'utf8');
    const block = /<!-- audit-results -->[\s\S]*<!-- \/audit-results -->/;
    if (!block.test(doc)) throw new Error('bench/RESULTS.md has no <!-- audit-results --> block');
    await writeFile(file, doc.replace(block, `<!-- audit-results -->\n${text}\n<!-- /audit-results -->`));
  }
} finally {
  await handle?.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await rm(work, { recursive: true, force: true });
}

function calls(n: number): string {
  return n.toLocaleString('en');
}
