import { adminOnly, type Principal, principalId, requireRole } from '../accounts/permissions.ts';
import { containsPattern } from '../platform/db/like.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  type CatalogServiceData,
  type CatalogServiceInput,
  type CatalogServiceView,
  type CatalogVersionView,
  catalogServiceInput,
  type Environment,
} from './schemas.ts';
import { foldForSearch, serviceSearchText } from './search-text.ts';

// The IS catalog: information systems and their web services, per environment. Every write of an
// entry goes through `writeEntry`, which also stores the entry's immutable version snapshot.

function selectServices(db: Db | Tx) {
  return db
    .selectFrom('web_services as s')
    .innerJoin('information_systems as is', 'is.id', 's.information_system_id')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('institutions as ci', 'ci.id', 'is.controller_institution_id')
    .leftJoin('institutions as hi', 'hi.id', 'is.holder_institution_id')
    .selectAll('s')
    .select([
      'is.id as is_id',
      'is.code as is_code',
      'is.name as is_name',
      'is.status as is_status',
      'is.version as is_version',
      'is.controller_institution_id',
      'is.holder_institution_id',
      'ci.name as controller_name',
      'hi.name as holder_name',
      'i.name as institution_name',
    ]);
}

type ServiceRow = Awaited<ReturnType<ReturnType<typeof selectServices>['executeTakeFirstOrThrow']>>;

function toView(row: ServiceRow): CatalogServiceView {
  return {
    id: row.id,
    environment: row.environment,
    identifier: row.identifier,
    name: row.name,
    description: row.description,
    protocol: row.protocol,
    kind: row.kind,
    serviceType: row.service_type,
    authLevel: row.auth_level,
    inputSchemas: row.input_schemas,
    outputSchemas: row.output_schemas,
    endpointUrl: row.endpoint_url,
    hosting: row.hosting,
    documents: row.documents,
    operations: row.operations,
    status: row.status,
    deprecationNotice: row.deprecation_notice,
    institutionId: row.institution_id,
    institutionName: row.institution_name,
    informationSystem: {
      id: row.is_id,
      code: row.is_code,
      name: row.is_name,
      status: row.is_status,
      version: row.is_version,
      controller: row.controller_institution_id
        ? { id: row.controller_institution_id, name: row.controller_name ?? '' }
        : null,
      holder: row.holder_institution_id
        ? { id: row.holder_institution_id, name: row.holder_name ?? '' }
        : null,
    },
    entryVersion: row.entry_version,
    sourceRequestId: row.source_request_id,
    updatedAt: row.updated_at.toISOString(),
  };
}

export type CatalogFilter = {
  environment?: Environment | undefined;
  institutionId?: string | undefined;
  q?: string | undefined;
  status?: CatalogServiceView['status'] | undefined;
  protocol?: 'soap' | 'rest' | undefined;
};

function filtered(db: Db, filter: CatalogFilter) {
  let query = selectServices(db);
  if (filter.environment) query = query.where('s.environment', '=', filter.environment);
  if (filter.institutionId) query = query.where('s.institution_id', '=', filter.institutionId);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  if (filter.protocol) query = query.where('s.protocol', '=', filter.protocol);
  if (filter.q) query = query.where('s.search_text', 'like', containsPattern(foldForSearch(filter.q)));
  return query;
}

export async function listCatalogServices(
  db: Db,
  filter: CatalogFilter,
  page: { limit: number; offset: number },
): Promise<{ items: CatalogServiceView[]; total: number }> {
  const query = filtered(db, filter);
  const [rows, count] = await Promise.all([
    query.orderBy('s.identifier').orderBy('s.environment').limit(page.limit).offset(page.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: count.n };
}

/** Every matching entry, for exports (ordered, no paging). */
export async function exportCatalogServices(db: Db, filter: CatalogFilter): Promise<CatalogServiceView[]> {
  return (await filtered(db, filter).orderBy('s.identifier').orderBy('s.environment').execute()).map(toView);
}

export async function getCatalogService(db: Db | Tx, id: string): Promise<CatalogServiceView | null> {
  const row = await selectServices(db).where('s.id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function findCatalogServiceByIdentifier(
  db: Db | Tx,
  environment: Environment,
  identifier: string,
): Promise<CatalogServiceView | null> {
  const row = await selectServices(db)
    .where('s.environment', '=', environment)
    .where('s.identifier', '=', identifier)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

export async function listCatalogServiceVersions(db: Db, id: string): Promise<CatalogVersionView[] | null> {
  const exists = await db.selectFrom('web_services').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) return null;
  const rows = await db
    .selectFrom('web_service_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .selectAll('v')
    .select('u.display_name')
    .where('v.service_id', '=', id)
    .orderBy('v.entry_version', 'desc')
    .execute();
  return rows.map((r) => ({
    entryVersion: r.entry_version,
    source: r.source,
    sourceRequestId: r.source_request_id,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by ? { id: r.created_by, displayName: r.display_name ?? '' } : null,
    snapshot: r.snapshot,
  }));
}

type WriteMode = {
  source: 'create' | 'import' | 'registration' | 'update';
  by: Principal;
  requestId?: string;
  reason?: string;
};

/**
 * Creates or updates one entry (by environment and identifier) in one statement, raising its entry
 * version on update, and stores the new version's snapshot. Returns the entry and whether it was new.
 */
export async function writeEntry(
  trx: Tx,
  environment: Environment,
  data: CatalogServiceData,
  mode: WriteMode,
  now: Date,
): Promise<{ view: CatalogServiceView; created: boolean }> {
  const systemId = await upsertInformationSystem(
    trx,
    environment,
    data.institutionId,
    data.informationSystem,
    now,
  );
  const columns = {
    name: data.name,
    description: data.description,
    protocol: data.protocol,
    kind: data.kind,
    service_type: data.serviceType,
    auth_level: data.authLevel ?? null,
    input_schemas: JSON.stringify(data.inputSchemas),
    output_schemas: JSON.stringify(data.outputSchemas),
    endpoint_url: data.endpointUrl ?? null,
    hosting: data.hosting,
    documents: JSON.stringify(data.documents),
    operations: JSON.stringify(data.operations),
    status: data.status,
    deprecation_notice: data.deprecationNotice ?? null,
    search_text: serviceSearchText({ ...data, informationSystem: data.informationSystem }),
    information_system_id: systemId,
    source_request_id: mode.requestId ?? null,
    updated_at: now,
  };
  const row = await trx
    .insertInto('web_services')
    .values({
      id: newId(),
      environment,
      identifier: data.identifier,
      institution_id: data.institutionId,
      created_at: now,
      ...columns,
    })
    .onConflict((oc) =>
      oc
        .columns(['environment', 'identifier'])
        .doUpdateSet((eb) => ({ ...columns, entry_version: eb('web_services.entry_version', '+', 1) }))
        .where('web_services.institution_id', '=', data.institutionId),
    )
    .returning(['id', 'entry_version'])
    .executeTakeFirst();
  if (!row) {
    throw new AppError('conflict', {
      detail: `${data.identifier} belongs to another institution in the ${environment} catalog.`,
      errors: [{ path: 'identifier', message: 'Owned by another institution.', code: 'owned_elsewhere' }],
    });
  }
  const view = await getCatalogService(trx, row.id);
  if (!view) throw new Error('written catalog entry not found');
  const { entryVersion: _version, ...snapshot } = view;
  await trx
    .insertInto('web_service_versions')
    .values({
      id: newId(),
      service_id: view.id,
      entry_version: view.entryVersion,
      snapshot: JSON.stringify(snapshot),
      source: mode.source,
      source_request_id: mode.requestId ?? null,
      reason: mode.reason ?? null,
      created_by: principalId(mode.by),
      created_at: now,
    })
    .execute();
  return { view, created: view.entryVersion === 1 };
}

/** Adds a service to the test catalog (admins). An identifier already there is a conflict. */
export async function createTestCatalogService(
  db: Db,
  by: Principal,
  raw: CatalogServiceInput,
): Promise<CatalogServiceView> {
  requireRole(by, adminOnly);
  const data = catalogServiceInput.parse(raw);
  return inTransaction(db, async (trx) => {
    const institution = await trx
      .selectFrom('institutions')
      .select('id')
      .where('id', '=', data.institutionId)
      .executeTakeFirst();
    if (!institution) {
      throw new AppError('validation', {
        errors: [{ path: 'institutionId', message: 'No such institution.' }],
      });
    }
    const taken = await trx
      .selectFrom('web_services')
      .select('id')
      .where('environment', '=', 'test')
      .where('identifier', '=', data.identifier)
      .executeTakeFirst();
    if (taken) {
      throw new AppError('conflict', {
        detail: `The test catalog already has ${data.identifier}.`,
        errors: [{ path: 'identifier', message: 'Already in the catalog.', code: 'duplicate' }],
      });
    }
    return (await writeEntry(trx, 'test', data, { source: 'create', by }, new Date())).view;
  });
}

/** Writes many entries in one transaction (the import); the caller has validated them. */
export async function writeCatalogEntries(
  trx: Tx,
  environment: Environment,
  entries: readonly CatalogServiceData[],
  by: Principal,
): Promise<{ view: CatalogServiceView; created: boolean }[]> {
  const now = new Date();
  const results = [];
  for (const data of entries)
    results.push(await writeEntry(trx, environment, data, { source: 'import', by }, now));
  return results;
}

// One statement per upsert: two registrations of services of the same system at the same moment must
// both succeed, which select-then-insert cannot promise.
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
      errors: [
        { path: 'informationSystem.code', message: 'Owned by another institution.', code: 'owned_elsewhere' },
      ],
    });
  }
  return row.id;
}

/** An entry's facts as `writeEntry` takes them. */
export function entryData(view: CatalogServiceView): CatalogServiceData {
  return {
    identifier: view.identifier,
    name: view.name,
    description: view.description,
    protocol: view.protocol,
    kind: view.kind,
    serviceType: view.serviceType,
    authLevel: view.authLevel,
    inputSchemas: view.inputSchemas,
    outputSchemas: view.outputSchemas,
    endpointUrl: view.endpointUrl,
    hosting: view.hosting,
    documents: view.documents,
    operations: view.operations,
    status: view.status,
    deprecationNotice: view.deprecationNotice,
    institutionId: view.institutionId,
    informationSystem: { code: view.informationSystem.code, name: view.informationSystem.name },
  };
}

/** What the reviewer states of production at registration: never copied from the test entry. */
export type ProductionFacts = { endpointUrl: string; hosting: 'agency' | 'institution' };

/**
 * Writes the production entry for a test-catalog service, as step 4 of the procedure does: created the
 * first time, updated (with a new entry version and snapshot) by a later registration. The entry takes
 * the service's facts from the test entry, but its endpoint and hosting from `production`.
 */
export async function registerProductionService(
  trx: Tx,
  testServiceId: string,
  requestId: string,
  by: Principal,
  now: Date,
  production: ProductionFacts,
): Promise<CatalogServiceView> {
  const source = await getCatalogService(trx, testServiceId);
  if (source?.environment !== 'test') throw new Error(`test service ${testServiceId} not found`);
  const { view } = await writeEntry(
    trx,
    'production',
    { ...entryData(source), endpointUrl: production.endpointUrl, hosting: production.hosting },
    { source: 'registration', by, requestId },
    now,
  );
  return view;
}
