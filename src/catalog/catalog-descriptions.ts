import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { type Principal, principalId } from '../accounts/permissions.ts';
import type { Contract, DescriptionFiles } from '../descriptions/contract.ts';
import { readDescription } from '../descriptions/read-description.ts';
import { refuseUnreadable } from '../descriptions/refuse-unreadable.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getCatalogService } from './services.ts';

// The description documents a catalog entry was registered with. A request can take its description
// from the test catalog instead of uploading it, a new description is compared with the registered
// one (schema changes, not only operation names), and registration carries the request's description
// into the production entry. Descriptions never change: a new one is a new row.

export const catalogDescriptionView = z.object({
  id: z.uuid(),
  serviceId: z.uuid(),
  entryVersion: z.number().int().describe('The entry version the description was attached at'),
  mainFile: z.string(),
  files: z.array(z.object({ name: z.string(), size: z.number().int() })),
  format: z.string(),
  protocol: z.enum(['soap', 'rest']),
  operations: z.array(z.string()),
  sourceRequestId: z.uuid().nullable().describe('The request whose registration brought it, if any'),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
});
export type CatalogDescriptionView = z.infer<typeof catalogDescriptionView>;

/**
 * The owning institution (for its test-catalog entries) or an agency admin attaches the description
 * documents of a catalog entry.
 */
export async function attachCatalogDescription(
  db: Db,
  actor: Actor,
  serviceId: string,
  files: DescriptionFiles,
): Promise<CatalogDescriptionView> {
  const service = await getCatalogService(db, serviceId);
  if (!service) throw new AppError('not_found', { detail: 'No such catalog entry.' });
  const mayAttach =
    actor.role === 'agency_admin' ||
    (actor.role === 'institution_member' &&
      actor.institutionId === service.institutionId &&
      service.environment === 'test');
  if (!mayAttach) {
    throw new AppError('forbidden', {
      detail:
        'A description is attached by an agency admin, or by the owning institution for its test-catalog entries.',
    });
  }
  const { contract } = await refuseUnreadable(() => readDescription(files));
  if (contract.protocol !== service.protocol) {
    throw new AppError('validation', {
      detail: `The entry is a ${service.protocol.toUpperCase()} service but the description is ${contract.protocol.toUpperCase()}.`,
      errors: [{ path: 'main', message: 'Protocol does not match the entry.', code: 'protocol_mismatch' }],
    });
  }
  const id = await inTransaction(db, (trx) =>
    storeCatalogDescription(trx, actor, {
      serviceId,
      entryVersion: service.entryVersion,
      files,
      format: contract.format,
      protocol: contract.protocol,
      sourceRequestId: null,
    }),
  );
  const view = await describeCatalogDescription(db, id);
  if (!view) throw new Error('stored catalog description not found');
  return view;
}

export async function storeCatalogDescription(
  trx: Tx,
  by: Principal,
  d: {
    serviceId: string;
    entryVersion: number;
    files: DescriptionFiles;
    format: string;
    protocol: string;
    sourceRequestId: string | null;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('catalog_descriptions')
    .values({
      id,
      service_id: d.serviceId,
      entry_version: d.entryVersion,
      main_file: d.files.main,
      format: d.format,
      protocol: d.protocol,
      source_request_id: d.sourceRequestId,
      created_by: principalId(by),
      created_at: new Date(),
    })
    .execute();
  await trx
    .insertInto('catalog_description_files')
    .values(
      [...d.files.files].map(([name, content]) => ({
        description_id: id,
        name,
        content: Buffer.from(content),
      })),
    )
    .execute();
  return id;
}

async function latestDescriptionId(db: Db | Tx, serviceId: string): Promise<string | null> {
  const row = await db
    .selectFrom('catalog_descriptions')
    .select('id')
    .where('service_id', '=', serviceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function describeCatalogDescription(db: Db | Tx, id: string): Promise<CatalogDescriptionView | null> {
  const d = await db
    .selectFrom('catalog_descriptions as d')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select('u.display_name')
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!d) return null;
  const files = await db
    .selectFrom('catalog_description_files')
    .select(['name', (eb) => eb.fn<number>('octet_length', ['content']).as('size')])
    .where('description_id', '=', id)
    .orderBy('name')
    .execute();
  const stored = await filesOf(db, id);
  const contract = stored
    ? await readDescription(stored).then(
        (r) => r.contract,
        () => null,
      )
    : null;
  return {
    id: d.id,
    serviceId: d.service_id,
    entryVersion: d.entry_version,
    mainFile: d.main_file,
    files: files.map((f) => ({ name: f.name, size: Number(f.size) })),
    format: d.format,
    protocol: d.protocol as 'soap' | 'rest',
    operations: contract?.operations.map((o) => o.name) ?? [],
    sourceRequestId: d.source_request_id,
    createdAt: d.created_at.toISOString(),
    createdBy: d.created_by ? { id: d.created_by, displayName: d.display_name ?? '' } : null,
  };
}

/** The entry's latest description, or null. Catalog entries are readable by every signed-in user. */
export async function getCatalogDescription(
  db: Db,
  serviceId: string,
): Promise<CatalogDescriptionView | null> {
  const id = await latestDescriptionId(db, serviceId);
  return id ? describeCatalogDescription(db, id) : null;
}

/** The files of the entry's latest description, as a description the readers take. */
export async function loadCatalogDescriptionFiles(
  db: Db | Tx,
  serviceId: string,
): Promise<DescriptionFiles | null> {
  const id = await latestDescriptionId(db, serviceId);
  return id ? filesOf(db, id) : null;
}

async function filesOf(db: Db | Tx, id: string): Promise<DescriptionFiles | null> {
  const d = await db
    .selectFrom('catalog_descriptions')
    .select('main_file')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!d) return null;
  const rows = await db
    .selectFrom('catalog_description_files')
    .select(['name', 'content'])
    .where('description_id', '=', id)
    .execute();
  return { main: d.main_file, files: new Map(rows.map((r) => [r.name, new Uint8Array(r.content)])) };
}

/** The registered contract of a catalog entry, parsed from its stored description (null without one). */
export async function loadCatalogContract(db: Db | Tx, serviceId: string): Promise<Contract | null> {
  const files = await loadCatalogDescriptionFiles(db, serviceId);
  return files ? (await readDescription(files)).contract : null;
}

/** One stored file of the entry's latest description, for download. */
export async function getCatalogDescriptionFile(
  db: Db,
  serviceId: string,
  name: string,
): Promise<{ name: string; content: Buffer } | null> {
  const id = await latestDescriptionId(db, serviceId);
  if (!id) return null;
  const row = await db
    .selectFrom('catalog_description_files')
    .select(['name', 'content'])
    .where('description_id', '=', id)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ?? null;
}
