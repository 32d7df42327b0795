import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { type ParsedTrustList, parseTrustList, sha256Hex, TrustListError, type x509 } from '../acts/index.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  findTrustListView,
  isRemoved,
  listsInForce,
  lockTerritory,
  recordTrustListEvent,
} from './queries.ts';
import { maxTrustListBytes, type TrustListView } from './schemas.ts';
import type { TrustListSigners } from './signers.ts';
import { knownSignersOf, lotlTerritory } from './trust-rules.ts';
import { parsedListsInForce } from './trust-store.ts';

// Loading a trusted list: the file is parsed and, when its signer is known, its signature checked
// (outside any transaction: it is CPU work); then, under the territory's lock, the same file is not
// stored twice and an older list never follows a newer one in force. One transaction writes the row
// and its "loaded" history entry.

export type ListOrigin = { source: 'upload'; by: Principal } | { source: 'configuration'; file: string };

export type StoreOutcome =
  | { outcome: 'loaded'; id: string; list: ParsedTrustList }
  | { outcome: 'already_loaded'; id: string; removed: boolean; list: ParsedTrustList }
  | { outcome: 'older'; list: ParsedTrustList; inForce: { id: string; sequenceNumber: number } };

const maxSequenceNumber = 2_147_483_647;

/** A list refused for what it is (unreadable, not a list, a signature that does not hold): 422. */
export function invalidTrustList(error: TrustListError): AppError {
  return new AppError('invalid_trust_list', {
    detail: `The trusted list is not accepted: ${error.message}.`,
    extensions: { reason: error.code },
    cause: error,
  });
}

/** Parses the file with the signers known now: the configured ones and those the LOTL in force names. */
export async function parseForLoading(
  db: Db,
  xml: Uint8Array,
  configuredSigners: readonly x509.X509Certificate[],
): Promise<ParsedTrustList> {
  const lotl = (await parsedListsInForce(db)).find((l) => l.territory === lotlTerritory);
  let list: ParsedTrustList;
  try {
    list = await parseTrustList(xml, knownSignersOf(configuredSigners, lotl));
  } catch (error) {
    if (error instanceof TrustListError) throw invalidTrustList(error);
    throw error;
  }
  if (list.territory.length > 16 || list.sequenceNumber < 0 || list.sequenceNumber > maxSequenceNumber) {
    throw invalidTrustList(
      new TrustListError('not_a_trusted_list', 'its territory or sequence number is out of range'),
    );
  }
  return list;
}

/** Parses, checks and stores one list; what happened is the outcome (the caller decides how to say it). */
export async function storeTrustList(
  db: Db,
  xml: Uint8Array,
  origin: ListOrigin,
  configuredSigners: readonly x509.X509Certificate[],
  now: Date,
): Promise<StoreOutcome> {
  const list = await parseForLoading(db, xml, configuredSigners);
  const sha256 = sha256Hex(xml);
  return inTransaction(db, async (trx): Promise<StoreOutcome> => {
    await lockTerritory(trx, list.territory);
    const existing = await trx
      .selectFrom('trust_lists as l')
      .select('l.id')
      .select(isRemoved.as('removed'))
      .where('l.sha256', '=', sha256)
      .executeTakeFirst();
    if (existing) return { outcome: 'already_loaded', id: existing.id, removed: existing.removed, list };
    const inForce = await listsInForce(trx)
      .select(['l.id', 'l.sequence_number'])
      .where('l.territory', '=', list.territory)
      .executeTakeFirst();
    if (inForce && list.sequenceNumber < inForce.sequence_number) {
      return { outcome: 'older', list, inForce: { id: inForce.id, sequenceNumber: inForce.sequence_number } };
    }
    const id = newId();
    const by = origin.source === 'upload' ? origin.by : null;
    // The territory's lock already keeps the same file out; the unique sha256 is the last word.
    const inserted = await trx
      .insertInto('trust_lists')
      .values({
        id,
        territory: list.territory,
        sequence_number: list.sequenceNumber,
        list_type: list.type,
        operator: list.operator,
        issued_at: list.issuedAt,
        next_update: list.nextUpdate,
        sha256,
        xml: Buffer.from(xml),
        signature_status: list.signature.status,
        signer_subject: list.signature.signer?.subject ?? null,
        source: origin.source,
        loaded_by: by ? principalId(by) : null,
        loaded_at: now,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const stored = await trx
        .selectFrom('trust_lists')
        .select('id')
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      return { outcome: 'already_loaded', id: stored.id, removed: false, list };
    }
    await recordTrustListEvent(
      trx,
      by,
      id,
      'loaded',
      {
        reason: null,
        details: {
          source: origin.source,
          sha256,
          sequenceNumber: list.sequenceNumber,
          ...(origin.source === 'configuration' && { file: origin.file }),
        },
      },
      now,
    );
    return { outcome: 'loaded', id, list };
  });
}

/** The configured signers, or 503 when their file cannot be read (the server checked it at start). */
export async function configuredSigners(signers: TrustListSigners): Promise<x509.X509Certificate[]> {
  try {
    return await signers();
  } catch (error) {
    throw new AppError('unavailable', { detail: (error as Error).message, cause: error });
  }
}

/**
 * An agency admin loads a trusted list (the Latvian list, the LOTL, another national list). Refused:
 * a file that is not a readable trusted list or whose signature does not hold with a known signer
 * (422 invalid-trust-list with the reason), the same file again (409, reason already_loaded: one file
 * is stored once, even after it was removed), and a list older than the one in force for its
 * territory (409, reason older_than_in_force).
 */
export async function loadTrustList(
  db: Db,
  by: Principal,
  input: { xml: Uint8Array },
  signers: TrustListSigners,
  now = new Date(),
): Promise<TrustListView> {
  requireRole(by, adminOnly);
  if (input.xml.length > maxTrustListBytes) {
    throw new AppError('payload_too_large', {
      detail: `A trusted list may be at most ${maxTrustListBytes} bytes.`,
    });
  }
  const stored = await storeTrustList(
    db,
    input.xml,
    { source: 'upload', by },
    await configuredSigners(signers),
    now,
  );
  if (stored.outcome === 'already_loaded') {
    throw new AppError('conflict', {
      detail: stored.removed
        ? 'This file was loaded before and has been removed; a removed list stays removed. Load a newer list.'
        : 'This file is already loaded.',
      extensions: { reason: 'already_loaded', trustListId: stored.id, removed: stored.removed },
    });
  }
  if (stored.outcome === 'older') {
    throw new AppError('conflict', {
      detail: `The list in force for ${stored.list.territory} has sequence number ${stored.inForce.sequenceNumber}; this one has ${stored.list.sequenceNumber}. An older list does not replace a newer one (remove the newer one first if it is wrong).`,
      extensions: {
        reason: 'older_than_in_force',
        inForce: stored.inForce,
        sequenceNumber: stored.list.sequenceNumber,
      },
    });
  }
  return findTrustListView(db, stored.id, now);
}
