import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRootCa, issueSigningCertificate } from './certificates.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';
import { parseTrustList, TrustListError, trustStoreFromLists } from './trust-list.ts';
import { buildTrustList } from './trust-list-fixture.ts';
import { findTrustedPath, isTrustedAt } from './trust-store.ts';

const now = new Date();
const day = 86_400_000;
let pki: TestPki;
let listSigner: Awaited<ReturnType<typeof issueSigningCertificate>>;

describe('ETSI TS 119 612 trusted lists', () => {
  before(async () => {
    pki = await makeTestPki(now);
    const scheme = await createRootCa('LV test scheme operator', {
      notBefore: new Date(now.getTime() - 30 * day),
      notAfter: new Date(now.getTime() + 365 * day),
    });
    listSigner = await issueSigningCertificate(
      scheme,
      { commonName: 'LV TL signer' },
      {
        notBefore: new Date(now.getTime() - 30 * day),
        notAfter: new Date(now.getTime() + 365 * day),
      },
    );
  });

  const list = (signer = listSigner, withdrawnAt?: Date) =>
    buildTrustList({
      territory: 'LV',
      sequenceNumber: 42,
      issuedAt: now,
      services: [
        {
          name: 'Test CA/QC',
          type: 'CA/QC',
          certificate: pki.root.certificate,
          history: withdrawnAt
            ? [
                { status: 'withdrawn', from: withdrawnAt },
                { status: 'granted', from: new Date(now.getTime() - 400 * day) },
              ]
            : [{ status: 'granted', from: new Date(now.getTime() - 400 * day) }],
        },
      ],
      signer,
    });

  it('a list becomes trust services with their type, qualification and status history', async () => {
    const parsed = await parseTrustList(await list(listSigner, new Date(now.getTime() - 10 * day)));
    assert.deepEqual(
      [parsed.territory, parsed.sequenceNumber, parsed.signature.status],
      ['LV', 42, 'not_checked'],
    );
    const [service] = parsed.services;
    assert.deepEqual(
      [service?.kind, service?.qualified, service?.history.map((h) => h.status)],
      ['ca', true, ['withdrawn', 'granted']],
    );
    // Trusted before the withdrawal, not after.
    assert.equal(isTrustedAt(service as never, new Date(now.getTime() - 20 * day)), true);
    assert.equal(isTrustedAt(service as never, now), false);
    const store = trustStoreFromLists([parsed]);
    const signer = pki.institution.certificate;
    assert.ok(findTrustedPath(signer, [], store, 'ca', new Date(now.getTime() - 20 * day)));
    assert.equal(findTrustedPath(signer, [], store, 'ca', now), null);
  });

  it("the list's signature is checked when its signer is known: valid, changed, or by someone else", async () => {
    const known = () => [listSigner.certificate];
    assert.equal((await parseTrustList(await list(), known)).signature.status, 'valid');
    const changed = new TextDecoder()
      .decode(await list())
      .replace('<tsl:TSLSequenceNumber>42', '<tsl:TSLSequenceNumber>43');
    await assert.rejects(parseTrustList(new TextEncoder().encode(changed), known), (e: unknown) => {
      assert.ok(e instanceof TrustListError);
      assert.equal(e.code, 'signature_invalid');
      return true;
    });
    await assert.rejects(parseTrustList(await list(pki.agency), known), (e: unknown) => {
      assert.ok(e instanceof TrustListError);
      assert.equal(e.code, 'wrong_signer');
      return true;
    });
  });

  it('a list of lists names the signer of each national list', async () => {
    const lotl = await parseTrustList(
      await buildTrustList({
        territory: 'EU',
        sequenceNumber: 300,
        issuedAt: now,
        services: [],
        pointers: [{ territory: 'LV', signer: listSigner.certificate }],
      }),
    );
    assert.deepEqual(
      lotl.pointers.map((p) => [p.territory, p.signers[0]?.subject]),
      [['LV', listSigner.certificate.subject]],
    );
  });

  it('what is not a trusted list is refused with its reason, and entity tricks are never expanded', async () => {
    const refused = async (xml: string) => {
      try {
        await parseTrustList(new TextEncoder().encode(xml));
        return 'accepted';
      } catch (error) {
        return (error as TrustListError).code;
      }
    };
    assert.equal(await refused('<a/>'), 'not_a_trusted_list');
    assert.equal(
      await refused('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'),
      'unreadable',
    );
    assert.equal(
      await refused('<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><'),
      'unreadable',
    );
  });
});
