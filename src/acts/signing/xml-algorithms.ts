import { createHash, createVerify, KeyObject } from 'node:crypto';
import * as xmldsigjs from 'xmldsigjs';
import { crypto, plainBytes, type x509 } from './crypto-engine.ts';

// The XML signature algorithms a verifier meets in real containers, registered with xmldsigjs so
// that one registry maps every URI to its parameters. xmldsigjs brings RSA PKCS#1 v1.5 and PSS and
// ECDSA with SHA-1/256/384/512 over WebCrypto; WebCrypto has no SHA-224, which DigiDoc and DSS do
// write (rsa-sha224, ecdsa-sha224, sha224 digests), so those are added here on Node's own crypto.
// A URI that is not registered is an algorithm we do not support: the caller reports it as such,
// never as a damaged signature.

export const sha224Uri = 'http://www.w3.org/2001/04/xmldsig-more#sha224';
const rsaSha224Uri = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha224';
const ecdsaSha224Uri = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224';
const rsaPssSha224Uri = 'http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1';

class Sha224 extends xmldsigjs.HashAlgorithm {
  override algorithm = { name: 'SHA-224' };
  override namespaceURI = sha224Uri;
  override async Digest(data: ArrayBufferView | ArrayBuffer | string | Node): Promise<Uint8Array> {
    if (typeof data === 'string') return createHash('sha224').update(data, 'utf8').digest();
    if (data instanceof ArrayBuffer) return createHash('sha224').update(new Uint8Array(data)).digest();
    if (ArrayBuffer.isView(data)) {
      return createHash('sha224')
        .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        .digest();
    }
    throw new Error('SHA-224 digests bytes or text only');
  }
}

/** A SHA-224 signature algorithm checked with Node's crypto (the key's own type decides RSA or EC). */
function nodeSha224Algorithm(name: string, uri: string, options: { pss?: boolean; ecdsa?: boolean }) {
  return class extends xmldsigjs.SignatureAlgorithm {
    override algorithm = { name, hash: { name: 'SHA-224' } };
    override namespaceURI = uri;
    static fromAlgorithm(): null {
      return null; // verification only: we never sign with SHA-224
    }
    override async Verify(signedInfo: string, key: CryptoKey, signatureValue: Uint8Array): Promise<boolean> {
      const keyObject = KeyObject.from(key);
      const verifier = createVerify('sha224').update(signedInfo, 'utf8');
      if (options.ecdsa)
        return verifier.verify({ key: keyObject, dsaEncoding: 'ieee-p1363' }, signatureValue);
      if (options.pss) {
        return verifier.verify(
          { key: keyObject, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 28 },
          signatureValue,
        );
      }
      return verifier.verify(keyObject, signatureValue);
    }
  };
}

xmldsigjs.CryptoConfig.RegisterHashAlgorithm(sha224Uri, Sha224 as never);
xmldsigjs.CryptoConfig.RegisterSignatureAlgorithm(
  rsaSha224Uri,
  nodeSha224Algorithm('RSASSA-PKCS1-v1_5', rsaSha224Uri, {}) as never,
);
xmldsigjs.CryptoConfig.RegisterSignatureAlgorithm(
  ecdsaSha224Uri,
  nodeSha224Algorithm('ECDSA', ecdsaSha224Uri, { ecdsa: true }) as never,
);
xmldsigjs.CryptoConfig.RegisterSignatureAlgorithm(
  rsaPssSha224Uri,
  nodeSha224Algorithm('RSA-PSS', rsaPssSha224Uri, { pss: true }) as never,
);

export class UnsupportedAlgorithmError extends Error {
  constructor(readonly algorithm: string) {
    super(`unsupported algorithm ${algorithm}`);
    this.name = 'UnsupportedAlgorithmError';
  }
}

/** The digest of `bytes` by a digest-method URI; throws UnsupportedAlgorithmError for an unknown one. */
export async function digestBy(uri: string, bytes: Uint8Array | string): Promise<Uint8Array> {
  let algorithm: xmldsigjs.HashAlgorithm;
  try {
    algorithm = xmldsigjs.CryptoConfig.CreateHashAlgorithm(uri);
  } catch {
    throw new UnsupportedAlgorithmError(uri);
  }
  // xmldsigjs reads a view's whole buffer: hand it a view that is its buffer.
  return algorithm.Digest(typeof bytes === 'string' ? bytes : plainBytes(bytes));
}

export function isSupportedDigest(uri: string): boolean {
  try {
    xmldsigjs.CryptoConfig.CreateHashAlgorithm(uri);
    return true;
  } catch {
    return false;
  }
}

const curves: Record<string, string> = {
  'P-256': 'P-256',
  'P-384': 'P-384',
  'P-521': 'P-521',
};

/**
 * Checks `signatureValue` over the canonical SignedInfo with the certificate's key, by the algorithm
 * the SignatureMethod element names (its RSA-PSS parameters included). Returns false when the value
 * does not verify, or when the key cannot make this kind of signature; throws
 * UnsupportedAlgorithmError for an algorithm (or curve) we do not implement.
 */
export async function verifySignatureValue(
  signatureMethod: Element,
  canonicalSignedInfo: string,
  signatureValue: Uint8Array,
  certificate: x509.X509Certificate,
): Promise<boolean> {
  const uri = signatureMethod.getAttribute('Algorithm') ?? '';
  let algorithm: xmldsigjs.SignatureAlgorithm;
  try {
    const method = xmldsigjs.SignatureMethod.LoadXml(signatureMethod) as xmldsigjs.SignatureMethod;
    algorithm = xmldsigjs.CryptoConfig.CreateSignatureAlgorithm(method);
  } catch {
    throw new UnsupportedAlgorithmError(uri);
  }
  const params = algorithm.algorithm as Algorithm & { hash?: { name: string } };
  const keyAlgorithm = certificate.publicKey.algorithm as Algorithm & { namedCurve?: string };
  const isEc = keyAlgorithm.name === 'ECDSA' || keyAlgorithm.name === 'ECDH';
  if (params.name === 'HMAC') throw new UnsupportedAlgorithmError(uri);
  // An RSA signature method with an EC key (or the reverse) can never verify.
  if (isEc !== (params.name === 'ECDSA')) return false;
  let importParams: Algorithm;
  if (isEc) {
    const curve = curves[keyAlgorithm.namedCurve ?? ''];
    if (!curve) throw new UnsupportedAlgorithmError(`${uri} on curve ${keyAlgorithm.namedCurve ?? '?'}`);
    importParams = { name: 'ECDSA', namedCurve: curve } as Algorithm;
  } else {
    // SHA-224 is checked by Node (the registered class); WebCrypto only needs to hold the key.
    const hash = params.hash?.name === 'SHA-224' ? 'SHA-256' : (params.hash?.name ?? 'SHA-256');
    importParams = { name: params.name === 'RSA-PSS' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash } as Algorithm;
  }
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'spki',
      plainBytes(new Uint8Array(certificate.publicKey.rawData)),
      importParams,
      true,
      ['verify'],
    );
  } catch {
    return false;
  }
  try {
    return await algorithm.Verify(canonicalSignedInfo, key, plainBytes(signatureValue));
  } catch {
    return false;
  }
}
