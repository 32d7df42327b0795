import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { requestKeys, runAction } from '../api/request-queries';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading, Notice } from '../components/feedback';
import { FormErrorSummary, focusFirstInvalid, RequestForm } from '../components/request-form';
import {
  emptyRequestForm,
  type FormErrors,
  hasErrors,
  type RequestFormValues,
  splitProblem,
  toCreateBody,
  validateRequestForm,
} from '../components/request-form-model';
import { useSession } from '../session';
import '../styles/requests.css';

/** What the request page says on arrival from this form. */
export type ArrivalFlash = 'saved' | 'submitted' | 'notSubmitted';

/** An institution member starts a request for one of their institution's test-catalog services. */
export function NewRequestPage() {
  const { t } = useTranslation(['requests', 'common']);
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<RequestFormValues>(() => emptyRequestForm(user));
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  useDocumentTitle(t('new.title'));

  const institutionId = user?.institutionId ?? '';
  const services = useQuery({
    queryKey: ['catalog', 'test', institutionId],
    enabled: institutionId !== '',
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/catalog/services', {
          params: { query: { environment: 'test', institutionId, pageSize: 200 } },
        }),
      ),
  });

  async function save(submit: boolean) {
    setError(null);
    const found = validateRequestForm(values, { forSubmission: submit, needsService: true });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(submit ? 'submit' : 'draft');
    let created: Awaited<ReturnType<typeof createRequest>>;
    try {
      created = await createRequest(values);
    } catch (e) {
      const { fields, rest } = splitProblem(e);
      setErrors(fields);
      setError(rest);
      setBusy(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    queryClient.setQueryData(requestKeys.detail(created.id), created);
    let flash: ArrivalFlash = 'saved';
    if (submit) {
      try {
        const submitted = await runAction(created.id, 'submit', { version: created.version });
        queryClient.setQueryData(requestKeys.detail(created.id), submitted);
        flash = 'submitted';
      } catch {
        // The draft exists; its page lists what is missing and offers to submit again.
        flash = 'notSubmitted';
      }
    }
    await queryClient.invalidateQueries({ queryKey: requestKeys.all });
    navigate(`/requests/${created.id}`, { state: { flash } });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    void save(submitter?.getAttribute('value') !== 'draft');
  }

  const items = services.data?.items ?? [];
  return (
    <>
      <p className="breadcrumb">
        <Link to="/requests">{t('new.back')}</Link>
      </p>
      <h1>{t('new.title')}</h1>
      <p className="lead">{t('new.intro')}</p>

      {services.isLoading ? <Loading /> : <ErrorAlert error={services.error} />}
      {services.isSuccess && items.length === 0 ? <Notice>{t('new.noServices')}</Notice> : null}

      {services.isSuccess && items.length > 0 ? (
        <form ref={formRef} className="card request-form-card" onSubmit={onSubmit} noValidate>
          <FormErrorSummary errors={errors} />
          <ErrorAlert error={error} />
          <RequestForm
            values={values}
            onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
            errors={errors}
            services={items}
          />
          <p className="hint">{t('new.buttonsHint')}</p>
          <div className="actions form-actions">
            <button
              type="submit"
              name="intent"
              value="submit"
              className="button-primary"
              disabled={busy !== null}
            >
              {t('new.saveAndSubmit')}
            </button>
            <button
              type="submit"
              name="intent"
              value="draft"
              className="button-secondary"
              disabled={busy !== null}
            >
              {t('new.saveDraft')}
            </button>
            <span role="status" className="muted">
              {busy ? t(busy === 'submit' ? 'new.submitting' : 'new.saving') : ''}
            </span>
          </div>
        </form>
      ) : null}
    </>
  );
}

function createRequest(values: RequestFormValues) {
  return unwrap(api.POST('/api/v1/requests', { body: toCreateBody(values) }));
}
