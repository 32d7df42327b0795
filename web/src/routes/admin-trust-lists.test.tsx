import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TrustListPage } from './admin-trust-list';
import { TrustListsPage } from './admin-trust-lists';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { adminSession, polyfillDialog, renderPage, reviewerSession } from './agency-test-render';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const lv = {
  id: '0190a1b2-0000-7000-8000-0000000000c1',
  territory: 'LV',
  sequenceNumber: 42,
  listType: 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric',
  isListOfLists: false,
  operator: 'Digitālās drošības uzraudzības komiteja',
  issuedAt: '2026-11-01T10:00:00.000Z',
  nextUpdate: '2027-05-01T10:00:00.000Z',
  overdue: false,
  sha256: 'a'.repeat(64),
  size: 20480,
  signature: { status: 'valid', signer: 'CN=LV TL signer' },
  source: 'upload',
  loadedBy: { id: adminSession.user.id, displayName: 'Anna Bērziņa' },
  loadedAt: '2026-11-02T08:00:00.000Z',
  status: 'in_force',
  removal: null,
};
const ee = {
  ...lv,
  id: '0190a1b2-0000-7000-8000-0000000000c2',
  territory: 'EE',
  sequenceNumber: 7,
  operator: 'Tarbijakaitse ja Tehnilise Järelevalve Amet',
  overdue: true,
  nextUpdate: '2026-10-01T10:00:00.000Z',
  signature: { status: 'not_checked', signer: null },
  source: 'configuration',
  loadedBy: null,
};

beforeAll(polyfillDialog);
beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/trust-lists', {
    status: 200,
    body: { items: [lv, ee], total: 2, page: 1, pageSize: 25 },
  });
});

test('each list says whether it is in force, whether its signature was checked, and an overdue update in words', async () => {
  renderPage('/admin/trust-lists', <TrustListsPage />);
  const lvRow = (await screen.findByRole('rowheader', { name: 'LV Nr. 42' })).closest('tr') as HTMLElement;
  expect(lvRow.textContent).toContain('Spēkā');
  expect(lvRow.textContent).toContain('Pārbaudīts');
  expect(lvRow.textContent).toContain('Anna Bērziņa');
  expect(lvRow.textContent).not.toContain('nokavēta');
  const eeRow = screen.getByRole('rowheader', { name: 'EE Nr. 7' }).closest('tr') as HTMLElement;
  expect(eeRow.textContent).toContain('Nav pārbaudīts');
  expect(eeRow.textContent).toContain('nokavēta');
  expect(eeRow.textContent).toContain('no konfigurācijas');
  expect(within(lvRow).getByRole('link', { name: 'LV Nr. 42' }).getAttribute('href')).toBe(
    `/admin/trust-lists/${lv.id}`,
  );
});

test('the status filter asks the server for that status', async () => {
  renderPage('/admin/trust-lists', <TrustListsPage />);
  await screen.findByRole('rowheader', { name: 'LV Nr. 42' });
  fireEvent.change(screen.getByLabelText('Statuss'), { target: { value: 'removed' } });
  await waitFor(() => expect(lastCall('GET', '/api/v1/trust-lists')?.query.get('status')).toBe('removed'));
});

test('an admin loads a file: it goes as base64, and a list whose signature was not checked says so', async () => {
  answer('POST', '/api/v1/trust-lists', { status: 201, body: { ...ee, sequenceNumber: 8 } });
  renderPage('/admin/trust-lists', <TrustListsPage />);
  await screen.findByRole('rowheader', { name: 'LV Nr. 42' });
  fireEvent.click(screen.getByRole('button', { name: 'Ielādēt' }));
  expect(await screen.findByText('Izvēlieties saraksta datni.')).toBeTruthy();
  expect(calls.some((c) => c.method === 'POST')).toBe(false);

  const xml = '<tsl:TrustServiceStatusList/>';
  fireEvent.change(screen.getByLabelText('Saraksta XML datne'), {
    target: { files: [new File([xml], 'ee.xml', { type: 'application/xml' })] },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Ielādēt' }));
  expect(await screen.findByText('Ielādēts saraksts EE Nr. 8.')).toBeTruthy();
  expect(screen.getByText(/Tā paraksts nav pārbaudīts/)).toBeTruthy();
  const body = lastCall('POST', '/api/v1/trust-lists')?.body as { xmlBase64: string } | undefined;
  expect(atob(body?.xmlBase64 ?? '')).toBe(xml);
});

test('a refused list shows why, in the reader’s language', async () => {
  answer('POST', '/api/v1/trust-lists', {
    status: 409,
    body: {
      type: '/problems/conflict',
      title: 'Conflicting change',
      status: 409,
      code: 'conflict',
      reason: 'older_than_in_force',
    },
  });
  renderPage('/admin/trust-lists', <TrustListsPage />);
  await screen.findByRole('rowheader', { name: 'LV Nr. 42' });
  fireEvent.change(screen.getByLabelText('Saraksta XML datne'), {
    target: { files: [new File(['<x/>'], 'lv-old.xml')] },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Ielādēt' }));
  expect(await screen.findByText(/Šai teritorijai spēkā ir jaunāks saraksts/)).toBeTruthy();
});

test('removing asks for a reason and sends it', async () => {
  answer('POST', `/api/v1/trust-lists/${lv.id}/remove`, {
    status: 200,
    body: {
      ...lv,
      status: 'removed',
      removal: { at: '2026-11-03T09:00:00.000Z', by: lv.loadedBy, reason: 'Kļūda.' },
    },
  });
  renderPage('/admin/trust-lists', <TrustListsPage />);
  fireEvent.click(await screen.findByRole('button', { name: 'Noņemt sarakstu LV Nr. 42' }));
  const dialog = await screen.findByRole('dialog');
  fireEvent.click(within(dialog).getByRole('button', { name: 'Noņemt sarakstu' }));
  expect(await within(dialog).findByText('Norādiet iemeslu (3–2000 rakstzīmes).')).toBeTruthy();
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
  fireEvent.change(within(dialog).getByLabelText(/^Iemesls/), {
    target: { value: 'Publicēts kļūdains saraksts.' },
  });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Noņemt sarakstu' }));
  expect(await screen.findByText('Saraksts LV Nr. 42 noņemts.')).toBeTruthy();
  expect(lastCall('POST', `/api/v1/trust-lists/${lv.id}/remove`)?.body).toEqual({
    reason: 'Publicēts kļūdains saraksts.',
  });
});

test('an agency reviewer reads the lists but has no upload or remove', async () => {
  answer('GET', '/api/v1/session', { status: 200, body: reviewerSession });
  renderPage('/admin/trust-lists', <TrustListsPage />);
  await screen.findByRole('rowheader', { name: 'LV Nr. 42' });
  expect(screen.queryByLabelText('Saraksta XML datne')).toBeNull();
  expect(screen.queryByRole('button', { name: /Noņemt/ })).toBeNull();
  expect(screen.getByText(/Sarakstus ielādē un noņem aģentūras administrators\./)).toBeTruthy();
});

test('the detail lists the services with their status now, since when, and the signature warning', async () => {
  answer('GET', `/api/v1/trust-lists/${ee.id}`, {
    status: 200,
    body: {
      ...ee,
      services: [
        {
          name: 'Test qualified CA',
          type: 'CA/QC',
          typeUri: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
          kind: 'ca',
          qualified: true,
          current: { status: 'withdrawn', granted: false, from: '2026-10-01T00:00:00.000Z' },
          certificates: [
            {
              subject: 'CN=Test qualified CA',
              issuer: 'CN=Test qualified CA',
              serialNumber: '01',
              notBefore: '2025-01-01T00:00:00.000Z',
              notAfter: '2030-01-01T00:00:00.000Z',
              sha256: 'b'.repeat(64),
            },
          ],
          history: [
            { status: 'withdrawn', granted: false, from: '2026-10-01T00:00:00.000Z' },
            { status: 'granted', granted: true, from: '2025-01-01T00:00:00.000Z' },
          ],
        },
      ],
      pointers: [],
      history: [
        { id: lv.id, action: 'loaded', at: ee.loadedAt, by: null, reason: null, file: '/etc/pakalpe/ee.xml' },
      ],
    },
  });
  renderPage(`/admin/trust-lists/${ee.id}`, <TrustListPage />, '/admin/trust-lists/:id');
  expect(await screen.findByRole('heading', { level: 1, name: 'EE uzticamais saraksts Nr. 7' })).toBeTruthy();
  expect(screen.getByText(/Šī saraksta paraksts nav pārbaudīts/)).toBeTruthy();
  const row = screen.getByRole('rowheader', { name: 'Test qualified CA' }).closest('tr') as HTMLElement;
  expect(row.textContent).toContain('atsaukts');
  expect(row.textContent).toContain('nav uzticams');
  expect(row.textContent).toContain('b'.repeat(64));
  expect(screen.getByText('Datne: /etc/pakalpe/ee.xml')).toBeTruthy();
});
