import { sql } from 'kysely';
import { type Principal, principalId } from '../accounts/permissions.ts';
import type { TrustListAction } from '../platform/db/schema.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { TrustListEventView, TrustListStatus, TrustListView } from './schemas.ts';
import { isListOfLists } from './trust-rules.ts';

// What the trusted-list use cases share: which lists are in force (one rule, in SQL), the lock that
// serialises changes to one territory, the rows as the API shows them, and the history entries.

/** Whether the list `l` of the query has been removed (the partial unique index on removals answers it). */
export const isRemoved = sql<boolean>`EXISTS (SELECT 1 FROM trust_list_events e WHERE e.trust_list_id = l.id AND e.action = 'removed')`;

/**
 * The lists in force: per territory, the newest loaded (highest sequence number, then the latest
 * loaded) that has not been removed. Every reader of "in force" goes through this query.
 */
export function listsInForce(db: Db | Tx) {
  return db
    .selectFrom('trust_lists as l')
    .distinctOn('l.territory')
    .where(sql<boolean>`NOT ${isRemoved}`)
    .orderBy('l.territory')
    .orderBy('l.sequence_number', 'desc')
    .orderBy('l.loaded_at', 'desc')
    .orderBy('l.id', 'desc');
}

/**
 * Serialises the changes to one territory's lists (loading, removing) until the transaction ends, so
 * that the check "not older than the list in force" holds when the row is written. Several servers
 * loading ACT_TRUST_LIST at once queue here.
 */
export async function lockTerritory(trx: Tx, territory: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`pakalpe.trust_lists:${territory}`}))`.execute(trx);
}

const summaryColumns = [
  'l.id',
  'l.territory',
  'l.sequence_number',
  'l.list_type',
  'l.operator',
  'l.issued_at',
  'l.next_update',
  'l.sha256',
  'l.signature_status',
  'l.signer_subject',
  'l.source',
  'l.loaded_by',
  'l.loaded_at',
  'u.display_name',
] as const;

/** The lists' rows without their XML, with who loaded each. */
export function listSummaries(db: Db | Tx) {
  return db
    .selectFrom('trust_lists as l')
    .leftJoin('users as u', 'u.id', 'l.loaded_by')
    .select(summaryColumns)
    .select((eb) => eb.fn<number>('octet_length', ['l.xml']).as('size'));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof listSummaries>['executeTakeFirstOrThrow']>>;

/** The rows as the API shows them: status and removal come from the lists in force and the events. */
export async function toTrustListViews(
  db: Db | Tx,
  rows: readonly SummaryRow[],
  now: Date,
): Promise<TrustListView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [inForce, removals] = await Promise.all([
    listsInForce(db).select('l.id').execute(),
    db
      .selectFrom('trust_list_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.trust_list_id', 'e.created_at', 'e.actor_id', 'e.reason', 'u.display_name'])
      .where('e.action', '=', 'removed')
      .where('e.trust_list_id', 'in', ids)
      .execute(),
  ]);
  const inForceIds = new Set(inForce.map((r) => r.id));
  return rows.map((row) => {
    const removal = removals.find((r) => r.trust_list_id === row.id);
    const status: TrustListStatus = removal ? 'removed' : inForceIds.has(row.id) ? 'in_force' : 'superseded';
    return {
      id: row.id,
      territory: row.territory,
      sequenceNumber: row.sequence_number,
      listType: row.list_type,
      isListOfLists: isListOfLists({ territory: row.territory, type: row.list_type }),
      operator: row.operator,
      issuedAt: row.issued_at.toISOString(),
      nextUpdate: row.next_update?.toISOString() ?? null,
      overdue: row.next_update !== null && row.next_update.getTime() < now.getTime(),
      sha256: row.sha256,
      size: Number(row.size),
      signature: { status: row.signature_status, signer: row.signer_subject },
      source: row.source,
      loadedBy: row.loaded_by ? { id: row.loaded_by, displayName: row.display_name ?? '' } : null,
      loadedAt: row.loaded_at.toISOString(),
      status,
      removal: removal
        ? {
            at: removal.created_at.toISOString(),
            by: removal.actor_id ? { id: removal.actor_id, displayName: removal.display_name ?? '' } : null,
            reason: removal.reason ?? '',
          }
        : null,
    };
  });
}

export async function findTrustListView(db: Db | Tx, id: string, now: Date): Promise<TrustListView> {
  const row = await listSummaries(db).where('l.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', { detail: 'No such trusted list.' });
  const [view] = await toTrustListViews(db, [row], now);
  if (!view) throw new Error('trusted list view missing');
  return view;
}

export type TrustListEventDetails = {
  source?: 'upload' | 'configuration';
  file?: string;
  sha256?: string;
  sequenceNumber?: number;
};

export async function recordTrustListEvent(
  trx: Tx,
  by: Principal | null,
  trustListId: string,
  action: TrustListAction,
  details: { reason: string | null; details: TrustListEventDetails },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('trust_list_events')
    .values({
      id: newId(),
      trust_list_id: trustListId,
      action,
      actor_id: by ? principalId(by) : null,
      reason: details.reason,
      details: JSON.stringify(details.details),
      created_at: now,
    })
    .execute();
}

export async function loadTrustListHistory(db: Db | Tx, trustListId: string): Promise<TrustListEventView[]> {
  const rows = await db
    .selectFrom('trust_list_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.created_at', 'e.actor_id', 'e.reason', 'e.details', 'u.display_name'])
    .where('e.trust_list_id', '=', trustListId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => {
    const details = r.details as TrustListEventDetails;
    return {
      id: r.id,
      action: r.action,
      at: r.created_at.toISOString(),
      by: r.actor_id ? { id: r.actor_id, displayName: r.display_name ?? '' } : null,
      reason: r.reason,
      file: typeof details.file === 'string' ? details.file : null,
    };
  });
}
