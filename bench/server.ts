import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { findActorByApiToken } from '../src/accounts/api-tokens.ts';
import { hashToken } from '../src/accounts/secrets.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Db } from '../src/platform/db/transaction.ts';
import { attachAuditAnalysis } from '../src/requests/audit-analysis.ts';
import { getRequestView, listRequests, listRequestsQuery, transitionRequest } from '../src/requests/index.ts';
import { type Measurement, measureFor, recorder, runLanes, summarise } from './measure.ts';
import { type BenchData, fullPath, seedBench } from './seed.ts';

/** Links in the e-mails that benchmarked workflow steps enqueue (never delivered). */
const benchUrl = 'http://localhost:8080';

// The server under test, in its own process so autocannon (another process) does not share its event
// loop. It seeds a fresh database, measures the in-process baselines on the same connection the app
// will use (the database is not shared across processes: PGlite lives inside this one), then serves the
// real app and reports its address and data to the runner over IPC. It exits when the runner
// disconnects, whether the runner finished, failed or was killed.

export type ServerReady = {
  url: string;
  seedSeconds: number;
  reviewerToken: string;
  members: { institutionId: string; token: string }[];
  reviewedRequestId: string;
  drafts: BenchData['drafts'];
  inProcess: Record<string, Measurement>;
};

const kind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'pglite';
const requestCount = Number(process.env.BENCH_REQUESTS ?? 1500);
const measureMs = Number(process.env.BENCH_IN_PROCESS_MS ?? 3000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const handle = await connectDatabase(
  kind === 'postgres'
    ? { kind, url: process.env.BENCH_DATABASE_URL ?? '', poolSize: 10 }
    : { kind, dataDir: null },
);
let app: FastifyInstance | undefined;
let isStopping = false;
const shutdown = async () => {
  isStopping = true;
  await app?.close();
  await handle.close();
  process.exit(0);
};
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);

// The one SQL query behind each read route, as src/requests/queries.ts builds it (summarySelect with
// an agency caller, who sees every institution's requests). Keep in step with that file.
function summaryQuery(db: Db) {
  return db
    .selectFrom('requests')
    .innerJoin('institutions as i', 'i.id', 'requests.institution_id')
    .innerJoin('web_services as s', 's.id', 'requests.service_id')
    .leftJoin('users as a', 'a.id', 'requests.assignee_id')
    .selectAll('requests')
    .select([
      'i.name as institution_name',
      's.identifier as service_identifier',
      's.name as service_name',
      'a.display_name as assignee_name',
    ]);
}

async function measureInProcess(db: Db, data: BenchData): Promise<Record<string, Measurement>> {
  const token = data.reviewerToken;
  const id = data.reviewedRequestId;
  const page = listRequestsQuery.parse({ pageSize: '25' });
  const authenticated = async () => {
    const actor = await findActorByApiToken(db, token);
    if (!actor) throw new Error('bench token not accepted');
    return actor;
  };
  const results: Record<string, Measurement> = {
    tokenLookup: await measureFor(connections, measureMs, authenticated),
    // findActorByApiToken's SELECT without its UPDATE of last_used_at: what a read-only lookup costs.
    tokenSelect: await measureFor(connections, measureMs, () =>
      db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .where('api_tokens.token_hash', '=', hashToken(token))
        .where('api_tokens.revoked_at', 'is', null)
        .where((eb) =>
          eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', new Date())]),
        )
        .where('users.is_active', '=', true)
        .executeTakeFirstOrThrow(),
    ),
    getQuery: await measureFor(connections, measureMs, () =>
      summaryQuery(db).where('requests.id', '=', id).executeTakeFirstOrThrow(),
    ),
    getUseCase: await measureFor(connections, measureMs, async () =>
      getRequestView(db, await authenticated(), id),
    ),
    listQuery: await measureFor(connections, measureMs, () =>
      summaryQuery(db)
        .orderBy('requests.updated_at', 'desc')
        .orderBy('requests.id', 'desc')
        .limit(25)
        .offset(0)
        .execute(),
    ),
    listUseCase: await measureFor(connections, measureMs, async () =>
      listRequests(db, await authenticated(), page),
    ),
  };

  // Writes: walk fresh drafts through the whole procedure, calling the use case directly. A third of
  // the drafts at most; the HTTP write bench, which runs longer, gets the rest.
  const supply = data.drafts.splice(0, Math.floor(data.drafts.length / 3));
  const timer = recorder();
  const seconds = await runLanes(connections, measureMs, async () => {
    const draft = supply.shift();
    if (!draft) return false;
    const member = data.members.find((m) => m.institutionId === draft.institutionId);
    let version = 1;
    for (const { action, by } of fullPath) {
      const actor = by === 'member' ? member?.actor : data.reviewer;
      if (!actor) throw new Error('no member for the draft');
      if (action === 'approveReview') {
        // The approval guard wants an audit analysis attached; not a transition, so untimed.
        version = (await attachAuditAnalysis(db, actor, draft.id, { version })).requestVersion;
      }
      const view = await timer.time(() =>
        transitionRequest(db, actor, draft.id, action, { version }, benchUrl),
      );
      version = view.version;
    }
    return true;
  });
  results.transition = summarise(timer.samples, seconds);
  return results;
}

try {
  await migrateToLatest(handle.db);
  const seedStart = performance.now();
  const data = await seedBench(handle.db, requestCount);
  // Fresh statistics, and no autovacuum of the seeded tables kicking in halfway through a measurement.
  await sql`VACUUM ANALYZE`.execute(handle.db);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const inProcess = await measureInProcess(handle.db, data);

  // Silent logging: the numbers are about the code paths. The default LOG_LEVEL=info would add two
  // log lines per request to every number, and make them depend on where stdout goes.
  app = await buildApp(handle, loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const ready: ServerReady = {
    url: `http://127.0.0.1:${address.port}`,
    seedSeconds,
    reviewerToken: data.reviewerToken,
    members: data.members.map((m) => ({ institutionId: m.institutionId, token: m.token })),
    reviewedRequestId: data.reviewedRequestId,
    drafts: data.drafts,
    inProcess,
  };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready));
} catch (error) {
  // Stopped by the runner halfway through: the error is only the closed connection.
  if (isStopping) process.exit(0);
  console.error(error);
  await app?.close();
  await handle.close();
  process.exit(1);
}
