import { adminOnly, type Principal, requireRole } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import { type CatalogServiceData, catalogImportRow, catalogServiceInput } from './schemas.ts';

export { maxImportRows } from './schemas.ts';

import { writeCatalogEntries } from './services.ts';

// Bulk import of a test-catalog export: every row is checked first; valid rows are written together in
// one transaction, and every rejected row is reported with its number, identifier and reasons.

export type ImportReport = {
  received: number;
  created: number;
  updated: number;
  rejected: { row: number; identifier: string | null; errors: { path: string; message: string }[] }[];
};

export async function importCatalog(db: Db, by: Principal, rows: readonly unknown[]): Promise<ImportReport> {
  requireRole(by, adminOnly);
  const report: ImportReport = { received: rows.length, created: 0, updated: 0, rejected: [] };
  const reject = (
    row: number,
    identifier: string | null,
    errors: ImportReport['rejected'][number]['errors'],
  ) => report.rejected.push({ row, identifier, errors });

  const institutions = new Map(
    (await db.selectFrom('institutions').select(['id', 'registration_number']).execute()).map((i) => [
      i.registration_number,
      i.id,
    ]),
  );
  const owners = new Map(
    (
      await db
        .selectFrom('web_services')
        .select(['identifier', 'institution_id'])
        .where('environment', '=', 'test')
        .execute()
    ).map((s) => [s.identifier, s.institution_id]),
  );
  const systemOwners = new Map(
    (
      await db
        .selectFrom('information_systems')
        .select(['code', 'institution_id'])
        .where('environment', '=', 'test')
        .execute()
    ).map((s) => [s.code, s.institution_id]),
  );

  const valid: CatalogServiceData[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const rowNumber = index + 1;
    const parsed = catalogImportRow.safeParse(raw);
    const identifier =
      raw && typeof raw === 'object' && 'identifier' in raw && typeof raw.identifier === 'string'
        ? raw.identifier
        : null;
    if (!parsed.success) {
      reject(
        rowNumber,
        identifier,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
      return;
    }
    const row = parsed.data;
    const institutionId = institutions.get(row.institution.registrationNumber);
    const errors: { path: string; message: string }[] = [];
    if (!institutionId) {
      errors.push({
        path: 'institution.registrationNumber',
        message: 'No institution with this registration number.',
      });
    } else {
      const owner = owners.get(row.identifier);
      if (owner && owner !== institutionId) {
        errors.push({
          path: 'identifier',
          message: 'The test catalog has this identifier for another institution.',
        });
      }
      const systemOwner = systemOwners.get(row.informationSystem.code);
      if (systemOwner && systemOwner !== institutionId) {
        errors.push({
          path: 'informationSystem.code',
          message: 'This information system belongs to another institution.',
        });
      }
    }
    if (seen.has(row.identifier))
      errors.push({ path: 'identifier', message: 'The same identifier appears earlier in the file.' });
    if (errors.length > 0 || !institutionId) {
      reject(rowNumber, row.identifier, errors);
      return;
    }
    seen.add(row.identifier);
    systemOwners.set(row.informationSystem.code, institutionId);
    const { institution: _by, ...rest } = row;
    valid.push(catalogServiceInput.parse({ ...rest, institutionId }));
  });

  if (valid.length > 0) {
    const written = await inTransaction(db, (trx) => writeCatalogEntries(trx, 'test', valid, by));
    for (const w of written) {
      if (w.created) report.created += 1;
      else report.updated += 1;
    }
  }
  return report;
}
