import { createHash } from 'node:crypto';
import type { Actor } from '../accounts/actor.ts';
import { toActor } from '../accounts/sessions.ts';
import { type ReplyTarget, replyTokenCandidates, verifyReplyToken } from '../mail/index.ts';
import type { InboundMailStatus, InboundRoutedKind } from '../platform/db/schema.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { appendRequestMessage } from '../requests/index.ts';
import type { ConsultationPort, MailAttachment } from './consultations.ts';
import { type ParsedInboundMail, parseInboundMail } from './parse-mail.ts';
import { decideRouting, type QuarantineReason, type RoutingDecision, type SenderFacts } from './routing.ts';

// The receiving side of the support mailbox, after SMTP: store the raw message (its own transaction,
// so it exists before anything else can go wrong), then parse and route it in a second transaction.
// A mail stays `received` only while routing runs; one left so by a crash is routed at the next start.

export type MailboxDeps = {
  supportAddress: string;
  /** Key of the reply tokens (MAIL_TOKEN_SECRET). */
  tokenSecret: string;
  consultations: ConsultationPort | null;
  /** The web UI's address, for the links in the e-mail a new thread message causes. */
  publicUrl: string;
};

export type ReceivedMail = {
  envelopeFrom: string | null;
  envelopeTo: readonly string[];
  remoteAddress: string;
  raw: Buffer;
};

/** Writes the message as received, whole, with its `receive` event. Nothing has been read from it yet. */
export async function storeReceivedMail(db: Db, mail: ReceivedMail, now: Date = new Date()): Promise<string> {
  const id = newId();
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('inbound_mails')
      .values({
        id,
        received_at: now,
        envelope_from: mail.envelopeFrom,
        envelope_to: JSON.stringify(mail.envelopeTo),
        remote_address: mail.remoteAddress,
        size_bytes: mail.raw.length,
        sha256: createHash('sha256').update(mail.raw).digest('hex'),
        raw: mail.raw,
        updated_at: now,
        from_address: null,
        from_header: null,
        subject: null,
        message_id: null,
        text_body: null,
        html_body: null,
        reason: null,
        reason_detail: null,
        token_kind: null,
        token_target_id: null,
        sender_user_id: null,
        routed_kind: null,
        routed_id: null,
        routed_target_id: null,
      })
      .execute();
    await recordMailEvent(trx, id, null, { action: 'receive', from: null, to: 'received' }, now, {
      sizeBytes: mail.raw.length,
    });
  });
  return id;
}

export async function recordMailEvent(
  trx: Tx,
  mailId: string,
  actorId: string | null,
  event: {
    action: string;
    from: InboundMailStatus | null;
    to: InboundMailStatus;
    reason?: string | null;
    comment?: string | null;
  },
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('inbound_mail_events')
    .values({
      id: newId(),
      inbound_mail_id: mailId,
      actor_id: actorId,
      action: event.action,
      from_status: event.from,
      to_status: event.to,
      reason: event.reason ?? null,
      comment: event.comment?.trim() || null,
      details: JSON.stringify(details),
      created_at: now,
    })
    .execute();
}

export type RoutingOutcome =
  | { status: 'delivered'; routedKind: InboundRoutedKind; routedId: string; targetId: string }
  | { status: 'quarantined'; reason: QuarantineReason };

/**
 * Parses and routes one stored mail that is still `received`; returns what became of it (null when
 * it was not waiting, e.g. another worker routed it first). Never throws for a bad mail: whatever
 * cannot be delivered is quarantined with a reason.
 */
export async function routeReceivedMail(
  db: Db,
  deps: MailboxDeps,
  id: string,
): Promise<RoutingOutcome | null> {
  const row = await db
    .selectFrom('inbound_mails')
    .select(['id', 'raw', 'status', 'envelope_from', 'envelope_to'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.status !== 'received') return null;

  let parsed: ParsedInboundMail | null = null;
  let parseError: string | null = null;
  try {
    parsed = await parseInboundMail(asBuffer(row.raw));
  } catch (error) {
    parseError = error instanceof Error ? error.message : String(error);
  }
  const candidates = replyTokenCandidates(deps.supportAddress, row.envelope_to, parsed?.subject ?? null);
  let target: ReplyTarget | null = null;
  for (const candidate of candidates) {
    target = verifyReplyToken(deps.tokenSecret, candidate);
    if (target) break;
  }
  const senderRow = parsed?.fromAddress
    ? await db.selectFrom('users').selectAll().where('email', '=', parsed.fromAddress).executeTakeFirst()
    : undefined;
  const sender: SenderFacts | null = senderRow
    ? {
        id: senderRow.id,
        role: senderRow.role,
        institutionId: senderRow.institution_id,
        isActive: senderRow.is_active,
      }
    : null;
  const decision = decideRouting({
    parsed: parsed && {
      // A bounce (empty envelope sender) is as automatic as an out-of-office answer.
      isAutomatic: parsed.isAutomatic || row.envelope_from === null,
      text: parsed.replyText,
      disallowedAttachments: parsed.attachments.filter((a) => !a.isAllowed).map((a) => a.filename),
    },
    sender,
    tokenCandidates: candidates.length,
    target,
  });
  const facts: ParsedFacts = { parsed, parseError, target, senderId: sender?.id ?? null };

  if (decision.kind !== 'quarantine' && senderRow) {
    try {
      return await inTransaction(db, async (trx) => {
        if (!(await lockReceived(trx, id))) return null;
        await writeParsed(trx, id, facts);
        const routed = await deliver(
          trx,
          deps,
          id,
          decision,
          toActor(senderRow),
          parsed?.replyText ?? '',
          parsed?.subject ?? null,
          allowedAttachments(parsed),
          new Date(),
        );
        await finishRouting(trx, id, 'received', { status: 'delivered', ...routed }, null, new Date());
        return { status: 'delivered' as const, ...routed };
      });
    } catch (error) {
      const reason = await reasonForRefusal(db, decision, error);
      return quarantineNow(db, id, facts, reason, error instanceof Error ? error.message : String(error));
    }
  }
  const refusal =
    decision.kind === 'quarantine' ? decision : { reason: 'routing_failed' as const, detail: undefined };
  return quarantineNow(db, id, facts, refusal.reason, refusal.detail ?? parseError ?? undefined);
}

/** Routes every mail left `received` (by a crash or a stop mid-routing), oldest first. */
export async function routePendingMail(db: Db, deps: MailboxDeps): Promise<number> {
  const rows = await db
    .selectFrom('inbound_mails')
    .select('id')
    .where('status', '=', 'received')
    .orderBy('received_at')
    .execute();
  for (const row of rows) await routeReceivedMail(db, deps, row.id);
  return rows.length;
}

type ParsedFacts = {
  parsed: ParsedInboundMail | null;
  parseError: string | null;
  target: ReplyTarget | null;
  senderId: string | null;
};

async function lockReceived(trx: Tx, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('inbound_mails')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row?.status === 'received';
}

async function writeParsed(trx: Tx, id: string, facts: ParsedFacts): Promise<void> {
  const { parsed } = facts;
  await trx
    .updateTable('inbound_mails')
    .set({
      from_address: parsed?.fromAddress ?? null,
      from_header: parsed?.fromHeader?.slice(0, 2000) ?? null,
      subject: parsed?.subject?.slice(0, 2000) ?? null,
      message_id: parsed?.messageId?.slice(0, 2000) ?? null,
      text_body: parsed?.fullText ?? null,
      html_body: parsed?.html ?? null,
      token_kind: facts.target?.kind ?? null,
      token_target_id: facts.target?.id ?? null,
      sender_user_id: facts.senderId,
    })
    .where('id', '=', id)
    .execute();
  if (parsed && parsed.attachments.length > 0) {
    await trx
      .insertInto('inbound_mail_attachments')
      .values(
        parsed.attachments.map((a, position) => ({
          id: newId(),
          inbound_mail_id: id,
          position,
          filename: a.filename.slice(0, 500),
          content_type: a.contentType.slice(0, 200),
          size_bytes: a.size,
          sha256: a.sha256,
          is_allowed: a.isAllowed,
          content: a.content,
        })),
      )
      .execute();
  }
}

async function quarantineNow(
  db: Db,
  id: string,
  facts: ParsedFacts,
  reason: QuarantineReason,
  detail: string | undefined,
): Promise<RoutingOutcome | null> {
  return inTransaction(db, async (trx) => {
    if (!(await lockReceived(trx, id))) return null;
    await writeParsed(trx, id, facts);
    await finishRouting(trx, id, 'received', { status: 'quarantined', reason }, detail ?? null, new Date());
    return { status: 'quarantined' as const, reason };
  });
}

/** Sets the routing result on the mail, one step up its version, with the event that says so. */
export async function finishRouting(
  trx: Tx,
  id: string,
  from: InboundMailStatus,
  outcome:
    | { status: 'delivered' | 'released'; routedKind: InboundRoutedKind; routedId: string; targetId: string }
    | { status: 'quarantined' | 'rejected'; reason: string },
  detail: string | null,
  now: Date,
  actor: { id: string; comment?: string | null } | null = null,
): Promise<void> {
  const routed = 'routedKind' in outcome;
  await trx
    .updateTable('inbound_mails')
    .set((eb) => ({
      status: outcome.status,
      reason: routed ? null : outcome.reason,
      reason_detail: routed ? null : (detail?.slice(0, 2000) ?? null),
      routed_kind: routed ? outcome.routedKind : null,
      routed_id: routed ? outcome.routedId : null,
      routed_target_id: routed ? outcome.targetId : null,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .execute();
  const action = { delivered: 'deliver', released: 'release', quarantined: 'quarantine', rejected: 'reject' }[
    outcome.status
  ];
  await recordMailEvent(
    trx,
    id,
    actor?.id ?? null,
    {
      action,
      from,
      to: outcome.status,
      reason: routed ? null : outcome.reason,
      comment: actor?.comment ?? null,
    },
    now,
    routed
      ? { routedKind: outcome.routedKind, routedId: outcome.routedId, targetId: outcome.targetId }
      : detail
        ? { detail: detail.slice(0, 2000) }
        : {},
  );
}

export type Delivery = Exclude<RoutingDecision, { kind: 'quarantine' }>;

/**
 * Writes the mail where it belongs, as its author: a request thread message (with the request's
 * history entry), a consultation message, or a new consultation. Throws AppError when the author
 * may not write there; the caller's transaction then rolls back.
 */
export async function deliver(
  trx: Tx,
  deps: Pick<MailboxDeps, 'consultations' | 'publicUrl'>,
  mailId: string,
  delivery: Delivery,
  author: Actor,
  text: string,
  subject: string | null,
  attachments: MailAttachment[],
  now: Date,
  extraDetails: Record<string, unknown> = {},
): Promise<{ routedKind: InboundRoutedKind; routedId: string; targetId: string }> {
  switch (delivery.kind) {
    case 'request_message': {
      const body = withAttachmentNote(text, attachments);
      const message = await appendRequestMessage(trx, author, delivery.requestId, body, deps.publicUrl, now, {
        via: 'email',
        inboundMailId: mailId,
        ...(attachments.length > 0 && { attachments: attachments.map((a) => a.filename) }),
        ...extraDetails,
      });
      return { routedKind: 'request_message', routedId: message.id, targetId: delivery.requestId };
    }
    case 'consultation_message': {
      const port = requireConsultations(deps);
      const message = await port.appendConsultationMessage(
        trx,
        {
          consultationId: delivery.consultationId,
          authorUserId: author.id,
          body: text,
          attachments,
          source: 'email',
          inboundMailId: mailId,
        },
        now,
      );
      return { routedKind: 'consultation_message', routedId: message.id, targetId: delivery.consultationId };
    }
    case 'open_consultation': {
      const port = requireConsultations(deps);
      if (!author.institutionId) {
        throw new AppError('validation', { detail: 'Only an institution user can open a consultation.' });
      }
      const consultation = await port.openConsultation(
        trx,
        {
          institutionId: author.institutionId,
          authorUserId: author.id,
          subject: consultationSubject(subject),
          category: 'other',
          body: text,
          attachments,
          source: 'email',
          inboundMailId: mailId,
        },
        now,
      );
      return { routedKind: 'consultation', routedId: consultation.id, targetId: consultation.id };
    }
  }
}

class ConsultationsUnavailable extends AppError {
  constructor() {
    super('unavailable', { detail: 'Consultations are not available in this installation.' });
  }
}

function requireConsultations(deps: Pick<MailboxDeps, 'consultations'>): ConsultationPort {
  if (!deps.consultations) throw new ConsultationsUnavailable();
  return deps.consultations;
}

export function isConsultationsUnavailable(error: unknown): boolean {
  return error instanceof ConsultationsUnavailable;
}

/** A reply's "Re:"/"Atb.:" prefixes and our token marker are not part of a consultation's subject. */
export function consultationSubject(subject: string | null): string {
  const cleaned = (subject ?? '')
    .replace(/\[PK:[A-Za-z0-9]+\]/g, '')
    .replace(/^\s*((re|fw|fwd|atb|pārs)\s*(\[\d+\])?\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return (cleaned || '(bez temata / no subject)').slice(0, 200);
}

function withAttachmentNote(text: string, attachments: MailAttachment[]): string {
  if (attachments.length === 0) return text;
  const names = attachments.map((a) => a.filename).join(', ');
  return `${text}\n\n[E-pasta pielikumi / e-mail attachments: ${names}]`;
}

export function allowedAttachments(parsed: ParsedInboundMail | null): MailAttachment[] {
  return (parsed?.attachments ?? [])
    .filter((a) => a.isAllowed)
    .map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }));
}

/** Why delivery was refused, as a quarantine reason: the target's absence or the author's rights. */
async function reasonForRefusal(db: Db, decision: Delivery, error: unknown): Promise<QuarantineReason> {
  if (isConsultationsUnavailable(error)) return 'consultations_unavailable';
  if (!(error instanceof AppError)) return 'routing_failed';
  if (decision.kind === 'request_message') {
    const exists = await db
      .selectFrom('requests')
      .select('id')
      .where('id', '=', decision.requestId)
      .executeTakeFirst();
    if (!exists) return 'target_not_found';
  }
  // Another institution's request or consultation is "not found" to the sender, as on every route.
  return error.code === 'not_found' || error.code === 'forbidden' ? 'sender_not_permitted' : 'routing_failed';
}

/** bytea comes back as a Buffer from pg and as a Uint8Array from PGlite; mailparser and HTTP want a Buffer. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
