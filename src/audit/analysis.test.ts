import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuditAggregates, analyseAudit, daysOf, defaultThresholds } from './analysis.ts';

const context = {
  service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
  environment: 'test' as const,
  window: { from: '2026-10-01', to: '2026-10-03' },
  thresholds: defaultThresholds,
  declared: {
    source: 'description' as const,
    operations: [
      { name: 'GET /persons/{id}', aliases: ['getPerson'] },
      { name: 'POST /persons', aliases: ['createPerson'] },
    ],
  },
};

const stats = (operation: string | null, calls: number, faults: number, p95: number, slowCalls = 0) => ({
  operation,
  calls,
  faults,
  slowCalls,
  measured: calls,
  p50: 100,
  p95,
  p99: p95 * 1.5,
  max: p95 * 2,
});

const aggregates = (overrides: Partial<AuditAggregates> = {}): AuditAggregates => ({
  days: [
    { day: '2026-10-01', operation: 'getPerson', calls: 60, faults: 1 },
    { day: '2026-10-02', operation: 'GET /persons/{id}', calls: 30, faults: 0 },
    { day: '2026-10-02', operation: 'debugPing', calls: 10, faults: 8 },
  ],
  latency: [
    stats(null, 100, 9, 400),
    stats('getPerson', 60, 1, 300),
    stats('GET /persons/{id}', 30, 0, 500),
    stats('debugPing', 10, 8, 1500, 2),
  ],
  faultCodes: [{ code: 'VAL-001', calls: 9 }],
  consumers: [
    { institution: '9001', system: 'A', calls: 70, faults: 1 },
    { institution: '9002', system: null, calls: 30, faults: 8 },
  ],
  histogram: [
    { bucket: 2, calls: 80 },
    { bucket: 6, calls: 20 },
  ],
  distinctEndUsers: 42,
  outsideWindow: { before: 0, after: 0 },
  ...overrides,
});

describe('audit analysis', () => {
  it('counts calls per operation under the declared name, whichever alias the records used', () => {
    const a = analyseAudit(aggregates(), context);
    const get = a.operations.find((o) => o.operation === 'GET /persons/{id}');
    assert.deepEqual([get?.calls, get?.faults, get?.declared], [90, 1, true]);
    assert.equal(get?.p95, 300, 'the busier alias gives the percentiles');
    assert.deepEqual(
      a.days.map((d) => [d.day, d.calls]),
      [
        ['2026-10-01', 60],
        ['2026-10-02', 40],
        ['2026-10-03', 0],
      ],
    );
    assert.deepEqual(a.days[1]?.byOperation, { 'GET /persons/{id}': 30, debugPing: 10 });
  });

  it('reports coverage: declared but never called, and called but not declared', () => {
    const a = analyseAudit(aggregates(), context);
    assert.deepEqual(a.coverage, {
      source: 'description',
      declared: 2,
      called: 1,
      uncalled: ['POST /persons'],
      undeclared: ['debugPing'],
    });
  });

  it('flags what the reviewer must look at, with the value and the threshold', () => {
    const a = analyseAudit(aggregates({ outsideWindow: { before: 3, after: 2 } }), context);
    assert.deepEqual(a.flags, [
      { kind: 'uncalled_operation', operation: 'POST /persons', value: 0 },
      { kind: 'undeclared_operation', operation: 'debugPing', value: 10 },
      { kind: 'fault_rate_high', value: 9, threshold: 5 },
      { kind: 'fault_rate_high', operation: 'debugPing', value: 80, threshold: 5 },
      { kind: 'latency_p95_high', operation: 'debugPing', value: 1500, threshold: 1000 },
      { kind: 'slow_calls', operation: 'debugPing', value: 2, threshold: 3000 },
      { kind: 'calls_outside_window', value: 5 },
    ]);
  });

  it('thresholds are the reviewer’s: a looser fault threshold drops that flag', () => {
    const a = analyseAudit(aggregates(), {
      ...context,
      thresholds: { ...defaultThresholds, faultRatePercent: 90 },
    });
    assert.ok(!a.flags.some((f) => f.kind === 'fault_rate_high'));
  });

  it('an empty window is flagged and every declared operation is uncalled', () => {
    const empty = analyseAudit(
      {
        days: [],
        latency: [],
        faultCodes: [],
        consumers: [],
        histogram: [],
        distinctEndUsers: 0,
        outsideWindow: { before: 0, after: 0 },
      },
      context,
    );
    assert.equal(empty.totals.calls, 0);
    assert.equal(empty.totals.faultRatePercent, 0);
    assert.deepEqual(
      empty.flags.map((f) => f.kind),
      ['no_calls', 'uncalled_operation', 'uncalled_operation'],
    );
    assert.equal(empty.histogram.length, 9);
  });

  it('without a declared contract there is no coverage verdict on undeclared operations', () => {
    const a = analyseAudit(aggregates(), { ...context, declared: { source: 'none', operations: [] } });
    assert.deepEqual(a.coverage.undeclared, []);
    assert.ok(!a.flags.some((f) => f.kind === 'undeclared_operation'));
  });

  it('lists every day of the window, month ends included', () => {
    assert.deepEqual(daysOf('2026-02-27', '2026-03-01'), ['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
