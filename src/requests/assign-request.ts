import type { Actor } from '../accounts/actor.ts';
import { agencyOnly, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { capabilities } from './capabilities.ts';
import { assertVersion, getRequestView, loadRequestForUpdate, toCapabilitySubject } from './queries.ts';
import { recordRequestChange } from './record-change.ts';
import type { RequestView } from './schemas.ts';
import { isFinal, type State } from './workflow.ts';

/**
 * Sets who at the agency works on a request. A reviewer may take a request that is free or release
 * their own; an admin may assign any agency user or release anyone.
 */
export async function assignRequest(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; assigneeId: string | null },
): Promise<RequestView> {
  return inTransaction(db, async (trx) => {
    // Visibility before role: another institution's request is not found, whoever asks.
    const row = await loadRequestForUpdate(trx, actor, id);
    requireRole(actor, agencyOnly);
    assertVersion(row, input.version);
    const may = capabilities(toCapabilitySubject(row), actor).assign;
    if (may === 'none' && (isFinal(row.state as State) || row.state === 'draft')) {
      throw new AppError('invalid_transition', {
        detail: `A request in state ${row.state} cannot be assigned.`,
        extensions: { reason: 'state', state: row.state },
      });
    }
    const taking = input.assigneeId === actor.id && (may === 'take' || may === 'release');
    const releasing = input.assigneeId === null && may === 'release';
    if (may !== 'any' && !taking && !releasing) {
      throw new AppError('forbidden', {
        detail: 'A reviewer can take a free request or release their own; ask an admin to reassign.',
        extensions: { reason: 'not_assignee' },
      });
    }
    const people = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'role', 'is_active'])
      .where('id', 'in', [input.assigneeId ?? actor.id, row.assignee_id ?? actor.id])
      .execute();
    const person = (userId: string | null) => {
      const found = people.find((p) => p.id === userId);
      return found ? { id: found.id, displayName: found.display_name } : null;
    };
    if (input.assigneeId) {
      const assignee = people.find((p) => p.id === input.assigneeId);
      if (!assignee || assignee.role === 'institution_member' || !assignee.is_active) {
        throw new AppError('validation', {
          errors: [{ path: 'assigneeId', message: 'The assignee must be an active agency user.' }],
        });
      }
    }
    if (row.assignee_id === input.assigneeId) return getRequestView(trx, actor, id);
    const now = new Date();
    await recordRequestChange(
      trx,
      actor,
      row,
      { assignee_id: input.assigneeId },
      {
        action: 'assign',
        details: { from: person(row.assignee_id), to: person(input.assigneeId) },
        visibility: 'agency',
      },
      now,
    );
    return getRequestView(trx, actor, id);
  });
}
