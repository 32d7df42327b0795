import { screen } from '@testing-library/react';
import { i18n } from '../i18n';
import { AccessibilityPage } from './accessibility';
import { answer, resetServer } from './agency-test-api';
import { renderPage } from './agency-test-render';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', {
    status: 401,
    body: { code: 'unauthenticated', status: 401, title: 'x', type: '/problems/unauthenticated' },
  });
  answer('GET', '/api/v1/agency', {
    status: 200,
    body: {
      name: { lv: 'Valsts digitālās attīstības aģentūra', en: 'State Digital Development Agency' },
      registrationNumber: null,
      address: null,
      phone: '+371 67 000 000',
      email: 'atbalsts@vdaa.gov.lv',
    },
  });
});

test('the accessibility statement says its status, the gaps, how it was made and whom to write, to a visitor too', async () => {
  renderPage('/pieejamiba', <AccessibilityPage />);
  expect(await screen.findByRole('heading', { level: 1, name: 'Paziņojums par piekļūstamību' })).toBeTruthy();
  expect(screen.getByText(/daļēji atbilst standartam LVS EN 301 549/)).toBeTruthy();
  expect(screen.getByText(/nav marķēts PDF/)).toBeTruthy();
  expect(screen.getByText(/sagatavots 2026\. gada 3\. decembris|sagatavots 3\. decembris 2026/)).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Atpakaļ' }).getAttribute('href')).toBe('/login');
  expect(await screen.findByText(/Rakstiet: Valsts digitālās attīstības aģentūra,/)).toBeTruthy();
  expect(screen.getByRole('link', { name: 'atbalsts@vdaa.gov.lv' }).getAttribute('href')).toBe(
    'mailto:atbalsts@vdaa.gov.lv',
  );
});

test('in English as well', async () => {
  await i18n.changeLanguage('en');
  try {
    renderPage('/pieejamiba', <AccessibilityPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Accessibility statement' })).toBeTruthy();
    expect(screen.getByText(/partially conforms to LVS EN 301 549/)).toBeTruthy();
    expect(screen.getByText(/prepared on 3 December 2026/)).toBeTruthy();
    expect(await screen.findByText(/Write to: State Digital Development Agency,/)).toBeTruthy();
  } finally {
    await i18n.changeLanguage('lv');
  }
});
