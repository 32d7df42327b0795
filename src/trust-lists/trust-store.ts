import { type ActSigning, type ParsedTrustList, parseTrustList, type TrustStore } from '../acts/index.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { listsInForce } from './queries.ts';
import { composeTrustStore } from './trust-rules.ts';

// The trust store the verifier uses, from the database. Lists are large (a national list is tens to
// hundreds of kilobytes, the LOTL and the biggest national lists megabytes) and their rows never
// change, so each list in force is parsed once per process and kept by its id: a verification costs
// one query for the ids in force, and a list is parsed again only when the set changes.

type InForceRow = { id: string; signature_status: 'valid' | 'not_checked' };

/** Parsed lists by id, only those in force at the last look (a removed or superseded one is dropped). */
const parsed = new Map<string, Promise<ParsedTrustList>>();

/**
 * Parses a stored list. Its signature was checked (or found uncheckable) when it was loaded and the
 * row cannot change since, so it is not checked again: the stored status stands.
 */
export async function parseStoredList(xml: Uint8Array, signatureStatus: InForceRow['signature_status']) {
  const list = await parseTrustList(xml);
  return { ...list, signature: { ...list.signature, status: signatureStatus } };
}

function parsedList(db: Db | Tx, row: InForceRow): Promise<ParsedTrustList> {
  let list = parsed.get(row.id);
  if (!list) {
    list = db
      .selectFrom('trust_lists')
      .select('xml')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
      .then((r) => parseStoredList(new Uint8Array(r.xml), row.signature_status));
    // A failed read must not stay cached.
    list.catch(() => parsed.delete(row.id));
    parsed.set(row.id, list);
  }
  return list;
}

/** The lists in force, parsed (from the cache when their set is the one seen before). */
export async function parsedListsInForce(db: Db | Tx): Promise<ParsedTrustList[]> {
  const rows = await listsInForce(db).select(['l.id', 'l.signature_status']).execute();
  const ids = new Set(rows.map((r) => r.id));
  for (const id of parsed.keys()) if (!ids.has(id)) parsed.delete(id);
  return Promise.all(rows.map((row) => parsedList(db, row)));
}

/** A list in force from the cache, when it is there (the detail view reuses it instead of parsing). */
export function cachedList(id: string): Promise<ParsedTrustList> | undefined {
  return parsed.get(id);
}

/**
 * The trust store every verification and every issued act uses: the configured anchors
 * (`signing.trustStore()`: the demo CA or ACT_TRUST_ANCHORS) with the services of the trusted lists
 * in force now.
 */
export async function loadTrustStore(
  db: Db | Tx,
  signing: Pick<ActSigning, 'trustStore'>,
): Promise<TrustStore> {
  const [anchors, lists] = await Promise.all([signing.trustStore(), parsedListsInForce(db)]);
  return composeTrustStore(anchors, lists);
}
