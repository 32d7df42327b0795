import { z } from 'zod';
import { roles } from '../requests/workflow.ts';
import { attachmentLimits } from './attachments.ts';
import { consultationCategories } from './categories.ts';
import { textLimits } from './open-consultation.ts';
import { consultationStatuses } from './status.ts';

const status = z.enum(consultationStatuses as ['open', 'answered', 'closed']);
const category = z.enum(consultationCategories);
const party = z.enum(['institution', 'agency']);
const source = z.enum(['web', 'email']);

export const attachmentInput = z.object({
  filename: z.string().trim().min(1).max(255),
  contentBase64: z.string().describe('The file, base64-encoded; at most 10 MiB once decoded'),
});

const attachments = z
  .array(attachmentInput)
  .max(attachmentLimits.maxCount)
  .default([])
  .describe(
    `At most ${attachmentLimits.maxCount} files of at most 10 MiB each: PDF, PNG, JPEG, ZIP, DOCX, XLSX, XML/WSDL/XSD, JSON, YAML, text/CSV (checked by content)`,
  );

export const createConsultationInput = z.object({
  subject: z.string().trim().min(1).max(textLimits.subject),
  category,
  body: z.string().trim().min(1).max(textLimits.body).describe('The question'),
  attachments,
});

export const postMessageInput = z.object({
  version: z.number().int().min(1).describe('The version you last read; a stale one is refused with 409'),
  body: z.string().trim().min(1).max(textLimits.body),
  attachments,
});

export const closeInput = z.object({
  version: z.number().int().min(1).describe('The version you last read; a stale one is refused with 409'),
  reason: z.string().trim().max(2000).optional().describe('Why the ticket is closed (optional)'),
});

export const listConsultationsQuery = z.object({
  status: z
    .union([status, z.array(status)])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s]))
    .describe('One or more statuses (repeat the parameter)'),
  category: category.optional(),
  institutionId: z.uuid().optional().describe('Agency only: one institution'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only tickets I opened (institution users) or wrote in (agency)'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only open tickets past their reply-by time'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ListConsultationsQuery = z.infer<typeof listConsultationsQuery>;

const person = z.object({ id: z.uuid(), displayName: z.string() });

export const consultationSummary = z.object({
  id: z.uuid(),
  reference: z.string().describe('K-<number>'),
  subject: z.string(),
  category,
  status,
  institution: z.object({ id: z.uuid(), name: z.string() }),
  openedBy: person,
  replyBy: z.iso.datetime().nullable().describe('When the agency should answer by (open tickets only)'),
  overdue: z.boolean(),
  source,
  version: z.number().int(),
  lastMessageAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const consultationList = z.object({
  items: z.array(consultationSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const attachmentView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

export const consultationMessageView = z.object({
  id: z.uuid(),
  author: person.extend({ role: z.enum(roles), party }),
  body: z.string(),
  source,
  createdAt: z.iso.datetime(),
  attachments: z.array(attachmentView),
});

export const consultationEventView = z.object({
  id: z.uuid(),
  actor: person.extend({ role: z.enum(roles) }),
  action: z.enum(['open', 'postMessage', 'reopen', 'close']),
  fromStatus: status.nullable(),
  toStatus: status.nullable(),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const consultationView = consultationSummary.extend({
  messages: z.array(consultationMessageView),
  history: z.array(consultationEventView),
  allowedActions: z.array(z.enum(['message', 'close'])),
  party: party.describe('The side the caller writes for'),
});

export type ConsultationSummary = z.infer<typeof consultationSummary>;
export type ConsultationView = z.infer<typeof consultationView>;
export type ConsultationList = z.infer<typeof consultationList>;
