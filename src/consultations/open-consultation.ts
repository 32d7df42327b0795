import { consultationPartyOf, requireConsultationOpener } from '../accounts/permissions.ts';
import { loadCalendarAdjustments } from '../calendar/index.ts';
import type { Tx } from '../platform/db/transaction.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Role } from '../requests/workflow.ts';
import { type AcceptedAttachment, checkAttachments, type IncomingAttachment } from './attachments.ts';
import { type ConsultationCategory, isConsultationCategory } from './categories.ts';
import { appendConsultationEvent } from './events.ts';
import { enqueueConsultationMail } from './notify-consultation.ts';
import { addWorkingDays } from './reply-by.ts';
import { type ConsultationSettings, consultationSettings } from './settings.ts';
import { type ConsultationParty, type ConsultationStatus, nextStatus, replyByAfter } from './status.ts';

// The two ways a consultation grows, for the web UI's operations and for the support mailbox alike.
// Both run inside the caller's transaction and do everything a change needs: check that the author
// may write on that institution's ticket, check the attachments, move the status and reply-by time,
// write the message, its attachments and the history entry, and enqueue the e-mail. Who the author is
// (a signed-in actor, or the sender of a mail) the caller has resolved to a user id already.

export type { IncomingAttachment } from './attachments.ts';
export type { ConsultationCategory } from './categories.ts';

export type Source = 'web' | 'email';

export type OpenConsultationInput = {
  institutionId: string;
  authorUserId: string;
  subject: string;
  category: ConsultationCategory;
  body: string;
  attachments: IncomingAttachment[];
  source: Source;
  inboundMailId?: string | null;
};

export type AppendConsultationMessageInput = {
  consultationId: string;
  authorUserId: string;
  body: string;
  attachments: IncomingAttachment[];
  source: Source;
  inboundMailId?: string | null;
};

export const textLimits = { subject: 200, body: 20_000 } as const;

export async function openConsultation(
  trx: Tx,
  input: OpenConsultationInput,
  now: Date,
  settings: ConsultationSettings = consultationSettings(),
): Promise<{ id: string }> {
  const author = await loadAuthor(trx, input.authorUserId);
  requireConsultationOpener(author, input.institutionId);
  const subject = input.subject.trim();
  const body = input.body.trim();
  const errors: FieldError[] = [
    ...textProblems('subject', subject, textLimits.subject),
    ...textProblems('body', body, textLimits.body),
  ];
  if (!isConsultationCategory(input.category)) {
    errors.push({ path: 'category', message: 'Not a known category.', code: 'invalid_value' });
  }
  if (errors.length > 0) throw new AppError('validation', { errors });
  const attachments = await checkAttachments(input.attachments);

  const id = newId();
  const replyBy = addWorkingDays(now, settings.replyWorkingDays, await loadCalendarAdjustments(trx));
  await trx
    .insertInto('consultations')
    .values({
      id,
      institution_id: input.institutionId,
      opened_by: author.id,
      subject,
      category: input.category,
      status: 'open',
      reply_by: replyBy,
      source: input.source,
      last_message_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const messageId = await insertMessage(trx, id, author.id, 'institution', body, attachments, input, now);
  await appendConsultationEvent(
    trx,
    id,
    author,
    {
      action: 'open',
      fromStatus: null,
      toStatus: 'open',
      details: eventDetails(messageId, attachments, input, { category: input.category }),
    },
    now,
  );
  await enqueueConsultationMail(
    trx,
    settings,
    id,
    'agency',
    {
      template: 'consultationOpened',
      authorName: author.displayName,
      body,
      replyBy: replyBy.toISOString(),
    },
    `message:${messageId}`,
    now,
  );
  return { id };
}

export async function appendConsultationMessage(
  trx: Tx,
  input: AppendConsultationMessageInput,
  now: Date,
  settings: ConsultationSettings = consultationSettings(),
): Promise<{ id: string }> {
  return postMessage(trx, { ...input, expectedVersion: null }, now, settings);
}

/** appendConsultationMessage with the web form's optimistic check: `expectedVersion` must be current. */
export async function postMessage(
  trx: Tx,
  input: AppendConsultationMessageInput & { expectedVersion: number | null },
  now: Date,
  settings: ConsultationSettings,
): Promise<{ id: string }> {
  const ticket = await lockConsultation(trx, input.consultationId);
  const author = await loadAuthor(trx, input.authorUserId);
  const party = consultationPartyOf(author, ticket.institution_id);
  if (!party) throw notFound();
  const body = input.body.trim();
  const errors = textProblems('body', body, textLimits.body);
  if (errors.length > 0) throw new AppError('validation', { errors });
  requireVersion(ticket.version, input.expectedVersion);
  const attachments = await checkAttachments(input.attachments);

  const from = ticket.status;
  const to = nextStatus(from, 'message', party);
  const adjustments = await loadCalendarAdjustments(trx);
  const replyBy = replyByAfter(from, to, ticket.reply_by, () =>
    addWorkingDays(now, settings.replyWorkingDays, adjustments),
  );
  const messageId = await insertMessage(trx, ticket.id, author.id, party, body, attachments, input, now);
  await trx
    .updateTable('consultations')
    .set({
      status: to,
      reply_by: replyBy,
      version: ticket.version + 1,
      last_message_at: now,
      updated_at: now,
    })
    .where('id', '=', ticket.id)
    .execute();
  const reopened = from === 'closed';
  await appendConsultationEvent(
    trx,
    ticket.id,
    author,
    {
      action: reopened ? 'reopen' : 'postMessage',
      fromStatus: from,
      toStatus: to,
      details: eventDetails(messageId, attachments, input, {}),
    },
    now,
  );
  if (party === 'institution') {
    await enqueueConsultationMail(
      trx,
      settings,
      ticket.id,
      'agency',
      {
        template: 'consultationInstitutionReply',
        authorName: author.displayName,
        body,
        reopened,
        replyBy: replyBy?.toISOString() ?? null,
      },
      `message:${messageId}`,
      now,
    );
  } else {
    await enqueueConsultationMail(
      trx,
      settings,
      ticket.id,
      'opener',
      { template: 'consultationAnswered', authorName: author.displayName, body },
      `message:${messageId}`,
      now,
    );
  }
  return { id: messageId };
}

export type Author = {
  id: string;
  role: Role;
  institutionId: string | null;
  displayName: string;
  isActive: boolean;
};

export async function loadAuthor(trx: Tx, userId: string): Promise<Author> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'role', 'institution_id', 'display_name', 'is_active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user?.is_active) {
    throw new AppError('forbidden', { detail: 'The author is not an active user.' });
  }
  return {
    id: user.id,
    role: user.role,
    institutionId: user.institution_id,
    displayName: user.display_name,
    isActive: user.is_active,
  };
}

export async function lockConsultation(trx: Tx, id: string) {
  const ticket = await trx
    .selectFrom('consultations')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!ticket) throw notFound();
  return ticket;
}

export function notFound(): AppError {
  return new AppError('not_found', { detail: 'No such consultation.' });
}

export function requireVersion(current: number, expected: number | null): void {
  if (expected !== null && expected !== current) {
    throw new AppError('stale_version', {
      detail: 'The consultation was changed by someone else; reload it and try again.',
      extensions: { currentVersion: current },
    });
  }
}

function textProblems(path: string, value: string, max: number): FieldError[] {
  if (value.length === 0) return [{ path, message: 'Must not be empty.', code: 'too_small' }];
  if (value.length > max) return [{ path, message: `At most ${max} characters.`, code: 'too_big' }];
  return [];
}

async function insertMessage(
  trx: Tx,
  consultationId: string,
  authorId: string,
  party: ConsultationParty,
  body: string,
  attachments: readonly AcceptedAttachment[],
  input: { source: Source; inboundMailId?: string | null | undefined },
  now: Date,
): Promise<string> {
  const messageId = newId();
  await trx
    .insertInto('consultation_messages')
    .values({
      id: messageId,
      consultation_id: consultationId,
      author_id: authorId,
      author_party: party,
      body,
      source: input.source,
      inbound_mail_id: input.inboundMailId ?? null,
      created_at: now,
    })
    .execute();
  for (const a of attachments) {
    await trx
      .insertInto('consultation_attachments')
      .values({
        id: newId(),
        consultation_id: consultationId,
        message_id: messageId,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        sha256: a.sha256,
        content: a.content,
        created_at: now,
      })
      .execute();
  }
  return messageId;
}

function eventDetails(
  messageId: string,
  attachments: readonly AcceptedAttachment[],
  input: { source: Source; inboundMailId?: string | null | undefined },
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...extra,
    messageId,
    source: input.source,
    ...(input.inboundMailId ? { inboundMailId: input.inboundMailId } : {}),
    attachments: attachments.map((a) => ({ filename: a.filename, size: a.size, sha256: a.sha256 })),
  };
}

export type { ConsultationStatus };
