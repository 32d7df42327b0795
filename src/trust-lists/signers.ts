import { readFile } from 'node:fs/promises';
import { readPemCertificates, type x509 } from '../acts/index.ts';
import type { TrustListSettings } from '../platform/config.ts';

// ACT_TRUST_LIST_SIGNERS: the certificates allowed to sign trusted lists, read once and kept.

export type TrustListSigners = () => Promise<x509.X509Certificate[]>;

export class TrustListConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustListConfigurationError';
  }
}

export async function readTrustListSigners(file: string | undefined): Promise<x509.X509Certificate[]> {
  if (file === undefined) return [];
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new TrustListConfigurationError(
      `ACT_TRUST_LIST_SIGNERS: ${file} cannot be read (${(error as Error).message})`,
    );
  }
  let certificates: x509.X509Certificate[];
  try {
    certificates = readPemCertificates(pem);
  } catch (error) {
    throw new TrustListConfigurationError(
      `ACT_TRUST_LIST_SIGNERS: ${file} holds a certificate that cannot be read (${(error as Error).message})`,
    );
  }
  if (certificates.length === 0) {
    throw new TrustListConfigurationError(`ACT_TRUST_LIST_SIGNERS: ${file} holds no PEM certificate`);
  }
  return certificates;
}

/** The configured signers, read on first use (serve reads them at start, so a bad file stops it there). */
export function createTrustListSigners(settings: Pick<TrustListSettings, 'signersFile'>): TrustListSigners {
  let signers: Promise<x509.X509Certificate[]> | undefined;
  return () => {
    if (!signers) {
      signers = readTrustListSigners(settings.signersFile);
      signers.catch(() => {
        signers = undefined;
      });
    }
    return signers;
  };
}
