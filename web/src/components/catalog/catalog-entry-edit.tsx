import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ResponseOf, unwrap } from '../../api/client';
import { Field } from '../form';
import { FormProblem } from '../form-problem';

// An admin corrects a catalog entry outside imports and registrations: its name, description and
// endpoint, or its status — deprecated with a notice consumers read, or retired for good. Every save
// is a new entry version with the reason given here.

type Service = ResponseOf<'getCatalogService'>;
type Status = Service['status'];

export type EntryEditForm = {
  name: string;
  description: string;
  endpointUrl: string;
  status: Status;
  deprecationNotice: string;
  reason: string;
};
export type EntryEditField = keyof EntryEditForm;

export function invalidEntryFields(form: EntryEditForm): EntryEditField[] {
  const invalid: EntryEditField[] = [];
  const name = form.name.trim();
  if (name.length < 2 || name.length > 300) invalid.push('name');
  if (form.endpointUrl.trim() !== '' && !/^https?:\/\/\S+$/.test(form.endpointUrl.trim()))
    invalid.push('endpointUrl');
  if (form.status === 'deprecated' && form.deprecationNotice.trim() === '') invalid.push('deprecationNotice');
  if (form.reason.trim().length < 3) invalid.push('reason');
  return invalid;
}

/** The fields that changed, with the version read and the reason: what updateCatalogService takes. */
export function entryChangeBody(service: Service, form: EntryEditForm) {
  const name = form.name.trim();
  const description = form.description.trim();
  const endpointUrl = form.endpointUrl.trim() || null;
  const notice = form.status === 'deprecated' ? form.deprecationNotice.trim() : null;
  return {
    entryVersion: service.entryVersion,
    reason: form.reason.trim(),
    ...(name !== service.name && { name }),
    ...(description !== service.description && { description }),
    ...(endpointUrl !== service.endpointUrl && { endpointUrl }),
    ...(form.status !== service.status && { status: form.status }),
    ...(notice !== service.deprecationNotice && { deprecationNotice: notice }),
  };
}

export function CatalogEntryEdit({
  service,
  onDone,
}: {
  service: Service;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation(['catalog', 'common']);
  const queryClient = useQueryClient();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<EntryEditForm>({
    name: service.name,
    description: service.description,
    endpointUrl: service.endpointUrl ?? '',
    status: service.status,
    deprecationNotice: service.deprecationNotice ?? '',
    reason: '',
  });
  const [invalid, setInvalid] = useState<EntryEditField[]>([]);
  /** Edits a field and clears its error: the message answered the value that was there before. */
  const set = (field: EntryEditField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setInvalid((fields) => fields.filter((f) => f !== field));
  };
  useEffect(() => headingRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/catalog/services/{id}', {
          params: { path: { id: service.id } },
          body: entryChangeBody(service, form),
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['catalog', 'service', service.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['catalog'] });
      onDone(true);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = invalidEntryFields(form);
    setInvalid(problems);
    save.reset();
    if (problems.length === 0) save.mutate();
  }
  const errorOf = (field: EntryEditField) =>
    invalid.includes(field) ? t(`catalog:edit.invalid.${field}`) : undefined;
  const retired = service.status === 'retired';

  return (
    <form className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('catalog:edit.title')}
      </h2>
      <p className="hint">{t('catalog:edit.intro')}</p>
      <FormProblem error={save.error} invalid={invalid.length > 0 && !save.error} />
      <Field label={t('catalog:edit.name')} error={errorOf('name')} required>
        {(props) => (
          <input {...props} value={form.name} maxLength={300} onChange={(e) => set('name', e.target.value)} />
        )}
      </Field>
      <Field label={t('catalog:edit.description')}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={form.description}
            maxLength={10_000}
            onChange={(e) => set('description', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('catalog:edit.endpointUrl')} error={errorOf('endpointUrl')}>
        {(props) => (
          <input
            {...props}
            type="url"
            value={form.endpointUrl}
            onChange={(e) => set('endpointUrl', e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('catalog:edit.status')}
        hint={retired ? t('catalog:edit.retiredHint') : t('catalog:edit.statusHint')}
      >
        {(props) => (
          <select
            {...props}
            value={form.status}
            disabled={retired}
            onChange={(e) => set('status', e.target.value)}
          >
            {(['active', 'deprecated', 'retired'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`catalog:status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {form.status === 'deprecated' ? (
        <Field
          label={t('catalog:edit.deprecationNotice')}
          hint={t('catalog:edit.deprecationNoticeHint')}
          error={errorOf('deprecationNotice')}
          required
        >
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={form.deprecationNotice}
              maxLength={2000}
              onChange={(e) => set('deprecationNotice', e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field
        label={t('catalog:edit.reason')}
        hint={t('catalog:edit.reasonHint')}
        error={errorOf('reason')}
        required
      >
        {(props) => (
          <input
            {...props}
            value={form.reason}
            maxLength={2000}
            onChange={(e) => set('reason', e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('catalog:edit.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
