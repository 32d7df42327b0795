import { minimumDescriptionLength } from '../../../src/requests/workflow.ts';
import { ApiError, type BodyOf } from '../api/client';
import type { RequestView } from '../api/request-queries';

// What the request form holds, how it becomes an API body, and which field each problem belongs to.
// The server decides; these checks only spare the user a round trip for what is plainly missing.

export { minimumDescriptionLength };

export type RequestFormValues = {
  serviceId: string;
  description: string;
  /** null until the user has chosen: both decisions are asked explicitly, never defaulted. */
  usedInVissInfrastructure: boolean | null;
  hostedInProduction: boolean | null;
  testPeriodFrom: string;
  testPeriodTo: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
};
export type FormField = keyof RequestFormValues;
export type FieldProblem = 'required' | 'tooShort' | 'bothDates' | 'periodOrder' | 'invalid';
export type FormErrors = Partial<Record<FormField, FieldProblem>>;

/** The order fields appear in, so the first invalid one can be focused. */
export const formFields: readonly FormField[] = [
  'serviceId',
  'description',
  'usedInVissInfrastructure',
  'hostedInProduction',
  'testPeriodFrom',
  'testPeriodTo',
  'contactName',
  'contactEmail',
  'contactPhone',
];

export function emptyRequestForm(user: { displayName: string; email: string } | null): RequestFormValues {
  return {
    serviceId: '',
    description: '',
    usedInVissInfrastructure: null,
    hostedInProduction: null,
    testPeriodFrom: '',
    testPeriodTo: '',
    contactName: user?.displayName ?? '',
    contactEmail: user?.email ?? '',
    contactPhone: '',
  };
}

export function requestFormFrom(view: RequestView): RequestFormValues {
  return {
    serviceId: view.service.id,
    description: view.description,
    usedInVissInfrastructure: view.usedInVissInfrastructure,
    hostedInProduction: view.hostedInProduction,
    testPeriodFrom: view.testPeriod?.from ?? '',
    testPeriodTo: view.testPeriod?.to ?? '',
    contactName: view.contact.name,
    contactEmail: view.contact.email,
    contactPhone: view.contact.phone,
  };
}

/**
 * Checks before sending. A draft needs the service, both decisions and the contact person (the API
 * refuses a draft without them); submitting also needs what the workflow's `complete` guard asks for.
 */
export function validateRequestForm(
  v: RequestFormValues,
  { forSubmission, needsService }: { forSubmission: boolean; needsService: boolean },
): FormErrors {
  const errors: FormErrors = {};
  if (needsService && !v.serviceId) errors.serviceId = 'required';
  if (forSubmission && v.description.trim().length < minimumDescriptionLength)
    errors.description = 'tooShort';
  if (v.usedInVissInfrastructure === null) errors.usedInVissInfrastructure = 'required';
  if (v.hostedInProduction === null) errors.hostedInProduction = 'required';
  const from = v.testPeriodFrom;
  const to = v.testPeriodTo;
  if (from && to && to < from) errors.testPeriodTo = 'periodOrder';
  else if (from && !to) errors.testPeriodTo = 'bothDates';
  else if (!from && to) errors.testPeriodFrom = 'bothDates';
  else if (!from && !to && forSubmission && v.usedInVissInfrastructure) {
    errors.testPeriodFrom = 'required';
    errors.testPeriodTo = 'required';
  }
  if (!v.contactName.trim()) errors.contactName = 'required';
  if (!v.contactEmail.trim()) errors.contactEmail = 'required';
  if (!v.contactPhone.trim()) errors.contactPhone = 'required';
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  return Object.keys(errors).length > 0;
}

function contact(v: RequestFormValues) {
  return { name: v.contactName.trim(), email: v.contactEmail.trim(), phone: v.contactPhone.trim() };
}

function testPeriod(v: RequestFormValues) {
  return v.testPeriodFrom && v.testPeriodTo ? { from: v.testPeriodFrom, to: v.testPeriodTo } : null;
}

export function toCreateBody(v: RequestFormValues): BodyOf<'createRequest'> {
  return {
    serviceId: v.serviceId,
    description: v.description,
    usedInVissInfrastructure: v.usedInVissInfrastructure === true,
    hostedInProduction: v.hostedInProduction === true,
    testPeriod: testPeriod(v),
    contact: contact(v),
  };
}

export function toUpdateBody(v: RequestFormValues, version: number): BodyOf<'updateRequest'> {
  return {
    version,
    description: v.description,
    usedInVissInfrastructure: v.usedInVissInfrastructure === true,
    hostedInProduction: v.hostedInProduction === true,
    testPeriod: testPeriod(v),
    contact: contact(v),
  };
}

const fieldByPath: Record<string, FormField> = {
  serviceId: 'serviceId',
  description: 'description',
  usedInVissInfrastructure: 'usedInVissInfrastructure',
  hostedInProduction: 'hostedInProduction',
  testPeriod: 'testPeriodFrom',
  'testPeriod.from': 'testPeriodFrom',
  'testPeriod.to': 'testPeriodTo',
  contact: 'contactName',
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
};

/** The form field a problem's `errors[].path` names (`body.contact.email` or `contact.email`), if any. */
export function fieldOfPath(path: string): FormField | null {
  return fieldByPath[path.replace(/^body\./, '')] ?? null;
}

/**
 * Splits an API error into problems shown next to their fields and the rest, shown above the form.
 * Field problems are translated by field on screen; the server's English messages are not shown.
 */
export function splitProblem(error: unknown): { fields: FormErrors; rest: unknown } {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return { fields: {}, rest: error };
  const fields: FormErrors = {};
  const remaining = [];
  for (const e of error.problem.errors) {
    const field = fieldOfPath(e.path);
    if (field) fields[field] ??= 'invalid';
    else remaining.push(e);
  }
  if (remaining.length === 0) return { fields, rest: null };
  return { fields, rest: new ApiError({ ...error.problem, errors: remaining }) };
}
