import * as nodeCrypto from 'node:crypto';
import { x509 } from './crypto-engine.ts';

// What the verifier trusts, and since when. A trust service is a CA, a time-stamping authority or an
// OCSP responder, with the certificates that identify it and the history of its status — the shape
// of an ETSI TS 119 612 trusted list entry (trust-list.ts reads those). The demo CA and a PEM file of
// anchors (ACT_TRUST_ANCHORS) become services that are trusted for everything, always: they are what
// an operator configured by hand.
//
// Pure: the caller hands in the time to judge at (the time a time stamp proves, or the signing time
// the signer claims) and gets back whether a path to a service trusted at that time exists.

export type ServiceKind = 'ca' | 'tsa' | 'ocsp' | 'any';

export type ServiceStatusPeriod = { granted: boolean; status: string; from: Date };

export type TrustSourceKind = 'demo' | 'pem' | 'trusted_list';

export type TrustService = {
  name: string;
  kind: ServiceKind;
  /** The TS 119 612 service type URI, when the service comes from a trusted list. */
  typeUri: string | null;
  /** A qualified service (CA/QC issuing qualified certificates, TSA/QTST issuing qualified stamps). */
  qualified: boolean;
  certificates: x509.X509Certificate[];
  /** Status periods, newest first: each holds from its time until the next newer one. */
  history: ServiceStatusPeriod[];
  source: { kind: TrustSourceKind; territory?: string; sequenceNumber?: number };
};

export type TrustSourceSummary = {
  kind: TrustSourceKind;
  name: string;
  territory?: string;
  sequenceNumber?: number;
  issuedAt?: string;
  nextUpdate?: string | null;
  signature?: 'valid' | 'not_checked';
};

export type TrustStore = { services: TrustService[]; sources: TrustSourceSummary[] };

const always: ServiceStatusPeriod[] = [{ granted: true, status: 'configured', from: new Date(0) }];

/** Anchors configured by hand (the demo CA, ACT_TRUST_ANCHORS): trusted for everything, always. */
export function trustStoreFromCertificates(
  certificates: readonly x509.X509Certificate[],
  kind: Exclude<TrustSourceKind, 'trusted_list'>,
  name: string,
): TrustStore {
  return {
    services: certificates.map((certificate) => ({
      name: certificate.subjectName.getField('CN')[0] ?? certificate.subject,
      kind: 'any',
      typeUri: null,
      qualified: false,
      certificates: [certificate],
      history: always,
      source: { kind },
    })),
    sources: [{ kind, name }],
  };
}

export function mergeTrustStores(...stores: readonly TrustStore[]): TrustStore {
  return { services: stores.flatMap((s) => s.services), sources: stores.flatMap((s) => s.sources) };
}

/** The status period in force at `at`, or undefined before the service's first status. */
export function statusAt(service: TrustService, at: Date): ServiceStatusPeriod | undefined {
  return service.history.find((period) => period.from.getTime() <= at.getTime());
}

export function isTrustedAt(service: TrustService, at: Date): boolean {
  return statusAt(service, at)?.granted === true;
}

/** A CA's delegated OCSP responder is authorised by the CA, so CA services anchor responders too. */
function usableFor(service: TrustService, kind: Exclude<ServiceKind, 'any'>): boolean {
  return service.kind === 'any' || service.kind === kind || (kind === 'ocsp' && service.kind === 'ca');
}

export type TrustedPath = {
  /** Signer first, the anchor's certificate last. */
  certificates: x509.X509Certificate[];
  service: TrustService;
};

/**
 * The path from `leaf` up to a certificate of a service of `kind` trusted at `at`, using `carried`
 * certificates as intermediates; null when there is none. Each link's signature is checked, and every
 * issuer above the leaf must be a CA. An OCSP responder or TSA may itself be the service's identity
 * (trusted lists list TSA units directly).
 */
export function findTrustedPath(
  leaf: x509.X509Certificate,
  carried: readonly x509.X509Certificate[],
  store: TrustStore,
  kind: Exclude<ServiceKind, 'any'>,
  at: Date,
  options: { servicesOnly?: boolean } = {},
): TrustedPath | null {
  // servicesOnly: a service of exactly this kind (or one configured for everything), not a CA above it.
  const services = store.services.filter(
    (s) =>
      (options.servicesOnly ? s.kind === kind || s.kind === 'any' : usableFor(s, kind)) && isTrustedAt(s, at),
  );
  const anchorOf = (certificate: x509.X509Certificate) =>
    services.find((s) => s.certificates.some((c) => sameCertificate(c, certificate)));
  const anchorCertificates = services.flatMap((s) => s.certificates);
  const pool = [...anchorCertificates, ...carried];
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const service = anchorOf(current);
    if (service) return { certificates: path, service };
    const issuer = pool.find(
      (candidate) =>
        !sameCertificate(candidate, current) &&
        candidate.subject === current.issuer &&
        isCa(candidate) &&
        verifiesSync(current, candidate),
    );
    if (!issuer) return null;
    path.push(issuer);
    current = issuer;
  }
  return null;
}

export function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

function isCa(certificate: x509.X509Certificate): boolean {
  return certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

// Parsed once per certificate object: path building asks about the same anchors again and again.
const parsed = new WeakMap<x509.X509Certificate, nodeCrypto.X509Certificate | null>();

function nodeCertificate(certificate: x509.X509Certificate): nodeCrypto.X509Certificate | null {
  let found = parsed.get(certificate);
  if (found === undefined) {
    try {
      found = new nodeCrypto.X509Certificate(Buffer.from(certificate.rawData));
    } catch {
      found = null;
    }
    parsed.set(certificate, found);
  }
  return found;
}

/** Node's crypto checks the link synchronously, which keeps path building simple. */
export function verifiesSync(child: x509.X509Certificate, issuer: x509.X509Certificate): boolean {
  const childCertificate = nodeCertificate(child);
  const issuerCertificate = nodeCertificate(issuer);
  if (!childCertificate || !issuerCertificate) return false;
  try {
    return childCertificate.verify(issuerCertificate.publicKey);
  } catch {
    return false;
  }
}
