import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { createEmptyPostgresDatabase, testDatabaseKind } from './helpers/db.ts';

// `pakalpe audit …` as an operator runs it, in a child process: generate a file, import it, kill an
// import halfway and run it again, drop old months.

const root = path.resolve(import.meta.dirname, '..');
const slow = { timeout: 180_000 };

const inherited = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) =>
      !['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'AUDIT_HASH_SECRET'].includes(
        key,
      ),
  ),
);

let work: string;
let env: Record<string, string>;
let open: () => Promise<DatabaseHandle>;
let drop: () => Promise<void>;

function start(args: string[], extraEnv: Record<string, string> = {}) {
  return spawn(process.execPath, ['bin/pakalpe.js', ...args], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function run(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args, extraEnv);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const [code] = await once(child, 'close');
  return { code, stdout, stderr };
}

/** Records stored, and how many different record keys they have: equal when nothing is stored twice. */
async function stored(): Promise<{ records: number; keys: number }> {
  const handle = await open();
  try {
    const { rows } = await sql<{ records: number; keys: number }>`
      SELECT count(*)::int AS records,
        count(DISTINCT (service_id, environment, request_in_at, message_id))::int AS keys
      FROM audit_records`.execute(handle.db);
    return rows[0] ?? { records: -1, keys: -1 };
  } finally {
    await handle.close();
  }
}

const summaryOf = (stdout: string) => {
  const m = /read (\d+), inserted (\d+), duplicates (\d+), invalid (\d+)/.exec(stdout);
  assert.ok(m, stdout);
  return { read: Number(m[1]), inserted: Number(m[2]), duplicates: Number(m[3]), invalid: Number(m[4]) };
};

describe('pakalpe audit (CLI)', () => {
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pakalpe-audit-cli-'));
    if (testDatabaseKind === 'pglite') {
      const dataDir = path.join(work, 'data');
      env = { DATA_DIR: dataDir, DATABASE_URL: '' };
      open = () => connectDatabase({ kind: 'pglite', dataDir });
      drop = async () => {};
    } else {
      const empty = await createEmptyPostgresDatabase();
      env = { DATABASE_URL: empty.url, DATA_DIR: path.join(work, 'data') };
      open = () => connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 2 });
      drop = empty.drop;
    }
  });
  after(async () => {
    await drop?.();
    await rm(work, { recursive: true, force: true });
  });

  it('an import killed halfway and run again stores every record exactly once', slow, async () => {
    const file = path.join(work, 'records.jsonl');
    const generated = await run([
      'audit',
      'generate',
      '--services',
      'URN:IVIS:100011:NRC.PersonasDati-V1-0=Get|List,URN:IVIS:100022:VSPA.Statuss-V1-0',
      '--days',
      '10',
      '--rate',
      '2500',
      '--seed',
      '3',
      '--start',
      '2026-10-25',
      '--out',
      file,
    ]);
    assert.equal(generated.code, 0, generated.stderr);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    // Some records twice in the file (a re-sent export), and one broken line.
    const repeated = lines.slice(100, 150);
    await writeFile(file, [...lines, ...repeated, '{"messageId": "broken"'].join('\n'));
    const unique = lines.length;
    assert.ok(unique > 30_000, String(unique));

    const child = start(['audit', 'import', file, '--env', 'test']);
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // The first batch is committed: kill the import while the next ones are on their way.
      if (/committed: read/.test(stderr) && child.exitCode === null) child.kill('SIGKILL');
    });
    const [code, signal] = await once(child, 'close');
    assert.equal(
      signal,
      'SIGKILL',
      `the import finished before it could be killed (exit ${code}): ${stderr}`,
    );

    const halfway = await stored();
    assert.ok(
      halfway.records > 0 && halfway.records < unique,
      `after the kill: ${halfway.records} of ${unique}`,
    );
    assert.equal(halfway.records, halfway.keys, 'no record is stored twice');

    const rerun = await run(['audit', 'import', file, '--env', 'test']);
    assert.equal(rerun.code, 1, 'exit 1: one line was invalid');
    assert.match(rerun.stderr, /records\.jsonl:\d+: \(row\): not valid JSON/);
    const summary = summaryOf(rerun.stdout);
    assert.deepEqual(summary, {
      read: unique + repeated.length + 1,
      inserted: unique - halfway.records,
      duplicates: halfway.records + repeated.length,
      invalid: 1,
    });
    assert.deepEqual(await stored(), { records: unique, keys: unique });
  });

  it('retention drops whole months before the one given', slow, async () => {
    const before = await stored();
    const result = await run(['audit', 'retention', '--before', '2026-11']);
    assert.equal(result.code, 0, result.stderr);
    const match = /dropped 2026-10: (\d+) records/.exec(result.stdout);
    assert.ok(match, result.stdout);
    const after = await stored();
    assert.equal(after.records, before.records - Number(match[1]));
    assert.equal(after.keys, after.records);
  });

  it('--strict loads nothing from a file with an invalid row, and says why', slow, async () => {
    const file = path.join(work, 'strict.csv');
    await writeFile(
      file,
      [
        'messageId,senderType,senderId,consumerInstitution,service,operation,requestInAt,result',
        's-1,system,CERT:X,90000000022,URN:IVIS:100011:NRC.PersonasDati-V1-0,Get,2026-12-01T10:00:00Z,success',
        's-2,system,CERT:X,90000000022,URN:IVIS:100011:NRC.PersonasDati-V1-0,Get,yesterday,success',
      ].join('\n'),
    );
    const before = await stored();
    const result = await run(['audit', 'import', file, '--env', 'test', '--strict']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /strict\.csv:3: requestInAt: /);
    assert.match(result.stdout, /Nothing was loaded/);
    assert.deepEqual(await stored(), before);
  });

  it('--dry-run checks every row and reports problems without opening the database', slow, async () => {
    const file = path.join(work, 'check.jsonl');
    const row = (id: string, requestInAt: string) =>
      JSON.stringify({
        messageId: id,
        senderType: 'inhabitant',
        senderId: '010101-12345',
        consumerInstitution: '90000000022',
        service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
        operation: 'Get',
        requestInAt,
        result: 'success',
      });
    await writeFile(
      file,
      [row('d-1', '2026-12-01T10:00:00Z'), row('d-2', 'vakar'), row('d-3', '2026-12-01T10:00:01Z')].join(
        '\n',
      ),
    );
    const before = await stored();
    // A database that cannot be reached: the check must not need one.
    const result = await run(['audit', 'import', file, '--env', 'test', '--dry-run'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /check\.jsonl:2: requestInAt: /);
    assert.deepEqual(summaryOf(result.stdout), { read: 3, inserted: 0, duplicates: 0, invalid: 1 });
    assert.match(result.stdout, /Nothing was loaded \(--dry-run\)/);
    assert.deepEqual(await stored(), before);
  });
});
