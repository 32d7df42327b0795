import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import { maskPersonalCode, parsePersonalCode } from './personal-code.ts';
import type { PersonalCodeHasher } from './personal-code-hash.ts';
import {
  assertNoOverlap,
  changesBetween,
  fieldsOf,
  lockRegister,
  personalCodeError,
  recordRepresentativeEvent,
  toRepresentativeView,
  validityOrderError,
} from './queries.ts';
import type { RepresentativeInput, RepresentativeView } from './schemas.ts';
import { validityInstant } from './validity.ts';

/**
 * An agency admin adds a person to an institution's register. The personal code is checked, then only
 * its keyed hash and masked form are kept; the same person may not already represent the institution
 * for any part of the period (409 representation-overlap).
 */
export async function createRepresentative(
  db: Db,
  by: Principal,
  institutionId: string,
  input: RepresentativeInput,
  hashPersonalCode: PersonalCodeHasher,
  now = new Date(),
): Promise<RepresentativeView> {
  requireRole(by, adminOnly);
  const code = parsePersonalCode(input.personalCode);
  if (!code.ok) throw personalCodeError(code.problem);
  const validFrom = input.validFrom ? validityInstant(input.validFrom) : now;
  const validTo = input.validTo ? validityInstant(input.validTo) : null;
  if (validTo && validTo.getTime() <= validFrom.getTime()) throw validityOrderError();
  const personalCodeHash = Buffer.from(hashPersonalCode(code.digits), 'hex');
  return inTransaction(db, async (trx) => {
    await lockRegister(trx, by, institutionId);
    await assertNoOverlap(trx, institutionId, personalCodeHash, { validFrom, validTo }, null);
    const row = await trx
      .insertInto('representatives')
      .values({
        id: newId(),
        institution_id: institutionId,
        personal_code_hash: personalCodeHash,
        masked_code: maskPersonalCode(code.digits),
        name: input.name,
        position: input.position ?? null,
        valid_from: validFrom,
        valid_to: validTo,
        created_by: principalId(by),
        created_at: now,
        updated_by: principalId(by),
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRepresentativeEvent(
      trx,
      by,
      row,
      'create',
      { reason: null, changes: changesBetween(null, fieldsOf(row)) },
      now,
    );
    return toRepresentativeView(row, now);
  });
}
