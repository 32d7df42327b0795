import { ApiError } from '../api/client';
import type { Role } from '../session';

// Checks the administration forms make before sending, and the reading of the server's answer.
// Both speak in field names only: the page shows each field's one translated rule, so a mistake
// caught here and the same mistake refused by the server read alike. Pure, so it is tested alone.

/** The same limits the server's schemas enforce (src/accounts/schemas.ts, secrets.ts). */
export const limits = {
  institutionName: { min: 2, max: 300 },
  displayName: { max: 200 },
  email: { max: 254 },
  passwordMin: 12,
  passwordMax: 256,
  tokenName: { max: 100 },
  tokenDays: { min: 1, max: 730 },
} as const;

const registrationNumberPattern = /^\d{11}$/;
// Deliberately loose: one @, something on each side, a dot in the domain. The server decides.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InstitutionForm = { name: string; registrationNumber: string };
export type InstitutionField = keyof InstitutionForm;

export function invalidInstitutionFields(form: InstitutionForm): InstitutionField[] {
  const invalid: InstitutionField[] = [];
  const name = form.name.trim();
  if (name.length < limits.institutionName.min || name.length > limits.institutionName.max) {
    invalid.push('name');
  }
  if (!registrationNumberPattern.test(form.registrationNumber.trim())) invalid.push('registrationNumber');
  return invalid;
}

export type InstitutionEditForm = InstitutionForm & {
  vissCode: string;
  contactEmail: string;
  contactPhone: string;
};
export type InstitutionEditField = keyof InstitutionEditForm;

const vissCodePattern = /^\d{1,12}$/;
const phonePattern = /^\+?[0-9 ()-]{5,30}$/;

export function invalidInstitutionEditFields(form: InstitutionEditForm): InstitutionEditField[] {
  const invalid: InstitutionEditField[] = invalidInstitutionFields(form);
  if (form.vissCode.trim() !== '' && !vissCodePattern.test(form.vissCode.trim())) invalid.push('vissCode');
  const email = form.contactEmail.trim();
  if (email !== '' && (!emailPattern.test(email) || email.length > limits.email.max))
    invalid.push('contactEmail');
  if (form.contactPhone.trim() !== '' && !phonePattern.test(form.contactPhone.trim()))
    invalid.push('contactPhone');
  return invalid;
}

/** Only what changed goes to updateInstitution; an emptied optional field is sent as null (cleared). */
export function institutionChangeBody(before: InstitutionEditForm, form: InstitutionEditForm) {
  const changed = (field: InstitutionEditField) => form[field].trim() !== before[field];
  const orNull = (value: string) => (value === '' ? null : value);
  return {
    ...(changed('name') && { name: form.name.trim() }),
    ...(changed('registrationNumber') && { registrationNumber: form.registrationNumber.trim() }),
    ...(changed('vissCode') && { vissCode: orNull(form.vissCode.trim()) }),
    ...(changed('contactEmail') && { contactEmail: orNull(form.contactEmail.trim()) }),
    ...(changed('contactPhone') && { contactPhone: orNull(form.contactPhone.trim()) }),
  };
}

export type NewUserForm = {
  email: string;
  displayName: string;
  role: Role;
  institutionId: string;
  password: string;
  locale: 'lv' | 'en';
};
export type NewUserField = keyof NewUserForm;

function passwordIsValid(password: string): boolean {
  return password.length >= limits.passwordMin && password.length <= limits.passwordMax;
}

export function invalidNewUserFields(form: NewUserForm): NewUserField[] {
  const invalid: NewUserField[] = [];
  const email = form.email.trim();
  if (!emailPattern.test(email) || email.length > limits.email.max) invalid.push('email');
  const name = form.displayName.trim();
  if (name.length === 0 || name.length > limits.displayName.max) invalid.push('displayName');
  if (form.role === 'institution_member' && !form.institutionId) invalid.push('institutionId');
  if (form.password !== '' && !passwordIsValid(form.password)) invalid.push('password');
  return invalid;
}

/** The body of createUser: an institution only for institution members, a password only if given. */
export function newUserBody(form: NewUserForm) {
  return {
    email: form.email.trim(),
    displayName: form.displayName.trim(),
    role: form.role,
    locale: form.locale,
    ...(form.role === 'institution_member' && { institutionId: form.institutionId }),
    ...(form.password !== '' && { password: form.password }),
  };
}

export type UserChangeForm = {
  displayName: string;
  role: Role;
  locale: 'lv' | 'en';
  password: string;
};
export type UserChangeField = keyof UserChangeForm;

export function invalidUserChangeFields(form: UserChangeForm): UserChangeField[] {
  const invalid: UserChangeField[] = [];
  const name = form.displayName.trim();
  if (name.length === 0 || name.length > limits.displayName.max) invalid.push('displayName');
  if (form.password !== '' && !passwordIsValid(form.password)) invalid.push('password');
  return invalid;
}

/** Only what changed goes to updateUser, so the account's log records what the admin meant. */
export function userChangeBody(
  before: { displayName: string; role: Role; locale: 'lv' | 'en' },
  form: UserChangeForm,
) {
  const name = form.displayName.trim();
  return {
    ...(name !== before.displayName && { displayName: name }),
    ...(form.role !== before.role && { role: form.role }),
    ...(form.locale !== before.locale && { locale: form.locale }),
    ...(form.password !== '' && { password: form.password }),
  };
}

/** A user stays on their side: an institution member cannot become agency staff, nor the reverse. */
export function rolesOnSameSide(role: Role): Role[] {
  return role === 'institution_member' ? ['institution_member'] : ['agency_reviewer', 'agency_admin'];
}

export type TokenForm = { name: string; expiresInDays: string };
export type TokenField = keyof TokenForm;

export function invalidTokenFields(form: TokenForm): TokenField[] {
  const invalid: TokenField[] = [];
  const name = form.name.trim();
  if (name.length === 0 || name.length > limits.tokenName.max) invalid.push('name');
  const days = form.expiresInDays.trim();
  if (days !== '') {
    const n = Number(days);
    if (!/^\d+$/.test(days) || n < limits.tokenDays.min || n > limits.tokenDays.max) {
      invalid.push('expiresInDays');
    }
  }
  return invalid;
}

export function tokenBody(form: TokenForm): { name: string; expiresInDays?: number } {
  const days = form.expiresInDays.trim();
  return { name: form.name.trim(), ...(days !== '' && { expiresInDays: Number(days) }) };
}

/**
 * The fields a problem document names, among those the form knows. The server writes `body.email`
 * for schema errors and `institutionId` for its own checks; both name the same field.
 */
export function problemFields<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof ApiError) || !error.problem.errors) return [];
  const named = error.problem.errors.map((e) => {
    const parts = e.path.split('.').filter(Boolean);
    return parts[0] === 'body' ? parts[1] : parts[0];
  });
  return fields.filter((f) => named.includes(f));
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.problem.code === 'conflict';
}

/** Whether a token can still be used, as the list shows it. */
export type TokenStatus = 'active' | 'revoked' | 'expired';
export function tokenStatus(
  token: { revokedAt: string | null; expiresAt: string | null },
  now: Date,
): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}
