import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personalCodeProblemTexts } from '../../../src/representatives/personal-code.ts';
import { ApiError, api, type ResponseOf, unwrap } from '../api/client';
import { formatDate, formatDateTime } from '../i18n/format';
import { Modal } from './dialog';
import { ErrorAlert, Loading } from './feedback';
import { Field } from './form';
import { FormProblem, passesOwnChecks, useFocusFirstInvalid } from './form-problem';
import { Pagination } from './pagination';
import {
  type EndForm,
  editFormOf,
  endBody,
  firstDayOf,
  invalidEditFields,
  invalidEndFields,
  invalidRepresentativeFields,
  lastDayOf,
  newRepresentativeBody,
  personalCodeProblemOf,
  type RepresentativeEditField,
  type RepresentativeEditForm,
  type RepresentativeField,
  type RepresentativeForm,
  representativeChangeBody,
  representativeLimits,
  type ValidityBound,
} from './representatives-model';
import { TableRegion } from './table-region';
import '../styles/agency.css';

// An institution's register of representatives: who may sign its acceptance acts with a personal
// e-signature. Agency admins add, correct and end entries; everyone else who may see the institution
// reads it. Codes are only ever masked here: the server never answers more.

type Representative = ResponseOf<'listRepresentatives'>['items'][number];
type Outcome = { kind: 'created' | 'saved' | 'ended'; name: string };

const pageSize = 25;
const editFields: readonly RepresentativeEditField[] = ['name', 'position', 'firstDay', 'lastDay', 'reason'];

/** The server's field names, as the forms call them. */
const serverFields: Record<string, RepresentativeField | RepresentativeEditField> = {
  personalCode: 'personalCode',
  name: 'name',
  position: 'position',
  validFrom: 'firstDay',
  validTo: 'lastDay',
  reason: 'reason',
};

function fieldsNamedBy<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof ApiError) || !error.problem.errors) return [];
  const named = error.problem.errors.map((e) => {
    const parts = e.path.split('.').filter(Boolean);
    return serverFields[(parts[0] === 'body' ? parts[1] : parts[0]) ?? ''];
  });
  return fields.filter((f) => (named as string[]).includes(f));
}

const isOverlap = (error: unknown) =>
  error instanceof ApiError && error.problem.code === 'representation_overlap';

export function RepresentativesSection({
  institution,
  canManage,
}: {
  institution: { id: string; name: string };
  canManage: boolean;
}) {
  const { t } = useTranslation('admin');
  const headingId = useId();
  const formId = useId();
  const [includeEnded, setIncludeEnded] = useState(false);
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Representative | null>(null);
  const [ending, setEnding] = useState<Representative | null>(null);
  const [showing, setShowing] = useState<Representative | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const query = { includeEnded: includeEnded ? ('true' as const) : ('false' as const), page, pageSize };
  const list = useQuery({
    queryKey: ['representatives', institution.id, query],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/institutions/{institutionId}/representatives', {
          params: { path: { institutionId: institution.id }, query },
        }),
      ),
  });

  return (
    <section className="ag-representatives" aria-labelledby={headingId}>
      <div className="page-header">
        <h2 id={headingId}>{t('representatives.titleFor', { name: institution.name })}</h2>
        {canManage ? (
          <button
            type="button"
            ref={addButton}
            className={adding ? 'button-secondary' : 'button-primary'}
            aria-expanded={adding}
            aria-controls={formId}
            onClick={() => {
              setOutcome(null);
              setAdding((open) => !open);
            }}
          >
            {t('representatives.add')}
          </button>
        ) : null}
      </div>
      <p className="ag-lead">
        {t('representatives.intro')}
        {canManage ? null : ` ${t('representatives.readOnlyIntro')}`}
      </p>

      <div role="status">
        {outcome ? (
          <div className="alert alert-success">
            <p>{t(`representatives.outcome.${outcome.kind}`, { name: outcome.name })}</p>
          </div>
        ) : null}
      </div>

      <div id={formId}>
        {adding ? (
          <NewRepresentativeForm
            institutionId={institution.id}
            onCreated={(entry) => {
              setOutcome({ kind: 'created', name: entry.name });
              setAdding(false);
              addButton.current?.focus();
            }}
            onCancel={() => {
              setAdding(false);
              addButton.current?.focus();
            }}
          />
        ) : null}
      </div>
      {editing ? (
        <EditRepresentativeForm
          key={editing.id}
          entry={editing}
          onSaved={(entry) => {
            setOutcome({ kind: 'saved', name: entry.name });
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}

      <div className="ag-toolbar">
        <label className="ag-check">
          <input
            type="checkbox"
            checked={includeEnded}
            onChange={(e) => {
              setIncludeEnded(e.target.checked);
              setPage(1);
            }}
          />{' '}
          {t('representatives.includeEnded')}
        </label>
      </div>

      <ErrorAlert error={list.error} />
      {list.isPending ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="ag-empty">{t('representatives.none')}</p>
        ) : (
          <>
            <TableRegion label={t('representatives.tableCaption')}>
              <table className="ag-table">
                <caption className="visually-hidden">{t('representatives.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('representatives.name')}</th>
                    <th scope="col">{t('representatives.position')}</th>
                    <th scope="col">{t('representatives.maskedCode')}</th>
                    <th scope="col">{t('representatives.validity')}</th>
                    <th scope="col">{t('representatives.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('representatives.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((entry) => (
                    <tr key={entry.id} className={entry.status === 'ended' ? 'ag-row-inactive' : undefined}>
                      <th scope="row">{entry.name}</th>
                      <td>{entry.position ?? '—'}</td>
                      <td className="ag-nowrap">
                        <code>{entry.maskedCode}</code>
                      </td>
                      <td className="ag-nowrap">
                        <Validity entry={entry} />
                      </td>
                      <td>
                        <span
                          className={entry.status === 'active' ? 'ag-status-active' : 'ag-status-inactive'}
                        >
                          {t(`representatives.statusValue.${entry.status}`)}
                        </span>
                      </td>
                      <td className="ag-row-actions">
                        <div className="actions">
                          {canManage ? (
                            <button
                              type="button"
                              className="button-secondary"
                              aria-label={t('representatives.editFor', { name: entry.name })}
                              onClick={() => {
                                setOutcome(null);
                                setEditing(entry);
                              }}
                            >
                              {t('representatives.edit')}
                            </button>
                          ) : null}
                          {canManage && entry.status !== 'ended' ? (
                            <button
                              type="button"
                              className="button-secondary"
                              aria-label={t('representatives.endFor', { name: entry.name })}
                              onClick={() => {
                                setOutcome(null);
                                setEnding(entry);
                              }}
                            >
                              {t('representatives.end')}
                            </button>
                          ) : null}
                          <button
                            type="button"
                            className="button-secondary"
                            aria-label={t('representatives.historyFor', { name: entry.name })}
                            onClick={() => setShowing(entry)}
                          >
                            {t('representatives.history')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
            <Pagination page={page} pageSize={pageSize} total={list.data.total} onPage={setPage} />
          </>
        )
      ) : null}

      <Modal
        open={ending !== null}
        title={t('representatives.endFor', { name: ending?.name ?? '' })}
        onClose={() => setEnding(null)}
      >
        {ending ? (
          <EndRepresentationForm
            entry={ending}
            onEnded={(entry) => {
              setOutcome({ kind: 'ended', name: entry.name });
              setEnding(null);
            }}
            onCancel={() => setEnding(null)}
          />
        ) : null}
      </Modal>
      <Modal
        open={showing !== null}
        title={t('representatives.historyFor', { name: showing?.name ?? '' })}
        onClose={() => setShowing(null)}
      >
        {showing ? <RepresentativeHistory id={showing.id} onClose={() => setShowing(null)} /> : null}
      </Modal>
    </section>
  );
}

function Bound({ bound }: { bound: ValidityBound }) {
  const { i18n } = useTranslation();
  return bound.kind === 'day' ? (
    <time dateTime={bound.day}>{formatDate(bound.day, i18n.language)}</time>
  ) : (
    <time dateTime={bound.iso}>{formatDateTime(bound.iso, i18n.language)}</time>
  );
}

/** "1 Jan 2026 – 31 Dec 2026", last day included; an end at a moment shows the moment. */
function Validity({ entry }: { entry: Representative }) {
  const { t } = useTranslation('admin');
  const last = lastDayOf(entry.validTo);
  if (entry.validTo !== null && entry.validTo === entry.validFrom) {
    return <>{t('representatives.neverInForce')}</>;
  }
  return (
    <>
      <Bound bound={firstDayOf(entry.validFrom)} /> –{' '}
      {last ? <Bound bound={last} /> : t('representatives.noEnd')}
    </>
  );
}

function useRepresentativeTexts() {
  const { t, i18n } = useTranslation('admin');
  const lang = i18n.language === 'en' ? 'en' : 'lv';
  return (field: RepresentativeField | RepresentativeEditField, code?: string): string => {
    if (field === 'personalCode') {
      const problem = personalCodeProblemOf(code ?? '') ?? 'characters';
      return personalCodeProblemTexts[problem][lang];
    }
    return t(`representatives.form.invalid.${field}`, representativeLimits);
  };
}

function NewRepresentativeForm({
  institutionId,
  onCreated,
  onCancel,
}: {
  institutionId: string;
  onCreated: (entry: Representative) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const textOf = useRepresentativeTexts();
  const [form, setForm] = useState<RepresentativeForm>({
    personalCode: '',
    name: '',
    position: '',
    firstDay: '',
    lastDay: '',
  });
  const [invalid, setInvalid] = useState<RepresentativeField[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const headingId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  const create = useMutation({
    mutationFn: (body: ReturnType<typeof newRepresentativeBody>) =>
      unwrap(
        api.POST('/api/v1/institutions/{institutionId}/representatives', {
          params: { path: { institutionId } },
          body,
        }),
      ),
    onSuccess: async (entry) => {
      await queryClient.invalidateQueries({ queryKey: ['representatives'] });
      onCreated(entry);
    },
    onError: (error) => {
      const fields: RepresentativeField[] = ['personalCode', 'name', 'position', 'firstDay', 'lastDay'];
      setInvalid(isOverlap(error) ? ['personalCode'] : fieldsNamedBy(error, fields));
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidRepresentativeFields(form), { setInvalid, reset: create.reset, refused }))
      return;
    create.mutate(newRepresentativeBody(form));
  }

  const errorOf = (field: RepresentativeField) => {
    if (!invalid.includes(field)) return undefined;
    if (field === 'personalCode' && isOverlap(create.error)) return t('representatives.form.overlap');
    return textOf(field, form.personalCode);
  };
  const input =
    (field: RepresentativeField, extra: Record<string, unknown> = {}) =>
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
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('representatives.form.title')}
      </h3>
      <FormProblem error={create.error} invalid={invalid.length > 0 && !create.error} />
      <Field
        label={t('representatives.form.personalCode')}
        hint={t('representatives.form.personalCodeHint')}
        error={errorOf('personalCode')}
        required
      >
        {input('personalCode', { autoComplete: 'off', className: 'ag-input-short', maxLength: 40 })}
      </Field>
      <Field label={t('representatives.form.name')} error={errorOf('name')} required>
        {input('name', { autoComplete: 'off', maxLength: representativeLimits.name })}
      </Field>
      <Field
        label={t('representatives.form.position')}
        hint={t('representatives.form.positionHint')}
        error={errorOf('position')}
      >
        {input('position', { maxLength: representativeLimits.position })}
      </Field>
      <div className="ag-form-grid">
        <Field
          label={t('representatives.form.firstDay')}
          hint={t('representatives.form.firstDayHint')}
          error={errorOf('firstDay')}
        >
          {input('firstDay', { type: 'date', className: 'ag-input-short' })}
        </Field>
        <Field
          label={t('representatives.form.lastDay')}
          hint={t('representatives.form.lastDayHint')}
          error={errorOf('lastDay')}
        >
          {input('lastDay', { type: 'date', className: 'ag-input-short' })}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('representatives.form.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}

function EditRepresentativeForm({
  entry,
  onSaved,
  onCancel,
}: {
  entry: Representative;
  onSaved: (entry: Representative) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const textOf = useRepresentativeTexts();
  const [form, setForm] = useState<RepresentativeEditForm>(editFormOf(entry));
  const [invalid, setInvalid] = useState<RepresentativeEditField[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const headingId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof representativeChangeBody>) =>
      unwrap(
        api.PATCH('/api/v1/representatives/{id}', {
          params: { path: { id: entry.id } },
          body: { ...body, version: entry.version },
        }),
      ),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['representatives'] });
      onSaved(saved);
    },
    onError: (error) => {
      setInvalid(isOverlap(error) ? ['firstDay', 'lastDay'] : fieldsNamedBy(error, editFields));
      refused();
      // Someone else changed the entry: the list reloads, and the form must be opened afresh.
      if (error instanceof ApiError && error.problem.code === 'stale_version')
        void queryClient.invalidateQueries({ queryKey: ['representatives'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidEditFields(entry, form), { setInvalid, reset: save.reset, refused })) return;
    save.mutate(representativeChangeBody(entry, form));
  }

  const errorOf = (field: RepresentativeEditField) => {
    if (!invalid.includes(field)) return undefined;
    if (isOverlap(save.error)) return t('representatives.form.overlap');
    return textOf(field);
  };
  const input =
    (field: RepresentativeEditField, extra: Record<string, unknown> = {}) =>
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
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('representatives.editFor', { name: entry.name })}
      </h3>
      <p className="hint">{t('representatives.form.codeIsNew', { code: entry.maskedCode })}</p>
      <FormProblem error={save.error} invalid={invalid.length > 0 && !save.error} />
      <Field label={t('representatives.form.name')} error={errorOf('name')} required>
        {input('name', { autoComplete: 'off', maxLength: representativeLimits.name })}
      </Field>
      <Field label={t('representatives.form.position')} error={errorOf('position')}>
        {input('position', { maxLength: representativeLimits.position })}
      </Field>
      <div className="ag-form-grid">
        <Field label={t('representatives.form.firstDay')} error={errorOf('firstDay')}>
          {input('firstDay', { type: 'date', className: 'ag-input-short' })}
        </Field>
        <Field
          label={t('representatives.form.lastDay')}
          hint={t('representatives.form.lastDayHint')}
          error={errorOf('lastDay')}
        >
          {input('lastDay', { type: 'date', className: 'ag-input-short' })}
        </Field>
      </div>
      <Field
        label={t('representatives.form.reason')}
        hint={t('representatives.form.reasonHint')}
        error={errorOf('reason')}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={representativeLimits.reasonMax}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('representatives.form.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}

function EndRepresentationForm({
  entry,
  onEnded,
  onCancel,
}: {
  entry: Representative;
  onEnded: (entry: Representative) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<EndForm>({ reason: '', lastDay: '' });
  const [invalid, setInvalid] = useState<(keyof EndForm)[]>([]);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const end = useMutation({
    mutationFn: (body: ReturnType<typeof endBody>) =>
      unwrap(
        api.POST('/api/v1/representatives/{id}/end', {
          params: { path: { id: entry.id } },
          body: { ...body, version: entry.version },
        }),
      ),
    onSuccess: async (ended) => {
      await queryClient.invalidateQueries({ queryKey: ['representatives'] });
      onEnded(ended);
    },
    onError: () => refused(),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidEndFields(form), { setInvalid, reset: end.reset, refused })) return;
    end.mutate(endBody(form));
  }

  return (
    <form ref={ref} onSubmit={submit} noValidate>
      <p>{t('representatives.endForm.intro')}</p>
      <FormProblem error={end.error} invalid={invalid.length > 0 && !end.error} />
      <Field
        label={t('representatives.form.reason')}
        hint={t('representatives.endForm.reasonHint')}
        error={
          invalid.includes('reason')
            ? t('representatives.form.invalid.reason', representativeLimits)
            : undefined
        }
        required
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={representativeLimits.reasonMax}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('representatives.form.lastDay')} hint={t('representatives.endForm.lastDayHint')}>
        {(props) => (
          <input
            {...props}
            type="date"
            className="ag-input-short"
            value={form.lastDay}
            onChange={(e) => setForm({ ...form, lastDay: e.target.value })}
          />
        )}
      </Field>
      <div className="actions ag-dialog-actions">
        <button type="submit" className="button-danger" disabled={end.isPending}>
          {t('representatives.endForm.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}

type Change = { from: string | null; to: string | null };

function RepresentativeHistory({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const detail = useQuery({
    queryKey: ['representatives', 'entry', id],
    queryFn: () => unwrap(api.GET('/api/v1/representatives/{id}', { params: { path: { id } } })),
  });
  const shown = (field: string, value: string | null) => {
    if (value === null || value === '') return t('representatives.historyDialog.empty');
    return field === 'validFrom' || field === 'validTo' ? formatDateTime(value, i18n.language) : value;
  };
  return (
    <>
      <ErrorAlert error={detail.error} />
      {detail.isPending ? <Loading /> : null}
      {detail.data ? (
        <ol className="ag-history">
          {detail.data.history.map((event) => (
            <li key={event.id}>
              <p>
                <strong>{t(`representatives.historyDialog.action.${event.action}`)}</strong>{' '}
                <time dateTime={event.at}>{formatDateTime(event.at, i18n.language)}</time>
                {' · '}
                {event.by ? event.by.displayName : t('representatives.historyDialog.byServer')}
              </p>
              {event.reason ? (
                <p>{t('representatives.historyDialog.reason', { reason: event.reason })}</p>
              ) : null}
              <ul>
                {(Object.entries(event.changes) as [string, Change][]).map(([field, change]) => (
                  <li key={field}>
                    {t('representatives.historyDialog.change', {
                      field: t(`representatives.historyDialog.field.${field}`),
                      from: shown(field, change.from),
                      to: shown(field, change.to),
                    })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="actions ag-dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('representatives.historyDialog.close')}
        </button>
      </div>
    </>
  );
}
