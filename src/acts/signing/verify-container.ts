import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { ContainerError, type ContainerLimits, defaultContainerLimits, readContainer } from './asice.ts';
import { x509 } from './crypto-engine.ts';
import { type ExpectedParty, matchParty, type Party } from './party.ts';
import type { Reason } from './reasons.ts';
import { inspectXadesSignature, type XadesInspection } from './xades.ts';

// Verifies an ASiC-E container of an acceptance act, signature by signature, and says why in a report
// a person can read. Pure apart from the clock it is handed: no network (no OCSP/CRL, so revocation
// is not checked: baseline B offline), no database. A container that cannot even be read gives a
// report with `readable: false` and the reason, never an exception.

export type Check = 'passed' | 'failed' | 'not_checked';

export type SignerSummary = {
  commonName: string;
  organisation: string | null;
  organisationIdentifier: string | null;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
};

export type SignatureReport = {
  file: string;
  valid: boolean;
  signer: SignerSummary | null;
  party: Party | null;
  signingTime: string | null;
  checks: {
    signatureValue: Check;
    documentDigest: Check;
    trustedChain: Check;
    validAtSigningTime: Check;
    nonRepudiation: Check;
    party: Check;
  };
  problems: Reason[];
};

export type ContainerReport = {
  readable: boolean;
  /** Every signature valid, the document is the expected one, and every expected party signed. */
  valid: boolean;
  document: { name: string; mimeType: string; sha256: string; size: number } | null;
  signatures: SignatureReport[];
  /** Only when the parties are known: whether each has a valid signature. */
  parties: { party: Party; name: string; registrationNumber: string; signed: boolean }[];
  problems: Reason[];
};

export type Expectation = {
  /** SHA-256 (hex) of the document that must be signed. */
  sha256: string;
  issuedAt: Date;
  parties: readonly ExpectedParty[];
};

export type VerifyOptions = {
  trustAnchors: readonly x509.X509Certificate[];
  now: Date;
  expected?: Expectation;
  limits?: ContainerLimits;
  /** The register's keyed hash (hex) of a personal code, to match `ExpectedParty.representatives`. */
  hashPersonalCode?: (code: string) => string;
};

/** Clock difference tolerated between the signer's computer and ours. */
const clockSkewMs = 5 * 60 * 1000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function verifyContainer(bytes: Uint8Array, options: VerifyOptions): Promise<ContainerReport> {
  let contents: Awaited<ReturnType<typeof readContainer>>;
  try {
    contents = await readContainer(bytes, options.limits ?? defaultContainerLimits);
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    return {
      readable: false,
      valid: false,
      document: null,
      signatures: [],
      parties: [],
      problems: [{ code: error.code, params: { ...error.params, detail: error.message } }],
    };
  }
  const { document } = contents;
  const documentSha256 = sha256Hex(document.bytes);
  const documents = new Map([[document.name, document.bytes]]);
  const signatures: SignatureReport[] = [];
  for (const file of contents.signatures) {
    const inspection = await inspectXadesSignature(file.xml, file.path, documents);
    signatures.push(judgeSignature(file.path, inspection, document.name, options));
  }

  const problems: Reason[] = [];
  if (options.expected && documentSha256 !== options.expected.sha256.toLowerCase()) {
    problems.push({ code: 'not_the_issued_act' });
  }
  const parties = (options.expected?.parties ?? []).map((p) => ({
    party: p.party,
    name: p.name,
    registrationNumber: p.registrationNumber,
    signed: signatures.some((s) => s.valid && s.party === p.party),
  }));
  for (const p of parties) {
    if (!p.signed) problems.push({ code: 'missing_signature', params: { party: p.name } });
  }
  return {
    readable: true,
    valid: problems.length === 0 && signatures.every((s) => s.valid),
    document: {
      name: document.name,
      mimeType: document.mimeType,
      sha256: documentSha256,
      size: document.bytes.length,
    },
    signatures,
    parties,
    problems,
  };
}

function judgeSignature(
  file: string,
  inspection: XadesInspection,
  documentName: string,
  options: VerifyOptions,
): SignatureReport {
  const problems: Reason[] = [];
  const checks: SignatureReport['checks'] = {
    signatureValue: 'not_checked',
    documentDigest: 'not_checked',
    trustedChain: 'not_checked',
    validAtSigningTime: 'not_checked',
    nonRepudiation: 'not_checked',
    party: 'not_checked',
  };
  const signer = inspection.signerCertificate;
  const report = (party: Party | null = null): SignatureReport => ({
    file,
    valid: problems.length === 0,
    signer: signer ? summarise(signer) : null,
    party,
    signingTime: inspection.signingTime?.toISOString() ?? null,
    checks,
    problems,
  });
  if (inspection.unreadable) {
    problems.push({ code: 'signature_unreadable', params: { detail: inspection.unreadable } });
    return report();
  }

  const covered = inspection.documents.find((d) => d.name === documentName);
  checks.documentDigest = covered?.digestMatches ? 'passed' : 'failed';
  if (!covered) problems.push({ code: 'document_not_signed', params: { file: documentName } });
  else if (!covered.digestMatches)
    problems.push({ code: 'document_digest_mismatch', params: { file: documentName } });
  for (const uri of inspection.unknownReferences)
    problems.push({ code: 'unknown_reference', params: { file: uri } });
  if (inspection.weakAlgorithm) {
    problems.push({ code: 'weak_algorithm', params: { algorithm: inspection.weakAlgorithm } });
  }
  if (!signer) {
    problems.push({ code: 'signing_certificate_missing' });
    return report();
  }
  // A changed document already explains the failed signature value; say it once.
  checks.signatureValue = inspection.signatureValue === 'valid' ? 'passed' : 'failed';
  if (checks.signatureValue === 'failed' && checks.documentDigest === 'passed') {
    problems.push({ code: 'signature_invalid' });
  }

  const path = buildTrustedPath(signer, inspection.certificates, options.trustAnchors);
  checks.trustedChain = path ? 'passed' : 'failed';
  if (!path) problems.push({ code: 'untrusted_chain' });

  const signingTime = inspection.signingTime;
  if (!signingTime || Number.isNaN(signingTime.getTime())) {
    checks.validAtSigningTime = 'failed';
    problems.push({ code: 'signing_time_missing' });
  } else {
    const timeProblems = checkValidity(path ?? [signer], signingTime);
    if (signingTime.getTime() > options.now.getTime() + clockSkewMs) {
      timeProblems.push({
        code: 'signing_time_in_future',
        params: { signingTime: signingTime.toISOString() },
      });
    }
    if (options.expected && signingTime.getTime() < options.expected.issuedAt.getTime() - clockSkewMs) {
      timeProblems.push({
        code: 'signed_before_issue',
        params: { signingTime: signingTime.toISOString(), issuedAt: options.expected.issuedAt.toISOString() },
      });
    }
    checks.validAtSigningTime = timeProblems.length === 0 ? 'passed' : 'failed';
    problems.push(...timeProblems);
  }

  const usage = signer.getExtension(x509.KeyUsagesExtension);
  const hasNonRepudiation = usage !== null && (usage.usages & x509.KeyUsageFlags.nonRepudiation) !== 0;
  checks.nonRepudiation = hasNonRepudiation ? 'passed' : 'failed';
  if (!hasNonRepudiation) problems.push({ code: 'no_non_repudiation' });

  let party: Party | null = null;
  if (options.expected) {
    party = matchParty(signer, options.expected.parties)?.party ?? null;
    checks.party = party ? 'passed' : 'failed';
    if (!party) problems.push({ code: 'unknown_signer', params: { subject: signer.subject } });
  }
  return report(party);
}

function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

/**
 * The path from the signer up to a trust anchor (signer first, anchor last), using the certificates
 * the signature carries as intermediates; null when there is none. Each link's signature is checked,
 * and every issuer above the signer must be a CA.
 */
export function buildTrustedPath(
  signer: x509.X509Certificate,
  carried: readonly x509.X509Certificate[],
  anchors: readonly x509.X509Certificate[],
): x509.X509Certificate[] | null {
  const pool = [...anchors, ...carried];
  const path = [signer];
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    if (anchors.some((a) => sameCertificate(a, current))) return path;
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

function isCa(certificate: x509.X509Certificate): boolean {
  return certificate.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** Node's crypto checks the link synchronously, which keeps path building simple. */
function verifiesSync(child: x509.X509Certificate, issuer: x509.X509Certificate): boolean {
  try {
    const { X509Certificate } = nodeCrypto;
    return new X509Certificate(Buffer.from(child.rawData)).verify(
      new X509Certificate(Buffer.from(issuer.rawData)).publicKey,
    );
  } catch {
    return false;
  }
}

function checkValidity(path: readonly x509.X509Certificate[], at: Date): Reason[] {
  const problems: Reason[] = [];
  for (const certificate of path) {
    if (at.getTime() > certificate.notAfter.getTime()) {
      problems.push({
        code: 'certificate_expired',
        params: { subject: certificate.subject, notAfter: certificate.notAfter.toISOString() },
      });
    } else if (at.getTime() < certificate.notBefore.getTime()) {
      problems.push({
        code: 'certificate_not_yet_valid',
        params: { subject: certificate.subject, notBefore: certificate.notBefore.toISOString() },
      });
    }
  }
  return problems;
}

function summarise(certificate: x509.X509Certificate): SignerSummary {
  const field = (name: string) => certificate.subjectName.getField(name)[0] ?? null;
  return {
    commonName: field('CN') ?? certificate.subject,
    organisation: field('O'),
    organisationIdentifier: field('2.5.4.97'),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    sha256: createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex'),
  };
}
