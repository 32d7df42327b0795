import { createHash } from 'node:crypto';
import { verifyOcspResponse } from '../trust-services/ocsp.ts';
import { verifyTimestampToken } from '../trust-services/timestamp.ts';
import type { x509 } from './crypto-engine.ts';
import type { Reason } from './reasons.ts';
import { findTrustedPath, type TrustStore, verifiesSync } from './trust-store.ts';
import type { Check, SignatureReport } from './verify-container.ts';
import type { XadesInspection } from './xades-read.ts';

// How far a signature goes beyond baseline B (ETSI EN 319 102-1 validation, the parts we implement):
// - T: a signature time stamp (RFC 3161) whose token verifies, whose imprint is the canonical
//   SignatureValue, and whose TSA is trusted at the stamped time. The earliest such time is the
//   *proven* time; SigningTime stays a claim.
// - LT: on top of T, an OCSP response for the signer certificate, embedded (RevocationValues) or
//   fetched when OCSP access is configured, signed by an authorised and trusted responder, saying
//   `good`, and produced after the proven time (an older one cannot speak for the signature). BDOC's
//   time-mark profile (TM) has no time stamp: there, an OCSP response whose nonce is the digest of the
//   SignatureValue is what proves the time, and the signature is LT on its own.
// - LTA needs the archive time stamp checked, which we do not do: the report says so.
// Pure apart from the optional OCSP fetch.

export type OnlineRevocation = {
  fetch(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<Uint8Array | null>;
};

export type LevelAssessment = {
  level: 'B' | 'T' | 'LT' | 'LTA';
  provenTime: Date | null;
  timestamps: SignatureReport['timestamps'];
  revocation: SignatureReport['revocation'];
  timestampCheck: Check;
  revocationCheck: Check;
  problems: Reason[];
  warnings: Reason[];
  notChecked: Reason[];
};

export type LevelContext = {
  trust: TrustStore;
  now: Date;
  onlineRevocation?: OnlineRevocation | undefined;
};

const skewMs = 5 * 60 * 1000;

const nameOf = (c: x509.X509Certificate | null | undefined) =>
  c ? (c.subjectName.getField('CN')[0] ?? c.subject) : null;

export async function assessLevels(
  inspection: XadesInspection,
  signer: x509.X509Certificate,
  context: LevelContext,
): Promise<LevelAssessment> {
  const result: LevelAssessment = {
    level: 'B',
    provenTime: null,
    timestamps: [],
    revocation: null,
    timestampCheck: 'not_checked',
    revocationCheck: 'not_checked',
    problems: [],
    warnings: [],
    notChecked: [],
  };
  for (const property of inspection.notChecked) {
    result.notChecked.push(
      property === 'ArchiveTimeStamp'
        ? { code: 'archive_timestamp_not_checked' }
        : { code: 'property_not_checked', params: { property } },
    );
  }
  assessTimestamps(inspection, context, result);
  await assessRevocation(inspection, signer, context, result);
  if (!result.provenTime && result.timestamps.length === 0)
    result.notChecked.unshift({ code: 'no_timestamp' });
  if (result.problems.length > 0) return result;
  if (result.timestampCheck === 'passed') result.level = 'T';
  if (result.revocationCheck === 'passed' && result.provenTime) result.level = 'LT';
  return result;
}

function assessTimestamps(inspection: XadesInspection, context: LevelContext, result: LevelAssessment): void {
  const stamps = inspection.timestamps.filter((t) => t.kind === 'signature');
  if (stamps.length === 0) return;
  let allValid = true;
  for (const stamp of stamps) {
    if (!stamp.covered) {
      allValid = false;
      continue; // the canonicalization is not supported: already listed as not checked
    }
    const token = verifyTimestampToken(stamp.token, stamp.covered);
    const unsupported = token.problems.find((p) => p.code === 'unsupported_algorithm');
    let valid =
      token.problems.length === 0 && token.imprintMatches && token.signatureValid && token.genTime !== null;
    if (unsupported) {
      result.notChecked.push({ code: 'timestamp_unsupported', params: { detail: unsupported.detail } });
      valid = false;
    } else if (!token.imprintMatches && token.genTime) {
      result.problems.push({ code: 'timestamp_imprint_mismatch' });
    } else if (!valid) {
      result.problems.push({
        code: 'timestamp_invalid',
        params: { detail: token.problems.map((p) => p.detail).join('; ') || 'the token does not verify' },
      });
    }
    if (valid && token.signerCertificate && token.genTime) {
      const path = findTrustedPath(
        token.signerCertificate,
        [...token.certificates, ...inspection.certificates],
        context.trust,
        'tsa',
        token.genTime,
      );
      if (!path) {
        valid = false;
        result.problems.push({
          code: 'timestamp_untrusted',
          params: { subject: token.signerCertificate.subject },
        });
      }
    }
    result.timestamps.push({
      kind: 'signature',
      time: token.genTime?.toISOString() ?? null,
      tsa: nameOf(token.signerCertificate),
      valid,
    });
    allValid &&= valid;
    if (valid && token.genTime && (!result.provenTime || token.genTime < result.provenTime)) {
      result.provenTime = token.genTime;
    }
  }
  result.timestampCheck = allValid ? 'passed' : 'failed';
  const claimed = inspection.signingTime;
  if (result.provenTime && claimed && claimed.getTime() > result.provenTime.getTime() + skewMs) {
    result.problems.push({
      code: 'signing_time_after_timestamp',
      params: { signingTime: claimed.toISOString(), provenTime: result.provenTime.toISOString() },
    });
  }
}

/** The signer's issuer: among the carried certificates and the trust store's, the one that signed it. */
function issuerOf(
  certificate: x509.X509Certificate,
  carried: readonly x509.X509Certificate[],
  trust: TrustStore,
): x509.X509Certificate | undefined {
  const candidates = [...carried, ...trust.services.flatMap((s) => s.certificates)];
  return candidates.find((c) => c.subject === certificate.issuer && verifiesSync(certificate, c));
}

async function assessRevocation(
  inspection: XadesInspection,
  signer: x509.X509Certificate,
  context: LevelContext,
  result: LevelAssessment,
): Promise<void> {
  const issuer = issuerOf(signer, inspection.certificates, context.trust);
  let source: 'embedded' | 'online' = 'embedded';
  let checked = issuer
    ? inspection.ocspResponses
        .map((der) => verifyOcspResponse(der, signer, issuer, inspection.certificates))
        .find((v) => !v.problems.some((p) => p.code === 'certificate_not_in_response'))
    : undefined;
  if (!checked && issuer && context.onlineRevocation) {
    try {
      const der = await context.onlineRevocation.fetch(signer, issuer);
      if (der) {
        checked = verifyOcspResponse(der, signer, issuer);
        source = 'online';
      }
    } catch (error) {
      result.warnings.push({ code: 'ocsp_invalid', params: { detail: (error as Error).message } });
    }
  }
  if (!checked) {
    result.notChecked.push({ code: 'revocation_not_checked' });
    return;
  }
  result.revocation = {
    source,
    status: checked.status,
    producedAt: checked.producedAt?.toISOString() ?? null,
    responder: nameOf(checked.responderCertificate),
  };
  const before = result.problems.length;
  const unsupported = checked.problems.find((p) => p.code === 'unsupported_algorithm');
  if (unsupported) {
    result.notChecked.push({
      code: 'timestamp_unsupported',
      params: { detail: `OCSP: ${unsupported.detail}` },
    });
    result.revocationCheck = 'not_checked';
    return;
  }
  const other = checked.problems.filter((p) => p.code !== 'responder_not_authorised');
  if (other.length > 0)
    result.problems.push({ code: 'ocsp_invalid', params: { detail: other.map((p) => p.detail).join('; ') } });
  const producedAt = checked.producedAt;
  const responder = checked.responderCertificate;
  if (responder && producedAt && checked.signatureValid) {
    // A responder the issuing CA authorised is trusted as the CA is; any other (SK's OCSP responders,
    // for one) must be an OCSP service of the trusted list itself (RFC 6960 §4.2.2.2).
    const carried = [...checked.certificates, ...inspection.certificates, ...(issuer ? [issuer] : [])];
    const path = checked.responderAuthorised
      ? findTrustedPath(responder, carried, context.trust, 'ocsp', producedAt)
      : findTrustedPath(responder, carried, context.trust, 'ocsp', producedAt, { servicesOnly: true });
    if (!path) {
      result.problems.push({
        code: checked.responderAuthorised ? 'ocsp_untrusted' : 'ocsp_not_authorised',
        params: { subject: responder.subject },
      });
    }
  }

  // BDOC time-mark: the OCSP nonce is the digest of the SignatureValue, which binds the response to
  // this very signature and makes its producedAt the proven time.
  const timeMark =
    !result.provenTime && producedAt && bindsSignatureValue(checked.nonce, inspection.signatureValueBytes);
  const signatureTime = result.provenTime ?? (timeMark ? producedAt : inspection.signingTime) ?? null;
  if (producedAt && signatureTime && !timeMark && producedAt.getTime() < signatureTime.getTime() - skewMs) {
    result.problems.push({
      code: 'ocsp_before_signature',
      params: { producedAt: producedAt.toISOString(), signatureTime: signatureTime.toISOString() },
    });
  }
  if (checked.status === 'revoked') {
    const revokedAt = checked.revocationTime;
    // Revoked after a proven signing time: the signature was made while the certificate was good.
    const afterProvenTime =
      revokedAt && result.provenTime && revokedAt.getTime() > result.provenTime.getTime();
    const reason = {
      code: 'certificate_revoked' as const,
      params: { revokedAt: revokedAt?.toISOString() ?? '?', producedAt: producedAt?.toISOString() ?? '?' },
    };
    if (afterProvenTime) result.warnings.push(reason);
    else result.problems.push(reason);
  } else if (checked.status === 'unknown' && other.length === 0) {
    result.problems.push({ code: 'revocation_unknown' });
  }
  result.revocationCheck = result.problems.length === before ? 'passed' : 'failed';
  if (timeMark && result.revocationCheck === 'passed' && producedAt) {
    result.provenTime = producedAt;
    result.timestampCheck = 'passed';
  }
}

function bindsSignatureValue(nonceHex: string | null, signatureValue: Uint8Array): boolean {
  if (!nonceHex || signatureValue.length === 0) return false;
  return ['sha256', 'sha1', 'sha224', 'sha384', 'sha512'].some((hash) =>
    nonceHex.toLowerCase().includes(createHash(hash).update(signatureValue).digest('hex')),
  );
}
