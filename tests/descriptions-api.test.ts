import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient, startTestApp, type TestApp } from './helpers/app.ts';
import { testDatabaseKind } from './helpers/db.ts';
import { makeInstitution, makeUser } from './helpers/factories.ts';

const corpus = path.resolve(import.meta.dirname, '../../shared/corpus/wsdl');
const read = (relative: string) => readFileSync(path.join(corpus, relative), 'utf8');

const openApi = `openapi: 3.0.3
info:
  title: Stāvvietu atļaujas
  version: 1.0.0
servers:
  - url: http://localhost:8080
paths:
  /atlaujas/{numurs}:
    get:
      operationId: getAtlauja
      parameters:
        - name: numurs
          in: path
          required: true
          schema: { type: string }
      responses:
        '200':
          description: Atļauja
          content:
            application/json:
              schema: { type: object, properties: { numurs: { type: string } } }
`;

describe(`checkDescription over HTTP [${testDatabaseKind}]`, () => {
  let t: TestApp;
  let developer: ApiClient;
  before(async () => {
    t = await startTestApp();
    const institution = await makeInstitution(t.database.db);
    const user = await makeUser(t.database.db, 'institution_member', institution.id);
    const session = await ApiClient.logIn(t.app, user.email, user.password);
    const token = await session.post('/api/v1/me/tokens', { name: 'CI' });
    developer = new ApiClient(t.app, { bearer: token.body.token });
  });
  after(() => t.close());

  it('a WSDL with its imported XSDs gets the contract and the guideline findings with locations', async () => {
    const res = await developer.post('/api/v1/descriptions/check', {
      main: 'testservice.wsdl',
      files: [
        { name: 'testservice.wsdl', content: read('xroad-wsdlvalidator/testservice.wsdl') },
        ...['xroad', 'identifiers', 'xml', 'swaref', 'xmlmime']
          .map((x) => `xsd/${x}.xsd`)
          .map((name) => ({ name, content: read(`xroad-wsdlvalidator/${name}`) })),
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.format, 'wsdl-1.1');
    assert.deepEqual(res.body.operations.map((o: { name: string }) => o.name).sort(), [
      'bodyMassIndex',
      'xroadGetRandom',
    ]);
    const soapVersion = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'viss-soap-version');
    assert.equal(soapVersion.severity, 'error', 'SOAP 1.1 breaks the VISS guidelines');
    assert.ok(res.body.findings.every((f: { location: { file: string } }) => f.location.file));
    assert.equal(
      res.body.counts.error,
      res.body.findings.filter((f: { severity: string }) => f.severity === 'error').length,
    );
  });

  it('an OpenAPI document gets both the VISS rules and Spectral findings, in Latvian and English', async () => {
    const res = await developer.post('/api/v1/descriptions/check', {
      main: 'openapi.yaml',
      files: [{ name: 'openapi.yaml', content: openApi }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.protocol, 'rest');
    const ids = res.body.findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(ids.includes('https-endpoints'));
    assert.ok(ids.includes('security-declared'));
    assert.ok(ids.some((id: string) => id.startsWith('oas:')));
    const https = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'https-endpoints');
    assert.ok(https.message.lv && https.message.en);
    assert.equal(https.location.line, 6);
  });

  it('a very large OpenAPI document is checked with our rules at once and Spectral is skipped with a note', async () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i += 1) {
      paths[`/resursi${i}/{id}`] = {
        get: {
          operationId: `getResurss${i}`,
          description: 'Apraksts. '.repeat(150),
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Labi' } },
        },
      };
    }
    const content = JSON.stringify({ openapi: '3.0.3', info: { title: 'Liels', version: '1' }, paths });
    assert.ok(content.length > 2 * 1024 * 1024);
    const res = await developer.post('/api/v1/descriptions/check', {
      main: 'big.json',
      files: [{ name: 'big.json', content }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.operations.length, 1500);
    const skipped = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'spectral-skipped');
    assert.equal(skipped.severity, 'info');
    assert.ok(!res.body.findings.some((f: { ruleId: string }) => f.ruleId.startsWith('oas:')));
  });

  it("the agency's rule settings change what the check finds, and the result names the ruleset version", async () => {
    const adminUser = await makeUser(t.database.db, 'agency_admin');
    const admin = await ApiClient.logIn(t.app, adminUser.email, adminUser.password);
    const check = () =>
      developer.post('/api/v1/descriptions/check', {
        main: 'api.yaml',
        files: [{ name: 'api.yaml', content: openApi }],
      });
    const before = await check();
    assert.ok(before.body.findings.some((f: { ruleId: string }) => f.ruleId === 'https-endpoints'));
    assert.equal(
      before.body.findings.find((f: { ruleId: string }) => f.ruleId === 'oas:info-contact')?.severity,
      'warning',
    );

    const current = (await admin.get('/api/v1/rules')).body.version;
    const saved = await admin.put('/api/v1/rules/settings', {
      basedOn: current,
      settings: { 'https-endpoints': { enabled: false }, 'oas:info-contact': { severity: 'error' } },
      reason: 'Testa vidē HTTP pieļaujams; kontakti obligāti.',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const after = await check();
    assert.equal(after.body.rulesetVersion, saved.body.version);
    assert.ok(!after.body.findings.some((f: { ruleId: string }) => f.ruleId === 'https-endpoints'));
    assert.equal(
      after.body.findings.find((f: { ruleId: string }) => f.ruleId === 'oas:info-contact')?.severity,
      'error',
    );

    // An old version stays readable as it was.
    const old = await developer.get(`/api/v1/rules?version=${current}`);
    assert.equal(old.body.rules.find((r: { id: string }) => r.id === 'https-endpoints').enabled, true);
    const restored = await admin.put('/api/v1/rules/settings', {
      basedOn: saved.body.version,
      settings: {},
      reason: 'Atpakaļ uz noklusējumu.',
    });
    assert.equal(restored.status, 200);
  });

  it('hostile XML is refused with 422 and the reason, never expanded', async () => {
    const res = await developer.post('/api/v1/descriptions/check', {
      main: 'a.wsdl',
      files: [
        {
          name: 'a.wsdl',
          content:
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>',
        },
      ],
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.type, '/problems/unprocessable-description');
    assert.match(res.body.detail, /DOCTYPE|DTD/i);
  });

  it('the main file must be one of the files, and the caller must be signed in', async () => {
    const missing = await developer.post('/api/v1/descriptions/check', {
      main: 'other.wsdl',
      files: [{ name: 'a.wsdl', content: '<definitions/>' }],
    });
    assert.equal(missing.status, 400);
    const anonymous = await new ApiClient(t.app).post('/api/v1/descriptions/check', {
      main: 'a.yaml',
      files: [{ name: 'a.yaml', content: openApi }],
    });
    assert.equal(anonymous.status, 401);
  });
});
