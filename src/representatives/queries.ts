import type { Selectable } from 'kysely';
import { canSeeInstitution, type Principal, principalId } from '../accounts/permissions.ts';
import type { RepresentativeAction, RepresentativesTable } from '../platform/db/schema.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { type PersonalCodeProblem, personalCodeProblemTexts } from './personal-code.ts';
import type { RepresentativeChanges, RepresentativeEventView, RepresentativeView } from './schemas.ts';
import { statusAt, type Validity, validitiesOverlap } from './validity.ts';

// What the register's use cases share: reading an entry within the caller's sight (canSeeInstitution
// in accounts/permissions.ts decides; another institution's entry is "not found"), the locks that
// serialise changes to one institution's register, the overlap rule, and the history entries.

export type RepresentativeRow = Selectable<RepresentativesTable>;

const notFound = () => new AppError('not_found', { detail: 'No such representative.' });

export function toRepresentativeView(row: RepresentativeRow, now: Date): RepresentativeView {
  return {
    id: row.id,
    institutionId: row.institution_id,
    maskedCode: row.masked_code,
    name: row.name,
    position: row.position,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    status: statusAt(validityOf(row), now),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const validityOf = (row: Pick<RepresentativeRow, 'valid_from' | 'valid_to'>): Validity => ({
  validFrom: row.valid_from,
  validTo: row.valid_to,
});

/** The institution, when the caller may see it; else not found (whether or not it exists). */
export async function findVisibleInstitution(db: Db | Tx, by: Principal, institutionId: string) {
  const institution = canSeeInstitution(by, institutionId)
    ? await db
        .selectFrom('institutions')
        .select(['id', 'name'])
        .where('id', '=', institutionId)
        .executeTakeFirst()
    : undefined;
  if (!institution) throw new AppError('not_found', { detail: 'No such institution.' });
  return institution;
}

/**
 * Locks the institution's register for the rest of the transaction, so that two changes to one
 * person's entries cannot both pass the overlap check. NO KEY UPDATE: rows referring to the
 * institution (requests, users) can still be written meanwhile.
 */
export async function lockRegister(trx: Tx, by: Principal, institutionId: string): Promise<void> {
  const locked = canSeeInstitution(by, institutionId)
    ? await trx
        .selectFrom('institutions')
        .select('id')
        .where('id', '=', institutionId)
        .forNoKeyUpdate()
        .executeTakeFirst()
    : undefined;
  if (!locked) throw new AppError('not_found', { detail: 'No such institution.' });
}

export async function findVisibleRepresentative(
  db: Db | Tx,
  by: Principal,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RepresentativeRow> {
  let query = db.selectFrom('representatives').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || !canSeeInstitution(by, row.institution_id)) throw notFound();
  return row;
}

export function assertRepresentativeVersion(row: RepresentativeRow, version: number): void {
  if (row.version !== version) {
    throw new AppError('stale_version', {
      detail: `The entry has changed since you read it (now version ${row.version}).`,
      extensions: { currentVersion: row.version },
    });
  }
}

/** One person represents an institution in one entry at a time: overlapping validity is refused. */
export async function assertNoOverlap(
  trx: Tx,
  institutionId: string,
  personalCodeHash: Buffer,
  validity: Validity,
  exceptId: string | null,
): Promise<void> {
  let query = trx
    .selectFrom('representatives')
    .select(['id', 'valid_from', 'valid_to'])
    .where('institution_id', '=', institutionId)
    .where('personal_code_hash', '=', personalCodeHash);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const clash = (await query.execute()).find((other) => validitiesOverlap(validityOf(other), validity));
  if (clash) {
    throw new AppError('representation_overlap', {
      detail:
        'This person already represents the institution for part of that period; end or change that entry first.',
      extensions: {
        representativeId: clash.id,
        validFrom: clash.valid_from.toISOString(),
        validTo: clash.valid_to?.toISOString() ?? null,
      },
    });
  }
}

/** A refused personal code: the field, a stable code, and what is wrong in Latvian and English. */
export function personalCodeError(problem: PersonalCodeProblem): AppError {
  const text = personalCodeProblemTexts[problem];
  return new AppError('validation', {
    detail: text.en,
    errors: [{ path: 'personalCode', message: text.en, code: `personal_code_${problem}` }],
    extensions: { reason: `personal_code_${problem}`, text },
  });
}

/** A validity whose end is not after its start. */
export function validityOrderError(): AppError {
  const text = {
    lv: 'Pārstāvības beigām jābūt vēlākām par sākumu.',
    en: 'The representation must end after it begins.',
  };
  return new AppError('validation', {
    detail: text.en,
    errors: [{ path: 'validTo', message: text.en, code: 'validity_order' }],
    extensions: { reason: 'validity_order', text },
  });
}

/** What the history compares: the entry's fields as they read in the API. */
export type RepresentativeFields = {
  maskedCode: string;
  name: string;
  position: string | null;
  validFrom: string;
  validTo: string | null;
};

export function fieldsOf(row: {
  masked_code: string;
  name: string;
  position: string | null;
  valid_from: Date;
  valid_to: Date | null;
}): RepresentativeFields {
  return {
    maskedCode: row.masked_code,
    name: row.name,
    position: row.position,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
  };
}

/** Each field that differs, from → to (for a new entry: every field it has, from null). */
export function changesBetween(
  before: RepresentativeFields | null,
  after: RepresentativeFields,
): RepresentativeChanges {
  const changes: RepresentativeChanges = {};
  for (const key of Object.keys(after) as (keyof RepresentativeFields)[]) {
    const from = before ? before[key] : null;
    if (from === after[key]) continue;
    changes[key] = { from, to: after[key] };
  }
  return changes;
}

export async function recordRepresentativeEvent(
  trx: Tx,
  by: Principal,
  entry: { id: string; institution_id: string; version: number },
  action: RepresentativeAction,
  details: { reason: string | null; changes: RepresentativeChanges },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('representative_events')
    .values({
      id: newId(),
      representative_id: entry.id,
      institution_id: entry.institution_id,
      actor_id: principalId(by),
      action,
      reason: details.reason,
      changes: JSON.stringify(details.changes),
      version: entry.version,
      created_at: now,
    })
    .execute();
}

export async function loadRepresentativeHistory(
  db: Db | Tx,
  representativeId: string,
): Promise<RepresentativeEventView[]> {
  const rows = await db
    .selectFrom('representative_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.action',
      'e.created_at',
      'e.actor_id',
      'u.display_name',
      'e.reason',
      'e.version',
      'e.changes',
    ])
    .where('e.representative_id', '=', representativeId)
    .orderBy('e.version')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    at: r.created_at.toISOString(),
    by: r.actor_id ? { id: r.actor_id, displayName: r.display_name ?? '' } : null,
    reason: r.reason,
    version: r.version,
    changes: r.changes as RepresentativeChanges,
  }));
}
