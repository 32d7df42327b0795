import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import {
  type AuditScope,
  analyzeServiceWindow,
  auditAnalysisView,
  type DeclaredOperations,
  declaredInCatalog,
  defaultThresholds,
  hashRecordsInScope,
  type Thresholds,
} from '../audit/index.ts';
import { getCatalogService } from '../catalog/index.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { capabilities } from './capabilities.ts';
import {
  assertRequestVisible,
  assertVersion,
  latestDescriptionId,
  loadRequestForUpdate,
  toCapabilitySubject,
  visibleRequests,
} from './queries.ts';
import { recordRequestChange } from './record-change.ts';

// An analysis of the service's audit records attached to a request: a snapshot of the window, the
// parameters, the results and the SHA-256 of exactly the records used, so the act can show it
// unchanged months later. Attached by the assigned reviewer (or an admin) during the review, in one
// action; never changed afterwards (the table refuses UPDATE and DELETE). Approving the review of a
// request used in VISS infrastructure needs one (workflow guard `auditAnalysisAttached`).

export const requestAuditAnalysisView = z.object({
  id: z.uuid(),
  requestVersion: z.number().int().describe('The request version the analysis was attached at'),
  service: z.string(),
  environment: z.enum(['test', 'production']),
  window: z.object({ from: z.iso.date(), to: z.iso.date() }),
  parameters: z.object({
    thresholds: z.object({ faultRatePercent: z.number(), latencyP95Ms: z.number(), slowCallMs: z.number() }),
    windowSource: z.enum(['given', 'testPeriod', 'last30Days']),
  }),
  results: auditAnalysisView,
  recordCount: z.number().int(),
  recordsSha256: z
    .string()
    .describe(
      'SHA-256 (hex) over the records used, one canonical line each in (request in, message id) order; see docs/architecture.md',
    ),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
  descriptionId: z
    .uuid()
    .nullable()
    .describe("The request's latest description when the analysis was made (its operations were judged)"),
  outdated: z
    .boolean()
    .describe('A newer description was attached since: the analysis judged operations that may have changed'),
});
export type RequestAuditAnalysisView = z.infer<typeof requestAuditAnalysisView>;

export type AttachAuditAnalysisInput = {
  version: number;
  window?: { from: string; to: string } | undefined;
  thresholds?: Partial<Thresholds> | undefined;
};

/** Today in Riga as YYYY-MM-DD, and the day `days` before it. */
function rigaDays(now: Date, days: number): { from: string; to: string } {
  const riga = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(d);
  return { from: riga(new Date(now.getTime() - days * 86_400_000)), to: riga(now) };
}

function mayAttach(actor: Actor, row: Parameters<typeof toCapabilitySubject>[0]): void {
  if (actor.role === 'institution_member') {
    throw new AppError('forbidden', { detail: 'Audit analyses are attached by the agency.' });
  }
  if (!capabilities(toCapabilitySubject(row), actor).resolveCorrections) {
    throw new AppError('invalid_transition', {
      detail:
        'An audit analysis is attached by the assigned reviewer (or an admin) while the request is in review.',
      extensions: { reason: 'state', state: row.state },
    });
  }
}

/** Operations the request's latest description declares; else the catalog entry's; else none. */
async function declaredOperations(
  db: Db | Tx,
  requestId: string,
  identifier: string,
): Promise<DeclaredOperations> {
  const description = await db
    .selectFrom('request_descriptions')
    .select('summary')
    .where('request_id', '=', requestId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const operations = (
    description?.summary as
      | { operations?: { id: string; name: string; method?: string; path?: string }[] }
      | undefined
  )?.operations;
  if (operations && operations.length > 0) {
    return {
      source: 'description',
      operations: operations.map((o) => ({
        name: o.method && o.path ? `${o.method.toUpperCase()} ${o.path}` : o.name,
        aliases: [o.id, o.name].filter((a) => a !== undefined),
      })),
    };
  }
  return declaredInCatalog(db as Db, identifier);
}

export async function attachAuditAnalysis(
  db: Db,
  actor: Actor,
  requestId: string,
  input: AttachAuditAnalysisInput,
): Promise<RequestAuditAnalysisView> {
  // Checked before the (possibly long) analysis, and again under the row lock.
  const current = await visibleRequests(db, actor).selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!current) throw new AppError('not_found', { detail: 'No such request.' });
  mayAttach(actor, current);
  assertVersion(current, input.version);

  const service = await getCatalogService(db, current.service_id);
  if (!service) throw new Error(`request ${requestId} has no catalog service`);
  const [window, windowSource] = input.window
    ? [input.window, 'given' as const]
    : current.test_period_from && current.test_period_to
      ? [{ from: current.test_period_from, to: current.test_period_to }, 'testPeriod' as const]
      : [rigaDays(new Date(), 29), 'last30Days' as const];
  const scope: AuditScope = { service: service.identifier, environment: 'test', ...window };
  const thresholds: Thresholds = { ...defaultThresholds, ...input.thresholds };
  const declared = await declaredOperations(db, requestId, service.identifier);

  // Records may arrive while the analysis runs: the hash before and after must agree, or the snapshot
  // would describe records it did not count. Imports are batched, so one retry is nearly always enough.
  let snapshot: {
    results: Awaited<ReturnType<typeof analyzeServiceWindow>>;
    hash: { count: number; sha256: string };
  } | null = null;
  for (let attempt = 0; attempt < 3 && !snapshot; attempt += 1) {
    const before = await hashRecordsInScope(db, scope);
    const results = await analyzeServiceWindow(db, scope, thresholds, declared);
    const after = await hashRecordsInScope(db, scope);
    if (before.sha256 === after.sha256 && results.totals.calls === after.count)
      snapshot = { results, hash: after };
  }
  if (!snapshot) {
    throw new AppError('conflict', {
      detail: 'Audit records kept arriving during the analysis; try again when the import has finished.',
    });
  }

  const id = newId();
  await inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, requestId);
    mayAttach(actor, row);
    assertVersion(row, input.version);
    const now = new Date();
    // The version check above also guarantees no description was attached since the operations were read.
    const descriptionId = await latestDescriptionId(trx, requestId);
    await trx
      .insertInto('request_audit_analyses')
      .values({
        id,
        request_id: requestId,
        request_version: row.version + 1,
        environment: scope.environment,
        service: scope.service,
        window_from: window.from,
        window_to: window.to,
        parameters: JSON.stringify({ thresholds, windowSource }),
        results: JSON.stringify(snapshot.results),
        record_count: snapshot.hash.count,
        records_sha256: snapshot.hash.sha256,
        created_by: actor.id,
        created_at: now,
        description_id: descriptionId,
      })
      .execute();
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'attachAuditAnalysis',
        details: {
          analysisId: id,
          descriptionId,
          service: scope.service,
          window,
          records: snapshot.hash.count,
          recordsSha256: snapshot.hash.sha256,
          flags: snapshot.results.flags.length,
        },
      },
      now,
    );
  });
  const attached = (await listAuditAnalyses(db, actor, requestId)).find((a) => a.id === id);
  if (!attached) throw new Error('attached analysis not found');
  return attached;
}

/** Every analysis attached to the request, newest first. */
export async function listAuditAnalyses(
  db: Db,
  actor: Actor,
  requestId: string,
): Promise<RequestAuditAnalysisView[]> {
  await assertRequestVisible(db, actor, requestId);
  const current = await latestDescriptionId(db, requestId);
  const rows = await db
    .selectFrom('request_audit_analyses as a')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .selectAll('a')
    .select('u.display_name')
    .where('a.request_id', '=', requestId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestVersion: r.request_version,
    service: r.service,
    environment: r.environment,
    window: { from: r.window_from, to: r.window_to },
    parameters: r.parameters as RequestAuditAnalysisView['parameters'],
    results: r.results as RequestAuditAnalysisView['results'],
    recordCount: r.record_count,
    recordsSha256: r.records_sha256,
    createdAt: r.created_at.toISOString(),
    createdBy: { id: r.created_by, displayName: r.display_name },
    descriptionId: r.description_id,
    outdated: current !== null && r.description_id !== current,
  }));
}
