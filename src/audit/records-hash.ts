import { createHash } from 'node:crypto';
import type { AuditRecord } from './record.ts';

// The TypeScript twin of the canonical line in analysis-queries.ts: with it anyone holding the records
// (an export, the act's attachment) can recompute an analysis's hash without Pakalpe's database.
// PostgreSQL's json text puts ", " between array items; strings are escaped as JSON does.

export function canonicalRecordLine(r: AuditRecord): string {
  const items = [
    r.environment,
    r.messageId,
    r.service,
    r.operation,
    r.consumerInstitution,
    r.consumerSystem,
    r.requestInAt.toISOString(),
    r.durationMs,
    r.result,
    r.faultCode,
    r.httpStatus,
    r.endUserHash?.toString('hex') ?? null,
  ];
  return `[${items.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** SHA-256 (hex) over the records in (request in, message id) order, as analyses store it. */
export function hashRecords(records: readonly AuditRecord[]): string {
  const sorted = [...records].sort(
    (a, b) =>
      a.requestInAt.getTime() - b.requestInAt.getTime() ||
      (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0),
  );
  return createHash('sha256').update(sorted.map(canonicalRecordLine).join('\n')).digest('hex');
}
