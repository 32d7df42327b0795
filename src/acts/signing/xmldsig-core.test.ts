import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import * as xmldsigjs from 'xmldsigjs';
import { crypto, x509 } from './crypto-engine.ts';
import { checkReferences, checkSignatureValue, dsNamespace } from './xmldsig-core.ts';

// The XML-DSig core on its own: RSA-PSS with parameters, an enveloped signature over a whole document,
// and the refusals that guard against signature wrapping.

async function signedDocument(xml: string) {
  const keys = await crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=PSS signer',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: { name: 'RSA-PSS', saltLength: 32, hash: 'SHA-256' } as Algorithm,
  });
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const signed = new xmldsigjs.SignedXml();
  await signed.Sign({ name: 'RSA-PSS', saltLength: 32 } as Algorithm, keys.privateKey, document as never, {
    references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
  });
  // xmldsigjs signs SignedInfo with the pss namespace declared on SignedInfo but serialises it on
  // RSAPSSParams, which changes the inclusive canonical form; move it to where it was signed, so the
  // file is one a conforming verifier accepts.
  const text = signed
    .toString()
    .replace(' xmlns:pss="http://www.w3.org/2007/05/xmldsig-more#"', '')
    .replace('<ds:SignedInfo>', '<ds:SignedInfo xmlns:pss="http://www.w3.org/2007/05/xmldsig-more#">');
  return { text, certificate };
}

const parse = (text: string) => {
  const document = new DOMParser().parseFromString(text, 'application/xml') as unknown as Document;
  const signature = document.getElementsByTagNameNS(dsNamespace, 'Signature').item(0) as Element;
  return { document, signature };
};

describe('XML-DSig core', () => {
  it('an enveloped RSA-PSS signature (with RSAPSSParams) verifies; a changed document does not', async () => {
    const { text, certificate } = await signedDocument('<akts><numurs>AA-2026-0004</numurs></akts>');
    assert.match(text, /rsa-pss/);
    const good = parse(text);
    assert.deepEqual(
      (await checkReferences(good.signature, () => undefined)).map((r) => r.digestMatches),
      [true],
    );
    assert.deepEqual(await checkSignatureValue(good.signature, certificate), { result: 'valid' });
    const changed = parse(text.replace('AA-2026-0004', 'AA-2026-0005'));
    assert.deepEqual(
      (await checkReferences(changed.signature, () => undefined)).map((r) => r.digestMatches),
      [false],
    );
  });

  it('an Id that appears twice is refused, not resolved to one of them (signature wrapping)', async () => {
    const { text } = await signedDocument('<a><b Id="x">1</b></a>');
    const wrapped = parse(
      text
        .replace('<ds:Reference URI="">', '<ds:Reference URI="#x">')
        .replace('<b Id="x">1</b>', '<b Id="x">1</b><b Id="x">2</b>'),
    );
    const [reference] = await checkReferences(wrapped.signature, () => undefined);
    assert.equal(reference?.problem?.code, 'duplicate_id');
  });

  it('an XPath or XSLT transform is not run: reported as unsupported', async () => {
    const { text } = await signedDocument('<a/>');
    const xslt = parse(
      text.replace(
        'Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"',
        'Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"',
      ),
    );
    const [reference] = await checkReferences(xslt.signature, () => undefined);
    assert.deepEqual(reference?.problem, {
      code: 'unsupported_algorithm',
      detail: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
    });
  });
});
