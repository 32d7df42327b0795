import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import {
  type AuditAnalysis,
  type AuditAnalysisSnapshot,
  isStaleVersion,
  type RequestView,
  requestKeys,
  useAuditAnalyses,
} from '../api/request-queries';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import { LatencyHistogram, VolumeChart } from './audit-charts';
import { ErrorAlert, Loading } from './feedback';
import { TableRegion } from './table-region';
import '../styles/audit.css';
import '../styles/requests.css';

// The request's audit-record analyses: the reviewer analyses a window and attaches the result in one
// action; everyone who sees the request sees the attached snapshots as charts and tables.

/** The window the form starts with: the request's test period, else the last 30 Riga days. */
export function defaultWindow(request: Pick<RequestView, 'testPeriod'>, now: Date = new Date()) {
  if (request.testPeriod) return { from: request.testPeriod.from, to: request.testPeriod.to };
  const riga = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(d);
  return { from: riga(new Date(now.getTime() - 29 * 86_400_000)), to: riga(now) };
}

export function AuditAnalysisPanel({ request }: { request: RequestView }) {
  const { t } = useTranslation('audit');
  const headingId = useId();
  const analyses = useAuditAnalyses(request.id);
  const [announcement, setAnnouncement] = useState('');
  const items = analyses.data?.items ?? [];
  const [latest, ...earlier] = items;
  return (
    <section className="card audit-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('panel.title')}</h2>
      <p className="muted">{t('panel.intro')}</p>
      <p
        role="status"
        aria-live="polite"
        className={announcement ? 'alert alert-success' : 'visually-hidden'}
      >
        {announcement}
      </p>
      {request.capabilities.resolveCorrections ? (
        <AttachAnalysisForm request={request} onAttached={() => setAnnouncement(t('panel.attached'))} />
      ) : null}
      {analyses.isLoading ? <Loading /> : <ErrorAlert error={analyses.error} />}
      {analyses.data && !latest ? <p>{t('panel.none')}</p> : null}
      {latest ? <AnalysisSnapshot snapshot={latest} /> : null}
      {earlier.length > 0 ? (
        <>
          <h3>{t('panel.history')}</h3>
          {earlier.map((snapshot) => (
            <details key={snapshot.id} className="audit-earlier">
              <summary>
                {t('snapshot.title', { from: snapshot.window.from, to: snapshot.window.to })} —{' '}
                {snapshot.createdBy.displayName}
                {snapshot.outdated ? <> · {t('snapshot.outdated')}</> : null}
              </summary>
              <AnalysisSnapshot snapshot={snapshot} />
            </details>
          ))}
        </>
      ) : null}
    </section>
  );
}

function AttachAnalysisForm({ request, onAttached }: { request: RequestView; onAttached: () => void }) {
  const { t } = useTranslation('audit');
  const queryClient = useQueryClient();
  const initial = defaultWindow(request);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [thresholds, setThresholds] = useState({ faultRatePercent: 5, latencyP95Ms: 1000, slowCallMs: 3000 });
  const [windowError, setWindowError] = useState('');
  const attach = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/requests/{id}/audit-analyses', {
          params: { path: { id: request.id } },
          body: { version: request.version, window: { from, to }, thresholds },
        }),
      ),
    onSuccess: () => {
      onAttached();
      return queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
    onError: (error: unknown) => {
      if (isStaleVersion(error)) return queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
  });
  const fromId = useId();
  const toId = useId();
  const hintId = useId();
  const errorId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (from > to) {
      setWindowError(t('form.invalidWindow'));
      return;
    }
    setWindowError('');
    attach.mutate();
  }

  const thresholdField = (key: keyof typeof thresholds) => (
    <label key={key} className="audit-threshold">
      <span>{t(`form.${key}`)}</span>
      <input
        type="number"
        min={key === 'faultRatePercent' ? 0 : 1}
        step={key === 'faultRatePercent' ? 0.1 : 100}
        value={thresholds[key]}
        onChange={(e) => setThresholds({ ...thresholds, [key]: Number(e.target.value) })}
      />
    </label>
  );

  return (
    <form onSubmit={submit} noValidate className="audit-attach" aria-label={t('form.title')}>
      <fieldset>
        <legend>{t('form.title')}</legend>
        <div className="audit-window">
          <label htmlFor={fromId}>{t('form.from')}</label>
          <input
            id={fromId}
            type="date"
            value={from}
            aria-describedby={`${hintId}${windowError ? ` ${errorId}` : ''}`}
            aria-invalid={windowError ? true : undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
          <label htmlFor={toId}>{t('form.to')}</label>
          <input
            id={toId}
            type="date"
            value={to}
            aria-describedby={hintId}
            aria-invalid={windowError ? true : undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <p id={hintId} className="hint">
          {t('form.windowHint')}
        </p>
        {windowError ? (
          <p id={errorId} className="field-error">
            {windowError}
          </p>
        ) : null}
        <details>
          <summary>{t('form.thresholds')}</summary>
          <div className="audit-thresholds">
            {(['faultRatePercent', 'latencyP95Ms', 'slowCallMs'] as const).map(thresholdField)}
          </div>
        </details>
        <ErrorAlert error={attach.error} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={attach.isPending}>
            {attach.isPending ? t('form.sending') : t('form.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function flagText(flag: AuditAnalysis['flags'][number], t: TFunction<'audit'>): string {
  const key =
    flag.kind === 'fault_rate_high' && flag.operation
      ? 'flags.fault_rate_high_operation'
      : `flags.${flag.kind}`;
  return t(key, { operation: flag.operation, value: flag.value, threshold: flag.threshold });
}

function AnalysisSnapshot({ snapshot }: { snapshot: AuditAnalysisSnapshot }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const a = snapshot.results;
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));
  const headingId = useId();
  return (
    <article className="audit-snapshot" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('snapshot.title', {
          from: formatDate(snapshot.window.from, lang),
          to: formatDate(snapshot.window.to, lang),
        })}{' '}
        {snapshot.outdated ? <span className="tag tag-outdated">{t('snapshot.outdated')}</span> : null}
      </h3>
      {snapshot.outdated ? <p className="hint">{t('snapshot.outdatedHint')}</p> : null}
      <p className="muted">
        {t('snapshot.by', {
          name: snapshot.createdBy.displayName,
          at: formatDateTime(snapshot.createdAt, lang),
        })}{' '}
        · {t(`snapshot.windowSource.${snapshot.parameters.windowSource}`)}
      </p>
      <dl className="audit-facts">
        <dt>{t('snapshot.service')}</dt>
        <dd>
          <code>{snapshot.service}</code> ({snapshot.environment})
        </dd>
        <dt>{t('snapshot.records')}</dt>
        <dd>{n(snapshot.recordCount)}</dd>
        <dt>{t('snapshot.sha256')}</dt>
        <dd>
          <code className="audit-hash">{snapshot.recordsSha256}</code>
        </dd>
      </dl>
      <p className="hint">{t('snapshot.thresholds', snapshot.parameters.thresholds)}</p>

      <dl className="audit-totals">
        <div>
          <dt>{t('totals.calls')}</dt>
          <dd>{n(a.totals.calls)}</dd>
        </div>
        <div>
          <dt>{t('totals.faultRate')}</dt>
          <dd>{formatNumber(a.totals.faultRatePercent, lang)} %</dd>
        </div>
        <div>
          <dt>{t('totals.p50')}</dt>
          <dd>{n(a.latency.p50)} ms</dd>
        </div>
        <div>
          <dt>{t('totals.p95')}</dt>
          <dd>{n(a.latency.p95)} ms</dd>
        </div>
        <div>
          <dt>{t('totals.p99')}</dt>
          <dd>{n(a.latency.p99)} ms</dd>
        </div>
        <div>
          <dt>{t('totals.max')}</dt>
          <dd>{n(a.latency.max)} ms</dd>
        </div>
        <div>
          <dt>{t('totals.endUsers')}</dt>
          <dd>{n(a.totals.distinctEndUsers)}</dd>
        </div>
        <div>
          <dt>{t('totals.consumers')}</dt>
          <dd>{n(a.totals.distinctConsumers)}</dd>
        </div>
      </dl>

      <h4>{t('flags.title')}</h4>
      {a.flags.length === 0 ? (
        <p>{t('flags.none')}</p>
      ) : (
        <ul className="audit-flags">
          {a.flags.map((flag, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: flags are a fixed list in the snapshot
            <li key={i} className={`audit-flag audit-flag-${flag.kind}`}>
              {flagText(flag, t)}
            </li>
          ))}
        </ul>
      )}

      <VolumeChart analysis={a} />
      <LatencyHistogram analysis={a} />

      <h4>{t('operations.title')}</h4>
      <TableRegion label={t('operations.title')}>
        <table className="audit-table">
          <caption className="visually-hidden">{t('operations.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('operations.operation')}</th>
              <th scope="col">{t('operations.calls')}</th>
              <th scope="col">{t('operations.faults')}</th>
              <th scope="col">{t('operations.faultRate')}</th>
              <th scope="col">{t('operations.p50')}</th>
              <th scope="col">{t('operations.p95')}</th>
              <th scope="col">{t('operations.p99')}</th>
              <th scope="col">{t('operations.max')}</th>
            </tr>
          </thead>
          <tbody>
            {a.operations.map((o) => (
              <tr key={o.operation}>
                <th scope="row">
                  <code>{o.operation}</code>
                  {!o.declared && a.coverage.source !== 'none' ? (
                    <span className="tag tag-severity-warning">{t('operations.undeclared')}</span>
                  ) : null}
                  {o.declared && o.calls === 0 ? (
                    <span className="tag tag-severity-warning">{t('operations.uncalled')}</span>
                  ) : null}
                </th>
                <td>{n(o.calls)}</td>
                <td>{n(o.faults)}</td>
                <td>{formatNumber(o.faultRatePercent, lang)}</td>
                <td>{n(o.p50)}</td>
                <td>{n(o.p95)}</td>
                <td>{n(o.p99)}</td>
                <td>{n(o.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>

      <h4>{t('coverage.title')}</h4>
      <p>
        {a.coverage.source === 'none'
          ? t('coverage.source.none')
          : `${t('coverage.summary', { called: a.coverage.called, declared: a.coverage.declared })} ${t(`coverage.source.${a.coverage.source}`)}`}
      </p>

      <div className="audit-columns">
        <div>
          <h4>{t('faultCodes.title')}</h4>
          <TableRegion label={t('faultCodes.title')}>
            <table className="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('faultCodes.code')}</th>
                  <th scope="col">{t('faultCodes.calls')}</th>
                </tr>
              </thead>
              <tbody>
                {a.faultCodes.map((f) => (
                  <tr key={f.code ?? ''}>
                    <th scope="row">{f.code ? <code>{f.code}</code> : t('faultCodes.noCode')}</th>
                    <td>{n(f.calls)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </div>
        <div>
          <h4>{t('consumers.title')}</h4>
          <TableRegion label={t('consumers.title')}>
            <table className="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('consumers.institution')}</th>
                  <th scope="col">{t('consumers.system')}</th>
                  <th scope="col">{t('consumers.calls')}</th>
                  <th scope="col">{t('consumers.faults')}</th>
                </tr>
              </thead>
              <tbody>
                {a.consumers.map((c) => (
                  <tr key={`${c.institution}/${c.system ?? ''}`}>
                    <th scope="row">{c.institution}</th>
                    <td>{c.system ?? '—'}</td>
                    <td>{n(c.calls)}</td>
                    <td>{n(c.faults)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </div>
      </div>
    </article>
  );
}
