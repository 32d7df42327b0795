import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../platform/db/errors.ts';
import type { InstitutionsTable } from '../platform/db/schema.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { recordAccountEvent } from './account-events.ts';
import { adminOnly, type Principal, requireRole } from './permissions.ts';
import type { InstitutionInput, InstitutionUpdate, InstitutionView } from './schemas.ts';

export function toInstitutionView(row: Selectable<InstitutionsTable>): InstitutionView {
  return {
    id: row.id,
    name: row.name,
    registrationNumber: row.registration_number,
    isAgency: row.is_agency,
    vissCode: row.viss_code,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    version: row.version,
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
          viss_code: input.vissCode ?? null,
          contact_email: input.contactEmail ?? null,
          contact_phone: input.contactPhone ?? null,
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAccountEvent(trx, by, { type: 'institution', id: row.id }, 'create', {
        name: row.name,
        registrationNumber: row.registration_number,
        vissCode: row.viss_code,
      });
      return toInstitutionView(row);
    });
  } catch (error) {
    throw duplicateAsConflict(error, input);
  }
}

/** Which unique value was taken, as a field error the form can show next to the field. */
function duplicateAsConflict(error: unknown, input: Partial<InstitutionInput> & { isAgency?: boolean }) {
  if (!isUniqueViolation(error)) return error;
  if (/viss_code/.test(String((error as { constraint?: string }).constraint ?? (error as Error).message))) {
    return new AppError('conflict', {
      detail: `VISS institution code ${input.vissCode} is already used by another institution.`,
      errors: [{ path: 'vissCode', message: 'Already used.', code: 'duplicate' }],
    });
  }
  return new AppError('conflict', {
    detail: input.isAgency
      ? 'The agency institution already exists.'
      : `An institution with registration number ${input.registrationNumber} already exists.`,
    errors: [{ path: 'registrationNumber', message: 'Already registered.', code: 'duplicate' }],
  });
}

/** Agency admins correct an institution's name, codes and contacts; every change is in its history. */
export async function updateInstitution(
  db: Db,
  by: Principal,
  institutionId: string,
  input: InstitutionUpdate,
): Promise<InstitutionView> {
  requireRole(by, adminOnly);
  const { version, ...changes } = input;
  try {
    return await inTransaction(db, async (trx) => {
      const current = await trx
        .selectFrom('institutions')
        .selectAll()
        .where('id', '=', institutionId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new AppError('not_found', { detail: 'No such institution.' });
      if (current.version !== version) {
        throw new AppError('stale_version', {
          detail: `The institution has changed since you read it (now version ${current.version}).`,
          extensions: { currentVersion: current.version },
        });
      }
      const row = await trx
        .updateTable('institutions')
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.registrationNumber !== undefined && {
            registration_number: changes.registrationNumber,
          }),
          ...(changes.vissCode !== undefined && { viss_code: changes.vissCode }),
          ...(changes.contactEmail !== undefined && { contact_email: changes.contactEmail }),
          ...(changes.contactPhone !== undefined && { contact_phone: changes.contactPhone }),
          version: current.version + 1,
        })
        .where('id', '=', institutionId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAccountEvent(trx, by, { type: 'institution', id: institutionId }, 'update', {
        before: pick(toInstitutionView(current), Object.keys(changes)),
        after: changes,
      });
      return toInstitutionView(row);
    });
  } catch (error) {
    throw duplicateAsConflict(error, { ...changes, isAgency: false });
  }
}

function pick(view: InstitutionView, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (view as Record<string, unknown>)[k]]));
}

/** Agency users see every institution; an institution member sees their own. */
export async function listInstitutions(db: Db, by: Principal): Promise<InstitutionView[]> {
  let query = db.selectFrom('institutions').selectAll().orderBy('name');
  if (!('kind' in by) && by.role === 'institution_member')
    query = query.where('id', '=', by.institutionId ?? '');
  return (await query.execute()).map(toInstitutionView);
}
