import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Contract } from '../contract.ts';
import { checkContract } from './check-contract.ts';
import { badRestContract, badSoapContract, goodRestContract, goodSoapContract } from './contract-fixtures.ts';
import { findPersonalCodes, vissRules } from './viss-rules.ts';

const firedIds = (contract: Contract) =>
  [...new Set(checkContract(contract).findings.map((f) => f.ruleId))].sort();

describe('the VISS ruleset as data', () => {
  test('has at least 25 rules with unique ids', () => {
    assert.ok(vissRules.length >= 25, `only ${vissRules.length} rules`);
    const ids = vissRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('every rule has a Latvian and an English title and rationale', () => {
    for (const rule of vissRules)
      for (const text of [rule.title, rule.rationale]) {
        assert.ok(text.lv.trim().length > 5, `${rule.id}: Latvian text missing`);
        assert.ok(text.en.trim().length > 5, `${rule.id}: English text missing`);
        assert.notEqual(text.lv, text.en, `${rule.id}: Latvian text is the English one`);
      }
  });

  test('the Latvian texts are written with Latvian letters', () => {
    const latvian = /[āčēģīķļņšūž]/i;
    for (const rule of vissRules) assert.match(`${rule.title.lv} ${rule.rationale.lv}`, latvian, rule.id);
  });

  test('every rule names the protocols it applies to and a severity', () => {
    for (const rule of vissRules) {
      assert.ok(rule.protocols.length > 0, rule.id);
      assert.ok(['error', 'warning', 'info'].includes(rule.severity), rule.id);
    }
  });

  test('RPC style and header-less SOAP are errors', () => {
    const severity = (id: string) => vissRules.find((r) => r.id === id)?.severity;
    for (const id of [
      'viss-no-rpc',
      'viss-document-literal',
      'viss-ws-addressing',
      'viss-ws-security',
      'viss-operation-headers',
    ])
      assert.equal(severity(id), 'error', id);
  });
});

describe('which rules fire', () => {
  const cases: { name: string; contract: () => Contract; expected: string[] }[] = [
    { name: 'a model VISS SOAP 1.2 document/literal service', contract: goodSoapContract, expected: [] },
    {
      name: 'an RPC/encoded SOAP 1.1 service with no headers',
      contract: badSoapContract,
      expected: [
        'deprecated-has-notice',
        'faults-declared',
        'https-endpoints',
        'endpoint-not-placeholder',
        'messages-typed',
        'no-free-form-types',
        'no-personal-codes-in-examples',
        'no-real-emails-in-examples',
        'no-remote-imports-unresolved',
        'operation-documented',
        'operation-naming',
        'security-declared',
        'service-documented',
        'type-naming',
        'unique-operation-ids',
        'viss-document-literal',
        'viss-errorlist',
        'viss-message-size',
        'viss-message-type-urn',
        'viss-no-rpc',
        'viss-operation-headers',
        'viss-soap-version',
        'viss-urn-identifier',
        'viss-utf8',
        'viss-wrapped-parts',
        'viss-ws-addressing',
        'viss-ws-security',
      ],
    },
    { name: 'a well-described REST API', contract: goodRestContract, expected: [] },
    {
      name: 'a careless REST API',
      contract: badRestContract,
      expected: [
        'deprecated-has-notice',
        'endpoint-not-placeholder',
        'faults-declared',
        'https-endpoints',
        'messages-typed',
        'no-api-key-in-query',
        'no-free-form-types',
        'no-personal-codes-in-examples',
        'no-real-emails-in-examples',
        'no-remote-imports-unresolved',
        'operation-documented',
        'operation-naming',
        'rest-auth-responses',
        'rest-error-responses-4xx',
        'rest-json-problem',
        'rest-operation-id',
        'rest-scopes',
        'rest-security-scheme-defined',
        'security-declared',
        'service-documented',
        'unique-operation-ids',
        'versioned-identifier',
      ],
    },
  ];
  for (const { name, contract, expected } of cases)
    test(`${name}: ${expected.length === 0 ? 'no rule fires' : `${expected.length} rules fire`}`, () => {
      assert.deepEqual(firedIds(contract()), [...expected].sort());
    });

  test('every rule fires on at least one of the bad fixtures', () => {
    const fired = new Set([...firedIds(badSoapContract()), ...firedIds(badRestContract())]);
    const silent = vissRules.map((r) => r.id).filter((id) => !fired.has(id) && id !== 'endpoint-declared');
    assert.deepEqual(silent, []);
  });
});

describe('findings carry the specifics and the most precise location', () => {
  const findings = checkContract(badSoapContract()).findings;
  const byRule = (id: string) => findings.filter((f) => f.ruleId === id);

  test('an RPC operation is named and located at the operation', () => {
    const [rpc] = byRule('viss-no-rpc');
    assert.ok(rpc);
    assert.match(rpc.message.en, /getPerson/);
    assert.match(rpc.message.lv, /Operācija getPerson/);
    assert.deepEqual(rpc.location, { file: 'legacy.wsdl', line: 20 });
  });

  test('an insecure endpoint is named by URL and located at the endpoint', () => {
    const [https] = byRule('https-endpoints');
    assert.ok(https);
    assert.match(https.message.en, /http:\/\/localhost:8080\/person/);
    assert.deepEqual(https.location, { file: 'legacy.wsdl', line: 70 });
    assert.match(byRule('endpoint-not-placeholder')[0]?.message.en ?? '', /localhost/);
  });

  test('a non-UTF-8 file is named with its encoding', () => {
    assert.deepEqual(
      byRule('viss-utf8').map((f) => [f.message.en, f.location.file]),
      [['File legacy.wsdl declares encoding ISO-8859-1, not UTF-8.', 'legacy.wsdl']],
    );
  });

  test('a repeated operation id is reported once, at the repeat', () => {
    const dupes = byRule('unique-operation-ids');
    assert.equal(dupes.length, 1);
    assert.equal(dupes[0]?.location.line, 35);
  });

  test('an ErrorList without its fields names the missing ones', () => {
    assert.ok(
      byRule('viss-errorlist').some((f) => /ErrorCode, ErrorSeverity, ErrorDescription/.test(f.message.en)),
    );
  });

  test('an unresolved remote import is named as remote', () => {
    assert.match(
      byRule('no-remote-imports-unresolved')[0]?.message.en ?? '',
      /Remote import http:\/\/schemas/,
    );
  });

  test('REST example findings point into the example', () => {
    const rest = checkContract(badRestContract()).findings;
    const codes = rest.filter((f) => f.ruleId === 'no-personal-codes-in-examples');
    assert.deepEqual(
      codes.map((f) => f.location.path ?? f.location.file),
      ['/components/examples/Person/value/personalCode', 'persons.yaml'],
    );
    const placeholders = rest.filter((f) => f.ruleId === 'endpoint-not-placeholder').map((f) => f.message.en);
    assert.equal(placeholders.length, 2);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the unexpanded template variable in the fixture
    assert.ok(placeholders.some((m) => m.includes('${HOST}')));
  });
});

describe('SOAP rules accept the other ways a description states the same fact', () => {
  test('WS-Addressing and WS-Security declared only as header blocks pass', () => {
    const c = goodSoapContract();
    if (c.soap) Object.assign(c.soap, { wsAddressing: false, wsSecurityPolicy: false });
    c.securitySchemes = [];
    const fired = firedIds(c);
    for (const id of [
      'viss-ws-addressing',
      'viss-ws-security',
      'viss-operation-headers',
      'security-declared',
    ])
      assert.ok(!fired.includes(id), id);
  });

  test('a header-less operation is an error even when the others have headers', () => {
    const c = goodSoapContract();
    if (c.soap) c.soap.wsSecurityPolicy = false;
    const op = c.operations[1];
    if (op?.input) op.input.headers = [];
    const findings = checkContract(c).findings.filter((f) => f.ruleId === 'viss-operation-headers');
    assert.deepEqual(
      findings.map((f) => [f.severity, f.message.en]),
      [['error', 'The request of operation ListPersonChanges declares no SOAP header blocks.']],
    );
  });

  test('a message bounded above 4 MB is reported with its size', () => {
    const c = goodSoapContract();
    const part = c.operations[0]?.output?.parts[0];
    if (part?.schema) part.schema.maxBytes = 6 * 1024 * 1024;
    const [size] = checkContract(c).findings.filter((f) => f.ruleId === 'viss-message-size');
    assert.match(
      size?.message.en ?? '',
      /GetPersonDataResponse of operation GetPersonData may reach 6\.0 MB/,
    );
  });

  test('an identifier without a version is reported', () => {
    const c = goodSoapContract();
    c.identifier = 'URN:IVIS:100001:PD.DA-PD12';
    assert.deepEqual(firedIds(c), ['versioned-identifier']);
  });
});

describe('personal codes', () => {
  const cases: [string, string[]][] = [
    ['010190-12345', ['010190-12345']],
    ['01019012345', ['01019012345']],
    ['310199-22345', ['310199-22345']],
    ['321234-56789 and 32123456789', ['321234-56789', '32123456789']],
    ['Tālrunis +37126123456', []],
    ['reģistrācijas numurs 40003000000', []],
    ['010190-32345 (century digit 3 does not exist)', []],
    ['991390-12345 (no such date)', []],
    ['2024-01-15', []],
  ];
  for (const [text, expected] of cases)
    test(`"${text}" → ${expected.length ? expected.join(', ') : 'none'}`, () => {
      assert.deepEqual(findPersonalCodes(text), expected);
    });
});
