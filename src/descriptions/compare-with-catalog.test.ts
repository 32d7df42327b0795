import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithCatalog } from './compare-with-catalog.ts';
import type { Contract, Operation } from './contract.ts';

const op = (name: string): Operation => ({
  id: `Port/${name}`,
  name,
  faults: [],
  location: { file: 'a.wsdl' },
});
const contract = (
  identifier: string | undefined,
  names: string[],
  url = 'https://viss.example.lv/a',
): Contract => ({
  format: 'wsdl-1.1',
  protocol: 'soap',
  ...(identifier && { identifier }),
  operations: names.map(op),
  endpoints: [{ name: 'Port', url }],
  securitySchemes: [],
  files: ['a.wsdl'],
});
const catalog = {
  identifier: 'URN:IVIS:100001:DZ01-V1-0',
  operations: ['SaņemtAdresi', 'PārbaudītAdresi'],
  endpointUrl: 'https://viss.example.lv/a',
};

describe('comparison with the test catalog', () => {
  it('the same operations and endpoint need no new version', () => {
    const c = compareWithCatalog(
      contract('URN:IVIS:100001:DZ01-V1-0', ['SanemtAdresi', 'PārbaudītAdresi']),
      catalog,
    );
    assert.deepEqual([c.operationsAdded, c.operationsRemoved, c.endpoint.changed], [[], [], false]);
    assert.deepEqual([c.version.required, c.version.satisfied], ['none', true]);
  });

  it('an added operation needs at least a new minor version', () => {
    const same = compareWithCatalog(
      contract('URN:IVIS:100001:DZ01-V1-0', ['SaņemtAdresi', 'PārbaudītAdresi', 'Dzēst']),
      catalog,
    );
    assert.deepEqual(
      [same.operationsAdded, same.version.required, same.version.satisfied],
      [['Dzēst'], 'minor', false],
    );
    const raised = compareWithCatalog(
      contract('URN:IVIS:100001:DZ01-V1-1', ['SaņemtAdresi', 'PārbaudītAdresi', 'Dzēst']),
      catalog,
    );
    assert.equal(raised.version.satisfied, true);
  });

  it('a removed operation breaks consumers: only a new major version will do', () => {
    const minor = compareWithCatalog(contract('URN:IVIS:100001:DZ01-V1-1', ['SaņemtAdresi']), catalog);
    assert.deepEqual(
      [minor.operationsRemoved, minor.version.required, minor.version.satisfied],
      [['PārbaudītAdresi'], 'major', false],
    );
    assert.equal(
      compareWithCatalog(contract('URN:IVIS:100001:DZ01-V2-0', ['SaņemtAdresi']), catalog).version.satisfied,
      true,
    );
  });

  it('a changed endpoint is reported', () => {
    const c = compareWithCatalog(
      contract(undefined, ['SaņemtAdresi', 'PārbaudītAdresi'], 'https://other.example.lv/b'),
      catalog,
    );
    assert.equal(c.endpoint.changed, true);
    assert.deepEqual(c.endpoint.description, ['https://other.example.lv/b']);
  });
});
