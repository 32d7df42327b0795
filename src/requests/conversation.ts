import { type Actor, isAgency } from '../accounts/actor.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { appendHistory } from './history.ts';
import { enqueueRequestMessageNotifications } from './notify-request.ts';
import { assertRequestVisible, loadRequestForUpdate } from './queries.ts';
import type { MessageView } from './schemas.ts';
import type { Role } from './workflow.ts';

// Two append-only streams on a request: the message thread both parties write to in any state
// (consultations, step 5), and agency-internal notes the institution never sees. A thread message is
// mailed to the other side (notify-request.ts); a note is not mailed.

type Stream = 'request_messages' | 'request_notes';

async function post(
  db: Db,
  actor: Actor,
  requestId: string,
  body: string,
  stream: Stream,
  publicUrl: string | null,
): Promise<MessageView> {
  return inTransaction(db, (trx) =>
    appendToStream(trx, actor, requestId, body, stream, publicUrl, new Date()),
  );
}

async function appendToStream(
  trx: Tx,
  actor: Actor,
  requestId: string,
  body: string,
  stream: Stream,
  publicUrl: string | null,
  now: Date,
  extraDetails: Record<string, unknown> = {},
): Promise<MessageView> {
  await loadRequestForUpdate(trx, actor, requestId);
  if (stream === 'request_notes') requireAgencyForNotes(actor);
  const id = newId();
  await trx
    .insertInto(stream)
    .values({ id, request_id: requestId, author_id: actor.id, body, created_at: now })
    .execute();
  await appendHistory(
    trx,
    requestId,
    actor,
    {
      action: stream === 'request_messages' ? 'postMessage' : 'addNote',
      details: { [stream === 'request_messages' ? 'messageId' : 'noteId']: id, ...extraDetails },
      visibility: stream === 'request_messages' ? 'all' : 'agency',
    },
    now,
  );
  if (stream === 'request_messages' && publicUrl !== null) {
    await enqueueRequestMessageNotifications(
      trx,
      publicUrl,
      requestId,
      { id, body, authorName: actor.displayName, authorIsAgency: isAgency(actor) },
      now,
    );
  }
  return {
    id,
    author: { id: actor.id, displayName: actor.displayName, role: actor.role },
    body,
    createdAt: now.toISOString(),
  };
}

/**
 * Appends a thread message inside the caller's transaction (the support mailbox, where the message
 * and the received e-mail's new status land together); the other side is mailed as for any message. The actor must be allowed to see the request:
 * another institution's request is `not_found`, as everywhere. `details` join the history entry
 * (e.g. which e-mail the message came from).
 */
export function appendRequestMessage(
  trx: Tx,
  actor: Actor,
  requestId: string,
  body: string,
  publicUrl: string,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<MessageView> {
  return appendToStream(trx, actor, requestId, body, 'request_messages', publicUrl, now, details);
}

async function list(db: Db, actor: Actor, requestId: string, stream: Stream): Promise<MessageView[]> {
  await assertRequestVisible(db, actor, requestId);
  if (stream === 'request_notes') requireAgencyForNotes(actor);
  const rows = await db
    .selectFrom(`${stream} as m`)
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.body', 'm.created_at', 'm.author_id', 'u.display_name', 'u.role'])
    .where('m.request_id', '=', requestId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    author: { id: r.author_id, displayName: r.display_name, role: r.role as Role },
    body: r.body,
    createdAt: r.created_at.toISOString(),
  }));
}

function requireAgencyForNotes(actor: Actor): void {
  if (!isAgency(actor))
    throw new AppError('forbidden', { detail: 'Internal notes are for the agency only.' });
}

/** `publicUrl`: the web UI's address, for the link in the e-mail that tells the other side. */
export const postRequestMessage = (
  db: Db,
  actor: Actor,
  requestId: string,
  body: string,
  publicUrl: string,
) => post(db, actor, requestId, body, 'request_messages', publicUrl);

export const listRequestMessages = (db: Db, actor: Actor, requestId: string) =>
  list(db, actor, requestId, 'request_messages');

// The notes' role check runs inside post/list, after the visibility check, so that another
// institution's request is not found rather than forbidden, as on every other request route.
export async function addRequestNote(
  db: Db,
  actor: Actor,
  requestId: string,
  body: string,
): Promise<MessageView> {
  return post(db, actor, requestId, body, 'request_notes', null);
}

export async function listRequestNotes(db: Db, actor: Actor, requestId: string): Promise<MessageView[]> {
  return list(db, actor, requestId, 'request_notes');
}
