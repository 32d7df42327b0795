import { z } from 'zod';

const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('A calendar day YYYY-MM-DD (meaning 00:00 in Riga) or a date-time with its zone');

const version = z.number().int().min(1).describe('The version you read (optimistic concurrency)');
const name = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('The person\'s name as in the appointment, e.g. "Pēteris Liepa"');
const position = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .nullish()
  .describe('Their position, e.g. "valdes priekšsēdētājs"; null or absent when not given');
const reason = z.string().trim().min(3).max(2000);

export const listRepresentativesQuery = z.object({
  activeAt: instant
    .optional()
    .describe('Only the entries in force at this time (a day means 00:00 in Riga); ended ones included'),
  includeEnded: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Without activeAt: also entries that have ended (by default current and future ones)'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ListRepresentativesQuery = z.infer<typeof listRepresentativesQuery>;

export const representativeInput = z.object({
  personalCode: z
    .string()
    .max(40)
    .describe(
      'The personal code: 010190-12345, 01019012345 or PNOLV-010190-12345. Only its keyed hash and a masked form are kept',
    ),
  name,
  position,
  validFrom: instant.optional().describe('When the representation begins; now when left out'),
  validTo: instant.nullish().describe('When it ends (exclusive); absent or null while it lasts'),
});
export type RepresentativeInput = z.infer<typeof representativeInput>;

export const representativeUpdate = z
  .strictObject({
    version,
    name: name.optional(),
    position,
    validFrom: instant.optional(),
    validTo: instant.nullish(),
    reason: reason
      .optional()
      .describe('Why; required when the validity changes. Kept in the entry history with who and when'),
  })
  .describe(
    'The person stays: a different personal code is a new entry (end this one and add another), so personalCode is refused here',
  );
export type RepresentativeUpdate = z.infer<typeof representativeUpdate>;

export const endRepresentationBody = z.object({
  version,
  reason: reason.describe('Why the representation ends (kept in the entry history with who and when)'),
  validTo: instant
    .optional()
    .describe('When it ends (exclusive); now when left out. An entry not yet begun ends at its start'),
});
export type EndRepresentationBody = z.infer<typeof endRepresentationBody>;

export const representationStatuses = ['active', 'ended', 'future'] as const;

export const representativeView = z.object({
  id: z.uuid(),
  institutionId: z.uuid(),
  maskedCode: z.string().describe('The first six digits of the personal code, e.g. 010190-*****'),
  name: z.string(),
  position: z.string().nullable(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime().nullable().describe('Exclusive end; null while the representation lasts'),
  status: z.enum(representationStatuses).describe('At the time of the answer'),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RepresentativeView = z.infer<typeof representativeView>;

export const representativeList = z.object({
  items: z.array(representativeView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type RepresentativeList = z.infer<typeof representativeList>;

const change = z.object({ from: z.string().nullable(), to: z.string().nullable() });
export const representativeChanges = z.object({
  maskedCode: change.optional(),
  name: change.optional(),
  position: change.optional(),
  validFrom: change.optional(),
  validTo: change.optional(),
});
export type RepresentativeChanges = z.infer<typeof representativeChanges>;

export const representativeEventView = z.object({
  id: z.uuid(),
  action: z.enum(['create', 'update', 'end']),
  at: z.iso.datetime(),
  by: z
    .object({ id: z.uuid(), displayName: z.string() })
    .nullable()
    .describe('Null for a change made on the server (the CLI or the demo seed)'),
  reason: z.string().nullable(),
  version: z.number().int().describe("The entry's version after the change"),
  changes: representativeChanges,
});
export type RepresentativeEventView = z.infer<typeof representativeEventView>;

export const representativeDetail = representativeView.extend({
  history: z.array(representativeEventView).describe('Oldest first'),
});
export type RepresentativeDetail = z.infer<typeof representativeDetail>;
