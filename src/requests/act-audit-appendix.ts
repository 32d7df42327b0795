import type { ActAuditAppendix } from '../acts/index.ts';
import type { AuditAnalysis } from '../audit/analysis.ts';

// The act's appendix is the audit analysis attached to the request, as it was attached: the snapshot's
// window, totals, latencies, operations and days, with the count and SHA-256 of the records it used —
// so the act printed months later shows exactly what the reviewer approved on. Pure.

const msOrZero = (v: number | null) => (v === null ? 0 : Math.round(v));

export function actAuditAppendix(
  analysis: AuditAnalysis,
  records: { count: number; sha256: string },
): ActAuditAppendix {
  return {
    period: analysis.window,
    totals: {
      calls: analysis.totals.calls,
      succeeded: analysis.totals.successes,
      failed: analysis.totals.faults,
    },
    latencyMs: {
      p50: msOrZero(analysis.latency.p50),
      p95: msOrZero(analysis.latency.p95),
      p99: msOrZero(analysis.latency.p99),
      max: msOrZero(analysis.latency.max),
    },
    operations: analysis.operations.map((o) => ({
      operation: o.operation,
      calls: o.calls,
      failed: o.faults,
      p50Ms: msOrZero(o.p50),
      p95Ms: msOrZero(o.p95),
    })),
    daily: analysis.days.map((d) => ({ date: d.day, calls: d.calls, failed: d.faults })),
    records,
  };
}
