import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditAnalysis } from '../api/request-queries';
import { formatDate, formatNumber } from '../i18n/format';

// Two charts drawn as plain SVG (no chart library: two bar charts do not justify 100+ kB of
// JavaScript). Each is an image with a title and a description for screen readers, followed by the
// same numbers as a table inside <details>, so nothing is only in the picture. (role="img" makes
// the SVG one image to assistive technology: its labels are not read one by one.)

const width = 640;
const height = 180;
const margin = { top: 10, right: 8, bottom: 26, left: 44 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

/** A round upper bound for the y axis (1, 2, 5 × 10^n), so the gridline labels read well. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

export type Bar = { x: number; width: number; y: number; height: number };

/** Bars for `values` side by side across the plot, heights scaled to `max`. */
export function barsFor(values: readonly number[], max: number): Bar[] {
  const slot = plotWidth / Math.max(values.length, 1);
  const gap = Math.min(2, slot * 0.2);
  return values.map((v, i) => {
    const h = max === 0 ? 0 : (v / max) * plotHeight;
    return {
      x: margin.left + i * slot + gap / 2,
      width: Math.max(slot - gap, 0.5),
      y: margin.top + plotHeight - h,
      height: h,
    };
  });
}

function Axis({ max, lang }: { max: number; lang: string }) {
  const ticks = [0, max / 2, max];
  return (
    <g className="chart-axis">
      {ticks.map((tick) => {
        const y = margin.top + plotHeight - (tick / max) * plotHeight;
        return (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y} y2={y} className="chart-grid" />
            <text x={margin.left - 6} y={y + 4} textAnchor="end">
              {formatNumber(tick, lang)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export function VolumeChart({ analysis }: { analysis: AuditAnalysis }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const titleId = useId();
  const descId = useId();
  const days = analysis.days;
  const max = niceMax(Math.max(0, ...days.map((d) => d.calls)));
  const calls = barsFor(
    days.map((d) => d.calls),
    max,
  );
  const faults = barsFor(
    days.map((d) => d.faults),
    max,
  );
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure className="audit-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{t('volume.title')}</title>
        <desc id={descId}>
          {t('volume.desc', {
            days: days.length,
            calls: formatNumber(analysis.totals.calls, lang),
            faults: formatNumber(analysis.totals.faults, lang),
            max: formatNumber(Math.max(0, ...days.map((d) => d.calls)), lang),
          })}
        </desc>
        <Axis max={max} lang={lang} />
        {calls.map((bar, i) => (
          <rect key={days[i]?.day} className="chart-bar" {...bar} />
        ))}
        {faults.map((bar, i) => (
          <rect key={`f${days[i]?.day}`} className="chart-bar-fault" {...bar} />
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <text
              key={`l${d.day}`}
              className="chart-label"
              x={(calls[i]?.x ?? 0) + (calls[i]?.width ?? 0) / 2}
              y={height - 8}
              textAnchor="middle"
            >
              {d.day.slice(8)}.{d.day.slice(5, 7)}.
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>
        <span className="chart-key chart-key-calls">{t('volume.calls')}</span>{' '}
        <span className="chart-key chart-key-faults">{t('volume.faults')}</span>
      </figcaption>
      <details>
        <summary>{t('volume.table')}</summary>
        <table className="audit-table">
          <caption className="visually-hidden">{t('volume.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('volume.day')}</th>
              <th scope="col">{t('volume.calls')}</th>
              <th scope="col">{t('volume.faults')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDate(d.day, lang)}</th>
                <td>{formatNumber(d.calls, lang)}</td>
                <td>{formatNumber(d.faults, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function LatencyHistogram({ analysis }: { analysis: AuditAnalysis }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const titleId = useId();
  const descId = useId();
  const buckets = analysis.histogram;
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.calls)));
  const bars = barsFor(
    buckets.map((b) => b.calls),
    max,
  );
  const label = (b: (typeof buckets)[number]) =>
    b.toMs === null
      ? t('latency.open', { from: formatNumber(b.fromMs, lang) })
      : t('latency.range', { from: formatNumber(b.fromMs, lang), to: formatNumber(b.toMs, lang) });
  return (
    <figure className="audit-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{t('latency.title')}</title>
        <desc id={descId}>
          {t('latency.desc', {
            p50: formatNumber(analysis.latency.p50 ?? 0, lang),
            p95: formatNumber(analysis.latency.p95 ?? 0, lang),
          })}
        </desc>
        <Axis max={max} lang={lang} />
        {bars.map((bar, i) => (
          <rect key={buckets[i]?.fromMs} className="chart-bar" {...bar} />
        ))}
        {buckets.map((b, i) => (
          <text
            key={`l${b.fromMs}`}
            className="chart-label"
            x={(bars[i]?.x ?? 0) + (bars[i]?.width ?? 0) / 2}
            y={height - 8}
            textAnchor="middle"
          >
            {b.toMs === null ? `≥${b.fromMs}` : `<${b.toMs}`}
          </text>
        ))}
      </svg>
      <details>
        <summary>{t('latency.table')}</summary>
        <table className="audit-table">
          <caption className="visually-hidden">{t('latency.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('latency.bucket')}</th>
              <th scope="col">{t('latency.calls')}</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.fromMs}>
                <th scope="row">{label(b)}</th>
                <td>{formatNumber(b.calls, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
