import { z } from 'zod';

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

export const listOutboxQuery = z.object({ status: z.enum(outboxStatuses).optional(), ...page });
export const listDevMailboxQuery = z.object(page);

export const outboxMessageView = z.object({
  id: z.uuid(),
  recipient: z.string(),
  language: z.enum(['lv', 'en']),
  template: z.string().describe('Which notification this is (e.g. requestReceived, correctionsRequested)'),
  subject: z.string(),
  requestId: z.uuid().nullable(),
  status: z.enum(outboxStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.iso
    .datetime()
    .nullable()
    .describe('When the worker tries next (pending), or when its claim lapses (sending)'),
  lastError: z.string().nullable().describe('Why the last attempt failed, as the mail server said'),
  transport: z.enum(['smtp', 'dev-mailbox']).nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type OutboxMessageView = z.infer<typeof outboxMessageView>;

export const outboxList = z.object({
  items: z.array(outboxMessageView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const devMailboxMessage = z.object({
  id: z.uuid(),
  recipient: z.string(),
  language: z.enum(['lv', 'en']),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  requestId: z.uuid().nullable(),
  sentAt: z.iso.datetime(),
});
export type DevMailboxMessage = z.infer<typeof devMailboxMessage>;

export const devMailboxList = z.object({
  items: z.array(devMailboxMessage),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const retryOutboxMessageBody = z.object({
  reason: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('Why the message is sent again (kept in the outbox history with who and when)'),
});
