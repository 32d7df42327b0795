import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { loadAuditAggregates } from '../src/audit/analysis-queries.ts';
import { importAuditRecords, personHasher, rowsOfValues } from '../src/audit/index.ts';
import { migrations } from '../src/migrations/index.ts';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { createEmptyPostgresDatabase, testDatabaseKind } from './helpers/db.ts';

// The 2026_12_01 migration on a database that already holds audit records in the earlier layout
// (service as text, a key table): every record keeps its service and environment, the analysis and a
// re-import see them, and migrating down restores the earlier layout.

let handle: DatabaseHandle;
let drop: () => Promise<void> = async () => {};
const migrator = () => new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
const before2026_12_01 = '2026_11_25_1600_inbound_mail';

const records = [
  ['test', 'm-1', 'URN:IVIS:100011:NRC.PersonasDati-V1-0', '2026-10-12T08:00:00Z', 'success', 120],
  ['test', 'm-2', 'URN:IVIS:100011:NRC.PersonasDati-V1-0', '2026-11-02T08:00:00Z', 'fault', 300],
  ['production', 'm-1', 'URN:IVIS:100022:VSPA.Statuss-V1-0', '2026-10-13T08:00:00Z', 'success', 80],
] as const;

describe('audit records migration (2026_12_01)', () => {
  before(async () => {
    if (testDatabaseKind === 'pglite') handle = await connectDatabase({ kind: 'pglite', dataDir: null });
    else {
      const empty = await createEmptyPostgresDatabase();
      handle = await connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 4 });
      drop = empty.drop;
    }
    const { error } = await migrator().migrateTo(before2026_12_01);
    assert.ifError(error);
    for (const month of ['2026_10', '2026_11']) {
      const [year, m] = month.split('_');
      const next = m === '10' ? '2026-11-01' : '2026-12-01';
      await sql
        .raw(`CREATE TABLE audit_records_y${year}m${m} PARTITION OF audit_records
          FOR VALUES FROM ('${year}-${m}-01T00:00:00Z') TO ('${next}T00:00:00Z')`)
        .execute(handle.db);
    }
    for (const [environment, id, service, at, result, duration] of records) {
      await sql`
        INSERT INTO audit_records (environment, message_id, sender_type, sender_identifier, consumer_institution,
          service, operation, request_in_at, response_out_at, duration_ms, result, imported_at)
        VALUES (${environment}, ${id}, 'system', 'CERT:X', '90000000022', ${service}, 'Get', ${at}::timestamptz,
          ${at}::timestamptz + ${duration} * interval '1 millisecond', ${duration}, ${result}, now())`.execute(
        handle.db,
      );
      await sql`INSERT INTO audit_message_ids VALUES (${environment}, ${id}, ${at}::timestamptz)`.execute(
        handle.db,
      );
    }
  });
  after(async () => {
    await handle?.close();
    await drop();
  });

  it('numbers the services, keeps every record and its types, and drops the key table', async () => {
    const { error } = await migrator().migrateToLatest();
    assert.ifError(error);
    const { rows } = await sql<{ environment: string; message_id: string; urn: string; result: string }>`
      SELECT r.environment, r.message_id, s.urn, r.result FROM audit_records r
      JOIN audit_services s ON s.id = r.service_id ORDER BY r.request_in_at`.execute(handle.db);
    assert.deepEqual(
      rows.map((r) => [r.environment, r.message_id, r.urn, r.result]),
      [records[0], records[2], records[1]].map(([environment, id, service, , result]) => [
        environment,
        id,
        service,
        result,
      ]),
    );
    const { rows: tables } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class WHERE relname = 'audit_message_ids'`.execute(handle.db);
    assert.equal(tables[0]?.n, 0);
  });

  it('the analysis reads the migrated records, and importing one of them again stores nothing', async () => {
    const aggregates = await loadAuditAggregates(
      handle.db,
      { service: records[0][2], environment: 'test', from: '2026-10-01', to: '2026-11-30' },
      { slowCallMs: 3000 },
    );
    const total = aggregates.latency.find((l) => l.operation === null);
    assert.deepEqual([total?.calls, total?.faults, total?.max], [2, 1, 300]);
    const again = await importAuditRecords(
      handle,
      () =>
        rowsOfValues([
          {
            messageId: 'm-1',
            senderType: 'system',
            senderId: 'CERT:X',
            consumerInstitution: '90000000022',
            service: records[0][2],
            operation: 'Get',
            requestInAt: '2026-10-12T08:00:00Z',
            result: 'success',
          },
        ]),
      { environment: 'test', hashPerson: personHasher('migration-test-secret-migration-test') },
    );
    assert.deepEqual([again.inserted, again.duplicates], [0, 1]);
  });

  it('migrating down restores the service text, the text columns and the key table', async () => {
    // Down to before 2026_12_01, through any later migration's own down.
    const { error } = await migrator().migrateTo(before2026_12_01);
    assert.ifError(error);
    const { rows } = await sql<{ environment: string; service: string; keys: number }>`
      SELECT environment, service, (SELECT count(*)::int FROM audit_message_ids) AS keys
      FROM audit_records ORDER BY request_in_at`.execute(handle.db);
    assert.deepEqual(
      rows.map((r) => [r.environment, r.service, r.keys]),
      [records[0], records[2], records[1]].map(([environment, , service]) => [environment, service, 3]),
    );
  });
});
