import { createHmac } from 'node:crypto';
import { resolveSecret } from '../platform/secret-file.ts';
import type { HashPerson } from './record.ts';

// End users' personal codes are never stored: only HMAC-SHA-256 under a server secret, so the same
// person counts once without being identifiable from the database alone (a plain hash of an 11-digit
// code is reversed by trying them all; without the key that is impossible).

export const hashSecretFileName = 'audit-hash-secret';

/** The same person written as `010101-12345` or `01010112345` is one person. */
export function normalisePersonalCode(code: string): string {
  return code.trim().replace(/[\s-]/g, '').toUpperCase();
}

export function personHasher(secret: string): HashPerson {
  return (code) => createHmac('sha256', secret).update(normalisePersonalCode(code)).digest();
}

/**
 * The configured secret, or one generated once into the data folder (mode 0600) and kept there, so
 * that an embedded installation works without setup and its hashes stay comparable across restarts.
 * Deployments with several servers set AUDIT_HASH_SECRET so that every server hashes alike.
 */
export function resolveHashSecret(config: { auditHashSecret: string | undefined; dataDir: string }): string {
  return resolveSecret(config.auditHashSecret, config.dataDir, hashSecretFileName);
}
