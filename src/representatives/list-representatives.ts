import type { Principal } from '../accounts/permissions.ts';
import type { Db } from '../platform/db/transaction.ts';
import { findVisibleInstitution, toRepresentativeView } from './queries.ts';
import type { ListRepresentativesQuery, RepresentativeList } from './schemas.ts';
import { validityInstant } from './validity.ts';

/**
 * An institution's register, newest start first: the entries in force at `activeAt`, or (by default)
 * the current and future ones, or with `includeEnded` every entry. Agency users read every
 * institution's register, institution members their own (another's is not found).
 */
export async function listRepresentatives(
  db: Db,
  by: Principal,
  institutionId: string,
  q: ListRepresentativesQuery,
  now = new Date(),
): Promise<RepresentativeList> {
  await findVisibleInstitution(db, by, institutionId);
  let query = db.selectFrom('representatives').where('institution_id', '=', institutionId);
  if (q.activeAt) {
    const at = validityInstant(q.activeAt);
    query = query
      .where('valid_from', '<=', at)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
  } else if (!q.includeEnded) {
    // Not ended: open-ended, or ending later than now and not ended before it began.
    query = query.where((eb) =>
      eb.or([
        eb('valid_to', 'is', null),
        eb.and([eb('valid_to', '>', now), eb('valid_to', '>', eb.ref('valid_from'))]),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('valid_from', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => toRepresentativeView(row, now)),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
