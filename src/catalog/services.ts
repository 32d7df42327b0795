import { adminOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import { isUniqueViolation } from '../platform/db/errors.ts';
import { containsPattern } from '../platform/db/like.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  type CatalogServiceInput,
  type CatalogServiceView,
  catalogServiceInput,
  type Environment,
} from './schemas.ts';

// The minimal IS catalog: information systems and their web services, per environment. The full
// catalog (versions, schemas, search, import) builds on these tables.

function selectServices(db: Db | Tx) {
  return db
    .selectFrom('web_services as s')
    .innerJoin('information_systems as is', 'is.id', 's.information_system_id')
    .select([
      's.id',
      's.environment',
      's.identifier',
      's.name',
      's.protocol',
      's.endpoint_url',
      's.institution_id',
      's.entry_version',
      's.source_request_id',
      's.updated_at',
      'is.id as is_id',
      'is.code as is_code',
      'is.name as is_name',
    ]);
}

type ServiceRow = Awaited<ReturnType<ReturnType<typeof selectServices>['executeTakeFirstOrThrow']>>;

function toView(row: ServiceRow): CatalogServiceView {
  return {
    id: row.id,
    environment: row.environment,
    identifier: row.identifier,
    name: row.name,
    protocol: row.protocol,
    endpointUrl: row.endpoint_url,
    institutionId: row.institution_id,
    informationSystem: { id: row.is_id, code: row.is_code, name: row.is_name },
    entryVersion: row.entry_version,
    sourceRequestId: row.source_request_id,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listCatalogServices(
  db: Db,
  filter: {
    environment?: Environment | undefined;
    institutionId?: string | undefined;
    q?: string | undefined;
  },
  page: { limit: number; offset: number },
): Promise<{ items: CatalogServiceView[]; total: number }> {
  let query = selectServices(db);
  if (filter.environment) query = query.where('s.environment', '=', filter.environment);
  if (filter.institutionId) query = query.where('s.institution_id', '=', filter.institutionId);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('s.name', 'ilike', like), eb('s.identifier', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    query.orderBy('s.identifier').orderBy('s.environment').limit(page.limit).offset(page.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: count.n };
}

export async function getCatalogService(db: Db | Tx, id: string): Promise<CatalogServiceView | null> {
  const row = await selectServices(db).where('s.id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

/** Adds a service to the test catalog (admins; the full catalog import comes later). */
export async function createTestCatalogService(
  db: Db,
  by: Principal,
  raw: CatalogServiceInput,
): Promise<CatalogServiceView> {
  requireRole(by, adminOnly);
  const input = catalogServiceInput.parse(raw);
  try {
    return await inTransaction(db, async (trx) => {
      const institution = await trx
        .selectFrom('institutions')
        .select('id')
        .where('id', '=', input.institutionId)
        .executeTakeFirst();
      if (!institution) {
        throw new AppError('validation', {
          errors: [{ path: 'institutionId', message: 'No such institution.' }],
        });
      }
      const now = new Date();
      const systemId = await upsertInformationSystem(
        trx,
        'test',
        input.institutionId,
        input.informationSystem,
        now,
      );
      const id = newId();
      await trx
        .insertInto('web_services')
        .values({
          id,
          environment: 'test',
          identifier: input.identifier,
          name: input.name,
          information_system_id: systemId,
          institution_id: input.institutionId,
          protocol: input.protocol,
          endpoint_url: input.endpointUrl ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const view = await getCatalogService(trx, id);
      if (!view) throw new Error('inserted service not found');
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', { detail: `The test catalog already has ${input.identifier}.` });
    }
    throw error;
  }
}

// Both upserts are single INSERT … ON CONFLICT statements: two registrations of services of the same
// system at the same moment must both succeed, which select-then-insert cannot promise.
async function upsertInformationSystem(
  trx: Tx,
  environment: Environment,
  institutionId: string,
  system: { code: string; name: string },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('information_systems')
    .values({
      id: newId(),
      environment,
      code: system.code,
      name: system.name,
      institution_id: institutionId,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['environment', 'code'])
        .doUpdateSet({ name: system.name, updated_at: now })
        .where('information_systems.institution_id', '=', institutionId),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    throw new AppError('conflict', {
      detail: `Information system ${system.code} belongs to another institution in the ${environment} catalog.`,
    });
  }
  return row.id;
}

/**
 * Writes the production entry for a test-catalog service, as step 4 of the procedure does. Creates it the
 * first time; a later registration of the same identifier updates it and raises its entry version.
 */
export async function registerProductionService(
  trx: Tx,
  testServiceId: string,
  requestId: string,
  now: Date,
): Promise<CatalogServiceView> {
  const source = await getCatalogService(trx, testServiceId);
  if (source?.environment !== 'test') throw new Error(`test service ${testServiceId} not found`);
  const systemId = await upsertInformationSystem(
    trx,
    'production',
    source.institutionId,
    source.informationSystem,
    now,
  );
  const { id } = await trx
    .insertInto('web_services')
    .values({
      id: newId(),
      environment: 'production',
      identifier: source.identifier,
      name: source.name,
      information_system_id: systemId,
      institution_id: source.institutionId,
      protocol: source.protocol,
      endpoint_url: source.endpointUrl,
      source_request_id: requestId,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['environment', 'identifier']).doUpdateSet((eb) => ({
        name: source.name,
        protocol: source.protocol,
        endpoint_url: source.endpointUrl,
        information_system_id: systemId,
        entry_version: eb('web_services.entry_version', '+', 1),
        source_request_id: requestId,
        updated_at: now,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  const view = await getCatalogService(trx, id);
  if (!view) throw new Error('registered service not found');
  return view;
}
