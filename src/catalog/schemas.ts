import { z } from 'zod';

export const environments = ['test', 'production'] as const;
export type Environment = (typeof environments)[number];
export const serviceStatuses = ['active', 'deprecated', 'retired'] as const;
/** The most rows one import takes (the web UI checks it before sending). */
export const maxImportRows = 5000;

/** `URN:IVIS:<owner>:<code>-V<major>-<minor>`: VISS puts the version inside the identifier. */
export const serviceIdentifier = z
  .string()
  .trim()
  .regex(
    /^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/,
    'Expected URN:IVIS:<institution>:<code>-V<major>-<minor>',
  );

/** The parts of an identifier: owner code, service code and version. */
export function parseServiceIdentifier(identifier: string) {
  const m = /^URN:IVIS:(\d+):([A-Za-z0-9._-]+)-V(\d+)-(\d+)$/.exec(identifier);
  return m ? { owner: m[1] as string, code: m[2] as string, major: Number(m[3]), minor: Number(m[4]) } : null;
}

const serviceFacts = {
  name: z.string().trim().min(2).max(300),
  description: z.string().trim().max(10_000).default(''),
  protocol: z.enum(['soap', 'rest']),
  kind: z.enum(['synchronous', 'asynchronous']).default('synchronous'),
  serviceType: z.enum(['integration', 'business']).default('business'),
  authLevel: z.string().trim().max(100).nullish(),
  inputSchemas: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  outputSchemas: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  endpointUrl: z.url().max(2000).nullish(),
  hosting: z.enum(['agency', 'institution']).default('institution'),
  documents: z
    .array(z.object({ name: z.string().trim().min(1).max(300), url: z.url().max(2000).optional() }))
    .max(50)
    .default([]),
  operations: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
  status: z.enum(serviceStatuses).default('active'),
  deprecationNotice: z.string().trim().max(2000).nullish(),
};

const statusNeedsNotice = (v: { status: string; deprecationNotice?: string | null }) =>
  v.status !== 'deprecated' || Boolean(v.deprecationNotice);

export const catalogServiceInput = z
  .object({
    identifier: serviceIdentifier,
    ...serviceFacts,
    institutionId: z.uuid(),
    informationSystem: z.object({
      code: z.string().trim().min(1).max(100),
      name: z.string().trim().min(2).max(300),
    }),
  })
  .refine(statusNeedsNotice, { message: 'A deprecated service needs a notice', path: ['deprecationNotice'] });
export type CatalogServiceInput = z.input<typeof catalogServiceInput>;
export type CatalogServiceData = z.output<typeof catalogServiceInput>;

/** One row of a test-catalog export, as `importCatalog` takes it: institutions named by number. */
export const catalogImportRow = z
  .object({
    identifier: serviceIdentifier,
    ...serviceFacts,
    institution: z.object({
      registrationNumber: z.string().regex(/^\d{11}$/, 'An 11-digit registration number'),
    }),
    informationSystem: z.object({
      code: z.string().trim().min(1).max(100),
      name: z.string().trim().min(2).max(300),
    }),
  })
  .refine(statusNeedsNotice, { message: 'A deprecated service needs a notice', path: ['deprecationNotice'] });

export const catalogServiceView = z.object({
  id: z.uuid(),
  environment: z.enum(environments),
  identifier: z.string(),
  name: z.string(),
  description: z.string(),
  protocol: z.enum(['soap', 'rest']),
  kind: z.enum(['synchronous', 'asynchronous']),
  serviceType: z.enum(['integration', 'business']),
  authLevel: z.string().nullable(),
  inputSchemas: z.array(z.string()),
  outputSchemas: z.array(z.string()),
  endpointUrl: z.string().nullable(),
  hosting: z.enum(['agency', 'institution']),
  documents: z.array(z.object({ name: z.string(), url: z.string().optional() })),
  operations: z.array(z.string()),
  status: z.enum(serviceStatuses),
  deprecationNotice: z.string().nullable(),
  institutionId: z.uuid(),
  institutionName: z.string(),
  informationSystem: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  entryVersion: z.number().int(),
  sourceRequestId: z.uuid().nullable(),
  updatedAt: z.iso.datetime(),
});
export type CatalogServiceView = z.infer<typeof catalogServiceView>;

export const catalogVersionView = z.object({
  entryVersion: z.number().int(),
  source: z.enum(['create', 'import', 'registration', 'update']),
  sourceRequestId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  snapshot: catalogServiceView.omit({ entryVersion: true }).partial().passthrough(),
});
export type CatalogVersionView = z.infer<typeof catalogVersionView>;
