import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkContract, formatText, sortFindings, summarize, toSarif } from './check-contract.ts';
import { badRestContract, badSoapContract, goodSoapContract } from './contract-fixtures.ts';
import type { Finding, Rule } from './rule.ts';
import { vissRules } from './viss-rules.ts';

const finding = (ruleId: string, severity: Finding['severity'], file: string, line?: number): Finding => ({
  ruleId,
  severity,
  message: { lv: `${ruleId} ziņojums`, en: `${ruleId} message` },
  location: { file, ...(line !== undefined ? { line } : {}) },
});

describe('checkContract', () => {
  test('runs only the rules for the contract protocol', () => {
    const soap = checkContract(goodSoapContract()).rulesRun.map((r) => r.id);
    const rest = checkContract(badRestContract()).rulesRun.map((r) => r.id);
    assert.ok(soap.includes('viss-no-rpc') && !soap.includes('rest-scopes'));
    assert.ok(rest.includes('rest-scopes') && !rest.includes('viss-no-rpc'));
    assert.ok(soap.includes('https-endpoints') && rest.includes('https-endpoints'));
    const expectedSoap = vissRules.filter((r) => r.protocols.includes('soap')).map((r) => r.id);
    assert.deepEqual(soap, expectedSoap);
  });

  test('a severity override changes the findings and the rules run', () => {
    const { findings, rulesRun } = checkContract(badSoapContract(), {
      settings: { 'viss-no-rpc': { severity: 'info' } },
    });
    assert.ok(findings.filter((f) => f.ruleId === 'viss-no-rpc').every((f) => f.severity === 'info'));
    assert.ok(findings.some((f) => f.ruleId === 'viss-no-rpc'));
    assert.deepEqual(
      rulesRun.find((r) => r.id === 'viss-no-rpc'),
      { id: 'viss-no-rpc', severity: 'info' },
    );
  });

  test('a disabled rule neither runs nor reports', () => {
    const { findings, rulesRun } = checkContract(badSoapContract(), {
      settings: { 'viss-ws-security': { enabled: false }, 'viss-utf8': { enabled: true } },
    });
    assert.ok(!findings.some((f) => f.ruleId === 'viss-ws-security'));
    assert.ok(!rulesRun.some((r) => r.id === 'viss-ws-security'));
    assert.ok(findings.some((f) => f.ruleId === 'viss-utf8'));
  });

  test('custom rules run instead of the built-in ones', () => {
    const rule: Rule = {
      id: 'always',
      title: { lv: 'Vienmēr', en: 'Always' },
      rationale: { lv: 'Pārbaude', en: 'Check' },
      severity: 'warning',
      protocols: ['soap'],
      check: (c) => [{ message: { lv: 'Šeit', en: 'Here' }, location: { file: c.files[0] ?? '' } }],
    };
    const { findings, rulesRun } = checkContract(goodSoapContract(), { rules: [rule] });
    assert.deepEqual(rulesRun, [{ id: 'always', severity: 'warning' }]);
    assert.deepEqual(findings, [
      {
        ruleId: 'always',
        severity: 'warning',
        message: { lv: 'Šeit', en: 'Here' },
        location: { file: 'person.wsdl' },
      },
    ]);
  });

  test('a rule that throws is reported with its id', () => {
    const rule: Rule = {
      id: 'broken',
      title: { lv: 'Salūzis', en: 'Broken' },
      rationale: { lv: 'Salūzis', en: 'Broken' },
      severity: 'error',
      protocols: ['soap'],
      check: () => {
        throw new TypeError('boom');
      },
    };
    assert.throws(
      () => checkContract(goodSoapContract(), { rules: [rule] }),
      /Rule broken failed on person\.wsdl/,
    );
  });

  test('findings are sorted by severity, file and line', () => {
    const { findings } = checkContract(badSoapContract());
    const order = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1];
      const b = findings[i];
      if (!a || !b) continue;
      assert.ok(order[a.severity] <= order[b.severity], 'severity order');
      if (
        a.severity === b.severity &&
        a.location.file === b.location.file &&
        a.location.line &&
        b.location.line
      )
        assert.ok(a.location.line <= b.location.line, 'line order');
    }
    assert.deepEqual(
      sortFindings([
        finding('c', 'info', 'a.wsdl', 1),
        finding('b', 'error', 'b.wsdl', 3),
        finding('a', 'error', 'b.wsdl'),
        finding('d', 'error', 'a.wsdl', 9),
        finding('e', 'warning', 'a.wsdl', 2),
        finding('f', 'error', 'b.wsdl', 1),
      ]).map((f) => f.ruleId),
      ['d', 'f', 'b', 'a', 'e', 'c'],
    );
  });
});

test('summarize counts findings per severity', () => {
  assert.deepEqual(
    summarize([finding('a', 'error', 'x'), finding('b', 'error', 'x'), finding('c', 'info', 'x')]),
    { error: 2, warning: 0, info: 1 },
  );
  assert.deepEqual(summarize([]), { error: 0, warning: 0, info: 0 });
});

describe('toSarif', () => {
  type SarifResult = {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  };
  type SarifLog = {
    version: string;
    $schema: string;
    runs: {
      tool: {
        driver: {
          name: string;
          version: string;
          rules: { id: string; shortDescription: { text: string } }[];
        };
      };
      results: SarifResult[];
    }[];
  };
  const findings = [
    ...checkContract(badSoapContract()).findings,
    finding('oas:info-contact', 'warning', 'dir/api spec.yaml', 2),
  ];
  const sarif = toSarif(findings, vissRules, '0.1.0') as SarifLog;

  test('is a SARIF 2.1.0 log with one run of the Pakalpe tool and its rules', () => {
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const driver = sarif.runs[0]?.tool.driver;
    assert.equal(driver?.name, 'Pakalpe');
    assert.equal(driver?.version, '0.1.0');
    assert.deepEqual(
      driver?.rules.slice(0, vissRules.length).map((r) => r.id),
      vissRules.map((r) => r.id),
    );
    assert.ok(driver?.rules.every((r) => r.shortDescription.text.length > 0));
  });

  test('every result points at a rule, has a level, a message and a located line', () => {
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.results.length, findings.length);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      assert.ok(r.message.text.length > 0);
      const loc = r.locations[0]?.physicalLocation;
      assert.ok(loc && loc.artifactLocation.uri.length > 0 && loc.region.startLine >= 1);
    }
    const rpc = run.results.find((r) => r.ruleId === 'viss-no-rpc');
    assert.deepEqual(rpc?.locations[0]?.physicalLocation, {
      artifactLocation: { uri: 'legacy.wsdl' },
      region: { startLine: 20 },
    });
    const oas = run.results.find((r) => r.ruleId === 'oas:info-contact');
    assert.equal(oas?.locations[0]?.physicalLocation.artifactLocation.uri, 'dir/api%20spec.yaml');
    assert.equal(run.results.find((r) => r.ruleId === 'type-naming')?.level, 'note');
  });
});

describe('formatText', () => {
  const findings = [
    finding('https-endpoints', 'error', 'a.wsdl', 7),
    finding('service-documented', 'info', 'a.wsdl'),
  ];

  test('prints file:line, severity, rule id and message, one finding a line', () => {
    assert.equal(
      formatText(findings, 'en'),
      'a.wsdl:7  error  https-endpoints  https-endpoints message\na.wsdl  info  service-documented  service-documented message\n',
    );
  });

  test('speaks Latvian when asked', () => {
    assert.match(
      formatText(findings, 'lv'),
      /^a\.wsdl:7 {2}kļūda {2}https-endpoints {2}https-endpoints ziņojums$/m,
    );
  });

  test('prints nothing when there is nothing to say', () => {
    assert.equal(formatText([], 'lv'), '');
  });
});
