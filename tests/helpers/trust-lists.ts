import {
  createRootCa,
  issueServiceCertificate,
  issueSigningCertificate,
  type KeyedCertificate,
} from '../../src/acts/signing/certificates.ts';
import { pkijs, x509 } from '../../src/acts/signing/crypto-engine.ts';
import {
  buildTrustList,
  type FixtureList,
  type FixtureService,
} from '../../src/acts/signing/trust-list-fixture.ts';
import type { ApiClient, Reply } from './app.ts';

// Trusted lists in tests: a scheme operator's signing certificate, CAs to put on a list, and small
// signed lists built at run time (src/acts/signing/trust-list-fixture.ts), loaded through the API.

export const day = 86_400_000;
export const validity = () => ({
  notBefore: new Date(Date.now() - 30 * day),
  notAfter: new Date(Date.now() + 365 * day),
});

/** A certificate that signs trusted lists (as a supervisory body's TL signer does). */
export async function makeListSigner(name: string): Promise<KeyedCertificate> {
  const scheme = await createRootCa(`${name} scheme operator`, validity());
  return issueSigningCertificate(scheme, { commonName: `${name} TL signer` }, validity());
}

/** When the CAs of the test lists were granted their status. */
export const grantedSince = new Date('2025-01-01T00:00:00Z');

/** A CA/QC entry, granted since `grantedSince`. */
export function grantedCa(ca: KeyedCertificate, name = 'Test qualified CA'): FixtureService {
  return {
    name,
    type: 'CA/QC',
    certificate: ca.certificate,
    history: [{ status: 'granted', from: grantedSince }],
  };
}

export function listOf(
  territory: string,
  sequenceNumber: number,
  services: FixtureService[],
  more: Partial<FixtureList> = {},
): Promise<Uint8Array> {
  return buildTrustList({ territory, sequenceNumber, issuedAt: new Date(), services, ...more });
}

export function loadList(admin: ApiClient, xml: Uint8Array): Promise<Reply> {
  return admin.post('/api/v1/trust-lists', { xmlBase64: Buffer.from(xml).toString('base64') });
}

/** The same list with one byte of its content changed after signing (its sequence number). */
export function tampered(xml: Uint8Array, sequenceNumber: number): Uint8Array {
  const text = new TextDecoder().decode(xml);
  const changed = text.replace(
    `<tsl:TSLSequenceNumber>${sequenceNumber}<`,
    `<tsl:TSLSequenceNumber>${sequenceNumber + 1}<`,
  );
  if (changed === text) throw new Error('nothing to tamper with');
  return new TextEncoder().encode(changed);
}

const qcCompliance = '0.4.0.1862.1.1';
const qcSscd = '0.4.0.1862.1.4';

/**
 * A qualified certificate (EN 319 412-5 QcCompliance, and QcSSCD unless told otherwise) with the
 * non-repudiation key usage, for a legal person: an e-seal as the agency's server key would be.
 */
export async function issueQualifiedCertificate(
  issuer: KeyedCertificate,
  subject: { commonName: string; organisation?: string; registrationNumber: string },
  options: { sscd?: boolean } = {},
): Promise<KeyedCertificate> {
  // pkijs types its constructor with the parameters of one statement, so the list is set after.
  const statements = new pkijs.QCStatements();
  statements.values = [
    new pkijs.QCStatement({ id: qcCompliance }),
    ...(options.sscd === false ? [] : [new pkijs.QCStatement({ id: qcSscd })]),
  ];
  const extension = new x509.Extension('1.3.6.1.5.5.7.1.3', false, statements.toSchema().toBER(false));
  return issueServiceCertificate(issuer, subject, {
    ...validity(),
    keyUsage: x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: null,
    extensions: [extension],
  });
}
