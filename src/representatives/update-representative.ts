import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertNoOverlap,
  assertRepresentativeVersion,
  changesBetween,
  fieldsOf,
  findVisibleRepresentative,
  lockRegister,
  recordRepresentativeEvent,
  toRepresentativeView,
  validityOrderError,
} from './queries.ts';
import type { RepresentativeUpdate, RepresentativeView } from './schemas.ts';
import { validityInstant } from './validity.ts';

/**
 * An agency admin corrects an entry's name or position, or changes its validity (with a reason). The
 * person never changes: a different personal code is a new entry. Nothing changed, nothing is written.
 */
export async function updateRepresentative(
  db: Db,
  by: Principal,
  id: string,
  input: RepresentativeUpdate,
  now = new Date(),
): Promise<RepresentativeView> {
  requireRole(by, adminOnly);
  return inTransaction(db, async (trx) => {
    const row = await findVisibleRepresentative(trx, by, id, { forUpdate: true });
    assertRepresentativeVersion(row, input.version);
    const next = {
      ...row,
      name: input.name ?? row.name,
      position: input.position === undefined ? row.position : input.position,
      valid_from: input.validFrom ? validityInstant(input.validFrom) : row.valid_from,
      valid_to:
        input.validTo === undefined ? row.valid_to : input.validTo ? validityInstant(input.validTo) : null,
    };
    const changes = changesBetween(fieldsOf(row), fieldsOf(next));
    if (Object.keys(changes).length === 0) return toRepresentativeView(row, now);
    const validityChanges = Boolean(changes.validFrom || changes.validTo);
    if (validityChanges) {
      if (!input.reason) {
        throw new AppError('validation', {
          detail: 'A change of validity needs a reason.',
          errors: [{ path: 'reason', message: 'Required when the validity changes.', code: 'required' }],
        });
      }
      if (next.valid_to && next.valid_to.getTime() <= next.valid_from.getTime()) throw validityOrderError();
      await lockRegister(trx, by, row.institution_id);
      await assertNoOverlap(
        trx,
        row.institution_id,
        row.personal_code_hash,
        { validFrom: next.valid_from, validTo: next.valid_to },
        row.id,
      );
    }
    const updated = await trx
      .updateTable('representatives')
      .set({
        name: next.name,
        position: next.position,
        valid_from: next.valid_from,
        valid_to: next.valid_to,
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
      'update',
      { reason: input.reason ?? null, changes },
      now,
    );
    return toRepresentativeView(updated, now);
  });
}
