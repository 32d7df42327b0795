import { z } from 'zod';
import { roles } from '../requests/workflow.ts';
import { passwordRules } from './secrets.ts';

export const institutionInput = z.object({
  name: z.string().trim().min(2).max(300).describe('Official name, e.g. "Valsts ieņēmumu dienests"'),
  registrationNumber: z
    .string()
    .trim()
    .regex(/^\d{11}$/, 'An 11-digit registration number')
    .describe('Registration number in the Latvian register (11 digits)'),
  vissCode: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'Digits only, as in URN:IVIS:<code>:…')
    .nullish()
    .describe('The institution code VISS uses in service identifiers (URN:IVIS:<code>:…)'),
  contactEmail: z.email().max(300).nullish().describe("The institution's VISS contact address"),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'A phone number')
    .nullish(),
});
export type InstitutionInput = z.infer<typeof institutionInput>;

export const institutionUpdate = institutionInput
  .partial()
  .extend({ version: z.number().int().min(1).describe('The version you read (optimistic concurrency)') });
export type InstitutionUpdate = z.infer<typeof institutionUpdate>;

export const institutionView = z.object({
  id: z.uuid(),
  name: z.string(),
  registrationNumber: z.string(),
  isAgency: z.boolean(),
  vissCode: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type InstitutionView = z.infer<typeof institutionView>;

export const password = z
  .string()
  .min(passwordRules.minLength, `At least ${passwordRules.minLength} characters`)
  .max(passwordRules.maxLength);

export const userInput = z.object({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  institutionId: z.uuid().nullish().describe('Required for institution_member, absent for agency roles'),
  password: password
    .optional()
    .describe('Omit to create an account that cannot log in until a password is set'),
  locale: z.enum(['lv', 'en']).default('lv'),
});
export type UserInput = z.input<typeof userInput>;

export const userUpdate = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  role: z.enum(roles).optional(),
  isActive: z.boolean().optional(),
  locale: z.enum(['lv', 'en']).optional(),
  password: password.optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  institutionId: z.uuid().nullable(),
  locale: z.enum(['lv', 'en']),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userView>;

export const apiTokenInput = z.object({
  name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "CI pipeline"'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(730)
    .optional()
    .describe('Omit for a token that does not expire'),
});
export type ApiTokenInput = z.infer<typeof apiTokenInput>;

export const apiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters, to recognise the token'),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;

export const agencyStaffView = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: z.enum(['agency_reviewer', 'agency_admin']),
  isActive: z.boolean(),
});
export type AgencyStaffView = z.infer<typeof agencyStaffView>;
