// The analysis of one service's audit records over a window, from aggregates the database computed.
// Pure: no SQL, no clock. What a reviewer must look at is a list of flags, each defined below.

export type Thresholds = {
  /** An operation (or the whole service) failing more often than this, in percent, is flagged. */
  faultRatePercent: number;
  /** An operation whose 95th-percentile latency is above this many milliseconds is flagged. */
  latencyP95Ms: number;
  /** A single call slower than this is an outlier; operations with outliers are flagged. */
  slowCallMs: number;
};

export const defaultThresholds: Thresholds = { faultRatePercent: 5, latencyP95Ms: 1000, slowCallMs: 3000 };

/** Upper bounds (ms, exclusive) of the latency histogram's buckets; the last bucket is open. */
export const latencyBucketBounds = [50, 100, 200, 500, 1000, 2000, 5000, 10_000] as const;

export type LatencyStats = {
  /** Calls with a measured duration (a call without response-out time has none). */
  measured: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
};

export type AuditAggregates = {
  days: { day: string; operation: string; calls: number; faults: number }[];
  /** Per operation, plus one row with `operation: null` for all calls. */
  latency: (LatencyStats & { operation: string | null; calls: number; faults: number; slowCalls: number })[];
  faultCodes: { code: string | null; calls: number }[];
  consumers: { institution: string; system: string | null; calls: number; faults: number }[];
  histogram: { bucket: number; calls: number }[];
  distinctEndUsers: number;
  outsideWindow: { before: number; after: number };
};

export type DeclaredOperations = {
  source: 'description' | 'catalog' | 'none';
  /** Each declared operation with every name a record may carry for it (name, id, `METHOD path`). */
  operations: { name: string; aliases: string[] }[];
};

export type FlagKind =
  | 'no_calls'
  | 'uncalled_operation'
  | 'undeclared_operation'
  | 'fault_rate_high'
  | 'latency_p95_high'
  | 'slow_calls'
  | 'calls_outside_window';

export type Flag = {
  kind: FlagKind;
  /** The operation concerned; absent for the whole service. */
  operation?: string;
  /** The measured value (calls, percent or milliseconds, by kind). */
  value?: number;
  threshold?: number;
};

export type AuditAnalysis = {
  service: string;
  environment: 'test' | 'production';
  window: { from: string; to: string };
  thresholds: Thresholds;
  totals: {
    calls: number;
    successes: number;
    faults: number;
    faultRatePercent: number;
    distinctEndUsers: number;
    distinctConsumers: number;
  };
  latency: LatencyStats;
  histogram: { fromMs: number; toMs: number | null; calls: number }[];
  days: { day: string; calls: number; faults: number; byOperation: Record<string, number> }[];
  operations: ({
    operation: string;
    declared: boolean;
    calls: number;
    faults: number;
    faultRatePercent: number;
    slowCalls: number;
  } & LatencyStats)[];
  faultCodes: { code: string | null; calls: number }[];
  consumers: { institution: string; system: string | null; calls: number; faults: number }[];
  coverage: {
    source: DeclaredOperations['source'];
    declared: number;
    called: number;
    uncalled: string[];
    undeclared: string[];
  };
  flags: Flag[];
};

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
const ms = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** Every day from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export function analyseAudit(
  a: AuditAggregates,
  context: {
    service: string;
    environment: 'test' | 'production';
    window: { from: string; to: string };
    thresholds: Thresholds;
    declared: DeclaredOperations;
  },
): AuditAnalysis {
  const { thresholds, declared } = context;
  const overall = a.latency.find((l) => l.operation === null);
  const calls = overall?.calls ?? 0;
  const faults = overall?.faults ?? 0;

  // Records name an operation by whichever alias the caller used; count each under its declared name.
  const declaredNameOf = new Map<string, string>();
  for (const op of declared.operations)
    for (const alias of [op.name, ...op.aliases]) declaredNameOf.set(alias, op.name);
  const canonical = (operation: string) => declaredNameOf.get(operation) ?? operation;

  const byOperation = new Map<string, AuditAnalysis['operations'][number]>();
  for (const op of declared.operations) {
    byOperation.set(op.name, {
      operation: op.name,
      declared: true,
      calls: 0,
      faults: 0,
      faultRatePercent: 0,
      slowCalls: 0,
      measured: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
    });
  }
  for (const row of a.latency) {
    if (row.operation === null) continue;
    const name = canonical(row.operation);
    const existing = byOperation.get(name);
    // Two aliases of one declared operation: counts add up; percentiles of the busier alias stand
    // (merging percentiles needs the raw values, which the aggregates do not carry).
    if (existing && existing.calls > 0) {
      const busier = row.calls > existing.calls;
      Object.assign(existing, {
        calls: existing.calls + row.calls,
        faults: existing.faults + row.faults,
        slowCalls: existing.slowCalls + row.slowCalls,
        measured: existing.measured + row.measured,
        ...(busier && { p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99) }),
        max: Math.max(existing.max ?? 0, row.max ?? 0),
      });
      existing.faultRatePercent = percent(existing.faults, existing.calls);
      continue;
    }
    byOperation.set(name, {
      operation: name,
      declared: declaredNameOf.has(row.operation),
      calls: row.calls,
      faults: row.faults,
      faultRatePercent: percent(row.faults, row.calls),
      slowCalls: row.slowCalls,
      measured: row.measured,
      p50: ms(row.p50),
      p95: ms(row.p95),
      p99: ms(row.p99),
      max: row.max,
    });
  }
  const operations = [...byOperation.values()].sort(
    (x, y) => y.calls - x.calls || x.operation.localeCompare(y.operation),
  );

  const dayRows = new Map<string, AuditAnalysis['days'][number]>(
    daysOf(context.window.from, context.window.to).map((day) => [
      day,
      { day, calls: 0, faults: 0, byOperation: {} },
    ]),
  );
  for (const row of a.days) {
    const day = dayRows.get(row.day);
    if (!day) continue;
    day.calls += row.calls;
    day.faults += row.faults;
    const name = canonical(row.operation);
    day.byOperation[name] = (day.byOperation[name] ?? 0) + row.calls;
  }

  const counts = new Map(a.histogram.map((h) => [h.bucket, h.calls]));
  const histogram = [0, ...latencyBucketBounds].map((fromMs, i) => ({
    fromMs,
    toMs: latencyBucketBounds[i] ?? null,
    calls: counts.get(i) ?? 0,
  }));

  const uncalled = operations.filter((o) => o.declared && o.calls === 0).map((o) => o.operation);
  const undeclared =
    declared.source === 'none' ? [] : operations.filter((o) => !o.declared).map((o) => o.operation);

  const flags: Flag[] = [];
  if (calls === 0) flags.push({ kind: 'no_calls', value: 0 });
  for (const operation of uncalled) flags.push({ kind: 'uncalled_operation', operation, value: 0 });
  for (const operation of undeclared) {
    flags.push({ kind: 'undeclared_operation', operation, value: byOperation.get(operation)?.calls ?? 0 });
  }
  const serviceFaultRate = percent(faults, calls);
  if (calls > 0 && serviceFaultRate > thresholds.faultRatePercent) {
    flags.push({ kind: 'fault_rate_high', value: serviceFaultRate, threshold: thresholds.faultRatePercent });
  }
  for (const o of operations) {
    if (o.calls > 0 && o.faultRatePercent > thresholds.faultRatePercent) {
      flags.push({
        kind: 'fault_rate_high',
        operation: o.operation,
        value: o.faultRatePercent,
        threshold: thresholds.faultRatePercent,
      });
    }
    if (o.p95 !== null && o.p95 > thresholds.latencyP95Ms) {
      flags.push({
        kind: 'latency_p95_high',
        operation: o.operation,
        value: o.p95,
        threshold: thresholds.latencyP95Ms,
      });
    }
    if (o.slowCalls > 0) {
      flags.push({
        kind: 'slow_calls',
        operation: o.operation,
        value: o.slowCalls,
        threshold: thresholds.slowCallMs,
      });
    }
  }
  const outside = a.outsideWindow.before + a.outsideWindow.after;
  if (outside > 0) flags.push({ kind: 'calls_outside_window', value: outside });

  return {
    service: context.service,
    environment: context.environment,
    window: context.window,
    thresholds,
    totals: {
      calls,
      successes: calls - faults,
      faults,
      faultRatePercent: serviceFaultRate,
      distinctEndUsers: a.distinctEndUsers,
      distinctConsumers: a.consumers.length,
    },
    latency: {
      measured: overall?.measured ?? 0,
      p50: ms(overall?.p50 ?? null),
      p95: ms(overall?.p95 ?? null),
      p99: ms(overall?.p99 ?? null),
      max: overall?.max ?? null,
    },
    histogram,
    days: [...dayRows.values()],
    operations,
    faultCodes: [...a.faultCodes].sort((x, y) => y.calls - x.calls),
    consumers: [...a.consumers].sort((x, y) => y.calls - x.calls),
    coverage: {
      source: declared.source,
      declared: declared.operations.length,
      called: declared.operations.length - uncalled.length,
      uncalled,
      undeclared,
    },
    flags,
  };
}
