import type { Principal } from '../accounts/permissions.ts';
import type { Db } from '../platform/db/transaction.ts';
import { findVisibleRepresentative, loadRepresentativeHistory, toRepresentativeView } from './queries.ts';
import type { RepresentativeDetail } from './schemas.ts';

/** One entry with its whole history: who changed what, when and why. */
export async function getRepresentative(
  db: Db,
  by: Principal,
  id: string,
  now = new Date(),
): Promise<RepresentativeDetail> {
  const row = await findVisibleRepresentative(db, by, id);
  return { ...toRepresentativeView(row, now), history: await loadRepresentativeHistory(db, row.id) };
}
