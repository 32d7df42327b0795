import { adminOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { findTrustListView, isRemoved, lockTerritory, recordTrustListEvent } from './queries.ts';
import type { RemoveTrustListBody, TrustListView } from './schemas.ts';

const alreadyRemoved = () =>
  new AppError('conflict', {
    detail: 'This trusted list has already been removed.',
    extensions: { reason: 'already_removed' },
  });

/**
 * An agency admin removes a list, with a reason: from now on it is not in force, and its territory's
 * previous list (if any, and not removed) is in force again. The row stays, with its history entry.
 */
export async function removeTrustList(
  db: Db,
  by: Principal,
  id: string,
  input: RemoveTrustListBody,
  now = new Date(),
): Promise<TrustListView> {
  requireRole(by, adminOnly);
  try {
    await inTransaction(db, async (trx) => {
      const list = await trx
        .selectFrom('trust_lists as l')
        .select(['l.id', 'l.territory'])
        .where('l.id', '=', id)
        .executeTakeFirst();
      if (!list) throw new AppError('not_found', { detail: 'No such trusted list.' });
      await lockTerritory(trx, list.territory);
      const removed = await trx
        .selectFrom('trust_lists as l')
        .select(isRemoved.as('removed'))
        .where('l.id', '=', id)
        .executeTakeFirstOrThrow();
      if (removed.removed) throw alreadyRemoved();
      await recordTrustListEvent(trx, by, id, 'removed', { reason: input.reason, details: {} }, now);
    });
  } catch (error) {
    // The lock makes this rare; the unique index on removals is the last word.
    if (isUniqueViolation(error)) throw alreadyRemoved();
    throw error;
  }
  return findTrustListView(db, id, now);
}
