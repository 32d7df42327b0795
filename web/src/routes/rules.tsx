import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem } from '../components/form-problem';
import { TableRegion } from '../components/table-region';
import { formatDateTime } from '../i18n/format';
import { useSession } from '../session';
import '../styles/agency.css';

// The guideline rules a description is checked against, as the agency runs them. Everyone sees them
// (institutions check their services against the same list); agency admins switch rules off or change
// their severity, and each save is a new ruleset version with a reason.

type Ruleset = ResponseOf<'getRuleset'>;
type Rule = Ruleset['rules'][number];
type Severity = Rule['severity'];
type Setting = { enabled: boolean; severity: Severity };

/** What an admin's edits send: every rule's state, the server keeps what differs from the defaults. */
export function settingsBody(rules: Rule[], edits: Record<string, Setting>) {
  return Object.fromEntries(
    rules.map((r) => {
      const s = edits[r.id] ?? { enabled: r.enabled, severity: r.severity };
      return [r.id, { enabled: s.enabled, severity: s.severity }];
    }),
  );
}

export function RulesPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(t('rules.title'));
  const { user } = useSession();
  const isAdmin = user?.role === 'agency_admin';
  const [saved, setSaved] = useState<number | null>(null);
  const ruleset = useQuery({ queryKey: ['rules'], queryFn: () => unwrap(api.GET('/api/v1/rules')) });
  const versions = useQuery({
    queryKey: ['rules', 'versions'],
    queryFn: () => unwrap(api.GET('/api/v1/rules/versions')),
  });

  return (
    <section>
      <div className="page-header">
        <h1>{t('rules.title')}</h1>
      </div>
      <p className="ag-lead">{t('rules.intro')}</p>
      <ErrorAlert error={ruleset.error} />
      {ruleset.isPending ? <Loading /> : null}
      {/* Outside the form: saving re-keys the form on the new version, which would drop its state. */}
      <p role="status" className={saved ? 'alert alert-success' : 'visually-hidden'}>
        {saved ? t('rules.saved', { version: saved }) : ''}
      </p>
      {ruleset.data ? (
        <RulesForm key={ruleset.data.version} ruleset={ruleset.data} editable={isAdmin} onSaved={setSaved} />
      ) : null}
      <VersionList items={versions.data?.items ?? []} />
    </section>
  );
}

function RulesForm({
  ruleset,
  editable,
  onSaved,
}: {
  ruleset: Ruleset;
  editable: boolean;
  onSaved: (version: number) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const lang = i18n.language.startsWith('en') ? 'en' : 'lv';
  const queryClient = useQueryClient();
  const [source, setSource] = useState<'all' | Rule['source']>('all');
  const [edits, setEdits] = useState<Record<string, Setting>>({});
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/rules/settings', {
          body: {
            basedOn: ruleset.version,
            settings: settingsBody(ruleset.rules, edits),
            reason: reason.trim(),
          },
        }),
      ),
    onSuccess: async (next) => {
      onSaved(next.version);
      await queryClient.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const stateOf = (r: Rule): Setting => edits[r.id] ?? { enabled: r.enabled, severity: r.severity };
  const edit = (r: Rule, change: Partial<Setting>) =>
    setEdits((e) => ({ ...e, [r.id]: { ...stateOf(r), ...change } }));
  const changed = Object.entries(edits).filter(([id, s]) => {
    const r = ruleset.rules.find((x) => x.id === id);
    return r && (r.enabled !== s.enabled || r.severity !== s.severity);
  }).length;
  const shown = ruleset.rules.filter((r) => source === 'all' || r.source === source);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = reason.trim().length < 3;
    setReasonError(missing);
    if (!missing) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('rules.formLabel')}>
      <p>
        {ruleset.version === 0
          ? t('rules.defaults')
          : t('rules.version', {
              version: ruleset.version,
              date: ruleset.createdAt ? formatDateTime(ruleset.createdAt, i18n.language) : '',
              name: ruleset.createdBy?.displayName ?? '—',
            })}
      </p>
      <Field label={t('rules.filter')}>
        {(props) => (
          <select {...props} value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            <option value="all">{t('rules.source.all')}</option>
            <option value="viss">{t('rules.source.viss')}</option>
            <option value="spectral">{t('rules.source.spectral')}</option>
          </select>
        )}
      </Field>
      <TableRegion label={t('rules.tableCaption')}>
        <table className="ag-table">
          <caption className="visually-hidden">{t('rules.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rules.rule')}</th>
              <th scope="col">{t('rules.protocols')}</th>
              <th scope="col">{t('rules.enabled')}</th>
              <th scope="col">{t('rules.severity')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const s = stateOf(r);
              return (
                <tr key={r.id}>
                  <th scope="row">
                    {r.title[lang]}
                    <span className="cell-sub">
                      <code>{r.id}</code> · {t(`rules.source.${r.source}`)}
                    </span>
                    {r.rationale ? <span className="cell-sub">{r.rationale[lang]}</span> : null}
                  </th>
                  <td>{r.protocols.map((p) => p.toUpperCase()).join(', ')}</td>
                  <td>
                    {editable ? (
                      <input
                        type="checkbox"
                        checked={s.enabled}
                        aria-label={t('rules.enableRule', { rule: r.id })}
                        onChange={(e) => edit(r, { enabled: e.target.checked })}
                      />
                    ) : (
                      t(s.enabled ? 'rules.on' : 'rules.off')
                    )}
                  </td>
                  <td>
                    {editable ? (
                      <select
                        value={s.severity}
                        aria-label={t('rules.severityOf', { rule: r.id })}
                        onChange={(e) => edit(r, { severity: e.target.value as Severity })}
                      >
                        {(['error', 'warning', 'info'] as const).map((v) => (
                          <option key={v} value={v}>
                            {t(`rules.severityValue.${v}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`rules.severityValue.${s.severity}`)
                    )}
                    {s.severity !== r.defaultSeverity ? (
                      <span className="cell-sub">
                        {t('rules.default', { severity: t(`rules.severityValue.${r.defaultSeverity}`) })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      {editable ? (
        <div className="card ag-form">
          <FormProblem error={save.error} invalid={reasonError && !save.error} />
          <p>{t('rules.changed', { count: changed })}</p>
          <Field
            label={t('rules.reason')}
            hint={t('rules.reasonHint')}
            error={reasonError ? t('rules.reasonRequired') : undefined}
            required
          >
            {(props) => (
              <input {...props} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={save.isPending || changed === 0}>
              {t('rules.save')}
            </button>
          </div>
        </div>
      ) : null}
    </form>
  );
}

function VersionList({ items }: { items: ResponseOf<'listRulesetVersions'>['items'] }) {
  const { t, i18n } = useTranslation('admin');
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('rules.history')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('rules.noHistory')}</p>
      ) : (
        <ol className="cat-versions">
          {items.map((v) => (
            <li key={v.version} className="cat-version">
              <strong>{t('rules.versionShort', { version: v.version })}</strong>{' '}
              <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, i18n.language)}</time>{' '}
              {v.createdBy?.displayName ?? ''}
              <p>
                {t('rules.differs', { count: Object.keys(v.settings).length })} · {v.reason}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
