import type { Tx } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import type { Role } from '../requests/workflow.ts';
import type { ConsultationStatus } from './status.ts';

// The ticket's append-only history: who did what, when, from which status to which, and the details
// (message id, attachments' names and hashes, close reason, the inbound mail it came from).

export type ConsultationEvent = {
  action: 'open' | 'postMessage' | 'reopen' | 'close';
  fromStatus: ConsultationStatus | null;
  toStatus: ConsultationStatus | null;
  details: Record<string, unknown>;
};

export async function appendConsultationEvent(
  trx: Tx,
  consultationId: string,
  actor: { id: string; role: Role },
  event: ConsultationEvent,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('consultation_events')
    .values({
      id: newId(),
      consultation_id: consultationId,
      actor_id: actor.id,
      actor_role: actor.role,
      action: event.action,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      details: JSON.stringify(event.details),
      created_at: now,
    })
    .execute();
}
