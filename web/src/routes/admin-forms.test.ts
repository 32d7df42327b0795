import { ApiError, type Problem } from '../api/client';
import {
  institutionChangeBody,
  invalidInstitutionEditFields,
  invalidInstitutionFields,
  invalidNewUserFields,
  invalidTokenFields,
  invalidUserChangeFields,
  isConflict,
  type NewUserForm,
  newUserBody,
  problemFields,
  rolesOnSameSide,
  tokenBody,
  tokenStatus,
  userChangeBody,
} from './admin-forms';

const problem = (p: Partial<Problem>): ApiError =>
  new ApiError({ type: '/problems/validation', title: 'x', status: 400, code: 'validation', ...p });

describe('institution form', () => {
  test('accepts a name and an 11-digit registration number', () => {
    expect(
      invalidInstitutionFields({ name: 'Valsts ieņēmumu dienests', registrationNumber: '90000069281' }),
    ).toEqual([]);
  });

  test.each([
    ['empty', '', ''],
    ['one letter and ten digits', 'A', '9000006928'],
    ['spaces and letters', '  ', '9000006928X'],
  ])('refuses %s', (_name, name, registrationNumber) => {
    expect(invalidInstitutionFields({ name, registrationNumber })).toEqual(['name', 'registrationNumber']);
  });
});

describe('new user form', () => {
  const member: NewUserForm = {
    email: 'ilze@vid.example',
    displayName: 'Ilze Kalniņa',
    role: 'institution_member',
    institutionId: '0190a1b2-c3d4-7e5f-8a9b-000000000011',
    password: '',
    locale: 'lv',
  };

  test('an institution member needs an institution; agency staff do not', () => {
    expect(invalidNewUserFields(member)).toEqual([]);
    expect(invalidNewUserFields({ ...member, institutionId: '' })).toEqual(['institutionId']);
    expect(invalidNewUserFields({ ...member, role: 'agency_reviewer', institutionId: '' })).toEqual([]);
  });

  test('the password is optional but at least 12 characters when given', () => {
    expect(invalidNewUserFields({ ...member, password: 'short-pass1' })).toEqual(['password']);
    expect(invalidNewUserFields({ ...member, password: 'twelve-chars' })).toEqual([]);
  });

  test('refuses an address without a domain and an empty name', () => {
    expect(invalidNewUserFields({ ...member, email: 'ilze@', displayName: '  ' })).toEqual([
      'email',
      'displayName',
    ]);
  });

  test('sends the institution only for a member and the password only when given', () => {
    expect(newUserBody({ ...member, email: ' ilze@vid.example ' })).toEqual({
      email: 'ilze@vid.example',
      displayName: 'Ilze Kalniņa',
      role: 'institution_member',
      locale: 'lv',
      institutionId: member.institutionId,
    });
    expect(newUserBody({ ...member, role: 'agency_admin', password: 'a-long-password' })).toEqual({
      email: 'ilze@vid.example',
      displayName: 'Ilze Kalniņa',
      role: 'agency_admin',
      locale: 'lv',
      password: 'a-long-password',
    });
  });
});

describe('changing a user', () => {
  const before = { displayName: 'Jānis Ozoliņš', role: 'agency_reviewer' as const, locale: 'lv' as const };

  test('sends only what changed', () => {
    expect(userChangeBody(before, { ...before, password: '' })).toEqual({});
    expect(userChangeBody(before, { ...before, role: 'agency_admin', password: '' })).toEqual({
      role: 'agency_admin',
    });
    expect(
      userChangeBody(before, {
        ...before,
        displayName: ' Jānis Ozols ',
        locale: 'en',
        password: 'new-password-1',
      }),
    ).toEqual({
      displayName: 'Jānis Ozols',
      locale: 'en',
      password: 'new-password-1',
    });
  });

  test('checks the name and a new password', () => {
    expect(invalidUserChangeFields({ ...before, displayName: '', password: 'short' })).toEqual([
      'displayName',
      'password',
    ]);
  });

  test('a role stays on its side', () => {
    expect(rolesOnSameSide('institution_member')).toEqual(['institution_member']);
    expect(rolesOnSameSide('agency_reviewer')).toEqual(['agency_reviewer', 'agency_admin']);
    expect(rolesOnSameSide('agency_admin')).toEqual(['agency_reviewer', 'agency_admin']);
  });
});

describe('token form', () => {
  test('the expiry is optional and between 1 and 730 days', () => {
    expect(invalidTokenFields({ name: 'CI', expiresInDays: '' })).toEqual([]);
    expect(invalidTokenFields({ name: 'CI', expiresInDays: '730' })).toEqual([]);
    expect(invalidTokenFields({ name: 'CI', expiresInDays: '0' })).toEqual(['expiresInDays']);
    expect(invalidTokenFields({ name: 'CI', expiresInDays: '731' })).toEqual(['expiresInDays']);
    expect(invalidTokenFields({ name: 'CI', expiresInDays: '1.5' })).toEqual(['expiresInDays']);
    expect(invalidTokenFields({ name: ' ', expiresInDays: '' })).toEqual(['name']);
  });

  test('sends the number of days only when given', () => {
    expect(tokenBody({ name: ' CI ', expiresInDays: '' })).toEqual({ name: 'CI' });
    expect(tokenBody({ name: 'CI', expiresInDays: '90' })).toEqual({ name: 'CI', expiresInDays: 90 });
  });

  test('a token is revoked, expired or active', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    expect(tokenStatus({ revokedAt: '2026-04-01T00:00:00Z', expiresAt: null }, now)).toBe('revoked');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-05-01T11:59:59Z' }, now)).toBe('expired');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-06-01T00:00:00Z' }, now)).toBe('active');
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });
});

describe("reading the server's answer", () => {
  test('names the fields of schema errors and of the use case’s own checks', () => {
    const error = problem({
      errors: [
        { path: 'body.registrationNumber', message: 'An 11-digit registration number' },
        { path: 'institutionId', message: 'No such institution.' },
        { path: 'body.unknownField', message: '?' },
      ],
    });
    expect(problemFields(error, ['name', 'registrationNumber', 'institutionId'])).toEqual([
      'registrationNumber',
      'institutionId',
    ]);
  });

  test('finds nothing in other failures', () => {
    expect(problemFields(new Error('network'), ['name'])).toEqual([]);
    expect(problemFields(problem({ code: 'forbidden', status: 403 }), ['name'])).toEqual([]);
  });

  test('recognises a conflict by its code', () => {
    expect(isConflict(problem({ code: 'conflict', status: 409 }))).toBe(true);
    expect(isConflict(problem({}))).toBe(false);
    expect(isConflict(null)).toBe(false);
  });
});

describe('institution edit form', () => {
  const before = {
    name: 'Valsts ieņēmumu dienests',
    registrationNumber: '90000069281',
    vissCode: '',
    contactEmail: '',
    contactPhone: '',
  };

  test('accepts empty optional fields and flags a VISS code with letters, a bad e-mail and a bad phone', () => {
    expect(invalidInstitutionEditFields(before)).toEqual([]);
    expect(
      invalidInstitutionEditFields({
        ...before,
        vissCode: 'VID1',
        contactEmail: 'viss@',
        contactPhone: 'zvanīt',
      }),
    ).toEqual(['vissCode', 'contactEmail', 'contactPhone']);
    expect(
      invalidInstitutionEditFields({ ...before, vissCode: '90000069281', contactPhone: '+371 67 000 000' }),
    ).toEqual([]);
  });

  test('sends only what changed, and an emptied contact as null', () => {
    const saved = { ...before, vissCode: '123', contactEmail: 'viss@vid.gov.lv' };
    expect(institutionChangeBody(saved, { ...saved, vissCode: ' 124 ', contactEmail: '' })).toEqual({
      vissCode: '124',
      contactEmail: null,
    });
    expect(institutionChangeBody(saved, saved)).toEqual({});
  });
});
