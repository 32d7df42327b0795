import type { Tx } from '../platform/db/transaction.ts';
import { newId } from '../platform/ids.ts';
import { type Principal, principalId } from './permissions.ts';

export async function recordAccountEvent(
  trx: Tx,
  by: Principal,
  subject: { type: 'institution' | 'user' | 'api_token' | 'information_system'; id: string },
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('account_events')
    .values({
      id: newId(),
      actor_id: principalId(by),
      subject_type: subject.type,
      subject_id: subject.id,
      action,
      details: JSON.stringify(details),
      created_at: new Date(),
    })
    .execute();
}
