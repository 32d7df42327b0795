import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { ConfirmDialog, Modal } from '../components/dialog';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem, passesOwnChecks, useFocusFirstInvalid } from '../components/form-problem';
import { PageHeaderWithFormToggle } from '../components/page-header';
import { TableRegion } from '../components/table-region';
import { type Role, useSession } from '../session';
import {
  invalidNewUserFields,
  invalidUserChangeFields,
  isConflict,
  limits,
  type NewUserField,
  type NewUserForm,
  newUserBody,
  problemFields,
  rolesOnSameSide,
  type UserChangeField,
  type UserChangeForm,
  userChangeBody,
} from './admin-forms';
import '../styles/agency.css';

type User = ResponseOf<'listUsers'>['items'][number];
type Institution = ResponseOf<'listInstitutions'>['items'][number];
type Locale = User['locale'];

const roles: readonly Role[] = ['institution_member', 'agency_reviewer', 'agency_admin'];
const locales: readonly Locale[] = ['lv', 'en'];
const isRole = (value: string | null): value is Role => roles.includes(value as Role);

/** What the page announces after a change, in its live region. */
type Outcome =
  | { kind: 'created' | 'saved' | 'deactivated' | 'reactivated'; name: string }
  | { kind: 'passwordChanged'; name: string };

export function UsersPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(t('users.title'));
  const { user: me } = useSession();
  const [params, setParams] = useSearchParams();
  const roleFilter = isRole(params.get('role')) ? (params.get('role') as Role) : undefined;
  const institutionFilter = params.get('institution') ?? undefined;
  const [formOpen, setFormOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const formId = useId();
  const openButton = useRef<HTMLButtonElement>(null);
  const queryClient = useQueryClient();

  const query = {
    ...(roleFilter && { role: roleFilter }),
    ...(institutionFilter && { institutionId: institutionFilter }),
  };
  const users = useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
  });
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
    staleTime: 60_000,
  });
  const allInstitutions = institutions.data?.items ?? [];
  const memberInstitutions = allInstitutions.filter((i) => !i.isAgency);
  const agency = allInstitutions.find((i) => i.isAgency);
  const institutionName = (user: User) =>
    user.institutionId
      ? (allInstitutions.find((i) => i.id === user.institutionId)?.name ?? '')
      : (agency?.name ?? t('users.agency'));

  const setActive = useMutation({
    mutationFn: (user: User) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { isActive: !user.isActive },
        }),
      ),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      setToggling(null);
      setOutcome({ kind: user.isActive ? 'reactivated' : 'deactivated', name: user.displayName });
    },
  });

  function setFilter(name: 'role' | 'institution', value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  return (
    <section>
      <PageHeaderWithFormToggle
        title={t('users.title')}
        buttonLabel={t('users.add')}
        formId={formId}
        formOpen={formOpen}
        buttonRef={openButton}
        onToggle={() => {
          setOutcome(null);
          setFormOpen((open) => !open);
        }}
      />
      <p className="ag-lead">{t('users.intro')}</p>

      <div role="status">
        {outcome ? (
          <div className="alert alert-success">
            <p>{t(`users.outcome.${outcome.kind}`, { name: outcome.name })}</p>
          </div>
        ) : null}
      </div>

      <div id={formId}>
        {formOpen ? (
          <NewUserFormCard
            institutions={memberInstitutions}
            onCreated={(user) => {
              setOutcome({ kind: 'created', name: user.displayName });
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

      <div className="ag-toolbar">
        <Field label={t('users.filter.role')}>
          {(props) => (
            <select {...props} value={roleFilter ?? ''} onChange={(e) => setFilter('role', e.target.value)}>
              <option value="">{t('users.filter.allRoles')}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`common:role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('users.filter.institution')}>
          {(props) => (
            <select
              {...props}
              value={institutionFilter ?? ''}
              onChange={(e) => setFilter('institution', e.target.value)}
            >
              <option value="">{t('users.filter.allInstitutions')}</option>
              {memberInstitutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <ErrorAlert error={users.error} />
      {users.isPending ? <Loading /> : null}
      {users.data ? (
        <>
          <p className="ag-results-count" aria-live="polite">
            {t('users.count', { count: users.data.items.length })}
          </p>
          {users.data.items.length === 0 ? null : (
            <TableRegion label={t('users.tableCaption')}>
              <table className="ag-table">
                <caption className="visually-hidden">{t('users.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('users.displayName')}</th>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col">{t('users.institution')}</th>
                    <th scope="col">{t('users.locale')}</th>
                    <th scope="col">{t('users.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('users.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((user) => {
                    const isMe = user.id === me?.id;
                    return (
                      <tr key={user.id} className={user.isActive ? undefined : 'ag-row-inactive'}>
                        <th scope="row">
                          {user.displayName}
                          {isMe ? <span className="muted"> {t('users.you')}</span> : null}
                        </th>
                        <td>{user.email}</td>
                        <td>{t(`common:role.${user.role}`)}</td>
                        <td>{institutionName(user)}</td>
                        <td lang={user.locale}>{t(`common:language.${user.locale}`)}</td>
                        <td>
                          <span className={user.isActive ? 'ag-status-active' : 'ag-status-inactive'}>
                            {user.isActive ? t('users.active') : t('users.inactive')}
                          </span>
                        </td>
                        <td className="ag-row-actions">
                          <div className="actions">
                            <button
                              type="button"
                              className="button-secondary"
                              onClick={() => setEditing(user)}
                            >
                              {t('users.edit')}
                              <span className="visually-hidden"> {user.displayName}</span>
                            </button>
                            {isMe ? null : (
                              <button
                                type="button"
                                className="button-secondary"
                                onClick={() => {
                                  setActive.reset();
                                  setToggling(user);
                                }}
                              >
                                {user.isActive ? t('users.deactivate') : t('users.reactivate')}
                                <span className="visually-hidden"> {user.displayName}</span>
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableRegion>
          )}
        </>
      ) : null}

      <EditUserDialog
        user={editing}
        isSelf={editing?.id === me?.id}
        onClose={() => setEditing(null)}
        onSaved={(user, passwordChanged) => {
          setEditing(null);
          setOutcome({ kind: passwordChanged ? 'passwordChanged' : 'saved', name: user.displayName });
        }}
      />

      <ConfirmDialog
        open={toggling !== null}
        title={
          toggling
            ? t(toggling.isActive ? 'users.confirmDeactivate.title' : 'users.confirmReactivate.title', {
                name: toggling.displayName,
              })
            : ''
        }
        confirmLabel={
          toggling?.isActive ? t('users.confirmDeactivate.confirm') : t('users.confirmReactivate.confirm')
        }
        busy={setActive.isPending}
        onConfirm={() => toggling && setActive.mutate(toggling)}
        onCancel={() => setToggling(null)}
      >
        <p>{toggling?.isActive ? t('users.confirmDeactivate.body') : t('users.confirmReactivate.body')}</p>
        <ErrorAlert error={setActive.error} />
      </ConfirmDialog>
    </section>
  );
}

const newUserFields: readonly NewUserField[] = [
  'email',
  'displayName',
  'role',
  'institutionId',
  'password',
  'locale',
];

function NewUserFormCard({
  institutions,
  onCreated,
  onCancel,
}: {
  institutions: Institution[];
  onCreated: (user: User) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewUserForm>({
    email: '',
    displayName: '',
    role: 'institution_member',
    institutionId: '',
    password: '',
    locale: 'lv',
  });
  const [invalid, setInvalid] = useState<NewUserField[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  useEffect(() => headingRef.current?.focus(), []);

  const create = useMutation({
    mutationFn: (body: ReturnType<typeof newUserBody>) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onCreated(user);
    },
    onError: (error) => {
      setInvalid(isConflict(error) ? ['email'] : problemFields(error, newUserFields));
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidNewUserFields(form), { setInvalid, reset: create.reset, refused })) return;
    create.mutate(newUserBody(form));
  }

  const conflict = isConflict(create.error);
  const errorOf = (field: NewUserField) => {
    if (!invalid.includes(field)) return undefined;
    if (field === 'email' && conflict) return t('users.form.conflictField');
    return t(`users.form.invalid.${field}`, { min: limits.passwordMin });
  };
  const set = <K extends keyof NewUserForm>(key: K, value: NewUserForm[K]) =>
    setForm({ ...form, [key]: value });

  return (
    <form ref={ref} className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('users.form.title')}
      </h2>
      <FormProblem
        error={create.error}
        invalid={invalid.length > 0 && !create.error}
        conflict={t('users.form.conflict', { email: form.email.trim() })}
      />
      <div className="ag-form-grid">
        <Field label={t('users.email')} error={errorOf('email')} required>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="off"
              maxLength={limits.email.max}
              value={form.email}
              onChange={(e) => set('email', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('users.displayName')} error={errorOf('displayName')} required>
          {(props) => (
            <input
              {...props}
              autoComplete="off"
              maxLength={limits.displayName.max}
              value={form.displayName}
              onChange={(e) => set('displayName', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('users.role')} error={errorOf('role')} required>
          {(props) => (
            <select {...props} value={form.role} onChange={(e) => set('role', e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`common:role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.role === 'institution_member' ? (
          <Field label={t('users.institution')} error={errorOf('institutionId')} required>
            {(props) => (
              <select
                {...props}
                value={form.institutionId}
                onChange={(e) => set('institutionId', e.target.value)}
              >
                <option value="">{t('users.form.chooseInstitution')}</option>
                {institutions.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <p className="hint ag-form-note">{t('users.form.agencyNote')}</p>
        )}
        <Field
          label={t('users.form.password')}
          hint={t('users.form.passwordHint', { min: limits.passwordMin })}
          error={errorOf('password')}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              maxLength={limits.passwordMax}
              value={form.password}
              onChange={(e) => set('password', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('users.locale')} error={errorOf('locale')}>
          {(props) => (
            <select {...props} value={form.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
              {locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`common:language.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('users.form.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}

const changeFields: readonly UserChangeField[] = ['displayName', 'role', 'locale', 'password'];

function EditUserDialog({
  user,
  isSelf,
  onClose,
  onSaved,
}: {
  user: User | null;
  isSelf: boolean;
  onClose: () => void;
  onSaved: (user: User, passwordChanged: boolean) => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <Modal open={user !== null} title={t('users.editTitle')} onClose={onClose}>
      {user ? (
        <EditUserForm key={user.id} user={user} isSelf={isSelf} onClose={onClose} onSaved={onSaved} />
      ) : null}
    </Modal>
  );
}

function EditUserForm({
  user,
  isSelf,
  onClose,
  onSaved,
}: {
  user: User;
  isSelf: boolean;
  onClose: () => void;
  onSaved: (user: User, passwordChanged: boolean) => void;
}) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<UserChangeForm>({
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    password: '',
  });
  const [invalid, setInvalid] = useState<UserChangeField[]>([]);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const sameSide = rolesOnSameSide(user.role);

  const save = useMutation({
    mutationFn: (body: ReturnType<typeof userChangeBody>) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body })),
    onSuccess: async (saved, body) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (isSelf) await queryClient.invalidateQueries({ queryKey: ['session'] });
      onSaved(saved, body.password !== undefined);
    },
    onError: (error) => {
      setInvalid(problemFields(error, changeFields));
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidUserChangeFields(form), { setInvalid, reset: save.reset, refused })) return;
    const body = userChangeBody(user, form);
    if (Object.keys(body).length === 0) onClose();
    else save.mutate(body);
  }

  const errorOf = (field: UserChangeField) =>
    invalid.includes(field) ? t(`users.form.invalid.${field}`, { min: limits.passwordMin }) : undefined;
  const set = <K extends keyof UserChangeForm>(key: K, value: UserChangeForm[K]) =>
    setForm({ ...form, [key]: value });

  return (
    <form ref={ref} onSubmit={submit} noValidate>
      <p className="muted">{user.email}</p>
      <FormProblem error={save.error} invalid={invalid.length > 0 && !save.error} />
      <Field label={t('users.displayName')} error={errorOf('displayName')} required>
        {(props) => (
          <input
            {...props}
            maxLength={limits.displayName.max}
            value={form.displayName}
            onChange={(e) => set('displayName', e.target.value)}
          />
        )}
      </Field>
      {sameSide.length > 1 && !isSelf ? (
        <Field label={t('users.role')} hint={t('users.form.roleHint')} error={errorOf('role')}>
          {(props) => (
            <select {...props} value={form.role} onChange={(e) => set('role', e.target.value as Role)}>
              {sameSide.map((r) => (
                <option key={r} value={r}>
                  {t(`common:role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <p>
          <strong>{t('users.role')}:</strong> {t(`common:role.${user.role}`)}
          <br />
          <span className="hint">
            {isSelf ? t('users.form.ownRoleHint') : t('users.form.memberRoleHint')}
          </span>
        </p>
      )}
      <Field label={t('users.locale')} error={errorOf('locale')}>
        {(props) => (
          <select {...props} value={form.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
            {locales.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`common:language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t('users.form.newPassword')}
        hint={t('users.form.newPasswordHint', { min: limits.passwordMin })}
        error={errorOf('password')}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            maxLength={limits.passwordMax}
            value={form.password}
            onChange={(e) => set('password', e.target.value)}
          />
        )}
      </Field>
      <div className="actions ag-dialog-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common:save')}
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
