import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { maskPersonalCode, parsePersonalCode, personalCodeProblemTexts } from './personal-code.ts';
import {
  createPersonalCodeHasher,
  normaliseRepresentativeCode,
  representativeHashSecretFileName,
} from './personal-code-hash.ts';

describe('personal codes in the register of representatives', () => {
  it('takes the three spellings of one code as the same 11 digits', () => {
    for (const spelling of [
      '010190-12345',
      '01019012345',
      'PNOLV-010190-12345',
      'pnolv-01019012345',
      ' 010190-12345 ',
    ]) {
      assert.deepEqual(parsePersonalCode(spelling), { ok: true, digits: '01019012345' }, spelling);
    }
    assert.deepEqual(parsePersonalCode('321234-56789'), { ok: true, digits: '32123456789' });
  });

  it('says what is wrong with a code that is not one', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['PNOLV-', 'empty'],
      ['010190 12345', 'characters'],
      ['010190-1234X', 'characters'],
      ['NTRLV-90000000011', 'characters'],
      ['010190-1234', 'length'],
      ['0101901234567', 'length'],
      ['0101901-2345', 'hyphen'],
      ['010190--12345', 'hyphen'],
      ['-01019012345', 'hyphen'],
    ];
    for (const [input, problem] of cases) {
      assert.deepEqual(parsePersonalCode(input), { ok: false, problem }, JSON.stringify(input));
    }
  });

  it('has a Latvian and an English text for every problem', () => {
    for (const [problem, text] of Object.entries(personalCodeProblemTexts)) {
      assert.ok(text.lv.length > 10 && text.en.length > 10, problem);
      assert.notEqual(text.lv, text.en, problem);
    }
  });

  it('masks all but the first six digits, new-style codes alike', () => {
    assert.equal(maskPersonalCode('01019012345'), '010190-*****');
    assert.equal(maskPersonalCode('32123456789'), '321234-*****');
  });

  it('normalises for hashing exactly as it parses', () => {
    for (const spelling of ['PNOLV-010190-12345', '010190-12345', '01019012345']) {
      const parsed = parsePersonalCode(spelling);
      assert.ok(parsed.ok);
      assert.equal(normaliseRepresentativeCode(spelling), parsed.digits);
    }
  });
});

describe('the keyed hash of a personal code', () => {
  const secret = 'a-representative-secret-of-32-characters-at-least';

  it('is one hex HMAC for every spelling, and differs by key and by code', () => {
    const hash = createPersonalCodeHasher({ representativeHashSecret: secret, dataDir: '/nonexistent' });
    const expected = hash('010190-12345');
    assert.match(expected, /^[0-9a-f]{64}$/);
    assert.equal(hash('PNOLV-010190-12345'), expected);
    assert.equal(hash('01019012345'), expected);
    assert.notEqual(hash('010190-12346'), expected);
    const other = createPersonalCodeHasher({ representativeHashSecret: `${secret}!`, dataDir: '/x' });
    assert.notEqual(other('010190-12345'), expected);
  });

  it('is not the audit records’ hash of the same code under the same secret (domain separated)', async () => {
    const { personHasher } = await import('../audit/end-user-hash.ts');
    const audit = personHasher(secret)('010190-12345').toString('hex');
    const register = createPersonalCodeHasher({ representativeHashSecret: secret, dataDir: '/x' });
    assert.notEqual(register('010190-12345'), audit);
  });

  it('without a configured secret, generates one into the data folder once and keeps using it', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-rep-hash-'));
    try {
      const first = createPersonalCodeHasher({ representativeHashSecret: undefined, dataDir })(
        '010190-12345',
      );
      const file = readFileSync(path.join(dataDir, representativeHashSecretFileName), 'utf8').trim();
      assert.ok(file.length >= 32);
      const again = createPersonalCodeHasher({ representativeHashSecret: undefined, dataDir })(
        '010190-12345',
      );
      assert.equal(again, first);
      const configured = createPersonalCodeHasher({ representativeHashSecret: file, dataDir: '/x' });
      assert.equal(configured('010190-12345'), first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
