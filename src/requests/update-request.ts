import type { Actor } from '../accounts/actor.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { assertVersion, getRequestView, loadRequestForUpdate } from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import type { RequestView, UpdateRequestInput } from './schemas.ts';
import type { State } from './workflow.ts';

// The institution edits its request while it is a draft or while corrections are asked for.
const editableStates: readonly State[] = ['draft', 'corrections_requested'];

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
    if (!editableStates.includes(row.state as State)) {
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
    const changed = Object.entries(changes)
      .filter(([column, value]) => row[column as keyof typeof row] !== value)
      .map(([column]) => column);
    if (changed.length === 0) return getRequestView(trx, actor, id);
    const now = new Date();
    await recordRequestChange(trx, actor, row, changes, { action: 'update', details: { changed } }, now);
    return getRequestView(trx, actor, id);
  });
}
