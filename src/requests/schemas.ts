import { z } from 'zod';
import { catalogServiceView } from '../catalog/schemas.ts';
import { actions, roles, states } from './workflow.ts';

const isoDate = z.iso.date().describe('YYYY-MM-DD');

export const contactInput = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'A phone number such as +371 67 000 000'),
});

const testPeriod = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: 'The period must not end before it starts', path: ['to'] })
  .describe('Acceptance-test period whose audit records the agency should analyse');

export const createRequestInput = z.object({
  serviceId: z.uuid().describe("The service's entry in the VISS test IS catalog"),
  contact: contactInput.describe('Contact person at the institution'),
  description: z.string().max(20_000).default('').describe('How the service works (required to submit)'),
  testPeriod: testPeriod.nullish(),
  usedInVissInfrastructure: z
    .boolean()
    .describe(
      'Used in VISS infrastructure (e-services, data exchange): the acceptance act (step 3) is required',
    ),
  hostedInProduction: z
    .boolean()
    .describe('Hosted in the VISS production environment: the agency installs it in step 4'),
});
export type CreateRequestInput = z.input<typeof createRequestInput>;

export const updateRequestInput = z.object({
  version: z.number().int().min(1).describe('The version you last read; a stale one is refused with 409'),
  contact: contactInput.optional(),
  description: z.string().max(20_000).optional(),
  testPeriod: testPeriod.nullish(),
  usedInVissInfrastructure: z.boolean().optional(),
  hostedInProduction: z.boolean().optional(),
});
export type UpdateRequestInput = z.infer<typeof updateRequestInput>;

export const actionInput = z.object({
  version: z.number().int().min(1).describe('The version you last read; a stale one is refused with 409'),
  comment: z
    .string()
    .trim()
    .max(10_000)
    .optional()
    .describe('Shown in the history; required as the reason to reject'),
  corrections: z
    .array(z.string().trim().min(1).max(4000))
    .max(100)
    .optional()
    .describe('What must change (requestCorrections only)'),
  production: z
    .object({
      endpointUrl: z.string().trim().max(2000).optional().describe('The production endpoint URL (required)'),
      hosting: z
        .enum(['agency', 'institution'])
        .optional()
        .describe(
          "Hosted in the agency's production (then installed) or in the institution's infrastructure",
        ),
      version: z.string().trim().max(50).optional().describe('The production version, e.g. 1.0'),
      sameAsTestConfirmed: z
        .boolean()
        .optional()
        .describe('Production deliberately uses the test endpoint URL; without it an equal URL is refused'),
    })
    .optional()
    .describe('registerInProduction only: what goes into the production catalog entry'),
  installation: z
    .object({
      checkedUrl: z
        .string()
        .trim()
        .max(2000)
        .optional()
        .describe('The URL at which the production endpoint answered (the server does not call it)'),
    })
    .optional()
    .describe('confirmInstallation only'),
});
export type ActionInputBody = z.infer<typeof actionInput>;

const personRef = z.object({ id: z.uuid(), displayName: z.string() });

export const correctionView = z.object({
  id: z.uuid(),
  round: z.number().int(),
  text: z.string(),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: personRef.nullable(),
  fromFinding: z.boolean().describe("Made from a finding of the request's description"),
  outdated: z
    .boolean()
    .describe('Made from a finding of an earlier description: check it against the current one'),
  messages: z
    .array(
      z.object({
        id: z.uuid(),
        author: z.object({ id: z.uuid(), displayName: z.string(), role: z.enum(roles) }),
        body: z.string(),
        createdAt: z.iso.datetime(),
      }),
    )
    .describe("The correction's own thread: the institution's answers and the reviewer's replies"),
});
export const correctionMessageView = correctionView.shape.messages.element;
export type CorrectionMessageView = z.infer<typeof correctionMessageView>;

export const requestSummary = z.object({
  id: z.uuid(),
  reference: z.string().describe('Human-readable number, e.g. TP-2026-0001'),
  state: z.enum(states),
  version: z.number().int(),
  institution: z.object({ id: z.uuid(), name: z.string() }),
  service: z.object({ id: z.uuid(), identifier: z.string(), name: z.string() }),
  usedInVissInfrastructure: z.boolean(),
  hostedInProduction: z.boolean(),
  assignee: personRef.nullable(),
  correctionRounds: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  stateChangedAt: z.iso.datetime().describe('When the request entered its current state'),
});
export type RequestSummary = z.infer<typeof requestSummary>;

export const requestView = requestSummary.extend({
  contact: contactInput,
  description: z.string(),
  testPeriod: z.object({ from: z.string(), to: z.string() }).nullable(),
  decisionReason: z.string().nullable().describe('Why it was rejected or withdrawn'),
  corrections: z.array(correctionView),
  productionService: catalogServiceView.nullable(),
  missingForSubmission: z.array(z.string()),
  allowedActions: z.array(z.enum(actions)).describe('What the caller may do now'),
  blockedActions: z
    .array(z.object({ action: z.enum(actions), reason: z.string(), detail: z.string() }))
    .describe('What the caller could do in this state, were it not for the reason given'),
  capabilities: z
    .object({
      edit: z.boolean().describe('updateRequest is possible'),
      resolveCorrections: z.boolean().describe('resolveCorrection is possible'),
      assign: z
        .enum(['none', 'take', 'release', 'any'])
        .describe('assignRequest: take a free request, release your own, or assign anyone (admins)'),
      issueAct: z.boolean().describe('issueAct is possible (a new act version when one exists)'),
    })
    .describe('What the caller may do besides workflow actions'),
  endedFrom: z
    .enum(states)
    .nullable()
    .describe('For a rejected, withdrawn or completed request: the state it left'),
  production: z
    .object({
      testEndpointUrl: z.string().nullable().describe("The test catalog entry's endpoint"),
      endpointUrl: z.string().nullable().describe('The production endpoint registered at step 4'),
      hosting: z.enum(['agency', 'institution']).nullable(),
      version: z.string().nullable(),
      registeredAt: z.iso.datetime().nullable(),
      installationCheckUrl: z
        .string()
        .nullable()
        .describe('The URL at which the reviewer saw the production endpoint answer'),
      installationConfirmedAt: z.iso.datetime().nullable(),
      defaults: z
        .object({
          endpointUrl: z.string().nullable(),
          hosting: z.enum(['agency', 'institution']),
          version: z.string().nullable(),
        })
        .describe('What the registration form starts with'),
    })
    .describe('Step 4: production data and installation'),
});
export type RequestView = z.infer<typeof requestView>;

export const listRequestsQuery = z.object({
  state: z
    .union([z.enum(states), z.array(z.enum(states))])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s]))
    .describe('One or more states (repeat the parameter)'),
  institutionId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  assigneeId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Part of the reference, service name or identifier'),
  minDaysInState: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('Only requests that have waited at least this many days in their current state'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  sort: z
    .enum(['updatedAt', '-updatedAt', 'stateChangedAt', '-stateChangedAt', 'createdAt', '-createdAt'])
    .default('-updatedAt'),
});
export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;

export const requestList = z.object({
  items: z.array(requestSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  countsByState: z
    .record(z.enum(states), z.number().int())
    .describe('How many requests match the other filters, per state (the state filter itself ignored)'),
});
export type RequestList = z.infer<typeof requestList>;

export const historyEntryView = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  actor: personRef.extend({ role: z.enum(roles) }),
  action: z.string(),
  fromState: z.enum(states).nullable(),
  toState: z.enum(states).nullable(),
  comment: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  visibility: z.enum(['all', 'agency']),
  createdAt: z.iso.datetime(),
  hash: z.string(),
});
export type HistoryEntryView = z.infer<typeof historyEntryView>;

export const messageInput = z.object({ body: z.string().trim().min(1).max(10_000) });
export const messageView = z.object({
  id: z.uuid(),
  author: personRef.extend({ role: z.enum(roles) }),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export type MessageView = z.infer<typeof messageView>;

export const assignInput = z.object({
  version: z.number().int().min(1),
  assigneeId: z.uuid().nullable().describe('An agency user, or null to release the request'),
});
