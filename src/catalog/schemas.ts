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

const factFields = {
  name: z.string().trim().min(2).max(300),
  description: z.string().trim().max(10_000),
  protocol: z.enum(['soap', 'rest']),
  kind: z.enum(['synchronous', 'asynchronous']),
  serviceType: z.enum(['integration', 'business']),
  authLevel: z.string().trim().max(100).nullish(),
  inputSchemas: z.array(z.string().trim().min(1).max(500)).max(100),
  outputSchemas: z.array(z.string().trim().min(1).max(500)).max(100),
  endpointUrl: z.url().max(2000).nullish(),
  hosting: z.enum(['agency', 'institution']),
  documents: z
    .array(z.object({ name: z.string().trim().min(1).max(300), url: z.url().max(2000).optional() }))
    .max(50),
  operations: z.array(z.string().trim().min(1).max(200)).max(1000),
  status: z.enum(serviceStatuses),
  deprecationNotice: z.string().trim().max(2000).nullish(),
};

const serviceFacts = {
  ...factFields,
  description: factFields.description.default(''),
  kind: factFields.kind.default('synchronous'),
  serviceType: factFields.serviceType.default('business'),
  inputSchemas: factFields.inputSchemas.default([]),
  outputSchemas: factFields.outputSchemas.default([]),
  hosting: factFields.hosting.default('institution'),
  documents: factFields.documents.default([]),
  operations: factFields.operations.default([]),
  status: factFields.status.default('active'),
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
  informationSystem: z.object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    status: z.enum(['active', 'retired']),
    version: z.number().int(),
    controller: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('The IS controller (pārzinis)'),
    holder: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The IS holder (turētājs)'),
  }),
  entryVersion: z.number().int(),
  sourceRequestId: z.uuid().nullable(),
  updatedAt: z.iso.datetime(),
});
export type CatalogServiceView = z.infer<typeof catalogServiceView>;

export const catalogVersionView = z.object({
  entryVersion: z.number().int(),
  source: z.enum(['create', 'import', 'registration', 'update']),
  sourceRequestId: z.uuid().nullable(),
  reason: z.string().nullable().describe('Why an admin changed the entry (updates only)'),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  // Snapshots keep the shape of their day: older ones lack the system's later fields.
  snapshot: catalogServiceView
    .omit({ entryVersion: true })
    .partial()
    .extend({
      informationSystem: z
        .object({ id: z.uuid(), code: z.string(), name: z.string() })
        .passthrough()
        .optional(),
    })
    .passthrough(),
});
/** What an admin may change in an entry outside imports and registrations (identity stays). */
export const catalogServiceUpdate = z
  .object({
    entryVersion: z.number().int().min(1).describe('The entry version you read (optimistic concurrency)'),
    reason: z.string().trim().min(3).max(2000).describe('Why, for the entry history'),
    // Without defaults: a field left out of an update keeps its value. The protocol is identity.
    ...factFields,
  })
  .omit({ protocol: true })
  .partial()
  .required({ entryVersion: true, reason: true });
export type CatalogServiceUpdate = z.infer<typeof catalogServiceUpdate>;

export const informationSystemUpdate = z.object({
  version: z.number().int().min(1).describe('The version you read (optimistic concurrency)'),
  name: z.string().trim().min(2).max(300).optional(),
  controllerInstitutionId: z.uuid().nullish(),
  holderInstitutionId: z.uuid().nullish(),
  status: z.enum(['active', 'retired']).optional(),
});
export type InformationSystemUpdate = z.infer<typeof informationSystemUpdate>;

const institutionRef = z.object({ id: z.uuid(), name: z.string() });

export const informationSystemView = z.object({
  id: z.uuid(),
  environment: z.enum(environments),
  code: z.string(),
  name: z.string(),
  institutionId: z.uuid(),
  status: z.enum(['active', 'retired']),
  version: z.number().int(),
  controller: institutionRef.nullable().describe('The IS controller (pārzinis)'),
  holder: institutionRef.nullable().describe('The IS holder (turētājs)'),
  updatedAt: z.iso.datetime(),
});
export type InformationSystemView = z.infer<typeof informationSystemView>;

export type CatalogVersionView = z.infer<typeof catalogVersionView>;
