import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem, passesOwnChecks, useFocusFirstInvalid } from '../components/form-problem';
import { PageHeaderWithFormToggle } from '../components/page-header';
import { RepresentativesSection } from '../components/representatives-section';
import { TableRegion } from '../components/table-region';
import { formatDateTime } from '../i18n/format';
import {
  type InstitutionField,
  type InstitutionForm,
  invalidInstitutionFields,
  isConflict,
  limits,
  problemFields,
} from './admin-forms';
import { EditInstitutionForm } from './admin-institution-edit';
import '../styles/agency.css';

type Institution = ResponseOf<'listInstitutions'>['items'][number];
const fields: readonly InstitutionField[] = ['name', 'registrationNumber'];

export function InstitutionsPage() {
  const { t, i18n } = useTranslation('admin');
  useDocumentTitle(t('institutions.title'));
  const [formOpen, setFormOpen] = useState(false);
  const [added, setAdded] = useState<Institution | null>(null);
  const [editing, setEditing] = useState<Institution | null>(null);
  const [saved, setSaved] = useState<Institution | null>(null);
  const formId = useId();
  const openButton = useRef<HTMLButtonElement>(null);
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
  });
  // Whose register of representatives is open: in the address, so it can be linked to and reloaded.
  const [params, setParams] = useSearchParams();
  const representativesOf = institutions.data?.items.find((i) => i.id === params.get('representatives'));
  const showRepresentatives = (institution: Institution | null) => {
    const next = new URLSearchParams(params);
    if (institution) next.set('representatives', institution.id);
    else next.delete('representatives');
    setParams(next);
  };

  return (
    <section>
      <PageHeaderWithFormToggle
        title={t('institutions.title')}
        buttonLabel={t('institutions.add')}
        formId={formId}
        formOpen={formOpen}
        buttonRef={openButton}
        onToggle={() => {
          setAdded(null);
          setFormOpen((open) => !open);
        }}
      />
      <p className="ag-lead">{t('institutions.intro')}</p>

      <div role="status">
        {added ? (
          <div className="alert alert-success">
            <p>{t('institutions.added', { name: added.name })}</p>
          </div>
        ) : null}
        {saved ? (
          <div className="alert alert-success">
            <p>{t('institutions.edit.saved', { name: saved.name })}</p>
          </div>
        ) : null}
      </div>

      {editing ? (
        <EditInstitutionForm
          key={editing.id}
          institution={editing}
          onSaved={(institution) => {
            setSaved(institution);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <div id={formId}>
        {formOpen ? (
          <NewInstitutionForm
            onCreated={(institution) => {
              setAdded(institution);
              setFormOpen(false);
              openButton.current?.focus();
            }}
            onCancel={() => {
              setFormOpen(false);
              openButton.current?.focus();
            }}
          />
        ) : null}
      </div>

      {representativesOf ? (
        <div className="card">
          <RepresentativesSection key={representativesOf.id} institution={representativesOf} canManage />
          <button type="button" className="button-secondary" onClick={() => showRepresentatives(null)}>
            {t('representatives.close')}
          </button>
        </div>
      ) : null}

      <ErrorAlert error={institutions.error} />
      {institutions.isPending ? <Loading /> : null}
      {institutions.data ? (
        <TableRegion label={t('institutions.tableCaption')}>
          <table className="ag-table">
            <caption className="visually-hidden">{t('institutions.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('institutions.name')}</th>
                <th scope="col">{t('institutions.registrationNumber')}</th>
                <th scope="col">{t('institutions.vissCode')}</th>
                <th scope="col">{t('institutions.contacts')}</th>
                <th scope="col">{t('institutions.kind')}</th>
                <th scope="col">{t('institutions.createdAt')}</th>
                <th scope="col">{t('institutions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {institutions.data.items.map((institution) => (
                <tr key={institution.id}>
                  <th scope="row">{institution.name}</th>
                  <td className="ag-nowrap">{institution.registrationNumber}</td>
                  <td className="ag-nowrap">{institution.vissCode ?? '—'}</td>
                  <td>
                    {[institution.contactEmail, institution.contactPhone].filter(Boolean).join(', ') || '—'}
                  </td>
                  <td>
                    {institution.isAgency ? (
                      <span className="ag-marker">{t('institutions.agency')}</span>
                    ) : (
                      t('institutions.institution')
                    )}
                  </td>
                  <td className="ag-nowrap">
                    <time dateTime={institution.createdAt}>
                      {formatDateTime(institution.createdAt, i18n.language)}
                    </time>
                  </td>
                  <td className="ag-row-actions">
                    <div className="actions">
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={t('institutions.edit.openFor', { name: institution.name })}
                        onClick={() => {
                          setSaved(null);
                          setEditing(institution);
                        }}
                      >
                        {t('institutions.edit.open')}
                      </button>
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={t('representatives.openFor', { name: institution.name })}
                        aria-pressed={representativesOf?.id === institution.id}
                        onClick={() => showRepresentatives(institution)}
                      >
                        {t('representatives.open')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}

function NewInstitutionForm({
  onCreated,
  onCancel,
}: {
  onCreated: (institution: Institution) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<InstitutionForm>({ name: '', registrationNumber: '' });
  const [invalid, setInvalid] = useState<InstitutionField[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const headingId = useId();

  useEffect(() => headingRef.current?.focus(), []);

  const create = useMutation({
    mutationFn: (body: InstitutionForm) => unwrap(api.POST('/api/v1/institutions', { body })),
    onSuccess: async (institution) => {
      await queryClient.invalidateQueries({ queryKey: ['institutions'] });
      onCreated(institution);
    },
    onError: (error) => {
      const named = problemFields(error, fields);
      setInvalid(isConflict(error) ? ['registrationNumber'] : named);
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidInstitutionFields(form), { setInvalid, reset: create.reset, refused }))
      return;
    create.mutate({ name: form.name.trim(), registrationNumber: form.registrationNumber.trim() });
  }

  const conflict = isConflict(create.error);
  const errorOf = (field: InstitutionField) => {
    if (!invalid.includes(field)) return undefined;
    if (field === 'registrationNumber' && conflict) return t('institutions.form.conflictField');
    return t(`institutions.form.invalid.${field}`, limits.institutionName);
  };

  return (
    <form ref={ref} className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('institutions.form.title')}
      </h2>
      <FormProblem
        error={create.error}
        invalid={invalid.length > 0 && !create.error}
        conflict={t('institutions.form.conflict', { number: form.registrationNumber.trim() })}
      />
      <Field
        label={t('institutions.form.name')}
        hint={t('institutions.form.nameHint')}
        error={errorOf('name')}
        required
      >
        {(props) => (
          <input
            {...props}
            value={form.name}
            maxLength={limits.institutionName.max}
            autoComplete="organization"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        )}
      </Field>
      <Field
        label={t('institutions.form.registrationNumber')}
        hint={t('institutions.form.registrationNumberHint')}
        error={errorOf('registrationNumber')}
        required
      >
        {(props) => (
          <input
            {...props}
            value={form.registrationNumber}
            inputMode="numeric"
            maxLength={11}
            autoComplete="off"
            className="ag-input-short"
            onChange={(e) => setForm({ ...form, registrationNumber: e.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('institutions.form.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
