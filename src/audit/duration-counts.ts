import { type AuditAggregates, latencyBucketBounds } from './analysis.ts';

// Latency figures (and fault codes) from how many calls of each operation took each number of
// milliseconds, with each fault code: the
// analysis asks the database for those counts (one hashed GROUP BY, a few thousand rows) rather than
// for percentile_cont per operation and for all calls (two sorts of every call) and a separate
// histogram query. The figures are exactly PostgreSQL's: percentile_cont interpolates between the
// values at positions floor and ceil of p·(n − 1), as `lo + p′·(hi − lo)`, and width_bucket counts the
// bounds at or below a value. Pure.

export type DurationCount = {
  operation: string;
  /** null: calls without a measured duration. */
  durationMs: number | null;
  /** Only failed calls have one; null also for failed calls without a code. */
  faultCode: string | null;
  calls: number;
  faults: number;
};

const percentiles = [0.5, 0.95, 0.99] as const;

/** Linear interpolation at p of the values given as [value, how many] pairs in ascending order. */
function percentileCont(sorted: [number, number][], total: number, p: number): number {
  const position = p * (total - 1);
  const first = Math.floor(position);
  const second = Math.ceil(position);
  let lo = Number.NaN;
  let hi = Number.NaN;
  let seen = 0;
  for (const [value, count] of sorted) {
    if (Number.isNaN(lo) && first < seen + count) lo = value;
    if (second < seen + count) {
      hi = value;
      break;
    }
    seen += count;
  }
  return lo + (position - first) * (hi - lo);
}

type Latency = AuditAggregates['latency'][number];

function latencyOf(operation: string | null, rows: DurationCount[], slowCallMs: number): Latency {
  const counts = new Map<number, number>();
  let calls = 0;
  let faults = 0;
  let slowCalls = 0;
  for (const r of rows) {
    calls += r.calls;
    faults += r.faults;
    if (r.durationMs === null) continue;
    counts.set(r.durationMs, (counts.get(r.durationMs) ?? 0) + r.calls);
    if (r.durationMs > slowCallMs) slowCalls += r.calls;
  }
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const measured = sorted.reduce((n, [, count]) => n + count, 0);
  const [p50, p95, p99] = percentiles.map((p) =>
    measured === 0 ? null : percentileCont(sorted, measured, p),
  );
  return {
    operation,
    calls,
    faults,
    slowCalls,
    measured,
    p50: p50 ?? null,
    p95: p95 ?? null,
    p99: p99 ?? null,
    max: sorted.at(-1)?.[0] ?? null,
  };
}

/**
 * Per operation and (operation null) for all calls, the histogram over `latencyBucketBounds`, and the
 * failed calls per fault code.
 */
export function latencyFromDurationCounts(
  rows: DurationCount[],
  slowCallMs: number,
): Pick<AuditAggregates, 'latency' | 'histogram' | 'faultCodes'> {
  const byOperation = new Map<string, DurationCount[]>();
  for (const r of rows) byOperation.set(r.operation, [...(byOperation.get(r.operation) ?? []), r]);
  const latency = [...byOperation].map(([operation, own]) => latencyOf(operation, own, slowCallMs));
  latency.push(latencyOf(null, rows, slowCallMs));
  const buckets = new Map<number, number>();
  for (const r of rows) {
    if (r.durationMs === null) continue;
    const duration = r.durationMs;
    const bucket = latencyBucketBounds.filter((bound) => bound <= duration).length;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + r.calls);
  }
  const faultCodes = new Map<string | null, number>();
  for (const r of rows)
    if (r.faults > 0) faultCodes.set(r.faultCode, (faultCodes.get(r.faultCode) ?? 0) + r.faults);
  return {
    latency,
    histogram: [...buckets].map(([bucket, calls]) => ({ bucket, calls })),
    faultCodes: [...faultCodes].map(([code, calls]) => ({ code, calls })),
  };
}
