import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fileToBase64 } from '../api/act-queries';
import { api, type ResponseOf, unwrap } from '../api/client';
import { Modal } from '../components/dialog';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert } from '../components/feedback';
import { Field } from '../components/form';
import { PagedTable } from '../components/paged-table';
import { formatDateTime } from '../i18n/format';
import { useSession } from '../session';
import '../styles/agency.css';

// The trusted lists the verifier uses (ETSI TS 119 612): agency users read them, agency admins load
// a list's XML file and remove a list with a reason. Which list is in force, and whether its
// signature was checked, is the server's answer: the page only shows it, in words.

export type TrustList = ResponseOf<'listTrustLists'>['items'][number];
type Status = TrustList['status'];
const statuses: readonly Status[] = ['in_force', 'superseded', 'removed'];
const pageSize = 25;

/** The largest file the server takes. */
export const maxTrustListBytes = 16 * 1024 * 1024;
export const reasonLimits = { min: 3, max: 2000 } as const;

export function useListName() {
  const { t } = useTranslation('trustLists');
  return (list: Pick<TrustList, 'territory' | 'sequenceNumber'>) =>
    t('listName', { territory: list.territory, sequenceNumber: list.sequenceNumber });
}

export function TrustListsPage() {
  const { t, i18n } = useTranslation('trustLists');
  useDocumentTitle(t('title'));
  const { user } = useSession();
  const canManage = user?.role === 'agency_admin';
  const nameOf = useListName();
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<TrustList | null>(null);
  const [removed, setRemoved] = useState<TrustList | null>(null);
  const lists = useQuery({
    queryKey: ['trust-lists', status, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/trust-lists', {
          params: { query: { ...(status && { status }), page, pageSize } },
        }),
      ),
  });
  const lang = i18n.language;

  return (
    <section>
      <div className="page-header">
        <h1>{t('title')}</h1>
      </div>
      <p className="ag-lead">
        {t('intro')}
        {canManage ? null : ` ${t('readOnly')}`}
      </p>

      {canManage ? <UploadForm onLoaded={() => setRemoved(null)} /> : null}

      <div role="status">
        {removed ? (
          <div className="alert alert-success">
            <p>{t('removed', { name: nameOf(removed) })}</p>
          </div>
        ) : null}
      </div>

      <div className="ag-filter-grid">
        <Field label={t('status')}>
          {(props) => (
            <select
              {...props}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as Status | '');
                setPage(1);
              }}
            >
              <option value="">{t('allStatuses')}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <PagedTable
        data={lists.data}
        isPending={lists.isPending}
        error={lists.error}
        caption={t('tableCaption')}
        empty={t('empty')}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      >
        {(items) => (
          <>
            <thead>
              <tr>
                <th scope="col">{t('list')}</th>
                <th scope="col">{t('operator')}</th>
                <th scope="col">{t('issuedAt')}</th>
                <th scope="col">{t('nextUpdate')}</th>
                <th scope="col">{t('signature')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('loaded')}</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((list) => (
                <tr key={list.id} className={list.status === 'in_force' ? undefined : 'ag-row-inactive'}>
                  <th scope="row" className="ag-nowrap">
                    <Link to={`/admin/trust-lists/${list.id}`}>{nameOf(list)}</Link>
                    {list.isListOfLists ? (
                      <>
                        {' '}
                        <span className="ag-marker">{t('listOfLists')}</span>
                      </>
                    ) : null}
                  </th>
                  <td>{list.operator || '—'}</td>
                  <td className="ag-nowrap">
                    <time dateTime={list.issuedAt}>{formatDateTime(list.issuedAt, lang)}</time>
                  </td>
                  <td className="ag-nowrap">
                    {list.nextUpdate ? (
                      <time dateTime={list.nextUpdate}>{formatDateTime(list.nextUpdate, lang)}</time>
                    ) : (
                      '—'
                    )}
                    {list.overdue ? (
                      <>
                        {' '}
                        <strong className="ag-overdue">{t('overdue')}</strong>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {list.signature.status === 'valid' ? (
                      t('signatures.valid')
                    ) : (
                      <strong>{t('signatures.not_checked')}</strong>
                    )}
                  </td>
                  <td>
                    <span className={list.status === 'in_force' ? 'ag-status-active' : 'ag-status-inactive'}>
                      {t(`statuses.${list.status}`)}
                    </span>
                  </td>
                  <td>
                    {list.loadedBy ? list.loadedBy.displayName : t('fromConfiguration')},{' '}
                    <time dateTime={list.loadedAt}>{formatDateTime(list.loadedAt, lang)}</time>
                  </td>
                  {canManage ? (
                    <td className="ag-row-actions">
                      {list.status === 'removed' ? null : (
                        <button
                          type="button"
                          className="button-secondary"
                          aria-label={t('removeFor', { name: nameOf(list) })}
                          onClick={() => {
                            setRemoved(null);
                            setRemoving(list);
                          }}
                        >
                          {t('remove')}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </>
        )}
      </PagedTable>

      <Modal
        open={removing !== null}
        title={t('removeFor', { name: removing ? nameOf(removing) : '' })}
        onClose={() => setRemoving(null)}
      >
        {removing ? (
          <RemoveForm
            list={removing}
            onRemoved={(list) => {
              setRemoved(list);
              setRemoving(null);
            }}
            onCancel={() => setRemoving(null)}
          />
        ) : null}
      </Modal>
    </section>
  );
}

function UploadForm({ onLoaded }: { onLoaded: () => void }) {
  const { t } = useTranslation('trustLists');
  const queryClient = useQueryClient();
  const nameOf = useListName();
  const titleId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState('');
  const load = useMutation({
    mutationFn: async (picked: File) =>
      unwrap(api.POST('/api/v1/trust-lists', { body: { xmlBase64: await fileToBase64(picked) } })),
    onSuccess: async () => {
      onLoaded();
      if (inputRef.current) inputRef.current.value = '';
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: ['trust-lists'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = !file ? t('upload.noFile') : file.size > maxTrustListBytes ? t('upload.tooLarge') : '';
    setFieldError(problem);
    if (problem || !file) {
      inputRef.current?.focus();
      return;
    }
    load.mutate(file);
  }

  return (
    <form className="card ag-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{t('upload.title')}</h2>
      <Field label={t('upload.file')} hint={t('upload.hint')} error={fieldError}>
        {(props) => (
          <input
            {...props}
            ref={inputRef}
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => {
              setFieldError('');
              load.reset();
              setFile(e.target.files?.[0] ?? null);
            }}
          />
        )}
      </Field>
      <ErrorAlert error={load.error} />
      <div role="status">
        {load.data ? (
          <div
            className={`alert ${load.data.signature.status === 'valid' ? 'alert-success' : 'alert-warning'}`}
          >
            <p>{t('upload.loaded', { name: nameOf(load.data) })}</p>
            {load.data.signature.status === 'valid' ? null : <p>{t('upload.notChecked')}</p>}
          </div>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={load.isPending}>
          {load.isPending ? t('upload.busy') : t('upload.submit')}
        </button>
      </div>
    </form>
  );
}

function RemoveForm({
  list,
  onRemoved,
  onCancel,
}: {
  list: TrustList;
  onRemoved: (list: TrustList) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('trustLists');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const remove = useMutation({
    mutationFn: (text: string) =>
      unwrap(
        api.POST('/api/v1/trust-lists/{id}/remove', {
          params: { path: { id: list.id } },
          body: { reason: text },
        }),
      ),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: ['trust-lists'] });
      onRemoved(view);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    const bad = text.length < reasonLimits.min || text.length > reasonLimits.max;
    setInvalid(bad);
    if (bad) {
      reasonRef.current?.focus();
      return;
    }
    remove.mutate(text);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>{t('removeDialog.intro')}</p>
      <ErrorAlert error={remove.error} />
      <Field
        label={t('removeDialog.reason')}
        hint={t('removeDialog.reasonHint')}
        error={invalid ? t('removeDialog.invalidReason') : undefined}
        required
      >
        {(props) => (
          <textarea
            {...props}
            ref={reasonRef}
            rows={3}
            maxLength={reasonLimits.max}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <div className="actions ag-dialog-actions">
        <button type="submit" className="button-danger" disabled={remove.isPending}>
          {t('removeDialog.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
