import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeWorld, type World } from './helpers/factories.ts';

describe(`IS catalog [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let w: World;
  let admin: ApiClient;
  let member: ApiClient;
  let registrationA: string;

  before(async () => {
    t = await startTestApp();
    w = await makeWorld(t.database.db);
    admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
    member = await ApiClient.logIn(t.app, w.memberA.email, w.memberA.password);
    registrationA = w.institutionA.registrationNumber;
  });
  after(() => t.close());

  const row = (identifier: string, overrides: Record<string, unknown> = {}) => ({
    identifier,
    name: 'Dzīvesvietas datu saņemšana',
    description: 'Atgriež personas deklarēto adresi.',
    protocol: 'soap',
    kind: 'synchronous',
    serviceType: 'business',
    authLevel: 'substantial',
    inputSchemas: ['URN:IVIS:100001:XSD-DZ01-Request-v1-0'],
    outputSchemas: ['URN:IVIS:100001:XSD-DZ01-Response-v1-0'],
    endpointUrl: 'https://viss-test.example.lv/dz01',
    hosting: 'agency',
    documents: [{ name: 'DZ01.wsdl' }],
    operations: ['SaņemtAdresi', 'PārbaudītAdresi'],
    status: 'active',
    institution: { registrationNumber: registrationA },
    informationSystem: { code: 'IS-DZ', name: 'Dzīvesvietu reģistrs' },
    ...overrides,
  });

  it('imports valid rows and reports every rejected row with its number and reasons', async () => {
    const res = await admin.post('/api/v1/catalog/import', [
      row('URN:IVIS:100001:DZ01-V1-0'),
      row('not-an-identifier'),
      row('URN:IVIS:100001:DZ02-V1-0', { institution: { registrationNumber: '99999999999' } }),
      row('URN:IVIS:100001:DZ03-V1-0', { status: 'deprecated' }),
      row('URN:IVIS:100001:DZ01-V1-0'),
      'not an object',
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.received, 6);
    assert.equal(res.body.created, 1);
    assert.deepEqual(
      res.body.rejected.map((r: { row: number; errors: { path: string }[] }) => [
        r.row,
        r.errors.map((e) => e.path),
      ]),
      [
        [2, ['identifier']],
        [3, ['institution.registrationNumber']],
        [4, ['deprecationNotice']],
        [5, ['identifier']],
        [6, ['']],
      ],
    );
  });

  it('finds entries Latvian-aware: "sanemt" finds "SaņemtAdresi", and filters combine', async () => {
    const found = await member.get('/api/v1/catalog/services?environment=test&q=sanemt');
    assert.ok(
      found.body.items.some((s: { identifier: string }) => s.identifier === 'URN:IVIS:100001:DZ01-V1-0'),
    );
    const byOperation = await member.get(
      `/api/v1/catalog/services?q=${encodeURIComponent('parbaudit adresi')}`,
    );
    assert.equal(byOperation.body.total, 0, 'words are matched as one phrase');
    const phrase = await member.get('/api/v1/catalog/services?q=parbauditadresi&protocol=soap&status=active');
    assert.equal(phrase.body.total, 1);
    const rest = await member.get('/api/v1/catalog/services?q=sanemt&protocol=rest');
    assert.equal(rest.body.total, 0);
  });

  it('a re-import updates the entry, and every write is a browsable immutable version', async () => {
    const again = await admin.post('/api/v1/catalog/import', [
      row('URN:IVIS:100001:DZ01-V1-0', { status: 'deprecated', deprecationNotice: 'Aizstāj DZ01-V2-0.' }),
    ]);
    assert.deepEqual([again.body.created, again.body.updated], [0, 1]);
    const list = await member.get('/api/v1/catalog/services?q=DZ01-V1-0');
    const entry = list.body.items[0];
    assert.equal(entry.status, 'deprecated');
    assert.equal(entry.entryVersion, 2);
    const versions = await member.get(`/api/v1/catalog/services/${entry.id}/versions`);
    assert.deepEqual(
      versions.body.items.map((v: { entryVersion: number; source: string; snapshot: { status: string } }) => [
        v.entryVersion,
        v.source,
        v.snapshot.status,
      ]),
      [
        [2, 'import', 'deprecated'],
        [1, 'import', 'active'],
      ],
    );
    assert.equal(
      (await member.get('/api/v1/catalog/services/00000000-0000-7000-8000-000000000000/versions')).status,
      404,
    );
  });

  it('exports JSON that imports back unchanged, and CSV with Latvian letters for spreadsheets', async () => {
    const json = await admin.get(
      `/api/v1/catalog/export?environment=test&institutionId=${w.institutionA.id}`,
    );
    assert.equal(json.status, 200);
    assert.match(String(json.headers['content-disposition']), /attachment; filename="pakalpe-test-catalog-/);
    const exported = json.body;
    const dz01 = exported.find((e: { identifier: string }) => e.identifier === 'URN:IVIS:100001:DZ01-V1-0');
    assert.deepEqual(dz01.operations, ['SaņemtAdresi', 'PārbaudītAdresi']);
    const roundTrip = await admin.post('/api/v1/catalog/import', exported);
    assert.deepEqual(roundTrip.body.rejected, []);

    const searched = await admin.get('/api/v1/catalog/export?q=sanemt&protocol=soap');
    assert.ok(searched.body.length >= 1);
    assert.ok(searched.body.every((e: { protocol: string }) => e.protocol === 'soap'));
    const csv = await admin.get('/api/v1/catalog/export?environment=test&format=csv');
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const text = csv.body as string;
    assert.ok(text.startsWith('\uFEFFidentifier,name,status'));
    assert.match(text, /Dzīvesvietas datu saņemšana/);
  });

  it('only agency admins import; anyone signed in reads and exports', async () => {
    const refused = await member.post('/api/v1/catalog/import', [row('URN:IVIS:100001:DZ09-V1-0')]);
    assert.equal(refused.status, 403);
    assert.equal((await member.get('/api/v1/catalog/export')).status, 200);
  });
});
