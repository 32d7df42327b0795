import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { latencyBucketBounds } from '../src/audit/analysis.ts';
import { loadAuditAggregates } from '../src/audit/analysis-queries.ts';
import { seededRandom } from '../src/audit/generate-records.ts';
import {
  type AuditRecordInput,
  analyzeServiceWindow,
  defaultThresholds,
  dropPartitionsBefore,
  hashRecordsInScope,
  importAuditRecords,
  personHasher,
  type RawRow,
  readRecords,
  rowsOfValues,
  toAuditRecord,
} from '../src/audit/index.ts';
import { listPartitions } from '../src/audit/partitions.ts';
import { hashRecords } from '../src/audit/records-hash.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from './helpers/db.ts';

// The importer and the analysis on a real, migrated database: PGlite and PostgreSQL run this file alike.

const hashPerson = personHasher('audit-test-secret-audit-test-secret');
const service = 'URN:IVIS:100011:NRC.PersonasDati-V1-0';
let database: TestDatabase;
let sequence = 0;

function record(overrides: Partial<AuditRecordInput> = {}): AuditRecordInput {
  sequence += 1;
  return {
    messageId: `msg-${sequence}`,
    senderType: 'system',
    senderId: 'CERT:NRC-IRIS',
    consumerInstitution: '90000000022',
    consumerSystem: 'VSPA-SOPA',
    service,
    operation: 'SaņemtPersonasDatus',
    requestInAt: '2026-10-12T08:00:00.000Z',
    responseOutAt: '2026-10-12T08:00:00.100Z',
    result: 'success',
    ...overrides,
  };
}

function rowsOf(values: unknown[]): () => AsyncIterable<RawRow[]> {
  return () => rowsOfValues(values);
}

const load = (
  values: unknown[],
  options: { strict?: boolean; batchSize?: number; environment?: 'test' | 'production' } = {},
) =>
  importAuditRecords(database, rowsOf(values), {
    environment: options.environment ?? 'test',
    hashPerson,
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
  });

async function countStored(where: { service?: string } = {}): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_records r JOIN audit_services s ON s.id = r.service_id
    WHERE s.urn = ${where.service ?? service}`.execute(database.db);
  return rows[0]?.n ?? 0;
}

describe('audit records on the database', () => {
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it('stores a record sent twice once: within one batch, across batches and across imports', async () => {
    const a = record();
    const b = record();
    const first = await load([a, b, a, record()], { batchSize: 2 });
    assert.deepEqual([first.read, first.inserted, first.duplicates, first.invalid], [4, 3, 1, 0]);
    const again = await load([a, b, record()]);
    assert.deepEqual([again.inserted, again.duplicates], [1, 2]);
    // The same message id in another environment is another record.
    const production = await load([a], { environment: 'production' });
    assert.equal(production.inserted, 1);
  });

  it('a message id repeated with other content in one batch keeps the first, as across batches', async () => {
    const first = record({ operation: 'PirmāVersija' });
    const resent = { ...first, operation: 'OtrāVersija', result: 'fault', faultCode: 'X' };
    const inOneBatch = await load([first, resent]);
    assert.deepEqual([inOneBatch.inserted, inOneBatch.duplicates], [1, 1]);
    const nextBatch = await load([resent]);
    assert.deepEqual([nextBatch.inserted, nextBatch.duplicates], [0, 1]);
    const { rows } = await sql<{ operation: string; result: string; n: number }>`
      SELECT operation, result, count(*) OVER ()::int AS n FROM audit_records
      WHERE message_id = ${first.messageId}`.execute(database.db);
    assert.deepEqual(rows, [{ operation: 'PirmāVersija', result: 'success', n: 1 }]);
  });

  it('two imports of the same records at once, in opposite orders, store each record once', async () => {
    const svc = 'URN:IVIS:100011:RACE.Test-V1-0';
    const values = Array.from({ length: 2000 }, (_, i) =>
      record({
        service: svc,
        requestInAt: new Date(Date.UTC(2026, 9, 12, 8) + i * 1000).toISOString(),
        responseOutAt: undefined,
      }),
    );
    const [a, b] = await Promise.all([
      load(values, { batchSize: 100 }),
      load([...values].reverse(), { batchSize: 100 }),
    ]);
    assert.equal(a.inserted + b.inserted, values.length);
    assert.equal(a.duplicates + b.duplicates, values.length);
    assert.equal(await countStored({ service: svc }), values.length);
  });

  it('a batch that deadlocks with another writer is retried and stores only what is missing', {
    skip: testDatabaseKind !== 'postgres' && 'one connection on PGlite: no other writer',
  }, async () => {
    if (database.raw.kind !== 'postgres') return;
    const svc = 'URN:IVIS:100011:DEADLOCK.Test-V1-0';
    const [x, y] = [record({ service: svc }), record({ service: svc })] as [
      AuditRecordInput,
      AuditRecordInput,
    ];
    await load([record({ service: svc })]); // numbers the service
    const other = await database.raw.pool.connect();
    const insert = (r: AuditRecordInput) =>
      other.query(
        `INSERT INTO audit_records (environment, message_id, sender_type, sender_identifier, consumer_institution,
             service_id, operation, request_in_at, result)
           VALUES ('test', $1, 'system', 'CERT:X', '90000000022', (SELECT id FROM audit_services WHERE urn = $2),
             $3, $4, 'success')`,
        [r.messageId, svc, r.operation, r.requestInAt],
      );
    try {
      // The other writer holds y; the import takes x and waits for y; the other writer then wants x.
      await other.query('BEGIN');
      await insert(y);
      const loading = load([x, y]);
      for (let waiting = 0; waiting === 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { rows } = await database.raw.pool.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        );
        waiting = rows[0].n;
      }
      await insert(x); // PostgreSQL cancels the import's batch (it waited first), so this goes through
      await other.query('COMMIT');
      const summary = await loading;
      assert.deepEqual([summary.inserted, summary.duplicates], [0, 2]);
      assert.equal(await countStored({ service: svc }), 3);
    } finally {
      other.release();
    }
  });

  it('a full garbage collection after every batch changes nothing that is stored', async () => {
    const svc = 'URN:IVIS:100011:GC.Test-V1-0';
    const summary = await importAuditRecords(
      database,
      rowsOf(Array.from({ length: 7 }, () => record({ service: svc }))),
      { environment: 'test', hashPerson, batchSize: 2, collectGarbageAboveBytes: 0 },
    );
    assert.deepEqual([summary.read, summary.inserted, summary.duplicates], [7, 7, 0]);
    assert.equal(await countStored({ service: svc }), 7);
  });

  it('loads the valid rows and reports the invalid ones; strict loads nothing', async () => {
    const svc = 'URN:IVIS:100011:STRICT.Test-V1-0';
    const rows = [
      record({ service: svc }),
      { ...record({ service: svc }), result: 'maybe' },
      record({ service: svc }),
    ];
    const strict = await load(rows, { strict: true });
    assert.equal(strict.loaded, false);
    assert.equal(strict.inserted, 0);
    assert.deepEqual(
      strict.issues.map((i) => [i.line, i.field]),
      [[2, 'result']],
    );
    assert.equal(await countStored({ service: svc }), 0);
    const lenient = await load(rows);
    assert.deepEqual([lenient.read, lenient.inserted, lenient.invalid], [3, 2, 1]);
    assert.equal(await countStored({ service: svc }), 2);
  });

  it('reads JSON Lines and CSV files the same way', async () => {
    const svc = 'URN:IVIS:100011:FILES.Test-V1-0';
    const jsonl = [record({ service: svc }), record({ service: svc })]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const csv = [
      'messageId,senderType,senderId,consumerInstitution,service,operation,requestInAt,responseOutAt,result,faultCode,httpStatus',
      `csv-1,inhabitant,010190-12345,90000000022,${svc},SaņemtPersonasDatus,2026-10-12T08:00:00Z,2026-10-12T08:00:01Z,fault,"VAL-001",500`,
      `csv-2,system,CERT:X,90000000022,${svc},SaņemtPersonasDatus,2026-10-12T09:00:00Z,,success,,`,
    ].join('\r\n');
    const fromJsonl = await importAuditRecords(database, () => readRecords([jsonl], 'jsonl'), {
      environment: 'test',
      hashPerson,
    });
    const fromCsv = await importAuditRecords(database, () => readRecords([csv], 'csv'), {
      environment: 'test',
      hashPerson,
    });
    assert.deepEqual([fromJsonl.inserted, fromCsv.inserted, fromCsv.invalid], [2, 2, 0]);
    const stored = await database.db
      .selectFrom('audit_records')
      .selectAll()
      .where('message_id', '=', 'csv-1')
      .executeTakeFirstOrThrow();
    assert.equal(stored.duration_ms, 1000);
    assert.equal(stored.http_status, 500);
    assert.equal(stored.fault_code, 'VAL-001');
    assert.ok(!stored.sender_identifier.includes('12345'), 'no personal code is stored');
    assert.deepEqual(Buffer.from(stored.end_user_hash ?? []), hashPerson('01019012345'));
  });

  it('a JSON line larger than a whole batch is reported as invalid, and the other lines load', async () => {
    const svc = 'URN:IVIS:100011:HUGE.Test-V1-0';
    const lines = [
      JSON.stringify(record({ service: svc })),
      JSON.stringify(record({ service: svc, faultText: 'x'.repeat(3_000_000) })),
      JSON.stringify(record({ service: svc })),
    ].join('\n');
    const summary = await importAuditRecords(database, () => readRecords([lines], 'jsonl'), {
      environment: 'test',
      hashPerson,
      batchSize: 1000,
    });
    assert.deepEqual([summary.read, summary.inserted, summary.invalid], [3, 2, 1]);
    assert.deepEqual(
      summary.issues.map((i) => [i.line, i.field]),
      [[2, 'faultText']],
    );
  });

  it('creates a partition per month on demand; retention drops whole months and their keys', async () => {
    const svc = 'URN:IVIS:100011:RETENTION.Test-V1-0';
    const old = record({
      service: svc,
      requestInAt: '2024-01-15T10:00:00Z',
      responseOutAt: '2024-01-15T10:00:00.200Z',
    });
    await load([
      old,
      record({ service: svc, requestInAt: '2024-02-01T00:00:00Z', responseOutAt: undefined }),
    ]);
    const months = (await listPartitions(database.db)).map((p) => p.month);
    assert.ok(months.includes('2024-01') && months.includes('2024-02') && months.includes('2026-10'));
    const result = await dropPartitionsBefore(database.db, '2024-02');
    assert.deepEqual(result.dropped, [{ month: '2024-01', records: 1 }]);
    assert.equal(await countStored({ service: svc }), 1);
    // The dropped month's keys went with it: re-importing the old file restores the record.
    assert.equal((await load([old])).inserted, 1);
  });

  it('analysis numbers: percentiles, histogram, days in Riga time, consumers and end users', async () => {
    const svc = 'URN:IVIS:100011:ANALYSIS.Test-V1-0';
    const durations = Array.from({ length: 101 }, (_, i) => i * 10); // 0, 10, … 1000 ms
    const rows = durations.map((d, i) =>
      record({
        service: svc,
        operation: i % 2 === 0 ? 'A' : 'B',
        requestInAt: '2026-10-05T10:00:00.000Z',
        responseOutAt: new Date(Date.parse('2026-10-05T10:00:00.000Z') + d).toISOString(),
        ...(i % 10 === 0 && { result: 'fault', faultCode: 'NOTFOUND-002' }),
        ...(i < 30 && { endUser: `0101${String(i % 7).padStart(2, '0')}-12345` }),
        ...(i >= 90 && { consumerInstitution: '90000000033' }),
      }),
    );
    // 23:30 UTC on 1 October is already 2 October in Riga.
    rows.push(
      record({ service: svc, operation: 'A', requestInAt: '2026-10-01T23:30:00Z', responseOutAt: undefined }),
    );
    // Just before the window: counted as outside it.
    rows.push(record({ service: svc, operation: 'A', requestInAt: '2026-09-30T20:00:00Z' }));
    await load(rows);
    const analysis = await analyzeServiceWindow(
      database.db,
      { service: svc, environment: 'test', from: '2026-10-01', to: '2026-10-31' },
      defaultThresholds,
      { source: 'catalog', operations: ['A', 'B', 'C'].map((name) => ({ name, aliases: [] })) },
    );
    assert.equal(analysis.totals.calls, 102);
    assert.equal(analysis.totals.faults, 11);
    assert.deepEqual(analysis.latency, { measured: 101, p50: 500, p95: 950, p99: 990, max: 1000 });
    assert.equal(analysis.totals.distinctEndUsers, 7);
    assert.deepEqual(
      analysis.consumers.map((c) => [c.institution, c.calls]),
      [
        ['90000000022', 91],
        ['90000000033', 11],
      ],
    );
    assert.deepEqual(
      analysis.histogram.map((h) => h.calls),
      [5, 5, 10, 30, 50, 1, 0, 0, 0],
    );
    assert.equal(analysis.days.find((d) => d.day === '2026-10-01')?.calls, 0);
    assert.equal(analysis.days.find((d) => d.day === '2026-10-02')?.calls, 1);
    assert.equal(analysis.days.find((d) => d.day === '2026-10-05')?.calls, 101);
    assert.deepEqual(analysis.coverage.uncalled, ['C']);
    assert.deepEqual(analysis.faultCodes, [{ code: 'NOTFOUND-002', calls: 11 }]);
    assert.ok(analysis.flags.some((f) => f.kind === 'calls_outside_window' && f.value === 1));
    const opA = analysis.operations.find((o) => o.operation === 'A');
    assert.equal(opA?.calls, 52);
    assert.equal(opA?.p50, 500);
  });

  it("latency figures made from per-millisecond counts equal PostgreSQL's percentile_cont and width_bucket", async () => {
    const svc = 'URN:IVIS:100011:PERCENTILES.Test-V1-0';
    const random = seededRandom(17);
    const start = Date.parse('2026-10-07T08:00:00Z');
    await load(
      Array.from({ length: 777 }, (_, i) => {
        const at = start + i * 1000;
        const duration = Math.floor(random() ** 3 * 12_000);
        return record({
          service: svc,
          operation: ['Get', 'List', 'Put'][i % 3] as string,
          requestInAt: new Date(at).toISOString(),
          responseOutAt: i % 50 === 0 ? undefined : new Date(at + duration).toISOString(),
        });
      }),
    );
    const scope = { service: svc, environment: 'test' as const, from: '2026-10-01', to: '2026-10-31' };
    const aggregates = await loadAuditAggregates(database.db, scope, { slowCallMs: 3000 });
    const { rows } = await sql<{ operation: string | null; p: number[] | null; max: number | null }>`
      SELECT operation, percentile_cont(ARRAY[0.5, 0.95, 0.99]::float8[]) WITHIN GROUP (ORDER BY duration_ms) AS p,
        max(duration_ms) AS max
      FROM audit_records WHERE service_id = (SELECT id FROM audit_services WHERE urn = ${svc})
      GROUP BY GROUPING SETS ((operation), ())`.execute(database.db);
    const ours = Object.fromEntries(
      aggregates.latency.map((l) => [l.operation ?? '*', [l.p50, l.p95, l.p99, l.max]]),
    );
    const theirs = Object.fromEntries(rows.map((r) => [r.operation ?? '*', [...(r.p ?? []), r.max]]));
    assert.deepEqual(ours, theirs);
    const { rows: buckets } = await sql<{ bucket: number; calls: number }>`
      SELECT width_bucket(duration_ms, ARRAY[${sql.raw(latencyBucketBounds.join(','))}]) AS bucket, count(*)::int AS calls
      FROM audit_records WHERE service_id = (SELECT id FROM audit_services WHERE urn = ${svc}) AND duration_ms IS NOT NULL
      GROUP BY 1`.execute(database.db);
    const byBucket = (list: { bucket: number; calls: number }[]) =>
      Object.fromEntries(list.map((b) => [b.bucket, b.calls]));
    assert.deepEqual(byBucket(aggregates.histogram), byBucket(buckets));
  });

  it("the records' SHA-256 computed by the database equals the one recomputed from the records themselves", async () => {
    const svc = 'URN:IVIS:100011:HASH.Test-V1-0';
    const inputs = [
      record({ service: svc, requestInAt: '2026-10-03T10:00:00.000Z', messageId: 'b-2' }),
      record({ service: svc, requestInAt: '2026-10-03T10:00:00.000Z', messageId: 'B-1' }),
      record({
        service: svc,
        senderType: 'employee',
        senderId: '311299-99999',
        faultCode: 'X"1',
        result: 'fault',
        httpStatus: 500,
      }),
      record({ service: svc, operation: 'Ņemt "datus"\\', responseOutAt: undefined }),
    ];
    await load(inputs);
    const scope = { service: svc, environment: 'test' as const, from: '2026-10-01', to: '2026-10-31' };
    const fromDatabase = await hashRecordsInScope(database.db, scope);
    const records = inputs.map((r, i) => {
      const checked = toAuditRecord(r, i + 1, 'test', hashPerson);
      assert.ok(checked.ok);
      return checked.record;
    });
    assert.equal(fromDatabase.count, 4);
    assert.equal(fromDatabase.sha256, hashRecords(records));
    // One more record in the window changes the hash.
    await load([record({ service: svc })]);
    assert.notEqual((await hashRecordsInScope(database.db, scope)).sha256, fromDatabase.sha256);
  });

  it('aggregates come from the covering index alone', async () => {
    const aggregates = await loadAuditAggregates(
      database.db,
      { service: 'URN:IVIS:100011:NONE-V1-0', environment: 'test', from: '2026-10-01', to: '2026-10-31' },
      { slowCallMs: 3000 },
    );
    assert.equal(aggregates.latency.length, 1, 'the grand total row is there even with no records');
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT count(*) FROM audit_records
      WHERE service_id = (SELECT id FROM audit_services WHERE urn = ${service}) AND environment = 'test'
        AND request_in_at >= '2026-10-01T00:00:00Z' AND request_in_at < '2026-11-01T00:00:00Z'`.execute(
      database.db,
    );
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    assert.match(plan, /audit_records_y2026m10_service_id/i, plan);
  });
});
