import { readFile } from 'node:fs/promises';
import { type ParsedTrustList, parseTrustList, TrustListError } from '../acts/index.ts';
import type { TrustListSettings } from '../platform/config.ts';
import type { Db } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { storeTrustList } from './load-trust-list.ts';
import { readTrustListSigners, TrustListConfigurationError } from './signers.ts';
import { knownSignersOf, lotlTerritory, newestPerTerritory } from './trust-rules.ts';

// ACT_TRUST_LIST: trusted list files the operator names. `serve` loads them into the database at start
// (source "configuration"), once each however many servers start at the same time; `pakalpe verify`
// reads them directly, without a database. A file that cannot be read, is not a trusted list or whose
// signature does not hold with a known signer stops either, naming the file.

type ListFile = { path: string; bytes: Uint8Array; territory: string };

export type ConfiguredListOutcome = {
  file: string;
  territory: string;
  sequenceNumber: number;
  signature: 'valid' | 'not_checked';
  /** loaded now; already there (also when an admin removed it: a removal stands); older than in force. */
  outcome: 'loaded' | 'already_loaded' | 'removed' | 'older';
  inForceSequenceNumber?: number;
};

function refused(file: string, error: TrustListError): TrustListConfigurationError {
  return new TrustListConfigurationError(`ACT_TRUST_LIST: ${file}: ${error.message} (${error.code})`);
}

/** The files, read, each with its territory; the LOTL first, as its pointers name the other lists' signers. */
async function readListFiles(paths: readonly string[]): Promise<ListFile[]> {
  const files: ListFile[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (error) {
      throw new TrustListConfigurationError(
        `ACT_TRUST_LIST: ${path} cannot be read (${(error as Error).message})`,
      );
    }
    try {
      files.push({ path, bytes, territory: (await parseTrustList(bytes)).territory });
    } catch (error) {
      if (error instanceof TrustListError) throw refused(path, error);
      throw error;
    }
  }
  return [
    ...files.filter((f) => f.territory === lotlTerritory),
    ...files.filter((f) => f.territory !== lotlTerritory),
  ];
}

/** At `serve` start: every configured file into the database, unless it is there already. */
export async function loadConfiguredTrustLists(
  db: Db,
  settings: TrustListSettings,
  now = new Date(),
): Promise<ConfiguredListOutcome[]> {
  const signers = await readTrustListSigners(settings.signersFile);
  const outcomes: ConfiguredListOutcome[] = [];
  for (const file of await readListFiles(settings.files)) {
    let stored: Awaited<ReturnType<typeof storeTrustList>>;
    try {
      stored = await storeTrustList(
        db,
        file.bytes,
        { source: 'configuration', file: file.path },
        signers,
        now,
      );
    } catch (error) {
      if (error instanceof AppError && error.cause instanceof TrustListError)
        throw refused(file.path, error.cause);
      throw error;
    }
    outcomes.push({
      file: file.path,
      territory: stored.list.territory,
      sequenceNumber: stored.list.sequenceNumber,
      signature: stored.list.signature.status,
      outcome: stored.outcome === 'already_loaded' && stored.removed ? 'removed' : stored.outcome,
      ...(stored.outcome === 'older' && { inForceSequenceNumber: stored.inForce.sequenceNumber }),
    });
  }
  return outcomes;
}

/** One line of the start-up log for a configured list. */
export function describeConfiguredList(o: ConfiguredListOutcome): string {
  const list = `${o.territory} trusted list no. ${o.sequenceNumber} (${o.file}, signature ${o.signature === 'valid' ? 'valid' : 'not checked: no known signer'})`;
  switch (o.outcome) {
    case 'loaded':
      return `${list}: loaded`;
    case 'already_loaded':
      return `${list}: already loaded`;
    case 'removed':
      return `${list}: was removed by an admin and stays removed`;
    case 'older':
      return `${list}: not loaded, older than no. ${o.inForceSequenceNumber} in force`;
  }
}

/**
 * For `pakalpe verify`: the configured files parsed with the configured signers and those the LOTL
 * among them names; per territory the newest. No database is involved.
 */
export async function parseConfiguredTrustLists(settings: TrustListSettings): Promise<ParsedTrustList[]> {
  const signers = await readTrustListSigners(settings.signersFile);
  const parsed: ParsedTrustList[] = [];
  for (const file of await readListFiles(settings.files)) {
    const lotl = newestPerTerritory(parsed).find((l) => l.territory === lotlTerritory);
    try {
      parsed.push(await parseTrustList(file.bytes, knownSignersOf(signers, lotl)));
    } catch (error) {
      if (error instanceof TrustListError) throw refused(file.path, error);
      throw error;
    }
  }
  return newestPerTerritory(parsed);
}
