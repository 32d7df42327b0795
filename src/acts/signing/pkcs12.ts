import type { KeyedCertificate } from './certificates.ts';
import { importPkcs8 } from './certificates.ts';
import { crypto, pkijs, plainBytes, x509 } from './crypto-engine.ts';

// PKCS#12 (.p12 / .pfx) is how signing keys travel: eParaksts tools, OpenSSL and Windows all export
// it. Read and written with PKI.js over WebCrypto: PBES2 with AES and PBKDF2-SHA-256 when writing;
// any PBES2 file when reading. Certificates are kept as their original DER bytes (never re-encoded,
// so names with Latvian letters stay exactly as the CA signed them).

const keyBagOid = '1.2.840.113549.1.12.10.1.2';
const certBagOid = '1.2.840.113549.1.12.10.1.3';
const x509CertOid = '1.2.840.113549.1.9.22.1';

export class Pkcs12Error extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Pkcs12Error';
  }
}

const encoder = new TextEncoder();
const passwordBytes = (password: string) => encoder.encode(password).buffer as ArrayBuffer;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function writePkcs12(keyed: KeyedCertificate, password: string): Promise<Uint8Array> {
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keyed.privateKey));
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(pkcs8));
  const certs = [keyed.certificate, ...keyed.chain].map((c) =>
    pkijs.Certificate.fromBER(toArrayBuffer(new Uint8Array(c.rawData))),
  );
  const encryption = {
    password: passwordBytes(password),
    // PKI.js makes the IV itself; its type asks for one anyway.
    contentEncryptionAlgorithm: {
      name: 'AES-CBC',
      length: 256,
    } as unknown as pkijs.ContentEncryptionAlgorithm,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: 10_000,
  };
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo });
  await keyBag.makeInternalValues(encryption);
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0,
              value: new pkijs.SafeContents({
                safeBags: [new pkijs.SafeBag({ bagId: keyBagOid, bagValue: keyBag })],
              }),
            },
            {
              privacyMode: 1,
              value: new pkijs.SafeContents({
                safeBags: certs.map(
                  (cert) =>
                    new pkijs.SafeBag({
                      bagId: certBagOid,
                      bagValue: new pkijs.CertBag({ parsedValue: cert }),
                    }),
                ),
              }),
            },
          ],
        },
      }),
    },
  });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Pkcs12Error('PKCS#12 structure was not built');
  await safe.makeInternalValues({ safeContents: [{}, encryption] });
  await pfx.makeInternalValues({
    password: passwordBytes(password),
    iterations: 10_000,
    pbkdf2HashAlgorithm: { name: 'SHA-256' },
    hmacHashAlgorithm: 'SHA-256',
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/** The private key, its certificate and the other certificates of a PKCS#12 file. */
export async function readPkcs12(bytes: Uint8Array, password: string): Promise<KeyedCertificate> {
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(bytes));
  } catch (error) {
    throw new Pkcs12Error('the file is not a PKCS#12 (.p12/.pfx) file', { cause: error });
  }
  try {
    await pfx.parseInternalValues({ password: passwordBytes(password), checkIntegrity: true });
  } catch (error) {
    throw new Pkcs12Error('the PKCS#12 password is wrong or the file is damaged', { cause: error });
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Pkcs12Error('the PKCS#12 file holds no content');
  try {
    await safe.parseInternalValues({
      safeContents: safe.safeContents.map(() => ({ password: passwordBytes(password) })),
    });
  } catch (error) {
    throw new Pkcs12Error('the PKCS#12 content cannot be decrypted with this password', { cause: error });
  }
  const keys: CryptoKey[] = [];
  const certificates: x509.X509Certificate[] = [];
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of (contents.value as pkijs.SafeContents).safeBags) {
      if (bag.bagId === keyBagOid) {
        const shrouded = bag.bagValue as unknown as {
          parseInternalValues(p: { password: ArrayBuffer }): Promise<void>;
          parsedValue?: pkijs.PrivateKeyInfo;
        };
        await shrouded.parseInternalValues({ password: passwordBytes(password) });
        if (shrouded.parsedValue) {
          keys.push(await importPkcs8(new Uint8Array(shrouded.parsedValue.toSchema().toBER(false))));
        }
      } else if (bag.bagId === certBagOid) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.certId !== x509CertOid) continue;
        const der = (certBag.certValue as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock
          .valueHexView;
        certificates.push(new x509.X509Certificate(plainBytes(der)));
      }
    }
  }
  const [privateKey] = keys;
  if (!privateKey || keys.length > 1) {
    throw new Pkcs12Error(`the PKCS#12 file holds ${keys.length} private keys; exactly one is expected`);
  }
  const certificate = await findCertificateOfKey(privateKey, certificates);
  return { certificate, privateKey, chain: certificates.filter((c) => c !== certificate) };
}

/** The certificate whose public key belongs to `privateKey` (found by signing a probe). */
export async function findCertificateOfKey(
  privateKey: CryptoKey,
  certificates: readonly x509.X509Certificate[],
): Promise<x509.X509Certificate> {
  const probe = encoder.encode('pakalpe key probe');
  const params = signatureParamsFor(privateKey);
  const signature = await crypto.subtle.sign(params, privateKey, probe);
  for (const certificate of certificates) {
    try {
      const publicKey = await certificate.publicKey.export(importParamsFor(privateKey), ['verify'], crypto);
      if (await crypto.subtle.verify(params, publicKey, signature, probe)) return certificate;
    } catch {
      // A certificate of another key type: not this key's.
    }
  }
  throw new Pkcs12Error('no certificate in the file belongs to its private key');
}

/** The WebCrypto parameters to sign with this key (ECDSA names its hash per call). */
export function signatureParamsFor(key: CryptoKey): AlgorithmIdentifier | EcdsaParams {
  return key.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : key.algorithm;
}

function importParamsFor(key: CryptoKey): Algorithm {
  return key.algorithm.name === 'ECDSA'
    ? ({ name: 'ECDSA', namedCurve: (key.algorithm as EcKeyAlgorithm).namedCurve } as Algorithm)
    : ({ name: key.algorithm.name, hash: 'SHA-256' } as Algorithm);
}
