import { z } from 'zod';
import { type ContainerReport, describeReason, type Reason } from '../acts/index.ts';

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

export const signatureReportView = z.object({
  file: z.string(),
  valid: z.boolean(),
  party: party.nullable().describe('The act party the signer was matched to'),
  signer: z
    .object({
      commonName: z.string(),
      organisation: z.string().nullable(),
      organisationIdentifier: z.string().nullable(),
      subject: z.string(),
      issuer: z.string(),
      serialNumber: z.string(),
      notBefore: z.iso.datetime(),
      notAfter: z.iso.datetime(),
      sha256: z.string(),
    })
    .nullable(),
  signingTime: z.iso.datetime().nullable(),
  checks: z.object({
    signatureValue: check,
    documentDigest: check,
    trustedChain: check,
    validAtSigningTime: check,
    nonRepudiation: check,
    party: check,
  }),
  problems: z.array(reasonView),
});

export const containerReportView = z.object({
  readable: z.boolean(),
  valid: z
    .boolean()
    .describe('Every signature valid, the right document, and (for an act) both parties signed'),
  document: z
    .object({ name: z.string(), mimeType: z.string(), sha256: z.string(), size: z.number().int() })
    .nullable(),
  signatures: z.array(signatureReportView),
  parties: z.array(
    z.object({ party, name: z.string(), registrationNumber: z.string(), signed: z.boolean() }),
  ),
  problems: z.array(reasonView),
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

export function toReportView(report: ContainerReport): ContainerReportView {
  return {
    ...report,
    signatures: report.signatures.map((s) => ({ ...s, problems: s.problems.map(toReasonView) })),
    problems: report.problems.map(toReasonView),
  };
}
