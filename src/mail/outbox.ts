import type { Selectable } from 'kysely';
import type { OutboxMessagesTable } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import type { ReplyTarget } from './reply-token.ts';
import type { MailLanguage, RenderedMail, TemplateName } from './templates.ts';

export type OutboxRow = Selectable<OutboxMessagesTable>;

export type OutboxMessage = RenderedMail & {
  recipient: string;
  language: MailLanguage;
  template: TemplateName;
  requestId: string | null;
  /** The consultation ticket the mail is about, if any. */
  consultationId?: string | null;
  /**
   * Names the cause, so the same change can never enqueue the same mail twice (e.g.
   * `request:<id>:v<version>:<template>:<recipient>`). A second insert with the key is ignored.
   */
  idempotencyKey: string;
  /** What a reply to this mail should reach; the transport signs it into Reply-To and the subject. */
  replyTo?: ReplyTarget | undefined;
};

/**
 * Writes e-mail into the outbox inside the caller's transaction: the mail exists exactly when the
 * change that causes it is committed. Delivery is the worker's job (mail/worker.ts).
 */
export async function enqueueMail(trx: Tx, messages: readonly OutboxMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  await trx
    .insertInto('outbox_messages')
    .values(
      messages.map((m) => ({
        id: newId(),
        idempotency_key: m.idempotencyKey,
        recipient: m.recipient,
        language: m.language,
        template: m.template,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html,
        request_id: m.requestId,
        reply_kind: m.replyTo?.kind ?? null,
        reply_target_id: m.replyTo?.id ?? null,
        consultation_id: m.consultationId ?? null,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}
