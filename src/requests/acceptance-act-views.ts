import { z } from 'zod';
import {
  type ContainerReport,
  describeReason,
  type Reason,
  type SignatureReport,
  type SignerSummary,
} from '../acts/index.ts';

// The API shapes of acts, containers and verification reports. Every problem in a report carries
// its stable code, its parameters and its Latvian and English text.

const check = z.enum(['passed', 'failed', 'not_checked']);
const party = z.enum(['agency', 'institution']);
const person = z.object({ id: z.uuid(), displayName: z.string() });

export const reasonView = z.object({
  code: z.string().describe('Stable reason code, e.g. document_digest_mismatch, unknown_signer'),
  params: z.record(z.string(), z.string()),
  text: z.object({ lv: z.string(), en: z.string() }),
});

const level = z.enum(['B', 'T', 'LT', 'LTA']);

export const signatureReportView = z.object({
  file: z.string(),
  id: z.string().describe('The signature Id in its file'),
  valid: z.boolean().describe('Every check made passed; `level` and `notChecked` say how far that went'),
  level: level
    .nullable()
    .describe(
      'The highest XAdES baseline level whose checks all passed (B, T: proven time, LT: revocation data)',
    ),
  qualification: z
    .enum(['qes', 'adesqc', 'ades', 'not_determined'])
    .describe('qes: qualified signature or seal per the trusted list; not_determined without a trusted list'),
  party: party.nullable().describe('The act party the signer was matched to'),
  representative: z
    .object({ name: z.string(), position: z.string().nullable(), maskedCode: z.string() })
    .nullable()
    .describe('The registered representative a personal certificate was matched to'),
  signer: z
    .object({
      commonName: z.string(),
      organisation: z.string().nullable(),
      organisationIdentifier: z.string().nullable(),
      serialNumber: z.string().nullable().describe("The subject's serialNumber (PNOLV-… for a person)"),
      subject: z.string(),
      issuer: z.string(),
      certificateSerialNumber: z.string(),
      notBefore: z.iso.datetime(),
      notAfter: z.iso.datetime(),
      sha256: z.string(),
    })
    .nullable(),
  signingTime: z.iso.datetime().nullable().describe("The signer's claim (SigningTime), not proven"),
  provenTime: z.iso.datetime().nullable().describe('The time a valid, trusted time stamp proves'),
  timestamps: z.array(
    z.object({
      kind: z.string(),
      time: z.iso.datetime().nullable(),
      tsa: z.string().nullable(),
      valid: z.boolean(),
    }),
  ),
  revocation: z
    .object({
      source: z.enum(['embedded', 'online']),
      status: z.enum(['good', 'revoked', 'unknown']),
      producedAt: z.iso.datetime().nullable(),
      responder: z.string().nullable(),
    })
    .nullable(),
  policy: z
    .union([
      z.object({ kind: z.literal('implied') }),
      z.object({ kind: z.literal('explicit'), identifier: z.string(), spuri: z.string().nullable() }),
    ])
    .nullable(),
  claimedRoles: z.array(z.string()),
  checks: z.object({
    signatureValue: check,
    documentDigest: check,
    signedProperties: check,
    trustedChain: check,
    validAtSigningTime: check,
    nonRepudiation: check,
    timestamp: check,
    revocation: check,
    party: check,
  }),
  counterSignatures: z.array(z.object({ signer: z.string().nullable(), valid: z.boolean() })),
  problems: z.array(reasonView),
  warnings: z.array(reasonView),
  notChecked: z.array(reasonView).describe('What was not checked, in words'),
});

const documentView = z.object({
  name: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  size: z.number().int(),
});

export const containerReportView = z.object({
  readable: z.boolean(),
  valid: z
    .boolean()
    .describe(
      'No container error, every signature valid, and (for an act) the issued act signed by both parties',
    ),
  documents: z.array(documentView),
  document: documentView.nullable().describe("The act (or the container's first data object)"),
  signatures: z.array(signatureReportView),
  parties: z.array(
    z.object({ party, name: z.string(), registrationNumber: z.string(), signed: z.boolean() }),
  ),
  problems: z.array(reasonView),
  warnings: z.array(reasonView),
  trust: z
    .array(
      z.object({
        kind: z.enum(['demo', 'pem', 'trusted_list']),
        name: z.string(),
        territory: z.string().optional(),
        sequenceNumber: z.number().int().optional(),
        issuedAt: z.string().optional(),
        nextUpdate: z.string().nullable().optional(),
        signature: z.enum(['valid', 'not_checked']).optional(),
      }),
    )
    .describe('Where the trust decisions came from'),
});
export type ContainerReportView = z.infer<typeof containerReportView>;

export const actContainerView = z.object({
  id: z.uuid(),
  source: z
    .enum(['issued', 'uploaded'])
    .describe('issued: signed by the agency at issue; uploaded: by a party'),
  valid: z.boolean(),
  complete: z.boolean().describe('Both parties have signed'),
  createdAt: z.iso.datetime(),
  createdBy: person,
  report: containerReportView,
});

export const actVersionView = z.object({
  id: z.uuid(),
  number: z.string().describe('AA-YYYY-NNNN, shared by every version of the act'),
  version: z.number().int(),
  language: z.enum(['lv', 'en']),
  fileName: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  issuedAt: z.iso.datetime(),
  issuedBy: person,
  supersededBy: z.uuid().nullable(),
  current: z.boolean(),
  containers: z.array(actContainerView),
});
export type ActVersionView = z.infer<typeof actVersionView>;

export const actView = z.object({
  requestId: z.uuid(),
  current: actVersionView.nullable(),
  versions: z.array(actVersionView).describe('Newest first'),
  canIssue: z.boolean(),
  canUpload: z
    .boolean()
    .describe('uploadSignedAct is possible now (the act is issued and the request in acceptance)'),
  signing: z.enum(['demo', 'pkcs12', 'pem']).describe('demo: signed with the demo CA, not a real signature'),
});
export type ActView = z.infer<typeof actView>;

export function toReasonView(reason: Reason): z.infer<typeof reasonView> {
  return {
    code: reason.code,
    params: reason.params ?? {},
    text: { lv: describeReason(reason, 'lv'), en: describeReason(reason, 'en') },
  };
}

/**
 * The API view of a report. Reports are stored with their container; those stored before the
 * verifier reported levels lack the newer fields, which read as "not checked" rather than failing.
 */
export function toReportView(stored: ContainerReport): ContainerReportView {
  const report = upgradeStoredReport(stored);
  return {
    ...report,
    signatures: report.signatures.map((s) => ({
      ...s,
      problems: s.problems.map(toReasonView),
      warnings: s.warnings.map(toReasonView),
      notChecked: s.notChecked.map(toReasonView),
    })),
    problems: report.problems.map(toReasonView),
    warnings: report.warnings.map(toReasonView),
  };
}

type StoredSignature = Partial<SignatureReport> & {
  signer?: (Partial<SignerSummary> & { serialNumber?: string | null }) | null;
};

function upgradeStoredReport(stored: ContainerReport): ContainerReport {
  if ('warnings' in stored && Array.isArray(stored.warnings)) return stored;
  const old = stored as Partial<ContainerReport>;
  return {
    readable: old.readable ?? false,
    valid: old.valid ?? false,
    documents: old.document ? [old.document] : [],
    document: old.document ?? null,
    parties: old.parties ?? [],
    problems: old.problems ?? [],
    warnings: [],
    trust: [],
    signatures: (old.signatures ?? []).map((s: StoredSignature) => ({
      file: s.file ?? '',
      id: s.id ?? '',
      valid: s.valid ?? false,
      level: s.valid ? 'B' : null,
      qualification: 'not_determined',
      party: s.party ?? null,
      representative: null,
      signer: s.signer
        ? {
            commonName: s.signer.commonName ?? '',
            organisation: s.signer.organisation ?? null,
            organisationIdentifier: s.signer.organisationIdentifier ?? null,
            serialNumber: null,
            subject: s.signer.subject ?? '',
            issuer: s.signer.issuer ?? '',
            certificateSerialNumber: s.signer.serialNumber ?? '',
            notBefore: s.signer.notBefore ?? new Date(0).toISOString(),
            notAfter: s.signer.notAfter ?? new Date(0).toISOString(),
            sha256: s.signer.sha256 ?? '',
          }
        : null,
      signingTime: s.signingTime ?? null,
      provenTime: null,
      timestamps: [],
      revocation: null,
      policy: null,
      claimedRoles: [],
      checks: {
        signatureValue: s.checks?.signatureValue ?? 'not_checked',
        documentDigest: s.checks?.documentDigest ?? 'not_checked',
        signedProperties: 'not_checked',
        trustedChain: s.checks?.trustedChain ?? 'not_checked',
        validAtSigningTime: s.checks?.validAtSigningTime ?? 'not_checked',
        nonRepudiation: s.checks?.nonRepudiation ?? 'not_checked',
        timestamp: 'not_checked',
        revocation: 'not_checked',
        party: s.checks?.party ?? 'not_checked',
      },
      counterSignatures: [],
      problems: s.problems ?? [],
      warnings: [],
      notChecked: [{ code: 'no_timestamp' }, { code: 'revocation_not_checked' }],
    })),
  };
}
