import type { Contract } from './contract.ts';
import { compareSchemas, type SchemaChange } from './schema-changes.ts';

// What changed between two versions of one request's description: the operations added, removed and
// changed (their request, response, faults or security), each data change classified as in the
// catalog comparison, and the endpoints and identifier before and after. The history entry of a
// replaced description carries the counts; "changes since last round" shows the whole summary. Pure.

/** A summary keeps at most this many data changes (the counts are always complete). */
export const maxListedChanges = 200;

export type DescriptionDiff = {
  operationsAdded: string[];
  operationsRemoved: string[];
  operationsChanged: string[];
  breaking: number;
  changes: SchemaChange[];
  /** True when `changes` was cut at maxListedChanges. */
  truncated: boolean;
  endpoints: { before: string[]; after: string[] };
  identifier: { before: string | null; after: string | null };
};

export function diffDescriptions(previous: Contract, next: Contract): DescriptionDiff {
  const changes = compareSchemas(previous, next);
  const operationsAdded = changes.filter((c) => c.kind === 'operation-added').map((c) => c.operation);
  const operationsRemoved = changes.filter((c) => c.kind === 'operation-removed').map((c) => c.operation);
  const operationsChanged = [
    ...new Set(changes.filter((c) => c.area !== 'operation').map((c) => c.operation)),
  ];
  return {
    operationsAdded,
    operationsRemoved,
    operationsChanged,
    breaking: changes.filter((c) => c.impact === 'breaking').length,
    changes: changes.slice(0, maxListedChanges),
    truncated: changes.length > maxListedChanges,
    endpoints: { before: previous.endpoints.map((e) => e.url), after: next.endpoints.map((e) => e.url) },
    identifier: { before: previous.identifier ?? null, after: next.identifier ?? null },
  };
}

/** Whether two versions differ in anything the summary reports. */
export function descriptionChanged(d: DescriptionDiff): boolean {
  return (
    d.changes.length > 0 ||
    d.endpoints.before.join('\n') !== d.endpoints.after.join('\n') ||
    d.identifier.before !== d.identifier.after
  );
}

/** What the history entry of a replaced description keeps: counts and names, no field-level detail. */
export function diffCounts(d: DescriptionDiff): {
  added: number;
  removed: number;
  changed: number;
  breaking: number;
  operationsAdded: string[];
  operationsRemoved: string[];
  operationsChanged: string[];
} {
  const names = (list: string[]) => list.slice(0, 50);
  return {
    added: d.operationsAdded.length,
    removed: d.operationsRemoved.length,
    changed: d.operationsChanged.length,
    breaking: d.breaking,
    operationsAdded: names(d.operationsAdded),
    operationsRemoved: names(d.operationsRemoved),
    operationsChanged: names(d.operationsChanged),
  };
}
