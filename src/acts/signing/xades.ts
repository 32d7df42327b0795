import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xmldsigjs from 'xmldsigjs';
import type { ContainerDocument } from './asice.ts';
import type { KeyedCertificate } from './certificates.ts';
import { plainBytes, type x509, xadesjs } from './crypto-engine.ts';

// XAdES baseline B signatures over a document in an ASiC-E container, built with xadesjs/xmldsigjs
// (they are read back by xades-read.ts) (no canonicalisation of our own). Choices that matter for interoperability:
// - SignedInfo and the SignedProperties reference use exclusive canonicalisation, so the signature
//   verifies the same inside <asic:XAdESSignatures> as on its own (inclusive c14n would pull the
//   container root's namespace declarations into the digest);
// - the document reference's URI is the document's name in the container, digested as raw bytes;
// - SignedProperties carry SigningTime, SigningCertificateV2 and a DataObjectFormat with the
//   document's MIME type (baseline B requires it; xadesjs does not write it on its own).

export const asicNamespace = 'http://uri.etsi.org/02918/v1.2.1#';
export const dsNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const signedPropertiesType = 'http://uri.etsi.org/01903#SignedProperties';
const exclusiveC14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const documentReferenceId = 'r-document-0';

class AsicSignedXml extends xadesjs.SignedXml {
  constructor(private readonly documentMimeType?: string) {
    super();
  }

  override async ApplySignOptions(
    signature: xmldsigjs.Signature,
    algorithm: Algorithm,
    key: CryptoKey,
    options: xadesjs.OptionsXAdES,
  ): Promise<void> {
    await super.ApplySignOptions(signature, algorithm, key, options);
    const references = signature.SignedInfo.References;
    const signedProperties = references.Item(references.Count - 1);
    if (signedProperties?.Type === signedPropertiesType) {
      const transforms = new xmldsigjs.Transforms();
      transforms.Add(new xmldsigjs.XmlDsigExcC14NTransform());
      signedProperties.Transforms = transforms;
    }
    if (this.documentMimeType) {
      const format = new xadesjs.xml.DataObjectFormat();
      format.ObjectReference = `#${documentReferenceId}`;
      format.MimeType = this.documentMimeType;
      this.SignedProperties.SignedDataObjectProperties.DataObjectFormats.Add(format);
    }
  }
}

/** ECDSA with the hash that matches the curve's strength (ecdsa-sha256 on P-256, -sha384 on P-384…). */
const ecdsaHashes: Record<string, string> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' };

function signingParams(key: CryptoKey): Algorithm {
  if (key.algorithm.name !== 'ECDSA') return { name: key.algorithm.name } as Algorithm;
  const curve = (key.algorithm as EcKeyAlgorithm).namedCurve;
  return { name: 'ECDSA', hash: { name: ecdsaHashes[curve] ?? 'SHA-256' } } as Algorithm;
}

/** One `<asic:XAdESSignatures>` file holding one signature by `signer` over `document`. */
export async function createXadesSignature(input: {
  signer: KeyedCertificate;
  document: ContainerDocument;
  signingTime: Date;
}): Promise<Uint8Array> {
  const { signer, document } = input;
  const signed = new AsicSignedXml(document.mimeType);
  signed.XmlSignature.SignedInfo.CanonicalizationMethod.Algorithm = exclusiveC14n;
  const base64 = (c: x509.X509Certificate) => Buffer.from(c.rawData).toString('base64');
  await signed.Sign(signingParams(signer.privateKey), signer.privateKey, plainBytes(document.bytes), {
    references: [{ id: documentReferenceId, uri: encodeURI(document.name), hash: 'SHA-256' }],
    x509: [base64(signer.certificate), ...signer.chain.map(base64)],
    signingCertificateV2: base64(signer.certificate),
    signingTime: { value: input.signingTime },
  });
  const wrapper = new DOMParser().parseFromString(
    `<asic:XAdESSignatures xmlns:asic="${asicNamespace}" xmlns:ds="${dsNamespace}"/>`,
    'application/xml',
  );
  const signature = new DOMParser().parseFromString(signed.toString(), 'application/xml');
  if (!wrapper.documentElement || !signature.documentElement) throw new Error('signature XML not built');
  wrapper.documentElement.appendChild(wrapper.importNode(signature.documentElement, true));
  const text = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>${new XMLSerializer().serializeToString(wrapper)}`;
  return new TextEncoder().encode(text);
}
