import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InstitutionsPage } from './admin-institutions';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { adminSession, renderPage } from './agency-test-render';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const agency = {
  id: '0190a1b2-0000-7000-8000-0000000000a0',
  name: 'Valsts reģionālās attīstības aģentūra',
  registrationNumber: '90000000001',
  isAgency: true,
  vissCode: null,
  contactEmail: null,
  contactPhone: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/institutions', { status: 200, body: { items: [agency] } });
});

async function openForm() {
  renderPage('/admin/institutions', <InstitutionsPage />);
  await screen.findByRole('rowheader', { name: agency.name });
  fireEvent.click(screen.getByRole('button', { name: 'Pievienot iestādi', expanded: false }));
  return screen.getByRole('form', { name: 'Jauna iestāde' });
}

test('marks the agency in the list', async () => {
  renderPage('/admin/institutions', <InstitutionsPage />);
  const row = (await screen.findByRole('rowheader', { name: agency.name })).closest('tr');
  expect(row?.textContent).toContain('Aģentūra');
  expect(row?.textContent).toContain('90000000001');
});

test('checks the registration number before sending', async () => {
  await openForm();
  fireEvent.change(screen.getByLabelText(/Oficiālais nosaukums/), {
    target: { value: 'Valsts ieņēmumu dienests' },
  });
  fireEvent.change(screen.getByLabelText(/Reģistrācijas numurs/), { target: { value: '9000006928' } });
  fireEvent.submit(screen.getByRole('form', { name: 'Jauna iestāde' }));
  expect(await screen.findByText('Reģistrācijas numurā jābūt tieši 11 cipariem.')).toBeTruthy();
  expect(document.activeElement).toBe(screen.getByLabelText(/Reģistrācijas numurs/));
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
});

test('a taken registration number is shown as a conflict on its field', async () => {
  answer('POST', '/api/v1/institutions', {
    status: 409,
    body: {
      type: '/problems/conflict',
      title: 'Conflicting change',
      status: 409,
      code: 'conflict',
      detail: 'x',
    },
  });
  const form = await openForm();
  fireEvent.change(screen.getByLabelText(/Oficiālais nosaukums/), { target: { value: 'Cits birojs' } });
  fireEvent.change(screen.getByLabelText(/Reģistrācijas numurs/), { target: { value: '90000000001' } });
  fireEvent.submit(form);
  expect((await screen.findByRole('alert')).textContent).toBe(
    'Iestāde ar reģistrācijas numuru 90000000001 jau ir reģistrēta.',
  );
  expect(screen.getByText('Šis reģistrācijas numurs jau ir izmantots.')).toBeTruthy();
  expect(screen.getByLabelText(/Reģistrācijas numurs/).getAttribute('aria-invalid')).toBe('true');
});

test('field problems from the server mark the fields they name', async () => {
  answer('POST', '/api/v1/institutions', {
    status: 400,
    body: {
      type: '/problems/validation',
      title: 'Request is not valid',
      status: 400,
      code: 'validation',
      errors: [{ path: 'body.name', message: 'Too small' }],
    },
  });
  const form = await openForm();
  fireEvent.change(screen.getByLabelText(/Oficiālais nosaukums/), { target: { value: 'Iestāde' } });
  fireEvent.change(screen.getByLabelText(/Reģistrācijas numurs/), { target: { value: '90000000099' } });
  fireEvent.submit(form);
  expect(await screen.findByText('Ievadiet nosaukumu (2–300 zīmes).')).toBeTruthy();
  expect(screen.getByLabelText(/Oficiālais nosaukums/).getAttribute('aria-invalid')).toBe('true');
});

test('adds an institution and announces it', async () => {
  const created = {
    ...agency,
    id: '0190a1b2-0000-7000-8000-0000000000a9',
    name: 'Valsts ieņēmumu dienests',
    registrationNumber: '90000069281',
    isAgency: false,
  };
  answer('POST', '/api/v1/institutions', { status: 201, body: created });
  const form = await openForm();
  fireEvent.change(screen.getByLabelText(/Oficiālais nosaukums/), {
    target: { value: ' Valsts ieņēmumu dienests ' },
  });
  fireEvent.change(screen.getByLabelText(/Reģistrācijas numurs/), { target: { value: '90000069281' } });
  answer('GET', '/api/v1/institutions', { status: 200, body: { items: [agency, created] } });
  fireEvent.submit(form);
  expect(await screen.findByText('Iestāde “Valsts ieņēmumu dienests” pievienota.')).toBeTruthy();
  expect(lastCall('POST', '/api/v1/institutions')?.body).toEqual({
    name: 'Valsts ieņēmumu dienests',
    registrationNumber: '90000069281',
  });
  await waitFor(() =>
    expect(screen.getByRole('rowheader', { name: 'Valsts ieņēmumu dienests' })).toBeTruthy(),
  );
  expect(screen.queryByRole('form', { name: 'Jauna iestāde' })).toBeNull();
});

test('an admin records the VISS code and contact, sending only the changes with the version read', async () => {
  renderPage('/admin/institutions', <InstitutionsPage />);
  await screen.findByRole('rowheader', { name: agency.name });
  fireEvent.click(screen.getByRole('button', { name: `Labot iestādi “${agency.name}”` }));
  const form = screen.getByRole('form', { name: `Labot iestādi “${agency.name}”` });
  fireEvent.change(screen.getByLabelText(/VISS kods/), { target: { value: 'VRAA' } });
  fireEvent.submit(form);
  expect(await screen.findByText('VISS kodā var būt tikai cipari (līdz 12).')).toBeTruthy();
  expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

  const path = `/api/v1/institutions/${agency.id}`;
  answer('PATCH', path, { status: 200, body: { ...agency, vissCode: '100001', version: 4 } });
  fireEvent.change(screen.getByLabelText(/VISS kods/), { target: { value: '100001' } });
  fireEvent.change(screen.getByLabelText(/Kontakta e-pasts/), { target: { value: 'viss@vraa.gov.lv' } });
  answer('GET', '/api/v1/institutions', {
    status: 200,
    body: { items: [{ ...agency, vissCode: '100001', contactEmail: 'viss@vraa.gov.lv', version: 4 }] },
  });
  fireEvent.submit(form);
  expect(await screen.findByText(`Iestādes “${agency.name}” dati saglabāti.`)).toBeTruthy();
  expect(lastCall('PATCH', path)?.body).toEqual({
    version: 3,
    vissCode: '100001',
    contactEmail: 'viss@vraa.gov.lv',
  });
  const row = (await screen.findByRole('rowheader', { name: agency.name })).closest('tr');
  await waitFor(() => expect(row?.textContent).toContain('viss@vraa.gov.lv'));
});

test("an admin opens an institution's register of representatives from its row; the address keeps it", async () => {
  answer('GET', `/api/v1/institutions/${agency.id}/representatives`, {
    status: 200,
    body: {
      items: [
        {
          id: '0190a1b2-0000-7000-8000-0000000000e1',
          institutionId: agency.id,
          maskedCode: '320412-*****',
          name: 'Anna Bērziņa',
          position: 'direktora vietniece',
          validFrom: '2025-12-31T22:00:00.000Z',
          validTo: null,
          status: 'active',
          version: 1,
          createdAt: '2026-01-02T08:00:00.000Z',
          updatedAt: '2026-01-02T08:00:00.000Z',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 25,
    },
  });
  renderPage('/admin/institutions', <InstitutionsPage />);
  await screen.findByRole('rowheader', { name: agency.name });
  fireEvent.click(screen.getByRole('button', { name: `Iestādes “${agency.name}” pārstāvji` }));
  const section = await screen.findByRole('region', { name: `Pārstāvji: ${agency.name}` });
  expect(await within(section).findByRole('rowheader', { name: 'Anna Bērziņa' })).toBeTruthy();
  expect(within(section).getByText('320412-*****')).toBeTruthy();
  expect(within(section).getByRole('button', { name: 'Pievienot pārstāvi' })).toBeTruthy();
  expect(screen.getByTestId('location').textContent).toBe(`/admin/institutions?representatives=${agency.id}`);
  fireEvent.click(screen.getByRole('button', { name: 'Aizvērt pārstāvjus' }));
  expect(screen.queryByRole('region', { name: `Pārstāvji: ${agency.name}` })).toBeNull();
});
