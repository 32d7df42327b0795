import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { testDatabaseKind } from './helpers/db.ts';

// The README promises that a request can be driven through both branches with curl alone.
// This runs docs/walkthrough.sh against a real server process started as `npm start` would.

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

describe(`curl walkthrough against npm start [${testDatabaseKind}]`, {
  skip: testDatabaseKind !== 'pglite' && 'the demo is seeded automatically only on the embedded database',
}, () => {
  let server: ChildProcess;
  let dataDir: string;
  let base: string;
  let output = '';

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pakalpe-walk-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['bin/pakalpe.js', 'serve', '--demo-if-empty'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 240_000; // a first start seeds the demo; a loaded 2-core machine needs time
    while (!output.includes('Demo accounts')) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the address and the demo logins', () => {
    assert.match(output, new RegExp(`Pakalpe is running at ${base}/`));
    assert.match(output, /anna\.berzina@vraa\.demo\s+agency_admin/);
    assert.match(output, /password for all: demo-parole-2026/);
  });

  it('drives one request through every step and one through the short branch, using curl and jq only', {
    timeout: 180_000,
  }, async () => {
    // The script signs the act as the institution with a certificate from the server's demo CA.
    const { stdout } = await run('bash', ['docs/walkthrough.sh', base], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    const states = (ref: string) => [...stdout.matchAll(new RegExp(`${ref}: (\\w+)`, 'g'))].map((m) => m[1]);
    const refs = [...new Set([...stdout.matchAll(/(TP-\d{4}-\d{4}):/g)].map((m) => m[1] as string))];
    // The demo's draft is withdrawn first, so its service is free for the two new requests.
    assert.equal(refs.length, 3);
    assert.deepEqual(states(refs[0] as string), ['withdrawn']);
    assert.deepEqual(states(refs[1] as string), [
      'submitted',
      'in_review',
      'corrections_requested',
      // Resubmitted with its reviewer assigned: straight back to review.
      'in_review',
      'acceptance',
      'registration',
      'installation',
      'completed',
    ]);
    assert.deepEqual(states(refs[2] as string), ['submitted', 'in_review', 'registration', 'completed']);
    assert.match(stdout, /description checked: 0 errors/);
    assert.match(stdout, /act AA-\d{4}-\d{4} version 1 issued and signed by the agency/);
    assert.match(stdout, /registration \(signatures: agency, institution\)/);
    assert.match(stdout, /registerInProduction registration -> completed/);
  });
});
