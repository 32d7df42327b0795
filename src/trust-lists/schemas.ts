import { z } from 'zod';

/** The largest trusted list taken (the parser's own limit too); national lists are far smaller. */
export const maxTrustListBytes = 16 * 1024 * 1024;

export const trustListStatuses = ['in_force', 'superseded', 'removed'] as const;
export type TrustListStatus = (typeof trustListStatuses)[number];

export const listTrustListsQuery = z.object({
  territory: z
    .string()
    .trim()
    .min(1)
    .max(16)
    .transform((t) => t.toUpperCase())
    .optional()
    .describe('Only the lists of this territory, e.g. LV or EU (the list of lists)'),
  status: z
    .enum(trustListStatuses)
    .optional()
    .describe('in_force: the one list per territory that the verifier uses; superseded; removed'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ListTrustListsQuery = z.infer<typeof listTrustListsQuery>;

export const loadTrustListBody = z.object({
  xmlBase64: z
    .base64({ error: 'expected the trusted list file encoded as base64' })
    .min(4)
    .max(Math.ceil(maxTrustListBytes / 3) * 4)
    .describe('The ETSI TS 119 612 XML file exactly as published (up to 16 MiB), base64-encoded'),
});
export type LoadTrustListBody = z.infer<typeof loadTrustListBody>;

export const removeTrustListBody = z.object({
  reason: z
    .string()
    .trim()
    .min(3)
    .max(2000)
    .describe('Why the list no longer counts (kept in its history with who and when)'),
});
export type RemoveTrustListBody = z.infer<typeof removeTrustListBody>;

const person = z.object({ id: z.uuid(), displayName: z.string() });

export const trustListView = z.object({
  id: z.uuid(),
  territory: z.string().describe('ISO 3166-1 code of the scheme, or EU for the list of lists'),
  sequenceNumber: z.number().int().describe('TSLSequenceNumber: a newer list has a higher one'),
  listType: z.string().describe('The TSLType URI'),
  isListOfLists: z.boolean().describe('A LOTL: it names where the national lists are and who signs each'),
  operator: z.string().describe('The scheme operator (the supervisory body)'),
  issuedAt: z.iso.datetime(),
  nextUpdate: z.iso.datetime().nullable(),
  overdue: z.boolean().describe('The next update was due before now: a newer list should exist'),
  sha256: z.string().describe('Of the file as loaded'),
  size: z.number().int().describe('Bytes'),
  signature: z.object({
    status: z
      .enum(['valid', 'not_checked'])
      .describe(
        'valid: signed by a known signer (ACT_TRUST_LIST_SIGNERS, or the signer the LOTL in force names for the territory); not_checked: no signer was known when it was loaded',
      ),
    signer: z.string().nullable().describe("The subject of the certificate in the list's signature"),
  }),
  source: z.enum(['upload', 'configuration']).describe('configuration: loaded from ACT_TRUST_LIST at start'),
  loadedBy: person.nullable().describe('Null for a list loaded from the configuration'),
  loadedAt: z.iso.datetime(),
  status: z.enum(trustListStatuses),
  removal: z.object({ at: z.iso.datetime(), by: person.nullable(), reason: z.string() }).nullable(),
});
export type TrustListView = z.infer<typeof trustListView>;

export const trustListList = z.object({
  items: z.array(trustListView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TrustListList = z.infer<typeof trustListList>;

export const certificateView = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  sha256: z.string(),
});
export type CertificateView = z.infer<typeof certificateView>;

const statusPeriod = z.object({
  status: z.string().describe('The status name from the list, e.g. granted, withdrawn'),
  granted: z.boolean().describe("Whether the service's output is trusted under this status"),
  from: z.iso.datetime(),
});

export const trustServiceView = z.object({
  name: z.string(),
  type: z.string().describe('The service type, e.g. CA/QC, TSA/QTST, Certstatus/OCSP/QC'),
  typeUri: z.string().nullable(),
  kind: z.enum(['ca', 'tsa', 'ocsp', 'any']),
  qualified: z.boolean(),
  current: statusPeriod
    .nullable()
    .describe('The status in force at the time of the answer; null when the first one begins later'),
  certificates: z.array(certificateView),
  history: z.array(statusPeriod).describe('Newest first'),
});
export type TrustServiceView = z.infer<typeof trustServiceView>;

export const trustListPointerView = z.object({
  territory: z.string(),
  location: z.string(),
  signers: z.array(certificateView).describe('The certificates allowed to sign that territory’s list'),
});

export const trustListEventView = z.object({
  id: z.uuid(),
  action: z.enum(['loaded', 'removed']),
  at: z.iso.datetime(),
  by: person.nullable().describe('Null for the server (a list loaded from ACT_TRUST_LIST at start)'),
  reason: z.string().nullable(),
  file: z.string().nullable().describe('For a list from the configuration: the file it was read from'),
});
export type TrustListEventView = z.infer<typeof trustListEventView>;

export const trustListDetail = trustListView.extend({
  services: z.array(trustServiceView),
  pointers: z.array(trustListPointerView).describe('For a list of lists: the national lists it names'),
  history: z.array(trustListEventView).describe('Oldest first'),
});
export type TrustListDetail = z.infer<typeof trustListDetail>;
