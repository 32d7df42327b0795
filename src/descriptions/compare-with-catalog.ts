import type { Contract } from './contract.ts';
import { compareSchemas, operationKey, type SchemaChange } from './schema-changes.ts';

// What a description changes compared with the service's entry in the test IS catalog: the operations
// added and removed, the endpoint, and whether the identifier's version was raised as VISS expects
// (a removed operation breaks consumers: a new major version; an added one: at least a new minor).
// When the catalog holds the registered description too, the data itself is compared, and every
// schema change is classified as breaking or compatible. Pure.

export type CatalogSide = { identifier: string; operations: readonly string[]; endpointUrl: string | null };

export type CatalogComparison = {
  operationsAdded: string[];
  operationsRemoved: string[];
  /** False when the catalog entry has no registered description to compare the schemas with. */
  schemaCompared: boolean;
  schemaChanges: SchemaChange[];
  endpoint: { catalog: string | null; description: string[]; changed: boolean };
  version: {
    catalog: { major: number; minor: number } | null;
    description: { major: number; minor: number } | null;
    /** What the changes require, and whether the description's identifier does it. */
    required: 'none' | 'minor' | 'major';
    satisfied: boolean;
  };
};

function versionOf(identifier: string | undefined): { major: number; minor: number } | null {
  const m = identifier ? /-V(\d+)-(\d+)$/.exec(identifier) : null;
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

/** Operation names compare case- and accent-insensitively: "SaņemtDatus" and "SanemtDatus" are one. */
const key = operationKey;

export function compareWithCatalog(
  contract: Contract,
  catalog: CatalogSide,
  registered: Contract | null = null,
): CatalogComparison {
  const described = new Map(
    contract.operations.flatMap((o) => [o.name, o.id].map((n) => [key(n), o.name] as const)),
  );
  const listed = new Map(catalog.operations.map((n) => [key(n), n]));
  const operationsAdded = [
    ...new Set(
      contract.operations
        .filter((o) => !listed.has(key(o.name)) && !listed.has(key(o.id)))
        .map((o) => o.name),
    ),
  ];
  const operationsRemoved = catalog.operations.filter((n) => !described.has(key(n)));
  const urls = contract.endpoints.map((e) => e.url);
  const endpointChanged =
    catalog.endpointUrl !== null && urls.length > 0 && !urls.includes(catalog.endpointUrl);
  const before = versionOf(catalog.identifier);
  const after = versionOf(contract.identifier);
  const schemaChanges = registered ? compareSchemas(registered, contract) : [];
  const breaking = operationsRemoved.length > 0 || schemaChanges.some((c) => c.impact === 'breaking');
  const changed = operationsAdded.length > 0 || schemaChanges.length > 0;
  const required = breaking ? 'major' : changed ? 'minor' : 'none';
  let satisfied = true;
  if (required !== 'none') {
    if (!before || !after) satisfied = false;
    else if (required === 'major') satisfied = after.major > before.major;
    else
      satisfied = after.major > before.major || (after.major === before.major && after.minor > before.minor);
  }
  return {
    operationsAdded,
    operationsRemoved,
    schemaCompared: registered !== null,
    schemaChanges,
    endpoint: { catalog: catalog.endpointUrl, description: urls, changed: endpointChanged },
    version: { catalog: before, description: after, required, satisfied },
  };
}
