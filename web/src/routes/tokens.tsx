import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ResponseOf, unwrap } from '../api/client';
import { ConfirmDialog } from '../components/dialog';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem, passesOwnChecks, useFocusFirstInvalid } from '../components/form-problem';
import { TableRegion } from '../components/table-region';
import { formatDateTime } from '../i18n/format';
import {
  invalidTokenFields,
  limits,
  problemFields,
  type TokenField,
  type TokenForm,
  tokenBody,
  tokenStatus,
} from './admin-forms';
import '../styles/agency.css';

// Personal API tokens. The secret exists in this page's memory only between its creation and the
// moment the user dismisses it; it is never put in the query cache or the URL.

type Token = ResponseOf<'listApiTokens'>['items'][number];
type NewToken = ResponseOf<'createApiToken'>;
const tokenFields: readonly TokenField[] = ['name', 'expiresInDays'];

export function TokensPage() {
  const { t, i18n } = useTranslation('admin');
  useDocumentTitle(t('tokens.title'));
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [revoked, setRevoked] = useState<Token | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const listHeadingId = useId();

  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => unwrap(api.GET('/api/v1/me/tokens')),
  });

  const revoke = useMutation({
    mutationFn: (token: Token) =>
      unwrap(api.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: async (token) => {
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
      setRevoking(null);
      setRevoked(token);
    },
  });

  const now = new Date();
  return (
    <section>
      <div className="page-header">
        <h1>{t('tokens.title')}</h1>
      </div>
      <p className="ag-lead">{t('tokens.intro')}</p>

      {created ? (
        <NewTokenSecret
          token={created}
          onDone={() => {
            setCreated(null);
            listHeading.current?.focus();
          }}
        />
      ) : null}

      <NewTokenForm
        onCreated={(token) => {
          setRevoked(null);
          setCreated(token);
        }}
      />

      <h2 id={listHeadingId} ref={listHeading} tabIndex={-1}>
        {t('tokens.listTitle')}
      </h2>
      <div role="status">
        {revoked ? (
          <div className="alert alert-success">
            <p>{t('tokens.revoked', { name: revoked.name })}</p>
          </div>
        ) : null}
      </div>
      <ErrorAlert error={tokens.error} />
      {tokens.isPending ? <Loading /> : null}
      {tokens.data && tokens.data.items.length === 0 ? <p className="ag-empty">{t('tokens.none')}</p> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <TableRegion labelledBy={listHeadingId}>
          <table className="ag-table">
            <caption className="visually-hidden">{t('tokens.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.prefix')}</th>
                <th scope="col">{t('tokens.createdAt')}</th>
                <th scope="col">{t('tokens.expiresAt')}</th>
                <th scope="col">{t('tokens.lastUsedAt')}</th>
                <th scope="col">{t('tokens.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('tokens.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => {
                const status = tokenStatus(token, now);
                return (
                  <tr key={token.id} className={status === 'active' ? undefined : 'ag-row-inactive'}>
                    <th scope="row">{token.name}</th>
                    <td className="ag-nowrap">
                      <code>{token.prefix}…</code>
                    </td>
                    <td className="ag-nowrap">{formatDateTime(token.createdAt, lang)}</td>
                    <td className="ag-nowrap">
                      {token.expiresAt ? formatDateTime(token.expiresAt, lang) : t('tokens.noExpiry')}
                    </td>
                    <td className="ag-nowrap">
                      {token.lastUsedAt ? formatDateTime(token.lastUsedAt, lang) : t('tokens.neverUsed')}
                    </td>
                    <td>
                      {status === 'active' ? (
                        <span className="ag-status-active">{t('tokens.statusActive')}</span>
                      ) : status === 'revoked' && token.revokedAt ? (
                        <span className="ag-status-inactive">
                          {t('tokens.statusRevoked', { date: formatDateTime(token.revokedAt, lang) })}
                        </span>
                      ) : (
                        <span className="ag-status-inactive">{t('tokens.statusExpired')}</span>
                      )}
                    </td>
                    <td className="ag-row-actions">
                      {status === 'active' ? (
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => {
                            revoke.reset();
                            setRevoking(token);
                          }}
                        >
                          {t('tokens.revoke')}
                          <span className="visually-hidden"> {token.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      ) : null}

      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.confirmRevoke.title', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.confirmRevoke.confirm')}
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
        fallbackFocus={listHeading}
      >
        <p>{t('tokens.confirmRevoke.body')}</p>
        <ErrorAlert error={revoke.error} />
      </ConfirmDialog>
    </section>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (token: NewToken) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TokenForm>({ name: '', expiresInDays: '' });
  const [invalid, setInvalid] = useState<TokenField[]>([]);
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  const headingId = useId();

  const create = useMutation({
    mutationFn: (body: ReturnType<typeof tokenBody>) => unwrap(api.POST('/api/v1/me/tokens', { body })),
    onSuccess: async (token) => {
      setForm({ name: '', expiresInDays: '' });
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onCreated(token);
    },
    onError: (error) => {
      setInvalid(problemFields(error, tokenFields));
      refused();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!passesOwnChecks(invalidTokenFields(form), { setInvalid, reset: create.reset, refused })) return;
    create.mutate(tokenBody(form));
  }

  const errorOf = (field: TokenField) =>
    invalid.includes(field) ? t(`tokens.form.invalid.${field}`, { ...limits.tokenDays }) : undefined;

  return (
    <form ref={ref} className="card ag-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>{t('tokens.form.title')}</h2>
      <FormProblem error={create.error} invalid={invalid.length > 0 && !create.error} />
      <Field label={t('tokens.name')} hint={t('tokens.form.nameHint')} error={errorOf('name')} required>
        {(props) => (
          <input
            {...props}
            value={form.name}
            maxLength={limits.tokenName.max}
            autoComplete="off"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        )}
      </Field>
      <Field
        label={t('tokens.form.expiresInDays')}
        hint={t('tokens.form.expiresInDaysHint', { ...limits.tokenDays })}
        error={errorOf('expiresInDays')}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={limits.tokenDays.min}
            max={limits.tokenDays.max}
            step={1}
            className="ag-input-short"
            value={form.expiresInDays}
            onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })}
          />
        )}
      </Field>
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {t('tokens.form.submit')}
      </button>
    </form>
  );
}

function NewTokenSecret({ token, onDone }: { token: NewToken; onDone: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const headingId = useId();
  const secretId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  const example = `curl -H "Authorization: Bearer ${token.token}" \\\n  ${window.location.origin}/api/v1/requests`;
  return (
    <section className="ag-secret" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('tokens.secret.title', { name: token.name })}
      </h2>
      <p className="ag-secret-warning">{t('tokens.secret.onlyNow')}</p>
      <label htmlFor={secretId} className="visually-hidden">
        {t('tokens.secret.label')}
      </label>
      <div className="ag-secret-value">
        <input
          id={secretId}
          readOnly
          value={token.token}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button-secondary" onClick={() => void copy()}>
          {t('tokens.secret.copy')}
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes'
          ? t('tokens.secret.copied')
          : copied === 'failed'
            ? t('tokens.secret.copyFailed')
            : ''}
      </p>
      <p className="hint">
        {t('tokens.secret.expires', {
          when: token.expiresAt ? formatDateTime(token.expiresAt, i18n.language) : t('tokens.noExpiry'),
        })}
      </p>
      <p>
        {t('tokens.secret.howTo')} <code>Authorization: Bearer …</code>
      </p>
      <p className="ag-example-label">{t('tokens.secret.example')}</p>
      <pre className="ag-code-block">
        <code>{example}</code>
      </pre>
      <button type="button" className="button-primary" onClick={onDone}>
        {t('tokens.secret.done')}
      </button>
    </section>
  );
}
