import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertRepresentativeVersion,
  changesBetween,
  fieldsOf,
  findVisibleRepresentative,
  recordRepresentativeEvent,
  toRepresentativeView,
  validityOf,
} from './queries.ts';
import type { EndRepresentationBody, RepresentativeView } from './schemas.ts';
import { statusAt, validityInstant } from './validity.ts';

/**
 * An agency admin ends a representation, now or at a given time, with a reason. The entry stays in the
 * register (acts signed while it lasted stay verifiable). One not yet begun ends at its start, so it is
 * never in force; one already ended cannot be ended again (409 conflict), and ending never moves an end
 * later (that is a change of validity: updateRepresentative).
 */
export async function endRepresentation(
  db: Db,
  by: Principal,
  id: string,
  input: EndRepresentationBody,
  now = new Date(),
): Promise<RepresentativeView> {
  requireRole(by, adminOnly);
  return inTransaction(db, async (trx) => {
    const row = await findVisibleRepresentative(trx, by, id, { forUpdate: true });
    assertRepresentativeVersion(row, input.version);
    if (statusAt(validityOf(row), now) === 'ended') {
      throw new AppError('conflict', {
        detail: 'This representation has already ended.',
        extensions: { reason: 'already_ended', validTo: row.valid_to?.toISOString() ?? null },
      });
    }
    const asked = input.validTo ? validityInstant(input.validTo) : now;
    const validTo = new Date(Math.max(asked.getTime(), row.valid_from.getTime()));
    if (row.valid_to && validTo.getTime() > row.valid_to.getTime()) {
      throw new AppError('validation', {
        detail: 'Ending cannot move the end later; change the validity instead.',
        errors: [{ path: 'validTo', message: 'After the current end.', code: 'after_current_end' }],
      });
    }
    const updated = await trx
      .updateTable('representatives')
      .set({
        valid_to: validTo,
        version: row.version + 1,
        updated_by: principalId(by),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRepresentativeEvent(
      trx,
      by,
      updated,
      'end',
      { reason: input.reason, changes: changesBetween(fieldsOf(row), fieldsOf(updated)) },
      now,
    );
    return toRepresentativeView(updated, now);
  });
}
