import { z } from 'zod';
import { quarantineReasons } from './routing.ts';

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

export const inboundMailStatuses = ['received', 'delivered', 'quarantined', 'released', 'rejected'] as const;
export const routedKinds = ['request_message', 'consultation', 'consultation_message'] as const;

export const listQuarantineQuery = z.object({
  reason: z.enum(quarantineReasons).optional().describe('Only mail quarantined for this reason'),
  ...page,
});

export const quarantinedMailSummary = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime(),
  fromAddress: z.string().nullable(),
  fromHeader: z.string().nullable(),
  envelopeFrom: z.string().nullable(),
  subject: z.string().nullable(),
  reason: z.enum(quarantineReasons).describe('Why the mail waits for an agency user'),
  reasonDetail: z.string().nullable(),
  sizeBytes: z.number().int(),
  attachmentCount: z.number().int(),
  version: z.number().int(),
});
export type QuarantinedMailSummary = z.infer<typeof quarantinedMailSummary>;

export const quarantineList = z.object({
  items: z.array(quarantinedMailSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const inboundMailView = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime(),
  envelopeFrom: z.string().nullable().describe('SMTP MAIL FROM; null for a bounce (<>)'),
  envelopeTo: z.array(z.string()),
  remoteAddress: z.string(),
  fromAddress: z.string().nullable(),
  fromHeader: z.string().nullable(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  text: z.string().nullable().describe('The plain text of the message, as received'),
  replyText: z.string().describe('What the sender wrote this time, quoted history cut off'),
  html: z
    .string()
    .nullable()
    .describe('The HTML part, sanitised: no scripts, event handlers, styles or remote images'),
  status: z.enum(inboundMailStatuses),
  reason: z.string().nullable(),
  reasonDetail: z.string().nullable(),
  token: z
    .object({ kind: z.enum(['request', 'consultation']), targetId: z.uuid() })
    .nullable()
    .describe('The target a verified reply token named'),
  sender: z
    .object({
      id: z.uuid(),
      displayName: z.string(),
      email: z.string(),
      role: z.enum(['institution_member', 'agency_reviewer', 'agency_admin']),
      institutionId: z.uuid().nullable(),
      institutionName: z.string().nullable(),
      isActive: z.boolean(),
    })
    .nullable()
    .describe('The user whose address the From header names, if any'),
  routed: z
    .object({ kind: z.enum(routedKinds), id: z.uuid(), targetId: z.uuid() })
    .nullable()
    .describe('Where the mail went: the thread message or consultation it became'),
  attachments: z.array(
    z.object({
      id: z.uuid(),
      filename: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().int(),
      sha256: z.string(),
      isAllowed: z.boolean().describe('false: an executable or script, never delivered to a thread'),
    }),
  ),
  events: z.array(
    z.object({
      action: z.string(),
      fromStatus: z.enum(inboundMailStatuses).nullable(),
      toStatus: z.enum(inboundMailStatuses),
      actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable().describe('null: the receiver'),
      reason: z.string().nullable(),
      comment: z.string().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
  suggestions: z
    .object({
      requests: z.array(
        z.object({ id: z.uuid(), reference: z.string(), serviceName: z.string(), state: z.string() }),
      ),
      consultations: z.array(
        z.object({ id: z.uuid(), reference: z.string(), subject: z.string(), status: z.string() }),
      ),
    })
    .describe(
      "Where the release most likely goes: requests and consultations the mail names, then the sender's institution's open ones",
    ),
  version: z.number().int(),
});
export type InboundMailView = z.infer<typeof inboundMailView>;

const releaseCommon = {
  version: z.number().int().min(1).describe('The version you saw (optimistic concurrency)'),
  comment: z.string().trim().max(2000).optional().describe('Why, for the history'),
};

export const releaseQuarantinedMailBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('deliverToRequest'),
    requestId: z.uuid(),
    authorUserId: z.uuid().describe('Whose message it becomes: a user allowed to write to the request'),
    ...releaseCommon,
  }),
  z.object({
    action: z.literal('deliverToConsultation'),
    consultationId: z.uuid(),
    authorUserId: z.uuid(),
    ...releaseCommon,
  }),
  z.object({
    action: z.literal('openConsultation'),
    authorUserId: z.uuid().describe('The institution user in whose name the consultation is opened'),
    ...releaseCommon,
  }),
  z.object({
    action: z.literal('reject'),
    reason: z.string().trim().min(3).max(2000).describe('Why the mail is not taken in'),
    version: releaseCommon.version,
  }),
]);
export type ReleaseQuarantinedMailInput = z.infer<typeof releaseQuarantinedMailBody>;
