import { type CatalogVersion, changedFields, versionChanges } from './catalog-versions';

const system = { id: '0190a1b2-0000-7000-8000-000000000001', code: 'NRC-IRIS', name: 'Iedzīvotāju reģistrs' };
const base: CatalogVersion['snapshot'] = {
  identifier: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
  name: 'Personas datu izsniegšana',
  description: 'Izsniedz personas datus.',
  protocol: 'soap',
  operations: ['SaņemtPersonasDatus'],
  documents: [{ name: 'Apraksts', url: 'https://example.lv/a.pdf' }],
  status: 'active',
  deprecationNotice: null,
  authLevel: null,
  informationSystem: system,
  institutionId: '0190a1b2-0000-7000-8000-000000000011',
  updatedAt: '2026-03-01T10:00:00.000Z',
};

function version(entryVersion: number, snapshot: CatalogVersion['snapshot']): CatalogVersion {
  return {
    entryVersion,
    source: 'import',
    sourceRequestId: null,
    reason: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    createdBy: null,
    snapshot,
  };
}

test('finds nothing changed in equal snapshots, whatever the key order or the time stamps', () => {
  const reordered = Object.fromEntries(Object.entries(base).reverse()) as CatalogVersion['snapshot'];
  expect(changedFields(base, { ...reordered, updatedAt: '2026-04-01T00:00:00.000Z' })).toEqual([]);
});

test('lists the changed fields in display order', () => {
  const next = {
    ...base,
    status: 'deprecated' as const,
    deprecationNotice: 'Izmantojiet V2.',
    operations: ['SaņemtPersonasDatus', 'SaņemtPersonasStatusu'],
    name: 'Personas datu izsniegšana (V1)',
  };
  expect(changedFields(base, next)).toEqual(['name', 'operations', 'status', 'deprecationNotice']);
});

test('compares lists and documents by content, and a missing value as none', () => {
  expect(
    changedFields(base, { ...base, documents: [{ url: 'https://example.lv/a.pdf', name: 'Apraksts' }] }),
  ).toEqual([]);
  expect(changedFields(base, { ...base, operations: ['SaņemtPersonasStatusu'] })).toEqual(['operations']);
  const { authLevel: _gone, ...withoutAuth } = base;
  expect(changedFields(base, withoutAuth)).toEqual([]);
  expect(changedFields(base, { ...base, authLevel: 'augsts' })).toEqual(['authLevel']);
});

test('the information system changes by its code or name, not by its database id', () => {
  expect(changedFields(base, { ...base, informationSystem: { ...system, id: 'other' } })).toEqual([]);
  expect(changedFields(base, { ...base, informationSystem: { ...system, name: 'IRIS' } })).toEqual([
    'informationSystem',
  ]);
  expect(changedFields(base, { ...base, institutionId: 'someone-else' })).toEqual(['institution']);
});

test('each version is compared with the one before it; version 1 is the first', () => {
  const v1 = version(1, base);
  const v2 = version(2, { ...base, description: 'Jauns apraksts.' });
  const v3 = version(3, { ...base, description: 'Jauns apraksts.', protocol: 'rest' });
  expect(versionChanges([v3, v2, v1])).toEqual([
    { kind: 'changed', fields: ['protocol'] },
    { kind: 'changed', fields: ['description'] },
    { kind: 'first' },
  ]);
  expect(versionChanges([v3, v2])).toEqual([{ kind: 'changed', fields: ['protocol'] }, null]);
  expect(versionChanges([])).toEqual([]);
});
