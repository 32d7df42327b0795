import type { Updateable } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { RequestRow, RequestsTable } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/transaction.ts';
import { appendHistory, type HistoryEvent } from './history.ts';

/**
 * Writes one change to a request locked by loadRequestForUpdate: its columns, the next version (so a
 * reader holding the old one gets 409), and the history entry that explains it.
 */
export async function recordRequestChange(
  trx: Tx,
  actor: Actor,
  row: RequestRow,
  patch: Updateable<RequestsTable>,
  event: HistoryEvent,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('requests')
    .set({ ...patch, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await appendHistory(trx, row.id, actor, event, now);
}
