import { sql } from 'kysely';
import { agencyOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import type { Db } from '../platform/db/transaction.ts';
import { isRemoved, listSummaries, listsInForce, toTrustListViews } from './queries.ts';
import type { ListTrustListsQuery, TrustListList } from './schemas.ts';

/**
 * The trusted lists loaded, by territory and newest first, each marked in force, superseded or
 * removed. Agency users read them; institution members are refused (trust is the agency's setting).
 */
export async function listTrustLists(
  db: Db,
  by: Principal,
  q: ListTrustListsQuery,
  now = new Date(),
): Promise<TrustListList> {
  requireRole(by, agencyOnly);
  const inForce = listsInForce(db).select('l.id');
  let query = listSummaries(db);
  if (q.territory) query = query.where('l.territory', '=', q.territory);
  if (q.status === 'removed') query = query.where(isRemoved);
  if (q.status === 'in_force') query = query.where('l.id', 'in', inForce);
  if (q.status === 'superseded') {
    query = query.where(sql<boolean>`NOT ${isRemoved}`).where('l.id', 'not in', inForce);
  }
  const [rows, count] = await Promise.all([
    query
      .orderBy('l.territory')
      .orderBy('l.sequence_number', 'desc')
      .orderBy('l.loaded_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: await toTrustListViews(db, rows, now),
    total: Number(count.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
