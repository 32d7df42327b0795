import type { z } from 'zod';
import {
  agencyOnly,
  isLocalOperator,
  type Principal,
  principalId,
  requireRole,
} from '../accounts/permissions.ts';
import { toActor } from '../accounts/sessions.ts';
import type { Db } from '../platform/db/transaction.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type { ConsultationPort } from './consultations.ts';
import { asBuffer, type Delivery, deliver, finishRouting } from './inbound-mail.ts';
import { stripQuotedReply } from './parse-mail.ts';
import { releaseSuggestions } from './release-suggestions.ts';
import type { QuarantineReason } from './routing.ts';
import type {
  InboundMailView,
  listQuarantineQuery,
  QuarantinedMailSummary,
  ReleaseQuarantinedMailInput,
} from './schemas.ts';

// What agency users do with the support mailbox: see what waits in quarantine, read a mail (and
// download it raw, or its attachments), and release it to where it belongs or reject it.

const notFound = () => new AppError('not_found', { detail: 'No such e-mail.' });

export async function listQuarantine(db: Db, by: Principal, q: z.infer<typeof listQuarantineQuery>) {
  requireRole(by, agencyOnly);
  let query = db.selectFrom('inbound_mails as m').where('m.status', '=', 'quarantined');
  if (q.reason) query = query.where('m.reason', '=', q.reason);
  const [rows, count] = await Promise.all([
    query
      .select((eb) => [
        'm.id',
        'm.received_at',
        'm.from_address',
        'm.from_header',
        'm.envelope_from',
        'm.subject',
        'm.reason',
        'm.reason_detail',
        'm.size_bytes',
        'm.version',
        eb
          .selectFrom('inbound_mail_attachments as a')
          .whereRef('a.inbound_mail_id', '=', 'm.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('attachment_count'),
      ])
      .orderBy('m.received_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: QuarantinedMailSummary[] = rows.map((r) => ({
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    fromAddress: r.from_address,
    fromHeader: r.from_header,
    envelopeFrom: r.envelope_from,
    subject: r.subject,
    reason: (r.reason ?? 'routing_failed') as QuarantineReason,
    reasonDetail: r.reason_detail,
    sizeBytes: r.size_bytes,
    attachmentCount: Number(r.attachment_count ?? 0),
    version: r.version,
  }));
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

export async function getInboundMail(db: Db, by: Principal, id: string): Promise<InboundMailView> {
  requireRole(by, agencyOnly);
  const row = await db
    .selectFrom('inbound_mails as m')
    .leftJoin('users as u', 'u.id', 'm.sender_user_id')
    .leftJoin('institutions as i', 'i.id', 'u.institution_id')
    .select([
      'm.id',
      'm.received_at',
      'm.envelope_from',
      'm.envelope_to',
      'm.remote_address',
      'm.from_address',
      'm.from_header',
      'm.subject',
      'm.message_id',
      'm.size_bytes',
      'm.sha256',
      'm.text_body',
      'm.html_body',
      'm.status',
      'm.reason',
      'm.reason_detail',
      'm.token_kind',
      'm.token_target_id',
      'm.routed_kind',
      'm.routed_id',
      'm.routed_target_id',
      'm.version',
      'u.id as sender_id',
      'u.display_name as sender_name',
      'u.email as sender_email',
      'u.role as sender_role',
      'u.institution_id as sender_institution_id',
      'u.is_active as sender_active',
      'i.name as institution_name',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const [attachments, events, suggestions] = await Promise.all([
    db
      .selectFrom('inbound_mail_attachments')
      .select(['id', 'filename', 'content_type', 'size_bytes', 'sha256', 'is_allowed'])
      .where('inbound_mail_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('inbound_mail_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select([
        'e.action',
        'e.from_status',
        'e.to_status',
        'e.reason',
        'e.comment',
        'e.created_at',
        'u.id as actor_id',
        'u.display_name',
      ])
      .where('e.inbound_mail_id', '=', id)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .execute(),
    releaseSuggestions(db, {
      subject: row.subject,
      text: row.text_body,
      senderInstitutionId: row.sender_institution_id,
    }),
  ]);
  return {
    id: row.id,
    receivedAt: row.received_at.toISOString(),
    envelopeFrom: row.envelope_from,
    envelopeTo: row.envelope_to,
    remoteAddress: row.remote_address,
    fromAddress: row.from_address,
    fromHeader: row.from_header,
    subject: row.subject,
    messageId: row.message_id,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    text: row.text_body,
    replyText: stripQuotedReply(row.text_body ?? ''),
    html: row.html_body,
    status: row.status,
    reason: row.reason,
    reasonDetail: row.reason_detail,
    token:
      row.token_kind && row.token_target_id ? { kind: row.token_kind, targetId: row.token_target_id } : null,
    sender:
      row.sender_id && row.sender_name && row.sender_email && row.sender_role
        ? {
            id: row.sender_id,
            displayName: row.sender_name,
            email: row.sender_email,
            role: row.sender_role,
            institutionId: row.sender_institution_id,
            institutionName: row.institution_name,
            isActive: Boolean(row.sender_active),
          }
        : null,
    routed:
      row.routed_kind && row.routed_id && row.routed_target_id
        ? { kind: row.routed_kind, id: row.routed_id, targetId: row.routed_target_id }
        : null,
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
      sha256: a.sha256,
      isAllowed: a.is_allowed,
    })),
    events: events.map((e) => ({
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor_id && e.display_name ? { id: e.actor_id, displayName: e.display_name } : null,
      reason: e.reason,
      comment: e.comment,
      createdAt: e.created_at.toISOString(),
    })),
    suggestions,
    version: row.version,
  };
}

/** The message exactly as received, as an .eml download. */
export async function downloadInboundMailRaw(db: Db, by: Principal, id: string) {
  requireRole(by, agencyOnly);
  const row = await db
    .selectFrom('inbound_mails')
    .select(['raw', 'received_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return { fileName: `${id}.eml`, bytes: asBuffer(row.raw) };
}

export async function downloadInboundMailAttachment(db: Db, by: Principal, id: string, attachmentId: string) {
  requireRole(by, agencyOnly);
  const row = await db
    .selectFrom('inbound_mail_attachments')
    .select(['filename', 'content'])
    .where('inbound_mail_id', '=', id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', { detail: 'No such attachment.' });
  return { fileName: row.filename, bytes: asBuffer(row.content) };
}

/**
 * An agency user's decision on a quarantined mail: deliver it (to a request thread, a consultation,
 * or as a new consultation) in the name of a user allowed to write there, or reject it with a reason.
 * One transaction: the delivery, the mail's new status and the event with who, when and why.
 */
export async function releaseQuarantinedMail(
  db: Db,
  by: Principal,
  id: string,
  input: ReleaseQuarantinedMailInput,
  deps: { consultations: ConsultationPort | null; publicUrl: string },
): Promise<InboundMailView> {
  requireRole(by, agencyOnly);
  const now = new Date();
  const actorRef = {
    id: principalId(by),
    comment: input.action === 'reject' ? input.reason : (input.comment ?? null),
  };
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('inbound_mails')
      .select(['id', 'status', 'version', 'reason', 'text_body', 'subject'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.status !== 'quarantined') {
      throw new AppError('invalid_transition', {
        detail: `Only a quarantined e-mail can be released or rejected; this one is ${row.status}.`,
        extensions: { status: row.status },
      });
    }
    if (row.version !== input.version) {
      throw new AppError('stale_version', {
        detail: `You saw version ${input.version}, but the e-mail is now at version ${row.version}. Reload and try again.`,
        extensions: { currentVersion: row.version },
      });
    }
    const byActor = isLocalOperator(by) ? null : { id: by.id, comment: actorRef.comment };
    if (input.action === 'reject') {
      await finishRouting(
        trx,
        id,
        'quarantined',
        { status: 'rejected', reason: row.reason ?? 'routing_failed' },
        input.reason,
        now,
        byActor,
      );
      return;
    }
    const authorRow = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', input.authorUserId)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!authorRow) throw invalidAuthor('No active user with this id.');
    const author = toActor(authorRow);
    const text = stripQuotedReply(row.text_body ?? '');
    if (!text) {
      throw new AppError('validation', {
        detail: 'The e-mail has no text to deliver; reject it instead.',
        errors: [{ path: 'action', message: 'The e-mail has no text to deliver', code: 'empty_body' }],
      });
    }
    let delivery: Delivery;
    if (input.action === 'deliverToRequest') {
      const request = await trx
        .selectFrom('requests')
        .select(['id', 'institution_id'])
        .where('id', '=', input.requestId)
        .executeTakeFirst();
      if (!request) throw new AppError('not_found', { detail: 'No such request.' });
      if (author.role === 'institution_member' && author.institutionId !== request.institution_id) {
        throw invalidAuthor("The author must belong to the request's institution or to the agency.");
      }
      delivery = { kind: 'request_message', requestId: input.requestId, senderId: author.id };
    } else if (input.action === 'deliverToConsultation') {
      delivery = { kind: 'consultation_message', consultationId: input.consultationId, senderId: author.id };
    } else {
      if (author.role !== 'institution_member' || !author.institutionId) {
        throw invalidAuthor('A consultation is opened in the name of an institution user.');
      }
      delivery = { kind: 'open_consultation', senderId: author.id };
    }
    const attachments = await trx
      .selectFrom('inbound_mail_attachments')
      .select(['filename', 'content_type', 'content'])
      .where('inbound_mail_id', '=', id)
      .where('is_allowed', '=', true)
      .orderBy('position')
      .execute();
    let routed: Awaited<ReturnType<typeof deliver>>;
    try {
      routed = await deliver(
        trx,
        deps,
        id,
        delivery,
        author,
        text,
        row.subject,
        attachments.map((a) => ({
          filename: a.filename,
          contentType: a.content_type,
          content: asBuffer(a.content),
        })),
        now,
        { releasedBy: principalId(by) },
      );
    } catch (error) {
      // The request exists (checked above): "not found" here means the author may not see it. The
      // consultation use cases answer for themselves.
      if (delivery.kind === 'request_message' && error instanceof AppError && error.code === 'not_found') {
        throw invalidAuthor('The author may not write to this request.');
      }
      throw error;
    }
    await finishRouting(trx, id, 'quarantined', { status: 'released', ...routed }, null, now, byActor);
  });
  return getInboundMail(db, by, id);
}

function invalidAuthor(detail: string): AppError {
  return new AppError('validation', {
    detail,
    errors: [{ path: 'authorUserId', message: detail, code: 'invalid_author' }],
  });
}
