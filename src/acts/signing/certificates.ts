import { createPrivateKey } from 'node:crypto';
import { crypto, plainBytes, x509 } from './crypto-engine.ts';

// Certificates for the demo and the tests: a root CA that issues the agency's and the institutions'
// signing certificates, made at run time (never committed). The subject carries the organisation
// identifier the way ETSI EN 319 412-1 writes it for legal persons, `NTRLV-<registration number>`,
// which is what the verifier matches a signer to a party by (see party.ts).

export const signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const rsaKeyGen = { ...signingAlgorithm, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** RSA 2048, or an EC key on a NIST curve, as Latvian eID cards since 2021 carry (P-384). */
export type KeyKind = 'rsa' | 'P-256' | 'P-384' | 'P-521';

/** A certificate with its private key and the certificates above it (issuer first, root last). */
export type KeyedCertificate = {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
  chain: x509.X509Certificate[];
};

export type SubjectInput = {
  commonName: string;
  organisation?: string;
  /** The party's registration number; written as organizationIdentifier `NTRLV-<number>`. */
  registrationNumber?: string;
  /**
   * A person's code, for a personal certificate as eParaksts issues them: written as serialNumber
   * `PNOLV-<code>` (ETSI EN 319 412-1), with no organisation in the subject.
   */
  personalCode?: string;
  country?: string;
};

export type IssueOptions = {
  notBefore: Date;
  notAfter: Date;
  /** Leave out to test a certificate without the non-repudiation key usage. */
  nonRepudiation?: boolean;
  keyKind?: KeyKind;
  /** The OCSP responder named in the Authority Information Access extension. */
  ocspUrl?: string;
};

export const organisationIdentifierOid = '2.5.4.97';

export function organisationIdentifierFor(registrationNumber: string): string {
  return `NTRLV-${registrationNumber}`;
}

function nameOf(subject: SubjectInput): x509.Name {
  const parts: Record<string, string[]>[] = [{ C: [subject.country ?? 'LV'] }];
  if (subject.organisation) parts.push({ O: [subject.organisation] });
  if (subject.registrationNumber) {
    parts.push({ [organisationIdentifierOid]: [organisationIdentifierFor(subject.registrationNumber)] });
  }
  if (subject.personalCode) parts.push({ '2.5.4.5': [`PNOLV-${subject.personalCode}`] });
  parts.push({ CN: [subject.commonName] });
  return new x509.Name(parts);
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] as number) & 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

async function generateKeys(kind: KeyKind = 'rsa'): Promise<CryptoKeyPair> {
  if (kind === 'rsa') return crypto.subtle.generateKey(rsaKeyGen, true, ['sign', 'verify']);
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: kind }, true, ['sign', 'verify']);
}

export async function createRootCa(commonName: string, validity: { notBefore: Date; notAfter: Date }) {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: nameOf({ commonName, organisation: commonName }),
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    keys,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, chain: [] } satisfies KeyedCertificate;
}

/** Issues a signing certificate (non-repudiation unless told otherwise) from `issuer`. */
export async function issueSigningCertificate(
  issuer: KeyedCertificate,
  subject: SubjectInput,
  options: IssueOptions,
): Promise<KeyedCertificate> {
  const keys = await generateKeys(options.keyKind);
  const usage =
    options.nonRepudiation === false
      ? x509.KeyUsageFlags.digitalSignature
      : x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: nameOf(subject),
    issuer: issuer.certificate.subjectName,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
      ...(options.ocspUrl ? [new x509.AuthorityInfoAccessExtension({ ocsp: [options.ocspUrl] })] : []),
    ],
  });
  return { certificate, privateKey: keys.privateKey, chain: [issuer.certificate, ...issuer.chain] };
}

export type ServiceCertificateOptions = {
  notBefore: Date;
  notAfter: Date;
  keyUsage: x509.KeyUsageFlags;
  /** Key purpose OIDs, e.g. id-kp-timeStamping; null for a certificate without the extension. */
  extendedKeyUsage: { purposes: string[]; critical: boolean } | null;
  extensions?: x509.Extension[];
};

/** Issues the certificate of a service that signs for the CA's users (a TSA, an OCSP responder). */
export async function issueServiceCertificate(
  issuer: KeyedCertificate,
  subject: SubjectInput,
  options: ServiceCertificateOptions,
): Promise<KeyedCertificate> {
  const keys = await generateKeys();
  const eku = options.extendedKeyUsage;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: nameOf(subject),
    issuer: issuer.certificate.subjectName,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(options.keyUsage, true),
      ...(eku ? [new x509.ExtendedKeyUsageExtension(eku.purposes, eku.critical)] : []),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate),
      ...(options.extensions ?? []),
    ],
  });
  return { certificate, privateKey: keys.privateKey, chain: [issuer.certificate, ...issuer.chain] };
}

export function toPem(certificates: readonly x509.X509Certificate[]): string {
  return `${certificates.map((c) => c.toString('pem')).join('\n')}\n`;
}

/** Every certificate in a PEM bundle (a trust list file or a certificate chain). */
export function readPemCertificates(pem: string): x509.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new x509.X509Certificate(block));
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const body = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/)?.[1];
  if (!body) throw new Error('expected an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)');
  return importPkcs8(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
}

const curveNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** Imports a PKCS#8 RSA key, or an EC key on P-256, P-384 or P-521, for signing. */
export async function importPkcs8(der: Uint8Array): Promise<CryptoKey> {
  const details = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  if (details.asymmetricKeyType === 'rsa') {
    return crypto.subtle.importKey('pkcs8', plainBytes(der), signingAlgorithm, true, ['sign']);
  }
  const curve = curveNames[details.asymmetricKeyDetails?.namedCurve ?? ''];
  if (details.asymmetricKeyType !== 'ec' || !curve) {
    throw new Error(
      `unsupported signing key: ${details.asymmetricKeyType} ${details.asymmetricKeyDetails?.namedCurve ?? ''}`,
    );
  }
  return crypto.subtle.importKey('pkcs8', plainBytes(der), { name: 'ECDSA', namedCurve: curve }, true, [
    'sign',
  ]);
}
