import type { z } from 'zod';
import { adminOnly, agencyOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { OutboxRow } from './outbox.ts';
import type {
  DevMailboxMessage,
  listDevMailboxQuery,
  listOutboxQuery,
  OutboxMessageView,
} from './schemas.ts';

// What admins see of the outbox and what they may do with it; and the development mailbox.

function toView(row: OutboxRow): OutboxMessageView {
  const isOpen = row.status === 'pending' || row.status === 'sending';
  return {
    id: row.id,
    recipient: row.recipient,
    language: row.language,
    template: row.template,
    subject: row.subject,
    requestId: row.request_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: isOpen ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    transport: row.transport,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listOutbox(db: Db, by: Principal, q: z.infer<typeof listOutboxQuery>) {
  requireRole(by, adminOnly);
  let query = db.selectFrom('outbox_messages');
  if (q.status) query = query.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

/**
 * Gives a failed message a fresh series of attempts, due now. Only failed ones: a pending or sending
 * message is still in the worker's hands, and a sent one must never go out twice.
 */
export async function retryOutboxMessage(
  db: Db,
  by: Principal,
  id: string,
  reason: string | undefined,
): Promise<OutboxMessageView> {
  requireRole(by, adminOnly);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', { detail: 'No such outbox message.' });
    if (row.status !== 'failed') {
      throw new AppError('conflict', {
        detail: `Only a failed message can be retried; this one is ${row.status}.`,
        extensions: { status: row.status },
      });
    }
    const now = new Date();
    const updated = await trx
      .updateTable('outbox_messages')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Who sent it again, when and why: the append-only history of hand-made outbox changes.
    await trx
      .insertInto('outbox_message_events')
      .values({
        id: newId(),
        outbox_message_id: id,
        actor_id: principalId(by),
        action: 'retry',
        reason: reason?.trim() || null,
        details: JSON.stringify({ attempts: row.attempts, lastError: row.last_error }),
        created_at: now,
      })
      .execute();
    return toView(updated);
  });
}

/** Mail "delivered" without SMTP_URL: kept for agency users to read, newest first. */
export async function listDevMailbox(db: Db, by: Principal, q: z.infer<typeof listDevMailboxQuery>) {
  requireRole(by, agencyOnly);
  const query = db
    .selectFrom('outbox_messages')
    .where('status', '=', 'sent')
    .where('transport', '=', 'dev-mailbox');
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: DevMailboxMessage[] = rows.map((row) => ({
    id: row.id,
    recipient: row.recipient,
    language: row.language,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    requestId: row.request_id,
    sentAt: (row.sent_at ?? row.created_at).toISOString(),
  }));
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}
