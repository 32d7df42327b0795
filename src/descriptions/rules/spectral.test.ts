import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spectralFindings } from './spectral.ts';

const yaml = `openapi: 3.0.3
info:
  title: Uzņēmumu reģistrs
  version: '1.0'
servers:
  - url: http://api.gov.lv/ur
paths:
  /companies:
    get:
      operationId: list_companies
      responses:
        '200':
          description: ok
`;

describe('spectralFindings', () => {
  test('reports an OpenAPI problem as an oas: finding on the right line', async () => {
    const findings = await spectralFindings(yaml, 'ur.yaml');
    const https = findings.find((f) => f.ruleId === 'oas:servers-https');
    assert.ok(https, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(https.severity, 'error');
    assert.deepEqual(https.location, { file: 'ur.yaml', line: 6, column: 10, path: '/servers/0/url' });
    assert.match(https.message.en, /http:\/\/api\.gov\.lv\/ur/);

    const description = findings.find((f) => f.ruleId === 'oas:operation-description');
    assert.equal(description?.severity, 'warning');
    assert.equal(description?.location.line, 9);
    assert.equal(description?.location.path, '/paths/~1companies/get');

    assert.equal(findings.find((f) => f.ruleId === 'oas:operation-id-camel-case')?.location.line, 10);
    assert.ok(findings.every((f) => f.ruleId.startsWith('oas:') && f.message.lv && f.message.en));
  });

  test('reads JSON too', async () => {
    const json = JSON.stringify(
      { openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: { '/a': { get: { responses: {} } } } },
      null,
      2,
    );
    const findings = await spectralFindings(json, 'a.json');
    const op = findings.find((f) => f.ruleId === 'oas:operation-operationId');
    assert.ok(op);
    assert.equal(op.location.line, 9); // the line of "get": {
  });

  test('never fetches a remote $ref: it is reported as unresolved', async () => {
    const withRef = `${yaml}          content:
            application/json:
              schema:
                $ref: 'https://schemas.example.org/company.yaml#/Company'
`;
    const findings = await spectralFindings(withRef, 'ur.yaml');
    const ref = findings.find((f) => f.ruleId === 'oas:invalid-ref');
    assert.ok(ref, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(ref.location.line, 17);
  });
});

describe('Spectral findings in Latvian', () => {
  test('every rule the built-in ruleset can report has a Latvian text', async () => {
    const { oas } = await import('@stoplight/spectral-rulesets');
    const { spectralRuleTextsLv } = await import('./spectral-texts.ts');
    // The ruleset extends oas 'recommended': the rules marked `recommended: false` never run.
    const missing = Object.entries(oas.rules)
      .filter(
        ([code, rule]) =>
          (rule as { recommended?: boolean }).recommended !== false && !(code in spectralRuleTextsLv),
      )
      .map(([code]) => code);
    assert.deepEqual(missing, []);
  });

  test('the Latvian message states the rule and keeps Spectral’s specifics', async () => {
    const findings = await spectralFindings(yaml, 'ur.yaml');
    const https = findings.find((f) => f.ruleId === 'oas:servers-https');
    assert.equal(
      https?.message.lv,
      'Servera URL jālieto HTTPS. (Server URLs must use HTTPS. Found: http://api.gov.lv/ur)',
    );
    const description = findings.find((f) => f.ruleId === 'oas:operation-description');
    assert.equal(description?.message.lv, 'Operācijai jābūt aprakstam (“description”).');
  });
});
