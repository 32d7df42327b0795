import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldForSearch, serviceSearchText } from './search-text.ts';

describe('Latvian-aware catalog search text', () => {
  it('"sanemt" finds "saņemt", and every Latvian letter folds to its base letter', () => {
    assert.ok(foldForSearch('Datu SAŅEMŠANA un saņemt').includes(foldForSearch('sanemt')));
    assert.equal(foldForSearch('āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ'), 'acegiklnsuz acegiklnsuz');
  });

  it('covers the identifier, name, description, operations and the information system', () => {
    const text = serviceSearchText({
      identifier: 'URN:IVIS:100001:EP.DA-DA29-V1-0',
      name: 'Personas datu izsniegšana',
      description: 'Izsniedz datus',
      operations: ['SaņemtPersonu'],
      informationSystem: { code: 'NRC-IRIS', name: 'Iedzīvotāju reģistrs' },
    });
    for (const q of ['ep.da-da29', 'izsniegsana', 'sanemtpersonu', 'nrc-iris', 'registrs']) {
      assert.ok(text.includes(foldForSearch(q)), q);
    }
  });
});
