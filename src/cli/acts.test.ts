import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createRootCa, issueSigningCertificate } from '../acts/signing/certificates.ts';
import { writePkcs12 } from '../acts/signing/pkcs12.ts';
import { buildTrustList } from '../acts/signing/trust-list-fixture.ts';

// `pakalpe demo-ca issue`, `pakalpe sign` and `pakalpe verify` as a person runs them: two parties
// sign a PDF one after the other, and the result verifies against the installation's demo CA.

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('signing from the command line', () => {
  let dir: string;
  const pakalpe = (...args: string[]) => pakalpeWith({}, ...args);
  const pakalpeWith = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, ['bin/pakalpe.js', ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dir,
        DATABASE_URL: '',
        ACT_TRUST_ANCHORS: '',
        ACT_TRUST_LIST: '',
        ACT_TRUST_LIST_SIGNERS: '',
        ...env,
      },
    });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-sign-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('two parties sign a PDF in turn and `pakalpe verify` accepts both signatures', {
    timeout: 60_000,
  }, async () => {
    for (const [file, number, name, person] of [
      ['agency.p12', '90000000001', 'Valsts reģionālās attīstības aģentūra', 'Jānis Ozoliņš'],
      ['nrc.p12', '90000000011', 'Nacionālais reģistru centrs', 'Pēteris Liepa'],
    ] as const) {
      const { stdout } = await pakalpe(
        'demo-ca',
        'issue',
        '--registration-number',
        number,
        '--name',
        name,
        '--person',
        person,
        '--out',
        path.join(dir, file),
        '--password',
        'parole',
      );
      assert.match(stdout, new RegExp(`NTRLV-${number}`));
    }
    const pdf = path.join(dir, 'akts.pdf');
    await writeFile(pdf, '%PDF-1.7\n% akts\n%%EOF\n');
    const first = await pakalpe('sign', pdf, '--p12', path.join(dir, 'agency.p12'), '--password', 'parole');
    assert.match(first.stdout, /Signed by .*Jānis Ozoliņš/);
    const container = path.join(dir, 'akts-signed.asice');
    const both = path.join(dir, 'both.asice');
    await pakalpe(
      'sign',
      container,
      '--p12',
      path.join(dir, 'nrc.p12'),
      '--password',
      'parole',
      '--out',
      both,
    );
    const { stdout } = await pakalpe('verify', both, '--lang', 'en');
    assert.match(stdout, /✓ META-INF\/signatures0\.xml: .*Jānis Ozoliņš/);
    assert.match(stdout, /✓ META-INF\/signatures1\.xml: .*Pēteris Liepa/);
    assert.match(stdout, /✓ META-INF\/signatures1\.xml: .*Pēteris Liepa \[level B\]/);
    assert.match(stdout, /not checked: Revocation not checked: no OCSP response in the signature/);
    assert.match(stdout, /The container is valid\./);
  });

  it('a personal certificate on an ECC key signs with `pakalpe sign`; `verify --format json` gives the report as data', {
    timeout: 60_000,
  }, async () => {
    const { stdout: issued } = await pakalpe(
      'demo-ca',
      'issue',
      '--personal-code',
      'PNOLV-010180-10006',
      '--person',
      'Pēteris Liepa',
      '--out',
      path.join(dir, 'person.p12'),
      '--password',
      'parole',
    );
    assert.match(issued, /PNOLV-010180-10006/);
    const pdf = path.join(dir, 'personal.pdf');
    await writeFile(pdf, '%PDF-1.7\n% akts\n%%EOF\n');
    await pakalpe('sign', pdf, '--p12', path.join(dir, 'person.p12'), '--password', 'parole');
    const { stdout } = await pakalpe('verify', path.join(dir, 'personal-signed.asice'), '--format', 'json');
    const report = JSON.parse(stdout);
    assert.equal(report.valid, true);
    assert.equal(report.signatures[0].signer.serialNumber, 'PNOLV-010180-10006');
    assert.equal(report.signatures[0].level, 'B');
    assert.deepEqual(
      report.signatures[0].notChecked.map((n: { code: string }) => n.code),
      ['no_timestamp', 'revocation_not_checked', 'demo_trust'],
    );
    assert.match(report.signatures[0].notChecked[2].text.lv, /demonstrācijas CA/);
  });

  it('`demo-ca issue` refuses a personal code that is not one', { timeout: 30_000 }, async () => {
    await assert.rejects(
      pakalpe(
        'demo-ca',
        'issue',
        '--personal-code',
        '12345',
        '--person',
        'X',
        '--out',
        path.join(dir, 'x.p12'),
      ),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, /11 digits/);
        return true;
      },
    );
  });

  it('`pakalpe verify` exits 1 and says why for a file that is not a container', {
    timeout: 30_000,
  }, async () => {
    const junk = path.join(dir, 'junk.asice');
    await writeFile(junk, 'not a zip');
    await assert.rejects(
      pakalpe('verify', junk, '--lang', 'en'),
      (error: { code: number; stdout: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stdout, /not a readable zip archive/);
        return true;
      },
    );
  });

  it('a wrong PKCS#12 password is refused with a message, exit 1', { timeout: 30_000 }, async () => {
    const pdf = path.join(dir, 'cits.pdf');
    await writeFile(pdf, '%PDF-1.7\n%%EOF\n');
    await assert.rejects(
      pakalpe('sign', pdf, '--p12', path.join(dir, 'nrc.p12'), '--password', 'nepareiza'),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, /password is wrong/);
        return true;
      },
    );
  });

  it('`pakalpe verify` also trusts the CAs of the trusted lists named by ACT_TRUST_LIST, read from the files', {
    timeout: 60_000,
  }, async () => {
    const day = 86_400_000;
    const validity = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 365 * day) };
    const ca = await createRootCa('Sarakstā esoša CA (CLI tests)', validity);
    const signer = await issueSigningCertificate(
      ca,
      {
        commonName: 'Inese Kalēja',
        organisation: 'Nacionālais reģistru centrs',
        registrationNumber: '90000000011',
      },
      validity,
    );
    const p12 = path.join(dir, 'listed.p12');
    await writeFile(p12, await writePkcs12(signer, 'parole'));
    const list = path.join(dir, 'lv-tl.xml');
    await writeFile(
      list,
      await buildTrustList({
        territory: 'LV',
        sequenceNumber: 1,
        issuedAt: new Date(),
        services: [
          {
            name: 'Sarakstā esoša CA',
            type: 'CA/QC',
            certificate: ca.certificate,
            history: [{ status: 'granted', from: new Date(Date.now() - 30 * day) }],
          },
        ],
      }),
    );
    const pdf = path.join(dir, 'saraksts.pdf');
    await writeFile(pdf, '%PDF-1.7\n% akts\n%%EOF\n');
    const signed = path.join(dir, 'listed.asice');
    await pakalpe('sign', pdf, '--p12', p12, '--password', 'parole', '--out', signed);
    await assert.rejects(
      pakalpe('verify', signed, '--lang', 'en'),
      (error: { code: number; stdout: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stdout, /The container is NOT valid\./);
        return true;
      },
    );
    const { stdout } = await pakalpeWith({ ACT_TRUST_LIST: list }, 'verify', signed, '--lang', 'en');
    assert.match(stdout, /✓ META-INF\/signatures0\.xml: .*Inese Kalēja/);
    assert.match(stdout, /The container is valid\./);
  });
});
