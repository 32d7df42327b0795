import { createHash } from 'node:crypto';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xmldsigjs from 'xmldsigjs';
import { parseXml } from '../../descriptions/xml/safe-xml.ts';
import type { ContainerDocument } from './asice.ts';
import type { KeyedCertificate } from './certificates.ts';
import { plainBytes, x509, xadesjs } from './crypto-engine.ts';

// XAdES baseline B signatures over a document in an ASiC-E container, built and checked with
// xadesjs/xmldsigjs (no canonicalisation of our own). Choices that matter for interoperability:
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

const digestAlgorithms: Record<string, string> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

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

function signingParams(key: CryptoKey): Algorithm {
  return key.algorithm.name === 'ECDSA'
    ? ({ name: 'ECDSA', hash: { name: 'SHA-256' } } as Algorithm)
    : ({ name: key.algorithm.name } as Algorithm);
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

/** What one signature file says and whether it holds, before any trust decision. */
export type XadesInspection = {
  /** Why the signature cannot be read at all; the other fields are then empty. */
  unreadable?: string;
  signatureValue: 'valid' | 'invalid' | 'not_checked';
  signatureFailure?: string;
  /** Documents the signature covers, by name, and whether each digest matches its bytes. */
  documents: { name: string; digestMatches: boolean }[];
  /** References that point at nothing in the container. */
  unknownReferences: string[];
  weakAlgorithm?: string;
  signerCertificate?: x509.X509Certificate;
  /** Every certificate the signature carries (signer first when found). */
  certificates: x509.X509Certificate[];
  signingTime?: Date;
};

const signatureLimits = { maxBytes: 2 * 1024 * 1024, maxDepth: 64, maxElements: 5000 };

export async function inspectXadesSignature(
  xml: Uint8Array,
  path: string,
  documents: ReadonlyMap<string, Uint8Array>,
): Promise<XadesInspection> {
  const empty: XadesInspection = {
    signatureValue: 'not_checked',
    documents: [],
    unknownReferences: [],
    certificates: [],
  };
  // The safe XML layer first: refuses DOCTYPEs (so no entity is expanded), bombs and deep nesting.
  try {
    const checked = parseXml(xml, path, signatureLimits).root;
    if (checked.name !== 'XAdESSignatures' || checked.namespace !== asicNamespace) {
      return { ...empty, unreadable: `${path} is not an <asic:XAdESSignatures> document` };
    }
    const signatures = checked.children.filter((c) => c.name === 'Signature' && c.namespace === dsNamespace);
    if (signatures.length !== 1) {
      return {
        ...empty,
        unreadable: `${path} holds ${signatures.length} signatures; one per file is expected`,
      };
    }
  } catch (error) {
    return { ...empty, unreadable: (error as Error).message };
  }

  let signed: xadesjs.SignedXml;
  try {
    const doc = xadesjs.Parse(new TextDecoder().decode(xml));
    const element = doc.getElementsByTagNameNS(dsNamespace, 'Signature').item(0);
    if (!element) return { ...empty, unreadable: `${path} has no ds:Signature` };
    signed = new xadesjs.SignedXml(doc);
    signed.LoadXml(element);
  } catch (error) {
    return { ...empty, unreadable: `${path}: ${(error as Error).message}` };
  }

  const result: XadesInspection = { ...empty };
  const algorithmUris = [signed.XmlSignature.SignedInfo.SignatureMethod.Algorithm ?? ''];
  let signedPropertiesReferences = 0;
  for (const reference of signed.XmlSignature.SignedInfo.References.GetIterator()) {
    const uri = reference.Uri ?? '';
    const digestUri = reference.DigestMethod.Algorithm ?? '';
    algorithmUris.push(digestUri);
    if (reference.Type === signedPropertiesType) {
      signedPropertiesReferences += 1;
      continue;
    }
    const name = safeDecode(uri);
    const bytes = name === undefined ? undefined : documents.get(name);
    if (name === undefined || bytes === undefined) {
      result.unknownReferences.push(uri);
      continue;
    }
    const algorithm = digestAlgorithms[digestUri];
    const expected = Buffer.from(reference.DigestValue ?? new Uint8Array()).toString('base64');
    const actual = algorithm ? createHash(algorithm).update(bytes).digest('base64') : '';
    result.documents.push({ name, digestMatches: actual === expected });
  }
  const weak = algorithmUris.find((uri) => /sha1$|md5$/i.test(uri));
  if (weak) result.weakAlgorithm = weak;
  if (signedPropertiesReferences !== 1) {
    return { ...result, unreadable: `${path} does not sign its SignedProperties exactly once` };
  }

  const certificates: x509.X509Certificate[] = [];
  for (const info of signed.XmlSignature.KeyInfo.GetIterator()) {
    if (info instanceof xmldsigjs.KeyInfoX509Data) {
      for (const c of info.Certificates) certificates.push(new x509.X509Certificate(plainBytes(c.GetRaw())));
    }
  }
  result.certificates = certificates;
  try {
    const props = signed.SignedProperties.SignedSignatureProperties;
    result.signingTime = props.SigningTime.Value;
    const certV2 = props.SigningCertificateV2.Count > 0 ? props.SigningCertificateV2.Item(0) : null;
    const certV1 = props.SigningCertificate.Count > 0 ? props.SigningCertificate.Item(0) : null;
    const digest = (certV2 ?? certV1)?.CertDigest;
    const algorithm = digestAlgorithms[digest?.DigestMethod.Algorithm ?? ''];
    if (digest && algorithm) {
      const wanted = Buffer.from(digest.DigestValue).toString('base64');
      result.signerCertificate = certificates.find(
        (c) => createHash(algorithm).update(new Uint8Array(c.rawData)).digest('base64') === wanted,
      );
    }
  } catch (error) {
    return { ...result, unreadable: `${path}: ${(error as Error).message}` };
  }
  if (!result.signerCertificate) return result;
  result.certificates = [
    result.signerCertificate,
    ...certificates.filter((c) => c !== result.signerCertificate),
  ];

  signed.contentHandler = async (reference) => {
    const name = reference.Uri && !reference.Uri.startsWith('#') ? safeDecode(reference.Uri) : undefined;
    return name === undefined ? null : plainBytes(documents.get(name) ?? new Uint8Array());
  };
  try {
    const key = await result.signerCertificate.publicKey.export(verifyParamsFor(result.signerCertificate), [
      'verify',
    ]);
    result.signatureValue = (await signed.Verify(key)) ? 'valid' : 'invalid';
  } catch (error) {
    // xmldsigjs throws (rather than returning false) when a reference's digest does not match.
    result.signatureValue = 'invalid';
    result.signatureFailure = (error as Error).message;
  }
  return result;
}

function verifyParamsFor(certificate: x509.X509Certificate): Algorithm {
  const name = certificate.publicKey.algorithm.name;
  return name === 'ECDSA'
    ? ({ name, namedCurve: (certificate.publicKey.algorithm as EcKeyAlgorithm).namedCurve } as Algorithm)
    : ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm);
}

function safeDecode(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri);
  } catch {
    return undefined;
  }
}
