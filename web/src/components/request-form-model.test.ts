import { ApiError, type Problem } from '../api/client';
import {
  emptyRequestForm,
  fieldOfPath,
  type RequestFormValues,
  splitProblem,
  toCreateBody,
  validateRequestForm,
} from './request-form-model';

const complete: RequestFormValues = {
  ...emptyRequestForm({ displayName: 'Pēteris Liepa', email: 'peteris.liepa@nrc.demo' }),
  serviceId: '01a211c9-6c60-754a-9f9a-25b2ab93fb1a',
  description: 'Izsniedz adreses maiņas paziņojumus pašvaldībām.',
  usedInVissInfrastructure: true,
  hostedInProduction: false,
  testPeriodFrom: '2026-10-01',
  testPeriodTo: '2026-10-31',
  contactPhone: '+371 67 000 000',
};
const draft = { forSubmission: false, needsService: true };
const submission = { forSubmission: true, needsService: true };

describe('request form', () => {
  it('prefills the contact person from the signed-in user and asks both decisions explicitly', () => {
    const v = emptyRequestForm({ displayName: 'Pēteris Liepa', email: 'peteris.liepa@nrc.demo' });
    expect([v.contactName, v.contactEmail, v.contactPhone]).toEqual([
      'Pēteris Liepa',
      'peteris.liepa@nrc.demo',
      '',
    ]);
    expect([v.usedInVissInfrastructure, v.hostedInProduction]).toEqual([null, null]);
  });

  it('accepts a complete request for submission', () => {
    expect(validateRequestForm(complete, submission)).toEqual({});
  });

  it('lets a draft go with a short description and no period; submitting needs both', () => {
    const short = { ...complete, description: 'Īss', testPeriodFrom: '', testPeriodTo: '' };
    expect(validateRequestForm(short, draft)).toEqual({});
    expect(validateRequestForm(short, submission)).toEqual({
      description: 'tooShort',
      testPeriodFrom: 'required',
      testPeriodTo: 'required',
    });
    // Without VISS infrastructure there is no audit analysis, so no period is needed.
    expect(
      validateRequestForm(
        { ...short, description: complete.description, usedInVissInfrastructure: false },
        submission,
      ),
    ).toEqual({});
  });

  it('asks for the service, both decisions and the contact even for a draft', () => {
    const empty = emptyRequestForm(null);
    expect(validateRequestForm(empty, draft)).toEqual({
      serviceId: 'required',
      usedInVissInfrastructure: 'required',
      hostedInProduction: 'required',
      contactName: 'required',
      contactEmail: 'required',
      contactPhone: 'required',
    });
    expect(validateRequestForm(empty, { ...draft, needsService: false }).serviceId).toBeUndefined();
  });

  it('wants both dates or none, in order', () => {
    expect(validateRequestForm({ ...complete, testPeriodTo: '' }, draft)).toEqual({
      testPeriodTo: 'bothDates',
    });
    expect(validateRequestForm({ ...complete, testPeriodFrom: '' }, draft)).toEqual({
      testPeriodFrom: 'bothDates',
    });
    expect(validateRequestForm({ ...complete, testPeriodTo: '2026-09-30' }, draft)).toEqual({
      testPeriodTo: 'periodOrder',
    });
  });

  it('builds the create body: trimmed contact, no period when none is given', () => {
    const body = toCreateBody({
      ...complete,
      contactName: '  Pēteris Liepa ',
      testPeriodFrom: '',
      testPeriodTo: '',
    });
    expect(body.contact).toEqual({
      name: 'Pēteris Liepa',
      email: 'peteris.liepa@nrc.demo',
      phone: '+371 67 000 000',
    });
    expect(body.testPeriod).toBeNull();
    expect(toCreateBody(complete).testPeriod).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('maps problem paths with or without the body prefix to fields', () => {
    expect(fieldOfPath('body.contact.email')).toBe('contactEmail');
    expect(fieldOfPath('contact.phone')).toBe('contactPhone');
    expect(fieldOfPath('testPeriod.to')).toBe('testPeriodTo');
    expect(fieldOfPath('serviceId')).toBe('serviceId');
    expect(fieldOfPath('body.version')).toBeNull();
  });

  it('puts field problems next to fields and leaves the rest for the alert', () => {
    const problem = (errors: Problem['errors']): ApiError =>
      new ApiError({
        type: '/problems/validation',
        title: 'Request is not valid',
        status: 400,
        code: 'validation',
        errors,
      });
    const mixed = splitProblem(
      problem([
        { path: 'body.contact.email', message: 'Invalid email address' },
        { path: 'body.version', message: 'Expected number' },
      ]),
    );
    expect(mixed.fields).toEqual({ contactEmail: 'invalid' });
    expect((mixed.rest as ApiError).problem.errors).toEqual([
      { path: 'body.version', message: 'Expected number' },
    ]);

    const onlyFields = splitProblem(problem([{ path: 'serviceId', message: 'No such service' }]));
    expect(onlyFields).toEqual({ fields: { serviceId: 'invalid' }, rest: null });

    const other = new Error('network');
    expect(splitProblem(other)).toEqual({ fields: {}, rest: other });
  });
});
