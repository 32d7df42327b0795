import type { x509 } from './crypto-engine.ts';
import type { Reason } from './reasons.ts';
import type { Check, VerifyOptions } from './verify-container.ts';
import type { XadesInspection } from './xades-read.ts';

export type OnlineRevocation = {
  fetch(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<Uint8Array | null>;
};

export type LevelAssessment = {
  level: 'B' | 'T' | 'LT' | 'LTA';
  provenTime: Date | null;
  timestamps: { kind: string; time: string | null; tsa: string | null; valid: boolean }[];
  revocation: {
    source: 'embedded' | 'online';
    status: 'good' | 'revoked' | 'unknown';
    producedAt: string | null;
    responder: string | null;
  } | null;
  timestampCheck: Check;
  revocationCheck: Check;
  problems: Reason[];
  warnings: Reason[];
  notChecked: Reason[];
};

export async function assessLevels(
  inspection: XadesInspection,
  _signer: x509.X509Certificate,
  _options: VerifyOptions,
): Promise<LevelAssessment> {
  const notChecked: Reason[] = [];
  if (inspection.timestamps.length === 0) notChecked.push({ code: 'no_timestamp' });
  notChecked.push({ code: 'revocation_not_checked' });
  for (const property of inspection.notChecked)
    notChecked.push({ code: 'property_not_checked', params: { property } });
  return {
    level: 'B',
    provenTime: null,
    timestamps: [],
    revocation: null,
    timestampCheck: 'not_checked',
    revocationCheck: 'not_checked',
    problems: [],
    warnings: [],
    notChecked,
  };
}
