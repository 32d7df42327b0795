import { TrustServiceError } from '../trust-services/http.ts';
import { requestOcsp, verifyOcspResponse } from '../trust-services/ocsp.ts';
import { requestTimestamp, verifyTimestampToken } from '../trust-services/timestamp.ts';
import type { KeyedCertificate } from './certificates.ts';
import { addLongTermValues, addSignatureTimestamp, signatureTimestampInput } from './xades-levels.ts';

// Takes a baseline B signature to T (a time stamp over its signature value from the TSA) and to LT
// (then the certificates and the signer certificate's OCSP response, asked for after the time
// stamp, as baseline LT wants revocation data from after the time the signature is proven to exist).
// Each trust service failure is a TrustServiceError naming the service; nothing half-done is returned.

export type SignatureLevel = 'B' | 'T' | 'LT';

export type SignatureExtension = {
  level: 'T' | 'LT';
  tsaUrl: string;
  /** Required for LT. */
  ocspUrl?: string | undefined;
  tsaTimeoutMs: number;
  ocspTimeoutMs: number;
};

export async function extendSignature(
  signatureXml: Uint8Array,
  signer: KeyedCertificate,
  settings: SignatureExtension,
): Promise<Uint8Array> {
  const timestamped = signatureTimestampInput(signatureXml);
  const token = await requestTimestamp(settings.tsaUrl, timestamped, { timeoutMs: settings.tsaTimeoutMs });
  const levelT = addSignatureTimestamp(signatureXml, token);
  if (settings.level === 'T') return levelT;

  const ocspUrl = settings.ocspUrl;
  const issuer = signer.chain[0];
  if (!ocspUrl || !issuer) {
    throw new Error('level LT needs an OCSP responder and the issuer of the signing certificate');
  }
  const ocsp = await requestOcsp(ocspUrl, signer.certificate, issuer, { timeoutMs: settings.ocspTimeoutMs });
  const status = verifyOcspResponse(ocsp, signer.certificate, issuer);
  if (status.status !== 'good') {
    const revoked = status.status === 'revoked';
    throw new TrustServiceError(
      'ocsp',
      revoked ? 'certificate_revoked' : 'certificate_unknown',
      ocspUrl,
      revoked
        ? `the OCSP responder says the signing certificate was revoked ${status.revocationTime?.toISOString() ?? ''} (${status.revocationReason ?? 'no reason given'})`
        : 'the OCSP responder does not know the signing certificate',
      { status: status.status },
    );
  }
  const tsaCertificates = verifyTimestampToken(token, timestamped).certificates;
  return addLongTermValues(levelT, {
    certificates: [signer.certificate, ...signer.chain, ...tsaCertificates, ...status.certificates],
    ocspResponses: [ocsp],
  });
}
