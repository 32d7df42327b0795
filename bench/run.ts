import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { actionOperations } from '../src/requests/routes.ts';
import { type Measurement, recorder, runLanes, summarise } from './measure.ts';
import { fullPath } from './seed.ts';
import type { ServerReady } from './server.ts';

// `npm run bench`: the foundation's hot paths, each beside a baseline measured in the same run.
// Every server runs in its own process and autocannon in another, so no two share an event loop.
// `npm run bench -- --write` also replaces the results block in bench/RESULTS.md.
//
// BENCH_SECONDS (10) per autocannon run, BENCH_REQUESTS (1500) seeded, BENCH_DATABASES (pglite,postgres),
// BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/test: a bench database is created beside it).

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = 2;
const connections = 10;
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

// Whatever was started is stopped, last first, on success, failure or Ctrl-C. One cleanup at a time:
// a signal and a failing step may both ask for it, and neither may exit while the other drops a database.
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let step = cleanups.pop(); step; step = cleanups.pop()) {
      await step().catch((error) => console.error('cleanup:', error));
    }
  })().finally(() => {
    cleaning = undefined;
  });
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a TypeScript script with an IPC channel and waits for its first message. */
async function startServer<T>(script: string, env: Record<string, string>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', root(script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => stop(child));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready after 5 minutes`)), 300_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
}

type HttpResult = { perSecond: number; p50: number; p99: number; bytes: number };

async function autocannon(url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  const args = ['--json', '-c', `${connections}`, '-d', `${seconds}`];
  args.push('--warmup', '[', '-c', `${connections}`, '-d', `${warmupSeconds}`, ']');
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const child = spawn(root('node_modules/.bin/autocannon'), [...args, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => stop(child));
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.total / result.requests.total),
  };
}

/** Fresh drafts through the whole procedure over HTTP, `connections` at a time: each POST is timed. */
async function httpTransitions(server: ServerReady): Promise<Measurement> {
  const tokens = new Map(server.members.map((m) => [m.institutionId, m.token]));
  const walk = async (time: ReturnType<typeof recorder>['time']) => {
    const draft = server.drafts.shift();
    if (!draft) return false;
    let version = 1;
    for (const { action, by } of fullPath) {
      const token = by === 'member' ? tokens.get(draft.institutionId) : server.reviewerToken;
      if (action === 'approveReview') {
        // The approval guard wants an audit analysis attached; that step is not a transition, so untimed.
        const attached = await fetch(`${server.url}/api/v1/requests/${draft.id}/audit-analyses`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ version }),
        });
        if (attached.status !== 201)
          throw new Error(`attachAuditAnalysis: ${attached.status} ${await attached.text()}`);
        version += 1;
      }
      const url = `${server.url}/api/v1/requests/${draft.id}/${actionOperations[action].path}`;
      const reply = await time(async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ version }),
        });
        return { status: res.status, body: (await res.json()) as { version: number } };
      });
      if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
      version = reply.body.version;
    }
    return true;
  };
  await runLanes(connections, 1000, () => walk((work) => work()));
  const timer = recorder();
  const taken = await runLanes(connections, seconds * 1000, () => walk(timer.time));
  return summarise(timer.samples, taken);
}

async function createBenchDatabase(): Promise<string> {
  const name = `pakalpe_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Cannot reach PostgreSQL at ${postgresUrl} (${(error as Error).message}). ` +
        'Set BENCH_POSTGRES_URL, or BENCH_DATABASES=pglite to skip it.',
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const cleanup = new pg.Client({ connectionString: postgresUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.end());
  });
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type DatabaseRun = {
  server: ServerReady;
  get: HttpResult;
  list: HttpResult;
  transitions: Measurement;
};

async function benchDatabase(kind: 'pglite' | 'postgres'): Promise<DatabaseRun & { bodies: unknown }> {
  console.error(`[bench] ${kind}: seeding and measuring in-process baselines…`);
  const env: Record<string, string> = { BENCH_DB: kind, BENCH_CONNECTIONS: `${connections}` };
  if (kind === 'postgres') env.BENCH_DATABASE_URL = await createBenchDatabase();
  const server = await startServer<ServerReady>('bench/server.ts', env);
  const auth = { authorization: `Bearer ${server.reviewerToken}` };
  const getUrl = `${server.url}/api/v1/requests/${server.reviewedRequestId}`;
  const listUrl = `${server.url}/api/v1/requests?pageSize=25`;
  const bodies = {
    get: await (await fetch(getUrl, { headers: auth })).json(),
    list: await (await fetch(listUrl, { headers: auth })).json(),
  };
  console.error(`[bench] ${kind}: HTTP reads…`);
  const get = await autocannon(getUrl, auth);
  const list = await autocannon(listUrl, auth);
  console.error(`[bench] ${kind}: HTTP transitions…`);
  const transitions = await httpTransitions(server);
  await cleanUp();
  return { server, get, list, transitions, bodies };
}

// Formatting -------------------------------------------------------------------------------------

const rate = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const wholeMs = (n: number) => `${Math.round(n)}`; // autocannon's latencies have 1 ms resolution
const ratio = (a: number, b: number) => `${((100 * a) / b).toFixed(a < b / 10 ? 1 : 0)} %`;
const label = { pglite: 'PGlite', postgres: 'PostgreSQL' };

function report(runs: Partial<Record<'pglite' | 'postgres', DatabaseRun>>, bare: Record<string, HttpResult>) {
  const lines: string[] = [];
  const entries = Object.entries(runs) as ['pglite' | 'postgres', DatabaseRun][];
  lines.push(
    `**HTTP reads** — autocannon, ${connections} connections, ${seconds} s after a ${warmupSeconds} s warm-up, ` +
      'Bearer API token of an agency reviewer.',
    '',
    '| route | database | Pakalpe req/s | p50 / p99 ms | bare Fastify, same body: req/s | Pakalpe ÷ bare | main SQL query alone: q/s | Pakalpe ÷ query |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  );
  for (const [route, key, query] of [
    ['`GET /requests/{id}`', 'get', 'getQuery'],
    ['`GET /requests?pageSize=25`', 'list', 'listQuery'],
  ] as const) {
    for (const [kind, run] of entries) {
      const http = run[key];
      const base = bare[key] as HttpResult;
      const sql = run.server.inProcess[query] as Measurement;
      lines.push(
        `| ${route} (${http.bytes.toLocaleString('en-US')} B) | ${label[kind]} | ${rate(http.perSecond)} | ` +
          `${wholeMs(http.p50)} / ${wholeMs(http.p99)} | ${rate(base.perSecond)} | ${ratio(http.perSecond, base.perSecond)} | ` +
          `${rate(sql.perSecond)} | ${ratio(http.perSecond, sql.perSecond)} |`,
      );
    }
  }

  lines.push(
    '',
    `**Where a read's time goes** — in the server process, no HTTP, ${connections} concurrent callers.`,
    '',
    `| operation | ${entries.map(([k]) => `${label[k]} ops/s | p50 / p99 ms`).join(' | ')} |`,
    `|---|${entries.map(() => '--:|--:').join('|')}|`,
  );
  const operations = [
    ['tokenLookup', 'API token lookup (`findActorByApiToken`: SELECT, then UPDATE last_used_at)'],
    ['tokenSelect', '… its SELECT alone'],
    ['getQuery', 'getRequest main query (requests ⋈ institution, service, assignee)'],
    ['getUseCase', 'token lookup + `getRequestView`, all its queries (what the route runs)'],
    ['listQuery', 'listRequests page query (25 rows)'],
    ['listUseCase', 'token lookup + `listRequests`, all its queries (what the route runs)'],
  ] as const;
  for (const [key, name] of operations) {
    const cells = entries.map(([, run]) => {
      const m = run.server.inProcess[key] as Measurement;
      return `${rate(m.perSecond)} | ${ms(m.p50)} / ${ms(m.p99)}`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }

  lines.push(
    '',
    `**Workflow writes** — fresh drafts taken through all ${fullPath.length} transitions ` +
      `(${fullPath.map((s) => s.action).join(' → ')}), ${connections} at a time; every transition timed.`,
    '',
    '| database | HTTP transitions/s | p50 / p95 / p99 ms | use case in-process: transitions/s | p50 / p95 / p99 ms | HTTP ÷ in-process |',
    '|---|--:|--:|--:|--:|--:|',
  );
  for (const [kind, run] of entries) {
    const http = run.transitions;
    const direct = run.server.inProcess.transition as Measurement;
    lines.push(
      `| ${label[kind]} | ${rate(http.perSecond)} | ${ms(http.p50)} / ${ms(http.p95)} / ${ms(http.p99)} | ` +
        `${rate(direct.perSecond)} | ${ms(direct.p50)} / ${ms(direct.p95)} / ${ms(direct.p99)} | ` +
        `${ratio(http.perSecond, direct.perSecond)} |`,
    );
  }
  lines.push(
    '',
    `Bare Fastify: ${rate(bare.get?.perSecond ?? 0)} req/s with the getRequest body, ` +
      `${rate(bare.list?.perSecond ?? 0)} with the listRequests body. ` +
      `Writes measured over ${entries
        .map(
          ([k, r]) =>
            `${r.transitions.seconds.toFixed(1)} s (HTTP) and ${r.server.inProcess.transition?.seconds.toFixed(1)} s (in-process) on ${label[k]}`,
        )
        .join(', ')}; fewer than ${seconds} s over HTTP means the fresh drafts ran out. ` +
      `Seeding took ${entries.map(([k, r]) => `${r.server.seedSeconds.toFixed(1)} s on ${label[k]}`).join(', ')}.`,
  );
  return lines.join('\n');
}

// Main -------------------------------------------------------------------------------------------

const started = new Date();
const loadBefore = os.loadavg()[0] ?? 0;
try {
  const runs: Partial<Record<'pglite' | 'postgres', DatabaseRun>> = {};
  let bodies: unknown;
  for (const kind of databases) {
    const run = await benchDatabase(kind);
    runs[kind] = run;
    bodies ??= run.bodies;
  }
  console.error('[bench] bare Fastify baseline…');
  const baseline = await startServer<{ url: string }>('bench/baseline-server.ts', {
    BENCH_BODIES: JSON.stringify(bodies),
  });
  const bare = {
    get: await autocannon(`${baseline.url}/get`),
    list: await autocannon(`${baseline.url}/list`),
  };
  await cleanUp();

  const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
  const machine =
    `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.availableParallelism()} × ` +
    `${os.cpus()[0]?.model ?? '?'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ` +
    `load average ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after · ${minutes} min`;
  const text = `${machine}\n\n${report(runs, bare)}`;
  console.log(text);
  if (process.argv.includes('--write')) {
    const file = root('bench/RESULTS.md');
    const start = '<!-- bench:results -->';
    const end = '<!-- /bench:results -->';
    const current = readFileSync(file, 'utf8');
    const [before, rest] = current.split(start);
    const after = rest?.split(end)[1];
    if (before === undefined || after === undefined)
      throw new Error(`${file} has no ${start} … ${end} block`);
    writeFileSync(file, `${before}${start}\n${text}\n${end}${after}`);
    // Biome aligns the tables, so `npm run check` stays clean after an update.
    spawnSync(root('node_modules/.bin/biome'), ['format', '--write', file], { stdio: 'ignore' });
    console.error(`[bench] wrote ${file}`);
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
