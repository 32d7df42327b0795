import type { Actor } from '../accounts/actor.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { capabilities } from './capabilities.ts';
import { assertVersion, getRequestView, loadRequestForUpdate, toCapabilitySubject } from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import type { RequestView, UpdateRequestInput } from './schemas.ts';

const apiFieldOf = {
  contact_name: 'contact.name',
  contact_email: 'contact.email',
  contact_phone: 'contact.phone',
  description: 'description',
  test_period_from: 'testPeriod',
  test_period_to: 'testPeriod',
  used_in_viss_infrastructure: 'usedInVissInfrastructure',
  hosted_in_production: 'hostedInProduction',
} as const;

export async function updateRequest(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateRequestInput,
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    const row = await loadRequestForUpdate(trx, actor, id);
    if (actor.role !== 'institution_member') {
      throw new AppError('forbidden', { detail: 'Only the institution edits its request.' });
    }
    assertVersion(row, input.version);
    if (!capabilities(toCapabilitySubject(row), actor).edit) {
      throw new AppError('invalid_transition', {
        detail: `The request cannot be edited in state ${row.state}.`,
        extensions: { reason: 'state', state: row.state },
      });
    }
    const changes = {
      ...(input.contact && {
        contact_name: input.contact.name,
        contact_email: input.contact.email,
        contact_phone: input.contact.phone,
      }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.testPeriod !== undefined && {
        test_period_from: input.testPeriod?.from ?? null,
        test_period_to: input.testPeriod?.to ?? null,
      }),
      ...(input.usedInVissInfrastructure !== undefined && {
        used_in_viss_infrastructure: input.usedInVissInfrastructure,
      }),
      ...(input.hostedInProduction !== undefined && { hosted_in_production: input.hostedInProduction }),
    };
    // Reported in the history by their API names, which is what readers of the history know.
    const changed = [
      ...new Set(
        Object.entries(changes)
          .filter(([column, value]) => row[column as keyof typeof row] !== value)
          .map(([column]) => apiFieldOf[column as keyof typeof apiFieldOf]),
      ),
    ];
    if (changed.length === 0) return getRequestView(trx, actor, id);
    const now = new Date();
    // Old and new values by column, so "changes since last round" can show old → new.
    const values = Object.fromEntries(
      Object.entries(changes)
        .filter(([column, value]) => row[column as keyof typeof row] !== value)
        .map(([column, value]) => [
          column,
          { before: row[column as keyof typeof row] ?? null, after: value ?? null },
        ]),
    );
    await recordRequestChange(
      trx,
      actor,
      row,
      changes,
      { action: 'update', details: { changed, values } },
      now,
    );
    return getRequestView(trx, actor, id);
  });
}
