import { createHash } from 'node:crypto';
import {
  ContainerError,
  type ContainerFinding,
  type ContainerLimits,
  defaultContainerLimits,
  readContainer,
} from './asice.ts';
import { x509 } from './crypto-engine.ts';
import { type ExpectedParty, matchSigner, type Party } from './party.ts';
import { type Qualification, qualificationOf } from './qualification.ts';
import type { Reason } from './reasons.ts';
import { assessLevels, type LevelAssessment, type OnlineRevocation } from './signature-levels.ts';
import { findTrustedPath, type TrustSourceSummary, type TrustStore } from './trust-store.ts';
import { inspectSignatureFile, type XadesInspection } from './xades-read.ts';

// Verifies an ASiC-E container signature by signature, as far as the signature lets it be verified,
// and says how far that was: the level reached (B, T, LT), the time that is proven (a time stamp)
// versus the time that is claimed (SigningTime), and every check that was not made. Pure apart from
// the clock it is handed and an optional OCSP fetch: no database. A container that cannot be read
// gives a report with `readable: false` and the reason, never an exception.
//
// Two uses: any container (the /verify page, `pakalpe verify`), judged as a validator judges it; and
// an acceptance act (`expected`), which must hold exactly the issued act, signed by both parties.

export type Check = 'passed' | 'failed' | 'not_checked';

export type SignerSummary = {
  commonName: string;
  organisation: string | null;
  organisationIdentifier: string | null;
  /** The subject's serialNumber (a personal code `PNOLV-…` in personal certificates). */
  serialNumber: string | null;
  subject: string;
  issuer: string;
  certificateSerialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
};

export type Level = 'B' | 'T' | 'LT' | 'LTA';

export type SignatureReport = {
  file: string;
  /** The signature's Id in its file. */
  id: string;
  valid: boolean;
  /** The highest baseline level whose checks all passed; null when not even B holds. */
  level: Level | null;
  qualification: Qualification;
  signer: SignerSummary | null;
  party: Party | null;
  /** The registered representative the signer was matched to, when it was by personal code. */
  representative: { name: string; position: string | null; maskedCode: string } | null;
  /** What the signer's computer said (SigningTime); not proven. */
  signingTime: string | null;
  /** The earliest time a valid, trusted time stamp proves the signature existed at. */
  provenTime: string | null;
  timestamps: { kind: string; time: string | null; tsa: string | null; valid: boolean }[];
  revocation: {
    source: 'embedded' | 'online';
    status: 'good' | 'revoked' | 'unknown';
    producedAt: string | null;
    responder: string | null;
  } | null;
  policy: { kind: 'implied' } | { kind: 'explicit'; identifier: string; spuri: string | null } | null;
  claimedRoles: string[];
  checks: {
    signatureValue: Check;
    documentDigest: Check;
    signedProperties: Check;
    trustedChain: Check;
    validAtSigningTime: Check;
    nonRepudiation: Check;
    timestamp: Check;
    revocation: Check;
    party: Check;
  };
  counterSignatures: { signer: string | null; valid: boolean }[];
  problems: Reason[];
  warnings: Reason[];
  /** What was not checked, in words: no report says "valid" without saying how far. */
  notChecked: Reason[];
};

export type ContainerReport = {
  readable: boolean;
  /** No container error, every signature valid, and (for an act) the issued act signed by both parties. */
  valid: boolean;
  /** The data objects, in name order. */
  documents: { name: string; mimeType: string; sha256: string; size: number }[];
  /** The one document of an act container (the first data object otherwise). */
  document: { name: string; mimeType: string; sha256: string; size: number } | null;
  signatures: SignatureReport[];
  /** Only when the parties are known: whether each has a valid signature. */
  parties: { party: Party; name: string; registrationNumber: string; signed: boolean }[];
  problems: Reason[];
  warnings: Reason[];
  /** Where the trust decisions came from. */
  trust: TrustSourceSummary[];
};

export type Expectation = {
  /** SHA-256 (hex) of the document that must be signed. */
  sha256: string;
  issuedAt: Date;
  parties: readonly ExpectedParty[];
};

export type VerifyOptions = {
  trust: TrustStore;
  now: Date;
  expected?: Expectation;
  limits?: ContainerLimits;
  /** Keyed hash of a personal code, as the register of representatives stores it. */
  hashPersonalCode?: (code: string) => string;
  /** OCSP access for signatures that carry no revocation data (ACT_OCSP_URL or the AIA). */
  onlineRevocation?: OnlineRevocation;
};

/** Clock difference tolerated between the signer's computer and ours. */
export const clockSkewMs = 5 * 60 * 1000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const errorsOf = (findings: readonly ContainerFinding[], severity: 'error' | 'warning'): Reason[] =>
  findings.filter((f) => f.severity === severity).map((f) => ({ code: f.code, params: f.params }));

export async function verifyContainer(bytes: Uint8Array, options: VerifyOptions): Promise<ContainerReport> {
  let contents: Awaited<ReturnType<typeof readContainer>>;
  try {
    contents = await readContainer(bytes, options.limits ?? defaultContainerLimits);
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    return {
      readable: false,
      valid: false,
      documents: [],
      document: null,
      signatures: [],
      parties: [],
      problems: [{ code: error.code, params: { ...error.params, detail: error.message } }],
      warnings: [],
      trust: options.trust.sources,
    };
  }
  const problems = errorsOf(contents.findings, 'error');
  const warnings = errorsOf(contents.findings, 'warning');
  const documents = contents.dataObjects.map((d) => ({
    name: d.name,
    mimeType: d.mimeType,
    sha256: sha256Hex(d.bytes),
    size: d.bytes.length,
  }));

  const signatures: SignatureReport[] = [];
  /** Per signature: the data objects whose digest it proves, and the MIME types it signs for them. */
  const covers = new Map<SignatureReport, { name: string; mimeType: string | null }[]>();
  for (const file of contents.signatures) {
    const inspected = await inspectSignatureFile(file.xml, file.path, contents.entries);
    if (inspected.legacyNamespace)
      warnings.push({ code: 'legacy_asic_namespace', params: { file: file.path } });
    if (inspected.unreadable) {
      signatures.push(unreadableReport(file.path, inspected.unreadable));
      continue;
    }
    for (const signature of inspected.signatures) {
      const report = await judgeSignature(file.path, signature, documents, options);
      signatures.push(report);
      const names = new Set(documents.map((d) => d.name));
      // A file may be signed by a counter-signature only (a co-signer adding a document).
      const counters = signature.counterSignatures.filter(
        (c) => c.signatureValue === 'valid' && !c.signedPropertiesProblem,
      );
      covers.set(
        report,
        [signature, ...counters]
          .flatMap((s) => s.documents)
          .filter((d) => names.has(d.name) && d.digestMatches === true),
      );
    }
  }

  // Every data object must be signed by someone, and the signed type must not contradict the manifest.
  const signed = [...covers.values()].flat();
  for (const d of documents) {
    if (!signed.some((c) => c.name === d.name))
      problems.push({ code: 'unsigned_file', params: { file: d.name } });
  }
  problems.push(...mimeTypeMismatches(signed, documents));

  let document = documents[0] ?? null;
  if (options.expected) {
    if (documents.length > 1) {
      problems.push({ code: 'several_documents', params: { count: String(documents.length) } });
    }
    const act = documents.find((d) => d.sha256 === options.expected?.sha256.toLowerCase());
    if (!act) problems.push({ code: 'not_the_issued_act' });
    else document = act;
    for (const name of contents.entries.keys()) {
      if (
        name.startsWith('META-INF/') &&
        name !== 'META-INF/manifest.xml' &&
        !contents.signatures.some((s) => s.path === name)
      ) {
        // Nothing unsigned rides along in a signed act.
        problems.push({ code: 'unexpected_file', params: { file: name } });
      }
    }
    for (const w of warnings.filter((w) => w.code === 'unexpected_file'))
      warnings.splice(warnings.indexOf(w), 1);
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
    valid: problems.length === 0 && signatures.length > 0 && signatures.every((s) => s.valid),
    documents,
    document,
    signatures,
    parties,
    problems: dedupe(problems),
    warnings: dedupe(warnings),
    trust: options.trust.sources,
  };
}

/**
 * The manifest and a signature's DataObjectFormat must agree on what a file is; but
 * application/octet-stream means "some bytes", which contradicts no type.
 */
function mimeTypeMismatches(
  signed: readonly { name: string; mimeType: string | null }[],
  documents: readonly { name: string; mimeType: string }[],
): Reason[] {
  const generic = 'application/octet-stream';
  const found: Reason[] = [];
  for (const d of documents) {
    for (const { mimeType } of signed.filter((c) => c.name === d.name)) {
      if (
        mimeType &&
        d.mimeType &&
        mimeType !== d.mimeType &&
        mimeType !== generic &&
        d.mimeType !== generic
      ) {
        found.push({
          code: 'manifest_mimetype_mismatch',
          params: { file: d.name, manifest: d.mimeType, signature: mimeType },
        });
      }
    }
  }
  return found;
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${JSON.stringify(r.params ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const notChecked = (): SignatureReport['checks'] => ({
  signatureValue: 'not_checked',
  documentDigest: 'not_checked',
  signedProperties: 'not_checked',
  trustedChain: 'not_checked',
  validAtSigningTime: 'not_checked',
  nonRepudiation: 'not_checked',
  timestamp: 'not_checked',
  revocation: 'not_checked',
  party: 'not_checked',
});

function unreadableReport(file: string, detail: string): SignatureReport {
  return {
    file,
    id: '',
    valid: false,
    level: null,
    qualification: 'not_determined',
    signer: null,
    party: null,
    representative: null,
    signingTime: null,
    provenTime: null,
    timestamps: [],
    revocation: null,
    policy: null,
    claimedRoles: [],
    checks: notChecked(),
    counterSignatures: [],
    problems: [{ code: 'signature_unreadable', params: { detail } }],
    warnings: [],
    notChecked: [],
  };
}

async function judgeSignature(
  file: string,
  inspection: XadesInspection,
  documents: readonly { name: string; sha256: string }[],
  options: VerifyOptions,
): Promise<SignatureReport> {
  const problems: Reason[] = [];
  const warnings: Reason[] = [];
  const notCheckedReasons: Reason[] = [];
  const checks = notChecked();
  const signer = inspection.signerCertificate;
  const report: SignatureReport = {
    file,
    id: inspection.id,
    valid: false,
    level: null,
    qualification: 'not_determined',
    signer: signer ? summarise(signer) : null,
    party: null,
    representative: null,
    signingTime: inspection.signingTime?.toISOString() ?? null,
    provenTime: null,
    timestamps: [],
    revocation: null,
    policy:
      inspection.policy?.kind === 'explicit'
        ? { kind: 'explicit', identifier: inspection.policy.identifier, spuri: inspection.policy.spuri }
        : inspection.policy,
    claimedRoles: inspection.claimedRoles,
    checks,
    counterSignatures: inspection.counterSignatures.map((c) => ({
      signer: c.signerCertificate ? summarise(c.signerCertificate).commonName : null,
      valid: c.signatureValue === 'valid' && !c.signedPropertiesProblem && !c.unreadable,
    })),
    problems,
    warnings,
    notChecked: notCheckedReasons,
  };
  const finish = () => {
    report.valid = problems.length === 0;
    if (!report.valid) report.level = null;
    return report;
  };
  if (inspection.unreadable) {
    problems.push({ code: 'signature_unreadable', params: { detail: inspection.unreadable } });
    return finish();
  }

  // What the signature covers.
  const dataNames = new Set(documents.map((d) => d.name));
  const covered = inspection.documents.filter((d) => dataNames.has(d.name));
  for (const d of inspection.documents.filter((x) => !dataNames.has(x.name))) {
    problems.push({ code: 'signs_meta_inf_file', params: { file: d.name } });
  }
  const expectedDocument = options.expected
    ? documents.find((d) => d.sha256 === options.expected?.sha256.toLowerCase())
    : undefined;
  if (covered.length === 0) {
    problems.push({
      code: 'document_not_signed',
      params: { file: expectedDocument?.name ?? documents[0]?.name ?? '' },
    });
    checks.documentDigest = 'failed';
  } else {
    const changed = covered.filter((d) => d.digestMatches === false);
    for (const d of changed) problems.push({ code: 'document_digest_mismatch', params: { file: d.name } });
    const actCovered = !expectedDocument || covered.some((d) => d.name === expectedDocument.name);
    if (!actCovered)
      problems.push({ code: 'document_not_signed', params: { file: expectedDocument?.name ?? '' } });
    checks.documentDigest =
      changed.length > 0 || !actCovered
        ? 'failed'
        : covered.every((d) => d.digestMatches === true)
          ? 'passed'
          : 'not_checked';
  }
  for (const uri of inspection.unknownReferences)
    problems.push({ code: 'unknown_reference', params: { file: uri } });
  checks.signedProperties = inspection.signedPropertiesProblem ? 'failed' : 'passed';
  if (inspection.signedPropertiesProblem) {
    problems.push({
      code: 'signed_properties_invalid',
      params: { detail: inspection.signedPropertiesProblem },
    });
  }
  for (const algorithm of new Set(inspection.weakAlgorithms)) {
    problems.push({ code: 'weak_algorithm', params: { algorithm } });
  }
  if (inspection.unsupportedAlgorithm) {
    problems.push({ code: 'unsupported_algorithm', params: { algorithm: inspection.unsupportedAlgorithm } });
  }
  // Changed SignedProperties make everything they say (signer, time, policy) a claim of nobody's.
  if (inspection.signedPropertiesProblem) return finish();
  if (!signer) {
    problems.push({ code: 'signing_certificate_missing' });
    return finish();
  }
  if (inspection.signingCertificate.issuerSerialMatches === false)
    warnings.push({ code: 'issuer_serial_mismatch' });
  if (inspection.signatureValue !== 'not_checked') {
    checks.signatureValue = inspection.signatureValue === 'valid' ? 'passed' : 'failed';
    // A changed document or SignedProperties already explains the failed value; say it once.
    if (
      checks.signatureValue === 'failed' &&
      checks.documentDigest !== 'failed' &&
      checks.signedProperties === 'passed'
    ) {
      problems.push({ code: 'signature_invalid' });
    }
  }
  for (const counter of report.counterSignatures.filter((c) => !c.valid)) {
    warnings.push({ code: 'counter_signature_invalid', params: { signer: counter.signer ?? '?' } });
  }
  if (inspection.policy?.kind === 'explicit') {
    notCheckedReasons.push({ code: 'policy_not_checked', params: { policy: inspection.policy.identifier } });
  }

  // Time stamps and revocation data: which time is proven, and whether the certificate was good then.
  const levels: LevelAssessment = await assessLevels(inspection, signer, {
    trust: options.trust,
    now: options.now,
    onlineRevocation: options.onlineRevocation,
  });
  report.timestamps = levels.timestamps;
  report.provenTime = levels.provenTime?.toISOString() ?? null;
  report.revocation = levels.revocation;
  checks.timestamp = levels.timestampCheck;
  checks.revocation = levels.revocationCheck;
  problems.push(...levels.problems);
  warnings.push(...levels.warnings);
  notCheckedReasons.push(...levels.notChecked);

  // The time every certificate check is made at: proven if a time stamp proves one, else claimed.
  const signingTime = levels.provenTime ?? inspection.signingTime;
  const path = signingTime
    ? findTrustedPath(signer, inspection.certificates, options.trust, 'ca', signingTime)
    : findTrustedPath(signer, inspection.certificates, options.trust, 'ca', options.now);
  checks.trustedChain = path ? 'passed' : 'failed';
  if (!path) problems.push({ code: 'untrusted_chain' });
  else {
    if (path.service.source.kind === 'demo') notCheckedReasons.push({ code: 'demo_trust' });
    if (path.certificates.length > 2 && checks.revocation === 'passed') {
      notCheckedReasons.push({ code: 'chain_revocation_not_checked' });
    }
  }

  if (!signingTime) {
    checks.validAtSigningTime = 'failed';
    problems.push({ code: 'signing_time_missing' });
  } else {
    const timeProblems = checkValidity(path?.certificates ?? [signer], signingTime);
    if (!levels.provenTime && signingTime.getTime() > options.now.getTime() + clockSkewMs) {
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

  if (options.expected) {
    const match = matchSigner(
      signer,
      options.expected.parties,
      signingTime ?? options.now,
      options.hashPersonalCode,
    );
    report.party = match.party;
    report.representative = match.representative;
    checks.party = match.party ? 'passed' : 'failed';
    if (match.problem) problems.push(match.problem);
  }
  report.qualification = path
    ? qualificationOf(signer, path.service, signingTime ?? options.now)
    : 'not_determined';
  finish();
  report.level = report.valid ? levels.level : null;
  return report;
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

export function summarise(certificate: x509.X509Certificate): SignerSummary {
  const field = (name: string) => certificate.subjectName.getField(name)[0] ?? null;
  return {
    commonName: field('CN') ?? certificate.subject,
    organisation: field('O'),
    organisationIdentifier: field('2.5.4.97'),
    serialNumber: field('2.5.4.5'),
    subject: certificate.subject,
    issuer: certificate.issuer,
    certificateSerialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    sha256: createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex'),
  };
}
