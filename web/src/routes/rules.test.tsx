import { fireEvent, screen } from '@testing-library/react';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { adminSession, renderPage } from './agency-test-render';
import { RulesPage } from './rules';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const rule = (id: string, source: 'viss' | 'spectral', severity: 'error' | 'warning' | 'info') => ({
  id,
  source,
  title: { lv: `Noteikums ${id}`, en: `Rule ${id}` },
  rationale: null,
  protocols: [source === 'viss' ? 'soap' : 'rest'] as ('soap' | 'rest')[],
  defaultSeverity: severity,
  enabled: true,
  severity,
});

const ruleset = {
  version: 2,
  reason: 'Iepriekšējās izmaiņas.',
  createdAt: '2026-11-01T10:00:00.000Z',
  createdBy: { id: '0190a1b2-0000-7000-8000-0000000000a1', displayName: 'Anna Bērziņa' },
  rules: [rule('viss-no-rpc', 'viss', 'error'), rule('oas:info-contact', 'spectral', 'warning')],
};

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/rules', { status: 200, body: ruleset });
  answer('GET', '/api/v1/rules/versions', {
    status: 200,
    body: {
      items: [
        {
          version: 2,
          settings: { 'oas:info-contact': { severity: 'error' } },
          reason: 'Iepriekšējās izmaiņas.',
          createdAt: '2026-11-01T10:00:00.000Z',
          createdBy: ruleset.createdBy,
        },
      ],
    },
  });
});

test('an admin switches a rule off and saves a new version with a reason, based on the version read', async () => {
  renderPage('/rules', <RulesPage />);
  const toggle = await screen.findByRole('checkbox', { name: 'Ieslēgt noteikumu viss-no-rpc' });
  expect(screen.getByText('Nekas nav mainīts.')).toBeTruthy();
  fireEvent.click(toggle);
  expect(screen.getByText('Mainīts 1 noteikums.')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Saglabāt jaunu versiju' }));
  expect(await screen.findByText('Norādiet iemeslu (vismaz 3 zīmes).')).toBeTruthy();
  expect(calls.some((c) => c.method === 'PUT')).toBe(false);

  answer('PUT', '/api/v1/rules/settings', { status: 200, body: { ...ruleset, version: 3 } });
  fireEvent.change(screen.getByLabelText(/Izmaiņu iemesls/), {
    target: { value: 'RPC pārbauda cits rīks.' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Saglabāt jaunu versiju' }));
  expect(await screen.findByText('Saglabāta noteikumu versija 3.')).toBeTruthy();
  expect(lastCall('PUT', '/api/v1/rules/settings')?.body).toEqual({
    basedOn: 2,
    reason: 'RPC pārbauda cits rīks.',
    settings: {
      'viss-no-rpc': { enabled: false, severity: 'error' },
      'oas:info-contact': { enabled: true, severity: 'warning' },
    },
  });
  expect(screen.getByText(/1 noteikums atšķiras no noklusējuma/)).toBeTruthy();
});
