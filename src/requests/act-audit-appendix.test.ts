import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditAnalysis } from '../audit/analysis.ts';
import { actAuditAppendix } from './act-audit-appendix.ts';

const latency = (p50: number | null) => ({ measured: 10, p50, p95: 300.4, p99: 900.6, max: 1200 });

describe('the act appendix from an attached audit analysis', () => {
  it('keeps the window, totals, rounded latencies, operations, days and the records used', () => {
    const analysis = {
      window: { from: '2026-10-01', to: '2026-10-31' },
      totals: { calls: 12, successes: 10, faults: 2 },
      latency: latency(80.4),
      operations: [{ operation: 'SaņemtPersonasDatus', calls: 12, faults: 2, ...latency(null) }],
      days: [{ day: '2026-10-01', calls: 12, faults: 2, byOperation: {} }],
    } as unknown as AuditAnalysis;
    assert.deepEqual(actAuditAppendix(analysis, { count: 12, sha256: 'ab'.repeat(32) }), {
      period: { from: '2026-10-01', to: '2026-10-31' },
      totals: { calls: 12, succeeded: 10, failed: 2 },
      latencyMs: { p50: 80, p95: 300, p99: 901, max: 1200 },
      operations: [{ operation: 'SaņemtPersonasDatus', calls: 12, failed: 2, p50Ms: 0, p95Ms: 300 }],
      daily: [{ date: '2026-10-01', calls: 12, failed: 2 }],
      records: { count: 12, sha256: 'ab'.repeat(32) },
    });
  });
});
