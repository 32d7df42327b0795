import { recordAccountEvent } from '../accounts/account-events.ts';
import { adminOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import type {
  CatalogServiceUpdate,
  CatalogServiceView,
  InformationSystemUpdate,
  InformationSystemView,
} from './schemas.ts';
import { entryData, getCatalogService, writeEntry } from './services.ts';

// Admins keep the catalog true between registrations: correct an entry, deprecate it with a notice,
// retire it; name an information system's controller and holder, retire the system. Each change is
// one transaction with an optimistic version check, and leaves a version snapshot or a history event.

export async function updateCatalogService(
  db: Db,
  by: Principal,
  serviceId: string,
  input: CatalogServiceUpdate,
): Promise<CatalogServiceView> {
  requireRole(by, adminOnly);
  const { entryVersion, reason, ...changes } = input;
  return inTransaction(db, async (trx) => {
    const locked = await trx
      .selectFrom('web_services')
      .select(['id', 'entry_version'])
      .where('id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw new AppError('not_found', { detail: 'No such catalog entry.' });
    if (locked.entry_version !== entryVersion) {
      throw new AppError('stale_version', {
        detail: `You edited entry version ${entryVersion}, but the entry is now at version ${locked.entry_version}. Reload and try again.`,
        extensions: { currentVersion: locked.entry_version },
      });
    }
    const current = await getCatalogService(trx, serviceId);
    if (!current) throw new Error('locked catalog entry not found');
    const next = { ...entryData(current), ...changes };
    // Consumers plan around a retirement: an entry does not come back from it (a new version does).
    if (current.status === 'retired' && next.status !== 'retired') {
      throw new AppError('invalid_transition', {
        detail: 'A retired entry stays retired; register a new version of the service instead.',
        extensions: { reason: 'retired', state: current.status },
      });
    }
    if (next.status === 'deprecated' && !next.deprecationNotice) {
      throw new AppError('validation', {
        errors: [
          { path: 'deprecationNotice', message: 'A deprecated service needs a notice.', code: 'required' },
        ],
      });
    }
    if (next.status === 'active') next.deprecationNotice = null;
    const { view } = await writeEntry(
      trx,
      current.environment,
      next,
      { source: 'update', by, reason },
      new Date(),
    );
    return view;
  });
}

export async function updateInformationSystem(
  db: Db,
  by: Principal,
  systemId: string,
  input: InformationSystemUpdate,
): Promise<InformationSystemView> {
  requireRole(by, adminOnly);
  const { version, ...changes } = input;
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('information_systems')
      .selectAll()
      .where('id', '=', systemId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', { detail: 'No such information system.' });
    if (current.version !== version) {
      throw new AppError('stale_version', {
        detail: `The information system has changed since you read it (now version ${current.version}).`,
        extensions: { currentVersion: current.version },
      });
    }
    for (const field of ['controllerInstitutionId', 'holderInstitutionId'] as const) {
      const id = changes[field];
      if (!id) continue;
      const exists = await trx
        .selectFrom('institutions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists)
        throw new AppError('validation', { errors: [{ path: field, message: 'No such institution.' }] });
    }
    if (changes.status === 'retired' && current.status !== 'retired') {
      const { n } = await trx
        .selectFrom('web_services')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('information_system_id', '=', systemId)
        .where('status', '<>', 'retired')
        .executeTakeFirstOrThrow();
      if (n > 0) {
        throw new AppError('conflict', {
          detail: `The system still has ${n} web service(s) that are not retired; retire them first.`,
          extensions: { reason: 'services_not_retired', services: n },
        });
      }
    }
    const row = await trx
      .updateTable('information_systems')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.controllerInstitutionId !== undefined && {
          controller_institution_id: changes.controllerInstitutionId,
        }),
        ...(changes.holderInstitutionId !== undefined && {
          holder_institution_id: changes.holderInstitutionId,
        }),
        ...(changes.status !== undefined && { status: changes.status }),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', systemId)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAccountEvent(trx, by, { type: 'information_system', id: systemId }, 'update', {
      before: {
        name: current.name,
        controllerInstitutionId: current.controller_institution_id,
        holderInstitutionId: current.holder_institution_id,
        status: current.status,
      },
      after: changes,
    });
    const view = await getInformationSystem(trx, row.id);
    if (!view) throw new Error('updated information system not found');
    return view;
  });
}

export async function getInformationSystem(db: Db | Tx, id: string): Promise<InformationSystemView | null> {
  const row = await db
    .selectFrom('information_systems as s')
    .leftJoin('institutions as c', 'c.id', 's.controller_institution_id')
    .leftJoin('institutions as h', 'h.id', 's.holder_institution_id')
    .selectAll('s')
    .select(['c.name as controller_name', 'h.name as holder_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    environment: row.environment,
    code: row.code,
    name: row.name,
    institutionId: row.institution_id,
    status: row.status,
    version: row.version,
    controller: row.controller_institution_id
      ? { id: row.controller_institution_id, name: row.controller_name ?? '' }
      : null,
    holder: row.holder_institution_id ? { id: row.holder_institution_id, name: row.holder_name ?? '' } : null,
    updatedAt: row.updated_at.toISOString(),
  };
}
