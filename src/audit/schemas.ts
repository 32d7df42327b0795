import { z } from 'zod';
import { defaultThresholds } from './analysis.ts';
import { environments } from './record.ts';

// HTTP shapes of the audit feature; the types of analysis.ts are checked against them (see analyze-audit.ts).

const day = z.iso.date();

export const thresholdsInput = z.object({
  faultRatePercent: z.coerce.number().min(0).max(100).default(defaultThresholds.faultRatePercent),
  latencyP95Ms: z.coerce.number().int().min(1).max(600_000).default(defaultThresholds.latencyP95Ms),
  slowCallMs: z.coerce.number().int().min(1).max(600_000).default(defaultThresholds.slowCallMs),
});

/** A window of Riga calendar days, both inclusive, at most a year. */
export const windowInput = z
  .object({ from: day, to: day })
  .refine((w) => w.from <= w.to, { message: 'from must not be after to', path: ['to'] })
  .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= 366 * 86_400_000, {
    message: 'a window is at most 366 days',
    path: ['to'],
  });

export const analyzeAuditQuery = z
  .object({
    service: z
      .string()
      .trim()
      .min(1)
      .describe('The service identifier, URN:IVIS:<owner>:<code>-V<major>-<minor>'),
    environment: z.enum(environments).default('test'),
    from: day,
    to: day,
  })
  .extend(thresholdsInput.shape)
  .refine((w) => w.from <= w.to, { message: 'from must not be after to', path: ['to'] })
  .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= 366 * 86_400_000, {
    message: 'a window is at most 366 days',
    path: ['to'],
  });

const latencyStats = {
  measured: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
};

export const flagKinds = [
  'no_calls',
  'uncalled_operation',
  'undeclared_operation',
  'fault_rate_high',
  'latency_p95_high',
  'slow_calls',
  'calls_outside_window',
] as const;

export const auditAnalysisView = z.object({
  service: z.string(),
  environment: z.enum(environments),
  window: z.object({ from: day, to: day }),
  thresholds: z.object({ faultRatePercent: z.number(), latencyP95Ms: z.number(), slowCallMs: z.number() }),
  totals: z.object({
    calls: z.number().int(),
    successes: z.number().int(),
    faults: z.number().int(),
    faultRatePercent: z.number(),
    distinctEndUsers: z.number().int(),
    distinctConsumers: z.number().int(),
  }),
  latency: z.object(latencyStats).describe('Milliseconds from request in to response out'),
  histogram: z.array(z.object({ fromMs: z.number(), toMs: z.number().nullable(), calls: z.number().int() })),
  days: z.array(
    z.object({
      day,
      calls: z.number().int(),
      faults: z.number().int(),
      byOperation: z.record(z.string(), z.number().int()),
    }),
  ),
  operations: z.array(
    z.object({
      operation: z.string(),
      declared: z.boolean(),
      calls: z.number().int(),
      faults: z.number().int(),
      faultRatePercent: z.number(),
      slowCalls: z.number().int(),
      ...latencyStats,
    }),
  ),
  faultCodes: z.array(z.object({ code: z.string().nullable(), calls: z.number().int() })),
  consumers: z.array(
    z.object({
      institution: z.string(),
      system: z.string().nullable(),
      calls: z.number().int(),
      faults: z.number().int(),
    }),
  ),
  coverage: z.object({
    source: z.enum(['description', 'catalog', 'none']),
    declared: z.number().int(),
    called: z.number().int(),
    uncalled: z.array(z.string()),
    undeclared: z.array(z.string()),
  }),
  flags: z.array(
    z.object({
      kind: z.enum(flagKinds),
      operation: z.string().optional(),
      value: z.number().optional(),
      threshold: z.number().optional(),
    }),
  ),
});

export const importSummaryView = z.object({
  read: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.number().int(),
  loaded: z.boolean().describe('False only with strict=true when some row was invalid: nothing was loaded'),
  issues: z.array(
    z.object({
      line: z.number().int(),
      field: z.string(),
      reason: z.string(),
      source: z.string().optional(),
    }),
  ),
  issuesTruncated: z.boolean(),
});
