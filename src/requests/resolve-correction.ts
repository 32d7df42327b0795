import type { Actor } from '../accounts/actor.ts';
import { agencyOnly, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { capabilities } from './capabilities.ts';
import { assertVersion, getRequestView, loadRequestForUpdate, toCapabilitySubject } from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import type { RequestView } from './schemas.ts';

/** The reviewer confirms that a correction asked for was made. Approval waits until none is open. */
export async function resolveCorrection(
  db: Db,
  actor: Actor,
  id: string,
  correctionId: string,
  input: { version: number; comment?: string | undefined },
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    // Visibility before role: another institution's request is not found, whoever asks.
    const row = await loadRequestForUpdate(trx, actor, id);
    requireRole(actor, agencyOnly);
    assertVersion(row, input.version);
    if (row.state !== 'in_review') {
      throw new AppError('invalid_transition', {
        detail: 'Corrections are resolved while the request is in review.',
        extensions: { reason: 'state', state: row.state },
      });
    }
    if (!capabilities(toCapabilitySubject(row), actor).resolveCorrections) {
      throw new AppError('forbidden', {
        detail: 'Only the assigned reviewer or an agency admin can do this; take the request first.',
        extensions: { reason: 'not_assignee' },
      });
    }
    const now = new Date();
    const correction = await trx
      .updateTable('request_corrections')
      .set({ resolved_at: now, resolved_by: actor.id })
      .where('id', '=', correctionId)
      .where('request_id', '=', id)
      .where('resolved_at', 'is', null)
      .returning(['id', 'text', 'round'])
      .executeTakeFirst();
    if (!correction) throw new AppError('not_found', { detail: 'No such open correction on this request.' });
    await recordRequestChange(
      trx,
      actor,
      row,
      {},
      {
        action: 'resolveCorrection',
        comment: input.comment,
        details: { correctionId: correction.id, round: correction.round, text: correction.text },
      },
      now,
    );
    return getRequestView(trx, actor, id);
  });
}
