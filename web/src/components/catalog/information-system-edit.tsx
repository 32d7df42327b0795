import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ResponseOf, unwrap } from '../../api/client';
import { Field } from '../form';
import { FormProblem } from '../form-problem';

// The information system behind an entry: who controls it (pārzinis) and who holds it (turētājs),
// and whether it is still in use. Admins set them; a system retires only after all its services.

type Service = ResponseOf<'getCatalogService'>;

export function InformationSystemEdit({
  service,
  onDone,
}: {
  service: Service;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation(['catalog', 'common']);
  const queryClient = useQueryClient();
  const headingId = useId();
  const system = service.informationSystem;
  const [form, setForm] = useState({
    controller: system.controller?.id ?? '',
    holder: system.holder?.id ?? '',
    status: system.status,
  });
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/catalog/systems/{id}', {
          params: { path: { id: system.id } },
          body: {
            version: system.version,
            controllerInstitutionId: form.controller || null,
            holderInstitutionId: form.holder || null,
            ...(form.status !== system.status && { status: form.status }),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['catalog'] });
      onDone(true);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const choose = (field: 'controller' | 'holder') => (
    <Field label={t(`catalog:system.${field}`)}>
      {(props) => (
        <select
          {...props}
          value={form[field]}
          onChange={(e) => setForm({ ...form, [field]: e.target.value })}
        >
          <option value="">{t('catalog:system.none')}</option>
          {(institutions.data?.items ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>{t('catalog:system.editTitle', { name: system.name })}</h2>
      <FormProblem error={save.error} conflict={t('catalog:system.cannotRetire')} />
      {choose('controller')}
      {choose('holder')}
      <Field label={t('catalog:system.status')}>
        {(props) => (
          <select
            {...props}
            value={form.status}
            onChange={(e) => setForm({ ...form, status: e.target.value as typeof form.status })}
          >
            {(['active', 'retired'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`catalog:system.statusValue.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('catalog:system.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
