import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AuditAnalysisSnapshot, RequestView } from '../api/request-queries';
import { i18n } from '../i18n';
import { answer, calls, resetServer } from '../routes/agency-test-api';
import { renderPage, reviewerSession } from '../routes/agency-test-render';
import { AuditAnalysisPanel, defaultWindow } from './audit-analysis-panel';
import { barsFor, niceMax } from './audit-charts';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('../routes/agency-test-api')).fakeApi(),
}));

const requestId = '0190a1b2-0000-7000-8000-0000000000aa';
const request = (resolveCorrections: boolean) =>
  ({
    id: requestId,
    version: 4,
    testPeriod: { from: '2026-10-01', to: '2026-10-31' },
    capabilities: { edit: false, resolveCorrections, assign: 'none' },
  }) as unknown as RequestView;

const snapshot: AuditAnalysisSnapshot = {
  id: '0190a1b2-0000-7000-8000-0000000000bb',
  requestVersion: 4,
  service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
  environment: 'test',
  window: { from: '2026-10-01', to: '2026-10-03' },
  parameters: {
    thresholds: { faultRatePercent: 5, latencyP95Ms: 1000, slowCallMs: 3000 },
    windowSource: 'testPeriod',
  },
  recordCount: 130,
  recordsSha256: 'ab'.repeat(32),
  createdAt: '2026-11-02T09:00:00Z',
  createdBy: { id: 'r', displayName: 'Jānis Ozoliņš' },
  descriptionId: null,
  outdated: false,
  results: {
    service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
    environment: 'test',
    window: { from: '2026-10-01', to: '2026-10-03' },
    thresholds: { faultRatePercent: 5, latencyP95Ms: 1000, slowCallMs: 3000 },
    totals: {
      calls: 130,
      successes: 120,
      faults: 10,
      faultRatePercent: 7.69,
      distinctEndUsers: 40,
      distinctConsumers: 2,
    },
    latency: { measured: 130, p50: 120, p95: 480, p99: 3100, max: 9000 },
    histogram: [
      { fromMs: 0, toMs: 50, calls: 10 },
      { fromMs: 50, toMs: 100, calls: 40 },
      { fromMs: 100, toMs: null, calls: 80 },
    ],
    days: [
      { day: '2026-10-01', calls: 70, faults: 5, byOperation: {} },
      { day: '2026-10-02', calls: 60, faults: 5, byOperation: {} },
      { day: '2026-10-03', calls: 0, faults: 0, byOperation: {} },
    ],
    operations: [
      {
        operation: 'SaņemtPersonasDatus',
        declared: true,
        calls: 130,
        faults: 10,
        faultRatePercent: 7.69,
        slowCalls: 2,
        measured: 130,
        p50: 120,
        p95: 480,
        p99: 3100,
        max: 9000,
      },
      {
        operation: 'SaņemtPersonasStatusu',
        declared: true,
        calls: 0,
        faults: 0,
        faultRatePercent: 0,
        slowCalls: 0,
        measured: 0,
        p50: null,
        p95: null,
        p99: null,
        max: null,
      },
    ],
    faultCodes: [{ code: 'VAL-001', calls: 10 }],
    consumers: [
      { institution: '90000000022', system: 'VSPA-SOPA', calls: 100, faults: 2 },
      { institution: '90000000033', system: null, calls: 30, faults: 8 },
    ],
    coverage: {
      source: 'catalog',
      declared: 2,
      called: 1,
      uncalled: ['SaņemtPersonasStatusu'],
      undeclared: [],
    },
    flags: [
      { kind: 'uncalled_operation', operation: 'SaņemtPersonasStatusu', value: 0 },
      { kind: 'fault_rate_high', value: 7.69, threshold: 5 },
      { kind: 'slow_calls', operation: 'SaņemtPersonasDatus', value: 2, threshold: 3000 },
    ],
  },
};

const path = `/api/v1/requests/${requestId}/audit-analyses`;

describe('AuditAnalysisPanel', () => {
  beforeAll(() => i18n.changeLanguage('en'));
  beforeEach(() => {
    resetServer();
    const user = { ...reviewerSession.user, locale: 'en' };
    answer('GET', '/api/v1/session', { status: 200, body: { ...reviewerSession, user } });
  });

  it('shows the attached snapshot: totals, flags, charts with their descriptions and tables', async () => {
    answer('GET', path, { status: 200, body: { items: [snapshot] } });
    renderPage('/r', <AuditAnalysisPanel request={request(false)} />);
    expect(await screen.findByRole('heading', { name: /Analysis/ })).toBeTruthy();
    expect(
      screen.getByText('Operation SaņemtPersonasStatusu was never called in the test period.'),
    ).toBeTruthy();
    expect(screen.getByText('The fault rate 7.69 % is above 5 %.')).toBeTruthy();
    expect(screen.getByText('Operation SaņemtPersonasDatus has 2 calls slower than 3000 ms.')).toBeTruthy();
    const volume = screen.getByRole('img', { name: /Calls per day/ });
    expect(volume.querySelectorAll('rect.chart-bar')).toHaveLength(3);
    expect(within(volume).getByText(/3 days, 130 calls in all, 10 of them faults/)).toBeTruthy();
    expect(
      screen.getByRole('img', { name: /Response time distribution/ }).querySelectorAll('rect.chart-bar'),
    ).toHaveLength(3);
    const operations = screen.getByRole('table', { name: /per operation/ });
    expect(within(operations).getAllByRole('row')).toHaveLength(3);
    expect(within(operations).getByText('never called')).toBeTruthy();
    expect(screen.getByText('ab'.repeat(32))).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Analyse and attach' })).toBeNull();
    expect(screen.queryByText('Outdated')).toBeNull();
  });

  it('marks an analysis made against an earlier description as outdated', async () => {
    answer('GET', path, { status: 200, body: { items: [{ ...snapshot, outdated: true }] } });
    renderPage('/r', <AuditAnalysisPanel request={request(false)} />);
    const heading = await screen.findByRole('heading', { name: /Analysis.*Outdated/ });
    expect(heading).toBeTruthy();
    expect(screen.getByText(/Made against an earlier description/)).toBeTruthy();
  });

  it('the reviewer analyses the test period and attaches it in one action', async () => {
    answer('GET', path, { status: 200, body: { items: [] } });
    answer('POST', path, { status: 201, body: snapshot });
    renderPage('/r', <AuditAnalysisPanel request={request(true)} />);
    expect(await screen.findByText('No analysis is attached yet.')).toBeTruthy();
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-10-01');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2026-10-31');
    fireEvent.click(screen.getByRole('button', { name: 'Analyse and attach' }));
    await waitFor(() => expect(screen.getByText('The analysis was attached to the request.')).toBeTruthy());
    const post = calls.find((c) => c.method === 'POST' && c.path === path);
    expect(post?.body).toEqual({
      version: 4,
      window: { from: '2026-10-01', to: '2026-10-31' },
      thresholds: { faultRatePercent: 5, latencyP95Ms: 1000, slowCallMs: 3000 },
    });
  });

  it('a window that ends before it starts is refused before anything is sent', async () => {
    answer('GET', path, { status: 200, body: { items: [] } });
    renderPage('/r', <AuditAnalysisPanel request={request(true)} />);
    const from = await screen.findByLabelText('From');
    fireEvent.change(from, { target: { value: '2026-11-15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Analyse and attach' }));
    expect(await screen.findByText('The start of the period must not be after its end.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

describe('chart geometry and defaults', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 180, 201].map(niceMax)).toEqual([1, 1, 5, 10, 20, 200, 500]);
  });

  it('scales bars to the axis and keeps them inside the plot', () => {
    const bars = barsFor([0, 50, 100], 100);
    expect(bars.map((b) => Math.round(b.height))).toEqual([0, 72, 144]);
    expect(bars.every((b, i) => i === 0 || b.x > (bars[i - 1]?.x ?? 0))).toBe(true);
  });

  it('defaults to the test period, else the last 30 Riga days', () => {
    expect(defaultWindow({ testPeriod: null }, new Date('2026-11-25T23:30:00Z'))).toEqual({
      from: '2026-10-28',
      to: '2026-11-26',
    });
  });
});
