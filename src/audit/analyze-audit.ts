import type { z } from 'zod';
import { findCatalogServiceByIdentifier } from '../catalog/index.ts';
import type { Db } from '../platform/db/transaction.ts';
import { type AuditAnalysis, analyseAudit, type DeclaredOperations, type Thresholds } from './analysis.ts';
import { type AuditScope, hashRecordsInScope, loadAuditAggregates } from './analysis-queries.ts';
import type { auditAnalysisView } from './schemas.ts';

// analyzeAudit: aggregates from SQL, judgement from the pure analysis.

// The analysis type and its HTTP schema must not drift apart.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const shapesAgree: SameShape<AuditAnalysis, z.infer<typeof auditAnalysisView>> = true;
void shapesAgree;

export async function analyzeServiceWindow(
  db: Db,
  scope: AuditScope,
  thresholds: Thresholds,
  declared: DeclaredOperations,
): Promise<AuditAnalysis> {
  const aggregates = await loadAuditAggregates(db, scope, { slowCallMs: thresholds.slowCallMs });
  return analyseAudit(aggregates, {
    service: scope.service,
    environment: scope.environment,
    window: { from: scope.from, to: scope.to },
    thresholds,
    declared,
  });
}

/** The operations the service's test-catalog entry declares, as the coverage baseline when no description is at hand. */
export async function declaredInCatalog(db: Db, identifier: string): Promise<DeclaredOperations> {
  const entry = await findCatalogServiceByIdentifier(db, 'test', identifier);
  if (!entry || entry.operations.length === 0) return { source: 'none', operations: [] };
  return { source: 'catalog', operations: entry.operations.map((name) => ({ name, aliases: [] })) };
}

export { hashRecordsInScope };
