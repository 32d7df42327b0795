import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ResponseOf, unwrap } from '../api/client';
import { Field } from '../components/form';
import { FormProblem, passesOwnChecks, useFocusFirstInvalid } from '../components/form-problem';
import {
  type InstitutionEditField,
  type InstitutionEditForm,
  institutionChangeBody,
  invalidInstitutionEditFields,
  isConflict,
  limits,
  problemFields,
} from './admin-forms';

// An admin corrects an institution: its name and number, the VISS code its service identifiers
// carry, and the contacts the agency writes to. Only what changed is sent, with the version read.

type Institution = ResponseOf<'listInstitutions'>['items'][number];
const fields: readonly InstitutionEditField[] = [
  'name',
  'registrationNumber',
  'vissCode',
  'contactEmail',
  'contactPhone',
];

function formOf(i: Institution): InstitutionEditForm {
  return {
    name: i.name,
    registrationNumber: i.registrationNumber,
    vissCode: i.vissCode ?? '',
    contactEmail: i.contactEmail ?? '',
    contactPhone: i.contactPhone ?? '',
  };
}

export function EditInstitutionForm({
  institution,
  onSaved,
  onCancel,
}: {
  institution: Institution;
  onSaved: (institution: Institution) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const before = formOf(institution);
  const [form, setForm] = useState<InstitutionEditForm>(before);
  const [invalid, setInvalid] = useState<InstitutionEditField[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const headingId = useId();

  useEffect(() => headingRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof institutionChangeBody>) =>
      unwrap(
        api.PATCH('/api/v1/institutions/{id}', {
          params: { path: { id: institution.id } },
          body: { ...body, version: institution.version },
        }),
      ),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['institutions'] });
      onSaved(saved);
    },
    onError: (error) => {
      const named = problemFields(error, fields);
      setInvalid(named.length ? named : isConflict(error) ? ['vissCode'] : []);
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidInstitutionEditFields(form), { setInvalid, reset: save.reset, refused }))
      return;
    save.mutate(institutionChangeBody(before, form));
  }

  const errorOf = (field: InstitutionEditField) => {
    if (!invalid.includes(field)) return undefined;
    if (isConflict(save.error)) return t('institutions.form.conflictField');
    return t(`institutions.form.invalid.${field}`, limits.institutionName);
  };
  const input =
    (field: InstitutionEditField, extra: Record<string, unknown> = {}) =>
    // A render function for Field, not a component: Field calls it, so inputs keep their state.
    (props: object) => (
      <input
        {...props}
        {...extra}
        value={form[field]}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
      />
    );

  return (
    <form ref={ref} className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('institutions.edit.title', { name: institution.name })}
      </h2>
      <FormProblem
        error={save.error}
        invalid={invalid.length > 0 && !save.error}
        conflict={t('institutions.edit.conflict')}
      />
      <Field label={t('institutions.form.name')} error={errorOf('name')} required>
        {input('name', { maxLength: limits.institutionName.max, autoComplete: 'organization' })}
      </Field>
      <Field label={t('institutions.form.registrationNumber')} error={errorOf('registrationNumber')} required>
        {input('registrationNumber', { inputMode: 'numeric', maxLength: 11, className: 'ag-input-short' })}
      </Field>
      <Field
        label={t('institutions.vissCode')}
        hint={t('institutions.edit.vissCodeHint')}
        error={errorOf('vissCode')}
      >
        {input('vissCode', { inputMode: 'numeric', maxLength: 12, className: 'ag-input-short' })}
      </Field>
      <Field label={t('institutions.contactEmail')} error={errorOf('contactEmail')}>
        {input('contactEmail', { type: 'email', autoComplete: 'email' })}
      </Field>
      <Field label={t('institutions.contactPhone')} error={errorOf('contactPhone')}>
        {input('contactPhone', { type: 'tel', autoComplete: 'tel', className: 'ag-input-short' })}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('institutions.edit.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
