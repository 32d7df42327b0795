import { sql } from 'kysely';
import type { Db } from '../platform/db/transaction.ts';

// Audit records keep a service's number (audit_services.id), not its URN: see the 2026_12_01
// migration. The importer numbers each service the first time it meets it and remembers the numbers
// for the rest of the import; only a service never seen before costs a round trip.

export type ServiceNumbers = {
  /** The number of a service met before, or undefined. */
  known: (urn: string) => number | undefined;
  /** The service's number, stored first when the service is new. */
  number: (urn: string) => Promise<number>;
};

/** Numbers from the database: the existing ones read once, a new service stored when first met. */
export async function serviceNumbersIn(db: Db): Promise<ServiceNumbers> {
  const numbers = new Map<string, number>();
  for (const { id, urn } of await db.selectFrom('audit_services').select(['id', 'urn']).execute()) {
    numbers.set(urn, id);
  }
  return {
    known: (urn) => numbers.get(urn),
    number: async (urn) => {
      let id = numbers.get(urn);
      if (id === undefined) {
        // DO UPDATE rather than DO NOTHING: it returns the row also when another import stored it a
        // moment ago. Committed at once, outside any batch: a service without records is harmless.
        const { rows } = await sql<{ id: number }>`
          INSERT INTO audit_services (urn) VALUES (${urn})
          ON CONFLICT (urn) DO UPDATE SET urn = EXCLUDED.urn RETURNING id`.execute(db);
        id = rows[0]?.id as number;
        numbers.set(urn, id);
      }
      return id;
    },
  };
}

/** Numbers that stay in memory: a dry run writes every row as an import would and stores nothing. */
export function serviceNumbersInMemory(): ServiceNumbers {
  const numbers = new Map<string, number>();
  return {
    known: (urn) => numbers.get(urn),
    number: async (urn) => {
      let id = numbers.get(urn);
      if (id === undefined) {
        id = numbers.size + 1;
        numbers.set(urn, id);
      }
      return id;
    },
  };
}
