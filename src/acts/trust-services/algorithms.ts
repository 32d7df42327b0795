import { createHash, createPublicKey, type KeyObject, constants as nodeConstants, verify } from 'node:crypto';
import { pkijs } from '../signing/crypto-engine.ts';

// The hash and signature algorithms time stamps and OCSP responses are checked with, by OID. Node's
// own crypto does the work (WebCrypto has no SHA-224 and no PKCS#1 signature over a digest named
// apart from the signature algorithm, which CMS allows). An OID missing from these tables is reported
// as unsupported by the callers: "we could not check it" is not "it is invalid".

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const hashOids: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const nodeHashNames: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const hashLengths: Record<HashName, number> = {
  'SHA-1': 20,
  'SHA-224': 28,
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
};

export function hashNameOf(oid: string): HashName | undefined {
  return hashOids[oid];
}

export function hashOidOf(name: HashName): string {
  return Object.entries(hashOids).find(([, n]) => n === name)?.[0] as string;
}

export function isHashName(name: string): name is HashName {
  return name in nodeHashNames;
}

export function digest(name: HashName, data: Uint8Array | ArrayBuffer): Uint8Array {
  return new Uint8Array(
    createHash(nodeHashNames[name])
      .update(data instanceof Uint8Array ? data : new Uint8Array(data))
      .digest(),
  );
}

export function sameBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(
    Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)),
  );
}

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** A certificate serial number as lowercase hex without leading zero bytes, for comparing. */
export function normaliseSerial(hex: string): string {
  const trimmed = hex.toLowerCase().replace(/^(00)+(?=.)/, '');
  return trimmed.length % 2 === 1 ? `0${trimmed}` : trimmed;
}

type SignatureScheme =
  | { kind: 'rsa'; hash: HashName | 'from-digest-algorithm' }
  | { kind: 'rsa-pss' }
  | { kind: 'ecdsa'; hash: HashName | 'from-digest-algorithm' }
  | { kind: 'eddsa' };

const signatureOids: Record<string, SignatureScheme> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa', hash: 'from-digest-algorithm' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'SHA-1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'SHA-224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'SHA-512' },
  '1.2.840.113549.1.1.10': { kind: 'rsa-pss' },
  '1.2.840.10045.2.1': { kind: 'ecdsa', hash: 'from-digest-algorithm' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'SHA-512' },
  '1.3.101.112': { kind: 'eddsa' },
  '1.3.101.113': { kind: 'eddsa' },
};

const mgf1Oid = '1.2.840.113549.1.1.8';

export type SignatureCheck = { result: 'valid' | 'invalid' } | { result: 'unsupported'; detail: string };

/**
 * Checks `signature` over `data` with the public key of `publicKeyInfo` (a pkijs PublicKeyInfo).
 * `digestAlgorithm` is CMS's SignerInfo.digestAlgorithm, used when the signature algorithm names only
 * the key type (rsaEncryption, id-ecPublicKey).
 */
export function verifySignature(input: {
  algorithm: pkijs.AlgorithmIdentifier;
  digestAlgorithm?: pkijs.AlgorithmIdentifier;
  publicKeyInfo: pkijs.PublicKeyInfo;
  signature: Uint8Array;
  data: Uint8Array;
}): SignatureCheck {
  const scheme = signatureOids[input.algorithm.algorithmId];
  if (!scheme) return { result: 'unsupported', detail: `signature algorithm ${input.algorithm.algorithmId}` };
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: Buffer.from(input.publicKeyInfo.toSchema().toBER(false)),
      format: 'der',
      type: 'spki',
    });
  } catch (error) {
    return { result: 'unsupported', detail: `public key: ${(error as Error).message}` };
  }
  const fromDigest = () => {
    const oid = input.digestAlgorithm?.algorithmId ?? '';
    return hashNameOf(oid);
  };
  let hash: HashName | undefined;
  let options: { padding?: number; saltLength?: number } = {};
  switch (scheme.kind) {
    case 'rsa':
    case 'ecdsa':
      hash = scheme.hash === 'from-digest-algorithm' ? fromDigest() : scheme.hash;
      if (!hash) {
        return { result: 'unsupported', detail: `digest algorithm ${input.digestAlgorithm?.algorithmId}` };
      }
      break;
    case 'rsa-pss': {
      const pss = pssParameters(input.algorithm);
      if ('unsupported' in pss) return { result: 'unsupported', detail: pss.unsupported };
      hash = pss.hash;
      options = { padding: nodeConstants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength };
      break;
    }
    case 'eddsa':
      break;
  }
  try {
    const ok = verify(
      hash ? nodeHashNames[hash] : null,
      input.data,
      { key, ...options },
      Buffer.from(input.signature),
    );
    return { result: ok ? 'valid' : 'invalid' };
  } catch {
    // A signature that is not even well formed for the key (wrong length, broken DER) is invalid.
    return { result: 'invalid' };
  }
}

/** RSASSA-PSS parameters Node can check: MGF1 with the same hash as the message (Node's only choice). */
function pssParameters(
  algorithm: pkijs.AlgorithmIdentifier,
): { hash: HashName; saltLength: number } | { unsupported: string } {
  try {
    const params = algorithm.algorithmParams
      ? new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams })
      : new pkijs.RSASSAPSSParams();
    const hash = hashNameOf(params.hashAlgorithm.algorithmId);
    if (!hash) return { unsupported: `RSASSA-PSS hash ${params.hashAlgorithm.algorithmId}` };
    if (params.maskGenAlgorithm.algorithmId !== mgf1Oid) {
      return { unsupported: `RSASSA-PSS mask generation ${params.maskGenAlgorithm.algorithmId}` };
    }
    const mgfHash = params.maskGenAlgorithm.algorithmParams
      ? new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId
      : hashOidOf('SHA-1');
    if (hashNameOf(mgfHash) !== hash) {
      return { unsupported: `RSASSA-PSS with MGF1 over ${mgfHash} and message hash ${hash}` };
    }
    return { hash, saltLength: params.saltLength };
  } catch (error) {
    return { unsupported: `RSASSA-PSS parameters: ${(error as Error).message}` };
  }
}
