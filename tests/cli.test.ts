import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { migrations } from '../src/migrations/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { ApiClient } from './helpers/app.ts';
import { createEmptyPostgresDatabase, testDatabaseKind } from './helpers/db.ts';

// The real `pakalpe` command, run as a child process the way an operator runs it, against a fresh
// embedded data folder or a fresh PostgreSQL database. PGlite is one process's database, so the test
// opens it itself only between CLI runs. Every process costs a second or two: each one here earns it.

const root = path.resolve(import.meta.dirname, '..');
const slow = { timeout: 60_000 };

type Target = {
  /** Environment that points the CLI at this database. */
  env: Record<string, string>;
  open: () => Promise<DatabaseHandle>;
  drop: () => Promise<void>;
};

async function freshTarget(): Promise<Target> {
  if (testDatabaseKind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pakalpe-cli-'));
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => connectDatabase({ kind: 'pglite', dataDir }),
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const empty = await createEmptyPostgresDatabase();
  return {
    env: { DATABASE_URL: empty.url, DATA_DIR: '' },
    open: () => connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 2 }),
    drop: empty.drop,
  };
}

/** Opens the database the CLI just used, and always closes it so the next CLI run can have it. */
async function withOpen<T>(target: Target, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await target.open();
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

// Nothing from the developer's own environment may choose the database or the port.
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL'].includes(key),
  ),
);

function startCli(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['bin/pakalpe.js', ...args], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  const child = startCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;

async function logsIn(handle: DatabaseHandle, email: string, password: string): Promise<boolean> {
  const app = await buildApp(handle, loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent' }));
  try {
    await ApiClient.logIn(app, email, password);
    return true;
  } catch {
    return false;
  } finally {
    await app.close();
  }
}

const demoEmails = [
  'anna.berzina@vraa.demo',
  'janis.ozolins@vraa.demo',
  'liga.kalnina@vraa.demo',
  'peteris.liepa@nrc.demo',
  'ilze.krumina@vspa.demo',
  'maris.zarins@rdpb.demo',
];

describe(`pakalpe CLI: schema and accounts [${testDatabaseKind}]`, () => {
  let target: Target;
  before(async () => {
    target = await freshTarget();
  });
  after(() => target.drop());

  it('migrate brings an empty database up to date', slow, async () => {
    const run = await runCli(['migrate'], target.env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, new RegExp(`Database ${testDatabaseKind} \\(.+\\) is up to date\\.`));
    const applied = await withOpen(target, async (handle) =>
      (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(handle.db)).rows.map(
        (r) => r.name,
      ),
    );
    assert.deepEqual(applied.sort(), Object.keys(migrations).sort());
  });

  it(
    'institution create then user create prints a generated password once, and it logs in',
    slow,
    async () => {
      const institution = await runCli(
        ['institution', 'create', '--name', 'Testa pārvalde', '--registration-number', '90000012345'],
        target.env,
      );
      assert.equal(institution.code, 0, show(institution));
      assert.match(institution.stdout, /Created institution Testa pārvalde \(90000012345\)/);

      const user = await runCli(
        [
          'user',
          'create',
          '--email',
          'Ieva.Ozola@parvalde.test',
          '--name',
          'Ieva Ozola',
          '--role',
          'institution_member',
          '--institution',
          '90000012345',
        ],
        target.env,
      );
      assert.equal(user.code, 0, show(user));
      assert.match(user.stdout, /Created user ieva\.ozola@parvalde\.test \(institution_member\)/);
      const password = /Password \(shown once\): (\S+)/.exec(user.stdout)?.[1];
      assert.ok(password && password.length >= 12, show(user));
      assert.equal(user.stdout.split(password).length - 1, 1, 'the password is printed exactly once');
      assert.ok(!user.stderr.includes(password));

      await withOpen(target, async (handle) => {
        const row = await handle.db
          .selectFrom('users as u')
          .innerJoin('institutions as i', 'i.id', 'u.institution_id')
          .select(['u.role', 'i.registration_number'])
          .where('u.email', '=', 'ieva.ozola@parvalde.test')
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { role: 'institution_member', registration_number: '90000012345' });
        assert.equal(await logsIn(handle, 'ieva.ozola@parvalde.test', password), true);
        assert.equal(await logsIn(handle, 'ieva.ozola@parvalde.test', `${password}x`), false);
      });
    },
  );

  it(
    'user create --password-stdin takes the password from standard input and never prints it',
    slow,
    async () => {
      const password = 'parole-no-stdin-2026';
      const run = await runCli(
        [
          'user',
          'create',
          '--email',
          'karlis@vraa.test',
          '--name',
          'Kārlis',
          '--role',
          'agency_reviewer',
          '--password-stdin',
        ],
        target.env,
        `${password}\n`,
      );
      assert.equal(run.code, 0, show(run));
      assert.match(run.stdout, /Created user karlis@vraa\.test \(agency_reviewer\)/);
      assert.ok(!run.stdout.includes(password) && !run.stdout.includes('Password'), show(run));
      assert.equal(await withOpen(target, (handle) => logsIn(handle, 'karlis@vraa.test', password)), true);
    },
  );

  it('a wrong configuration (PORT=abc) exits 1 with a message naming PORT', slow, async () => {
    const run = await runCli(['migrate'], { ...target.env, PORT: 'abc' });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stderr, /Invalid configuration:\n\s+- PORT: /);
    assert.equal(run.stdout, '');
  });
});

describe(`pakalpe CLI: demo seed and history verify [${testDatabaseKind}]`, () => {
  let target: Target;
  before(async () => {
    target = await freshTarget();
  });
  after(() => target.drop());

  it('seed --demo fills an empty database and prints the demo logins', slow, async () => {
    const run = await runCli(['seed', '--demo'], target.env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /password for all: demo-parole-2026/);
    for (const email of demoEmails) assert.ok(run.stdout.includes(email), `${email} missing:\n${show(run)}`);
  });

  it(
    'seed --demo a second time refuses the non-empty database with exit 1 and a clear message',
    slow,
    async () => {
      const run = await runCli(['seed', '--demo'], target.env);
      assert.equal(run.code, 1, show(run));
      assert.match(run.stderr, /already has institutions; the demo is seeded only into an empty database/);
      assert.ok(!run.stdout.includes('Demo accounts'), show(run));
    },
  );

  it('history verify exits 0 on the seeded demo', slow, async () => {
    const run = await runCli(['history', 'verify'], target.env);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Checked \d+ history entries of 7 requests\./);
    assert.match(run.stdout, /All chains are intact\./);
  });

  it(
    'history verify exits 1 naming the request whose entry was edited behind the trigger',
    slow,
    async () => {
      const tampered = await withOpen(target, async (handle) => {
        const rejected = await handle.db
          .selectFrom('requests')
          .select('id')
          .where('state', '=', 'rejected')
          .executeTakeFirstOrThrow();
        await handle.db.transaction().execute(async (trx) => {
          await sql`ALTER TABLE request_history DISABLE TRIGGER request_history_append_only`.execute(trx);
          await sql`UPDATE request_history SET comment = 'Viss kārtībā.' WHERE request_id = ${rejected.id} AND seq = 2`.execute(
            trx,
          );
          await sql`ALTER TABLE request_history ENABLE TRIGGER request_history_append_only`.execute(trx);
        });
        return rejected.id;
      });

      const run = await runCli(['history', 'verify'], target.env);
      assert.equal(run.code, 1, show(run));
      const broken = run.stdout.split('\n').filter((line) => line.startsWith('BROKEN'));
      assert.deepEqual(broken, [`BROKEN request ${tampered}: #2 hash_mismatch`]);
    },
  );
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe(`pakalpe CLI: serve [${testDatabaseKind}]`, () => {
  let target: Target;
  before(async () => {
    target = await freshTarget();
  });
  after(() => target.drop());

  const seeds = testDatabaseKind === 'pglite';
  it(
    seeds
      ? 'serve --demo-if-empty seeds the empty embedded database, answers /healthz and stops on SIGTERM'
      : 'serve --demo-if-empty leaves PostgreSQL unseeded, answers /healthz and stops on SIGTERM',
    slow,
    async () => {
      const port = await freePort();
      const child = startCli(['serve', '--demo-if-empty'], { ...target.env, PORT: String(port) });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout.includes('Database: ')) resolve();
          });
          void exited.then(({ code }) => reject(new Error(`serve exited ${code}:\n${stdout}\n${stderr}`)));
        });
        assert.ok(stdout.includes(`Pakalpe is running at http://127.0.0.1:${port}/`), stdout);

        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok', database: testDatabaseKind });

        // The accounts are printed right after the address; by the time /healthz answered they are out.
        if (seeds) {
          assert.match(stdout, /Demo accounts \(password for all: demo-parole-2026\)/);
          for (const email of demoEmails) assert.ok(stdout.includes(email), `${email} missing:\n${stdout}`);
        } else {
          assert.ok(!stdout.includes('Demo accounts'), stdout);
        }
      } finally {
        // Also when an assertion failed: the server must not outlive the test or its data folder.
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      }

      assert.deepEqual(await exited, { code: 0, signal: null }, stderr);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the port is closed');
      if (target.env.DATA_DIR) {
        assert.equal(
          existsSync(path.join(target.env.DATA_DIR, '.pakalpe.lock')),
          false,
          'the data folder is released',
        );
      }
    },
  );
});
