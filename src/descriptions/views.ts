import { z } from 'zod';

// The shapes every API answer about descriptions shares: where something is, and a finding.

export const sourceLocationView = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  path: z.string().optional(),
});

export const textsView = z.object({ lv: z.string(), en: z.string() });

export const findingView = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: textsView,
  location: sourceLocationView,
});
