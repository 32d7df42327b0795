import { sql } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { appendHistory } from './history.ts';
import { assertNoOtherOpenRequest, getRequestView } from './queries.ts';
import { type CreateRequestInput, createRequestInput, type RequestView } from './schemas.ts';

/** An institution member starts a draft request for one of their institution's test-catalog services. */
export async function createRequest(db: Db, actor: Actor, raw: CreateRequestInput): Promise<RequestView> {
  if (actor.role !== 'institution_member' || !actor.institutionId) {
    throw new AppError('forbidden', { detail: 'Requests are created by institution members.' });
  }
  const input = createRequestInput.parse(raw);
  const institutionId = actor.institutionId;
  return inTransaction(db, async (trx) => {
    const service = await trx
      .selectFrom('web_services')
      .select(['id'])
      .where('id', '=', input.serviceId)
      .where('environment', '=', 'test')
      .where('institution_id', '=', institutionId)
      .executeTakeFirst();
    if (!service) {
      throw new AppError('validation', {
        errors: [{ path: 'serviceId', message: "No such service in your institution's test catalog." }],
      });
    }
    await assertNoOtherOpenRequest(trx, input.serviceId, null);
    const now = new Date();
    const { n } = await sql<{ n: number }>`SELECT nextval('request_number_seq')::int AS n`
      .execute(trx)
      .then((r) => r.rows[0] ?? { n: 0 });
    const id = newId();
    await trx
      .insertInto('requests')
      .values({
        id,
        reference: `TP-${now.getUTCFullYear()}-${String(n).padStart(4, '0')}`,
        institution_id: institutionId,
        service_id: input.serviceId,
        state: 'draft',
        contact_name: input.contact.name,
        contact_email: input.contact.email,
        contact_phone: input.contact.phone,
        description: input.description,
        test_period_from: input.testPeriod?.from ?? null,
        test_period_to: input.testPeriod?.to ?? null,
        used_in_viss_infrastructure: input.usedInVissInfrastructure,
        hosted_in_production: input.hostedInProduction,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        state_changed_at: now,
      })
      .execute();
    await appendHistory(trx, id, actor, { action: 'create', toState: 'draft' }, now);
    return getRequestView(trx, actor, id);
  });
}
