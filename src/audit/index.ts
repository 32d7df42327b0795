// The audit feature's public face for other features (requests attach analyses; the CLI and demo import).
export * from './analysis.ts';
export type { AuditScope } from './analysis-queries.ts';
export * from './analyze-audit.ts';
export * from './end-user-hash.ts';
export * from './generate-records.ts';
export * from './import-records.ts';
export { dropPartitionsBefore } from './partitions.ts';
export * from './read-records.ts';
export type { AuditRecord, AuditRecordInput, HashPerson, RowIssue } from './record.ts';
export { toAuditRecord } from './record.ts';
export { auditRoutes } from './routes.ts';
export * from './schemas.ts';
