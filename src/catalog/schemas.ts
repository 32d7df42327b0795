import { z } from 'zod';

export const environments = ['test', 'production'] as const;
export type Environment = (typeof environments)[number];

/** `URN:IVIS:<owner>:<code>-V<major>-<minor>`: VISS puts the version inside the identifier. */
export const serviceIdentifier = z
  .string()
  .trim()
  .regex(
    /^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/,
    'Expected URN:IVIS:<institution>:<code>-V<major>-<minor>',
  );

export const catalogServiceInput = z.object({
  identifier: serviceIdentifier,
  name: z.string().trim().min(2).max(300),
  protocol: z.enum(['soap', 'rest']),
  endpointUrl: z.url().max(2000).nullish(),
  institutionId: z.uuid(),
  informationSystem: z.object({
    code: z.string().trim().min(1).max(100),
    name: z.string().trim().min(2).max(300),
  }),
});
export type CatalogServiceInput = z.input<typeof catalogServiceInput>;

export const catalogServiceView = z.object({
  id: z.uuid(),
  environment: z.enum(environments),
  identifier: z.string(),
  name: z.string(),
  protocol: z.enum(['soap', 'rest']),
  endpointUrl: z.string().nullable(),
  institutionId: z.uuid(),
  informationSystem: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  entryVersion: z.number().int(),
  sourceRequestId: z.uuid().nullable(),
  updatedAt: z.iso.datetime(),
});
export type CatalogServiceView = z.infer<typeof catalogServiceView>;
