import { createHmac } from 'node:crypto';
// The normalisation itself, not the audit feature's index: the CLI loads this without the whole feature.
import { normalisePersonalCode } from '../audit/end-user-hash.ts';
import type { Config } from '../platform/config.ts';
import { resolveSecret } from '../platform/secret-file.ts';

// The register knows a person by HMAC-SHA-256 of their personal code, never by the code: an 11-digit
// code has so few values that a plain hash is reversed by trying them all, while without the key the
// stored hashes say nothing. The key is the register's own (REPRESENTATIVE_HASH_SECRET, or generated
// once into the data folder), not the audit records' key: the two can be rotated apart, and a person's
// audit-record hash and register hash cannot be joined. The domain prefix keeps them apart even if an
// operator sets both variables to one value.

export type PersonalCodeHasher = (code: string) => string;

export const representativeHashSecretFileName = 'representative-hash-secret';

const domain = 'pakalpe-representative-personal-code\0';
const etsiPrefix = /^PNOLV-/i;

/**
 * The code's normal form: the ETSI prefix and hyphens and spaces dropped (`PNOLV-010190-12345`,
 * `010190-12345` and `01019012345` are one person) — the audit records' normalisation after the prefix.
 */
export function normaliseRepresentativeCode(code: string): string {
  return normalisePersonalCode(code.trim().replace(etsiPrefix, ''));
}

/**
 * `(code) => hex`: exactly the register's `personal_code_hash` for a valid code, in whichever of the
 * accepted spellings it comes. The verifier hands it a certificate's serialNumber as it stands; a value
 * that is not a personal code (an `NTRLV-…` number, say) still hashes, to something no entry holds.
 */
export function createPersonalCodeHasher(
  config: Pick<Config, 'representativeHashSecret' | 'dataDir'>,
): PersonalCodeHasher {
  const secret = resolveSecret(
    config.representativeHashSecret,
    config.dataDir,
    representativeHashSecretFileName,
  );
  return (code) =>
    createHmac('sha256', secret).update(domain).update(normaliseRepresentativeCode(code)).digest('hex');
}
