import { agencyOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import type { Db } from '../platform/db/transaction.ts';
import { findTrustListView, loadTrustListHistory } from './queries.ts';
import type { TrustListDetail } from './schemas.ts';
import { certificateViewOf, serviceViewOf } from './trust-rules.ts';
import { cachedList, parseStoredList } from './trust-store.ts';

/**
 * One list: its summary, its services (type, qualified, the status now and since when, certificates,
 * the status history), the national lists a LOTL points to, and its history (loaded, removed).
 */
export async function getTrustList(
  db: Db,
  by: Principal,
  id: string,
  now = new Date(),
): Promise<TrustListDetail> {
  requireRole(by, agencyOnly);
  const view = await findTrustListView(db, id, now);
  const parsed =
    cachedList(id) ??
    db
      .selectFrom('trust_lists')
      .select('xml')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .then((row) => parseStoredList(new Uint8Array(row.xml), view.signature.status));
  const [list, history] = await Promise.all([parsed, loadTrustListHistory(db, id)]);
  return {
    ...view,
    services: list.services.map((service) => serviceViewOf(service, now)),
    pointers: list.pointers.map((pointer) => ({
      territory: pointer.territory,
      location: pointer.location,
      signers: pointer.signers.map(certificateViewOf),
    })),
    history,
  };
}
