import { type Actor, isAgency } from '../accounts/actor.ts';
import { agencyOnly, correctionThreadPartyOf, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { capabilities } from './capabilities.ts';
import { appendHistory } from './history.ts';
import { enqueueRequestMessageNotifications } from './notify-request.ts';
import { assertVersion, getRequestView, loadRequestForUpdate, toCapabilitySubject } from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import type { CorrectionMessageView, RequestView } from './schemas.ts';
import { isFinal, type Role, type State } from './workflow.ts';

// Corrections as a review: each correction has a short thread (the institution answers "fixed in v3"
// or "disagree because…", the reviewer replies), and the reviewer resolves corrections one by one or
// several at once, or reopens one resolved too early. Every message and resolution is a history entry.

/** Bulk resolution takes at most this many corrections at once (more than any real round). */
export const maxBulkResolve = 200;

const noSuchCorrection = () => new AppError('not_found', { detail: 'No such correction on this request.' });

/** A correction's thread message; the other side is mailed as for a message in the request's thread. */
export async function postCorrectionMessage(
  db: Db,
  actor: Actor,
  requestId: string,
  correctionId: string,
  body: string,
  publicUrl: string,
): Promise<CorrectionMessageView> {
  return inTransaction(db, async (trx) => {
    // Visibility first: another institution's request is not found, whoever asks.
    const row = await loadRequestForUpdate(trx, actor, requestId);
    if (correctionThreadPartyOf(actor, row.institution_id, isFinal(row.state as State)) === null) {
      throw new AppError('invalid_transition', {
        detail: 'The request is finished; its corrections can no longer be discussed.',
        extensions: { reason: 'state', state: row.state },
      });
    }
    const correction = await trx
      .selectFrom('request_corrections')
      .select(['id', 'round', 'text'])
      .where('id', '=', correctionId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!correction) throw noSuchCorrection();
    const now = new Date();
    const id = newId();
    await trx
      .insertInto('request_correction_messages')
      .values({
        id,
        correction_id: correction.id,
        request_id: requestId,
        author_id: actor.id,
        body,
        created_at: now,
      })
      .execute();
    await appendHistory(
      trx,
      requestId,
      actor,
      {
        action: 'postCorrectionMessage',
        details: {
          correctionId: correction.id,
          round: correction.round,
          text: correction.text,
          messageId: id,
        },
      },
      now,
    );
    await enqueueRequestMessageNotifications(
      trx,
      publicUrl,
      requestId,
      {
        id,
        body: `> ${correction.text.replaceAll('\n', '\n> ')}\n\n${body}`,
        authorName: actor.displayName,
        authorIsAgency: isAgency(actor),
      },
      now,
    );
    return {
      id,
      author: { id: actor.id, displayName: actor.displayName, role: actor.role },
      body,
      createdAt: now.toISOString(),
    };
  });
}

/** Every correction's thread on a request, oldest message first (the request view carries them). */
export async function loadCorrectionMessages(
  db: Db | Tx,
  requestId: string,
): Promise<Map<string, CorrectionMessageView[]>> {
  const rows = await db
    .selectFrom('request_correction_messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.correction_id', 'm.body', 'm.created_at', 'm.author_id', 'u.display_name', 'u.role'])
    .where('m.request_id', '=', requestId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const threads = new Map<string, CorrectionMessageView[]>();
  for (const r of rows) {
    const thread = threads.get(r.correction_id) ?? [];
    thread.push({
      id: r.id,
      author: { id: r.author_id, displayName: r.display_name, role: r.role as Role },
      body: r.body,
      createdAt: r.created_at.toISOString(),
    });
    threads.set(r.correction_id, thread);
  }
  return threads;
}

async function lockForReview(trx: Tx, actor: Actor, requestId: string, version: number) {
  const row = await loadRequestForUpdate(trx, actor, requestId);
  requireRole(actor, agencyOnly);
  assertVersion(row, version);
  if (row.state !== 'in_review') {
    throw new AppError('invalid_transition', {
      detail: 'Corrections are resolved or reopened while the request is in review.',
      extensions: { reason: 'state', state: row.state },
    });
  }
  if (!capabilities(toCapabilitySubject(row), actor).resolveCorrections) {
    throw new AppError('forbidden', {
      detail: 'Only the assigned reviewer or an agency admin can do this; take the request first.',
      extensions: { reason: 'not_assignee' },
    });
  }
  return row;
}

/**
 * Resolves several open corrections in one action: all or none (a correction that is not open on
 * this request refuses the whole action), one transaction, one history entry listing each of them.
 */
export async function resolveCorrections(
  db: Db,
  actor: Actor,
  requestId: string,
  input: { version: number; correctionIds: readonly string[]; comment?: string | undefined },
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    const row = await lockForReview(trx, actor, requestId, input.version);
    const ids = [...new Set(input.correctionIds)];
    const now = new Date();
    const resolved = await trx
      .updateTable('request_corrections')
      .set({ resolved_at: now, resolved_by: actor.id })
      .where('id', 'in', ids)
      .where('request_id', '=', requestId)
      .where('resolved_at', 'is', null)
      .returning(['id', 'text', 'round'])
      .execute();
    if (resolved.length !== ids.length) {
      throw new AppError('conflict', {
        detail: `${ids.length - resolved.length} of the chosen corrections are not open on this request; reload and choose again.`,
        extensions: { reason: 'not_open', notOpen: ids.filter((id) => !resolved.some((r) => r.id === id)) },
      });
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    resolved.sort((a, b) => a.round - b.round || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'resolveCorrections',
        comment: input.comment,
        details: {
          count: resolved.length,
          corrections: resolved.map((c) => ({ correctionId: c.id, round: c.round, text: c.text })),
        },
      },
      now,
    );
    return getRequestView(trx, actor, requestId);
  });
}

/** The reviewer reopens a correction resolved too early; approval waits for it again. */
export async function reopenCorrection(
  db: Db,
  actor: Actor,
  requestId: string,
  correctionId: string,
  input: { version: number; comment?: string | undefined },
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    const row = await lockForReview(trx, actor, requestId, input.version);
    const correction = await trx
      .updateTable('request_corrections')
      .set({ resolved_at: null, resolved_by: null })
      .where('id', '=', correctionId)
      .where('request_id', '=', requestId)
      .where('resolved_at', 'is not', null)
      .returning(['id', 'text', 'round'])
      .executeTakeFirst();
    if (!correction)
      throw new AppError('not_found', { detail: 'No such resolved correction on this request.' });
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'reopenCorrection',
        comment: input.comment,
        details: { correctionId: correction.id, round: correction.round, text: correction.text },
      },
      new Date(),
    );
    return getRequestView(trx, actor, requestId);
  });
}
