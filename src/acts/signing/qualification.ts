import { pkijs, plainBytes, type x509 } from './crypto-engine.ts';
import { isTrustedAt, type TrustService } from './trust-store.ts';

// Whether a signature is qualified, as far as the certificate and the trusted list show it
// (Regulation (EU) No 910/2014; ETSI EN 319 412-5 QC statements): a qualified certificate (QcCompliance)
// issued by a qualified CA service (CA/QC) in force at signing time makes an advanced signature with a
// qualified certificate; with its key on a qualified device (QcSSCD) it is a qualified signature
// (QES), or a qualified seal for an organisation. Without a trusted list the question cannot be
// answered, and the report says so instead of guessing.

export type Qualification = 'qes' | 'adesqc' | 'ades' | 'not_determined';

const qcStatementsOid = '1.3.6.1.5.5.7.1.3';
const qcCompliance = '0.4.0.1862.1.1';
const qcSscd = '0.4.0.1862.1.4';

export function qcStatementsOf(certificate: x509.X509Certificate): string[] {
  const extension = certificate.extensions.find((e) => e.type === qcStatementsOid);
  if (!extension) return [];
  try {
    const statements = pkijs.QCStatements.fromBER(plainBytes(new Uint8Array(extension.value)));
    return statements.values.map((s) => s.id);
  } catch {
    return [];
  }
}

export function qualificationOf(
  certificate: x509.X509Certificate,
  service: TrustService,
  at: Date,
): Qualification {
  if (service.source.kind !== 'trusted_list') return 'not_determined';
  if (!service.qualified || !isTrustedAt(service, at)) return 'ades';
  const statements = qcStatementsOf(certificate);
  if (!statements.includes(qcCompliance)) return 'ades';
  return statements.includes(qcSscd) ? 'qes' : 'adesqc';
}
