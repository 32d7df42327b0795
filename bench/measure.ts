import { performance } from 'node:perf_hooks';

// Timing helpers shared by the in-process baselines (bench/server.ts) and the HTTP write bench
// (bench/run.ts). autocannon measures the HTTP reads itself.

export type Measurement = {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
};

export type Recorder = { time: <T>(work: () => Promise<T>) => Promise<T>; samples: number[] };

export function recorder(): Recorder {
  const samples: number[] = [];
  return {
    samples,
    time: async (work) => {
      const start = performance.now();
      const result = await work();
      samples.push(performance.now() - start);
      return result;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function summarise(samples: number[], seconds: number): Measurement {
  if (samples.length === 0)
    throw new Error('nothing was measured: did the drafts run out? Raise BENCH_REQUESTS.');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/**
 * Runs `concurrency` loops of `step` until `durationMs` has passed (or a step returns false: its
 * supply ran out) and returns the wall time in seconds. Concurrency mirrors autocannon's connections.
 */
export async function runLanes(
  concurrency: number,
  durationMs: number,
  step: () => Promise<boolean | undefined>,
): Promise<number> {
  const start = performance.now();
  const deadline = start + durationMs;
  const lane = async () => {
    while (performance.now() < deadline) {
      if ((await step()) === false) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return (performance.now() - start) / 1000;
}

/** Each call of `work` is one timed operation, repeated by `concurrency` lanes for `durationMs`. */
export async function measureFor(
  concurrency: number,
  durationMs: number,
  work: () => Promise<unknown>,
): Promise<Measurement> {
  const timer = recorder();
  // A short unmeasured run first, so JIT compilation and cold caches do not land in the numbers.
  await runLanes(concurrency, Math.min(500, durationMs / 4), async () => {
    await work();
    return true;
  });
  const seconds = await runLanes(concurrency, durationMs, async () => {
    await timer.time(work);
    return true;
  });
  return summarise(timer.samples, seconds);
}
