import type { ExpectedParty } from '../acts/index.ts';
import type { Db, Tx } from '../platform/db/transaction.ts';
import { isInForceAt } from './validity.ts';

// What the act and its verifier take from the register. The verifier's own type (acts/signing/party.ts)
// is the contract; it is read off ExpectedParty so that the register follows it if it changes.

export type Representative = NonNullable<ExpectedParty['representatives']>[number];

/**
 * Every entry of an institution's register, ended ones too: a signature counts when its signing time
 * falls within the entry's validity, so an act signed while a representation lasted stays valid.
 */
export async function loadRepresentatives(db: Db | Tx, institutionId: string): Promise<Representative[]> {
  const rows = await db
    .selectFrom('representatives')
    .select(['personal_code_hash', 'masked_code', 'name', 'position', 'valid_from', 'valid_to'])
    .where('institution_id', '=', institutionId)
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    personalCodeHash: Buffer.from(row.personal_code_hash).toString('hex'),
    maskedCode: row.masked_code,
    name: row.name,
    position: row.position,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  }));
}

/** The people an act names as its expected signers: the entries in force when it is issued. */
export function signersAt(
  representatives: readonly Representative[],
  at: Date,
): { name: string; position: string | null }[] {
  return representatives
    .filter((r) => isInForceAt({ validFrom: r.validFrom, validTo: r.validTo }, at))
    .map((r) => ({ name: r.name, position: r.position }));
}
