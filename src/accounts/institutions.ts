import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../platform/db/errors.ts';
import type { InstitutionsTable } from '../platform/db/schema.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { recordAccountEvent } from './account-events.ts';
import { adminOnly, type Principal, requireRole } from './permissions.ts';
import type { InstitutionInput, InstitutionView } from './schemas.ts';

export function toInstitutionView(row: Selectable<InstitutionsTable>): InstitutionView {
  return {
    id: row.id,
    name: row.name,
    registrationNumber: row.registration_number,
    isAgency: row.is_agency,
    createdAt: row.created_at.toISOString(),
  };
}

export async function createInstitution(
  db: Db,
  by: Principal,
  input: InstitutionInput & { isAgency?: boolean },
): Promise<InstitutionView> {
  requireRole(by, adminOnly);
  try {
    return await inTransaction(db, async (trx) => {
      const row = await trx
        .insertInto('institutions')
        .values({
          id: newId(),
          name: input.name,
          registration_number: input.registrationNumber,
          is_agency: input.isAgency ?? false,
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAccountEvent(trx, by, { type: 'institution', id: row.id }, 'create', {
        name: row.name,
        registrationNumber: row.registration_number,
      });
      return toInstitutionView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', {
        detail: input.isAgency
          ? 'The agency institution already exists.'
          : `An institution with registration number ${input.registrationNumber} already exists.`,
        errors: [{ path: 'registrationNumber', message: 'Already registered.', code: 'duplicate' }],
      });
    }
    throw error;
  }
}

/** Agency users see every institution; an institution member sees their own. */
export async function listInstitutions(db: Db, by: Principal): Promise<InstitutionView[]> {
  let query = db.selectFrom('institutions').selectAll().orderBy('name');
  if (!('kind' in by) && by.role === 'institution_member')
    query = query.where('id', '=', by.institutionId ?? '');
  return (await query.execute()).map(toInstitutionView);
}
