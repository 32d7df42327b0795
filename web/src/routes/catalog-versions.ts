import type { ResponseOf } from '../api/client';

// What changed between consecutive versions of a catalog entry. Each version stores a snapshot of the
// whole entry; the page lists, for each version, the fields that differ from the version before it.

export type CatalogVersion = ResponseOf<'listCatalogServiceVersions'>['items'][number];
type Snapshot = CatalogVersion['snapshot'];

/** The fields a person recognises, in the order the entry page shows them. */
export const comparedFields = [
  'name',
  'description',
  'protocol',
  'kind',
  'serviceType',
  'authLevel',
  'inputSchemas',
  'outputSchemas',
  'endpointUrl',
  'hosting',
  'documents',
  'operations',
  'status',
  'deprecationNotice',
  'informationSystem',
  'institution',
] as const;
export type ComparedField = (typeof comparedFields)[number];

/** A value in a form where equal content compares equal: keys sorted, missing and null alike. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fieldValue(snapshot: Snapshot, field: ComparedField): unknown {
  switch (field) {
    case 'institution':
      return snapshot.institutionId;
    case 'informationSystem':
      // The system's id is the database's; its code and name are what the catalog says.
      return snapshot.informationSystem
        ? { code: snapshot.informationSystem.code, name: snapshot.informationSystem.name }
        : null;
    default:
      return snapshot[field];
  }
}

/** The fields that differ from the previous snapshot, in display order. */
export function changedFields(previous: Snapshot, current: Snapshot): ComparedField[] {
  return comparedFields.filter(
    (f) => canonical(fieldValue(previous, f)) !== canonical(fieldValue(current, f)),
  );
}

export type VersionChange = { kind: 'first' } | { kind: 'changed'; fields: ComparedField[] };

/**
 * For versions listed newest first, what each changed from the one listed after it. The oldest is the
 * first version, unless the list starts later (then its changes are unknown and it says `first` only
 * when it is version 1).
 */
export function versionChanges(newestFirst: readonly CatalogVersion[]): (VersionChange | null)[] {
  return newestFirst.map((version, i) => {
    const previous = newestFirst[i + 1];
    if (previous) return { kind: 'changed', fields: changedFields(previous.snapshot, version.snapshot) };
    return version.entryVersion === 1 ? { kind: 'first' } : null;
  });
}
