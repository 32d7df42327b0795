import { fireEvent, screen, within } from '@testing-library/react';
import { UsersPage } from './admin-users';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { adminSession, polyfillDialog, renderPage } from './agency-test-render';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const created = '2026-01-01T00:00:00.000Z';
const agency = {
  id: '0190a1b2-0000-7000-8000-0000000000a0',
  name: 'VRAA',
  registrationNumber: '90000000001',
  isAgency: true,
  createdAt: created,
};
const nrc = {
  id: '0190a1b2-0000-7000-8000-0000000000a1',
  name: 'Nacionālais reģistru centrs',
  registrationNumber: '90000000011',
  isAgency: false,
  createdAt: created,
};
const anna = {
  id: adminSession.user.id,
  email: 'anna.berzina@vraa.demo',
  displayName: 'Anna Bērziņa',
  role: 'agency_admin',
  institutionId: null,
  locale: 'lv',
  isActive: true,
  createdAt: created,
};
const janis = {
  id: '0190a1b2-0000-7000-8000-000000000002',
  email: 'janis.ozolins@vraa.demo',
  displayName: 'Jānis Ozoliņš',
  role: 'agency_reviewer',
  institutionId: null,
  locale: 'lv',
  isActive: true,
  createdAt: created,
};
const peteris = {
  id: '0190a1b2-0000-7000-8000-000000000003',
  email: 'peteris.liepa@nrc.demo',
  displayName: 'Pēteris Liepa',
  role: 'institution_member',
  institutionId: nrc.id,
  locale: 'en',
  isActive: true,
  createdAt: created,
};

beforeAll(polyfillDialog);
beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/institutions', { status: 200, body: { items: [nrc, agency] } });
  answer('GET', '/api/v1/users', { status: 200, body: { items: [anna, janis, peteris] } });
});

async function showUsers(path = '/admin/users') {
  renderPage(path, <UsersPage />);
  await screen.findByRole('rowheader', { name: /Pēteris Liepa/ });
}

test('lists users with translated role, their institution (the agency for its staff) and language', async () => {
  await showUsers();
  const row = screen.getByRole('rowheader', { name: /Pēteris Liepa/ }).closest('tr') as HTMLElement;
  expect(row.textContent).toContain('Iestādes darbinieks');
  expect(row.textContent).toContain('Nacionālais reģistru centrs');
  expect(row.textContent).toContain('English');
  const staff = screen.getByRole('rowheader', { name: /Jānis Ozoliņš/ }).closest('tr') as HTMLElement;
  expect(staff.textContent).toContain('VRAA');
  // No one deactivates themselves from here.
  expect(screen.queryByRole('button', { name: 'Deaktivizēt Anna Bērziņa' })).toBeNull();
});

test('the role and institution filters go to the API', async () => {
  await showUsers(`/admin/users?role=institution_member&institution=${nrc.id}`);
  const query = lastCall('GET', '/api/v1/users')?.query;
  expect(query?.get('role')).toBe('institution_member');
  expect(query?.get('institutionId')).toBe(nrc.id);
});

test('asks for an institution only for institution members', async () => {
  answer('POST', '/api/v1/users', {
    status: 201,
    body: {
      ...janis,
      id: '0190a1b2-0000-7000-8000-000000000009',
      email: 'liga@vraa.demo',
      displayName: 'Līga',
    },
  });
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Pievienot lietotāju' }));
  const form = screen.getByRole('form', { name: 'Jauns lietotājs' });
  expect(within(form).getByLabelText(/^Iestāde/)).toBeTruthy();

  fireEvent.change(within(form).getByLabelText(/^Loma/), { target: { value: 'agency_reviewer' } });
  expect(within(form).queryByLabelText(/^Iestāde/)).toBeNull();
  fireEvent.change(within(form).getByLabelText(/^E-pasts/), { target: { value: 'liga@vraa.demo' } });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: 'Līga' } });
  fireEvent.submit(form);
  expect(await screen.findByText('Lietotājs “Līga” izveidots.')).toBeTruthy();
  expect(lastCall('POST', '/api/v1/users')?.body).toEqual({
    email: 'liga@vraa.demo',
    displayName: 'Līga',
    role: 'agency_reviewer',
    locale: 'lv',
  });
});

test('an institution member without an institution, or with a short password, is not sent', async () => {
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Pievienot lietotāju' }));
  const form = screen.getByRole('form', { name: 'Jauns lietotājs' });
  fireEvent.change(within(form).getByLabelText(/^E-pasts/), { target: { value: 'ilze@nrc.demo' } });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: 'Ilze' } });
  fireEvent.change(within(form).getByLabelText(/^Sākotnējā parole/), { target: { value: 'too-short' } });
  fireEvent.submit(form);
  expect(await within(form).findByText('Izvēlieties iestādi.')).toBeTruthy();
  expect(within(form).getByText('Parolē jābūt vismaz 12 zīmēm.')).toBeTruthy();
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
});

test('an e-mail already in use is shown on the e-mail field', async () => {
  answer('POST', '/api/v1/users', {
    status: 409,
    body: { type: '/problems/conflict', title: 'Conflicting change', status: 409, code: 'conflict' },
  });
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Pievienot lietotāju' }));
  const form = screen.getByRole('form', { name: 'Jauns lietotājs' });
  fireEvent.change(within(form).getByLabelText(/^E-pasts/), { target: { value: 'janis.ozolins@vraa.demo' } });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: 'Jānis' } });
  fireEvent.change(within(form).getByLabelText(/^Iestāde/), { target: { value: nrc.id } });
  fireEvent.submit(form);
  expect(await within(form).findByText('Šis e-pasts jau ir izmantots.')).toBeTruthy();
  expect(within(form).getByRole('alert').textContent).toBe(
    'Lietotājs ar e-pastu janis.ozolins@vraa.demo jau eksistē.',
  );
});

test('editing offers roles on the same side only and sends only what changed', async () => {
  answer('PATCH', `/api/v1/users/${janis.id}`, { status: 200, body: { ...janis, role: 'agency_admin' } });
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Labot Jānis Ozoliņš' }));
  const dialog = screen.getByRole('dialog', { name: 'Labot lietotāju' });
  const role = within(dialog).getByLabelText(/^Loma/) as HTMLSelectElement;
  expect([...role.options].map((o) => o.value)).toEqual(['agency_reviewer', 'agency_admin']);
  fireEvent.change(role, { target: { value: 'agency_admin' } });
  fireEvent.submit(
    within(dialog).getByRole('button', { name: 'Saglabāt' }).closest('form') as HTMLFormElement,
  );
  expect(await screen.findByText('Lietotāja “Jānis Ozoliņš” dati saglabāti.')).toBeTruthy();
  expect(lastCall('PATCH', `/api/v1/users/${janis.id}`)?.body).toEqual({ role: 'agency_admin' });
});

test('an institution member keeps their role', async () => {
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Labot Pēteris Liepa' }));
  const dialog = screen.getByRole('dialog', { name: 'Labot lietotāju' });
  expect(within(dialog).queryByLabelText(/^Loma/)).toBeNull();
  expect(dialog.textContent).toContain('Iestādes darbinieks nevar kļūt par aģentūras darbinieku.');
});

test('deactivation asks first', async () => {
  answer('PATCH', `/api/v1/users/${peteris.id}`, { status: 200, body: { ...peteris, isActive: false } });
  await showUsers();
  fireEvent.click(screen.getByRole('button', { name: 'Deaktivizēt Pēteris Liepa' }));
  const dialog = screen.getByRole('dialog', { name: 'Deaktivizēt lietotāju “Pēteris Liepa”?' });
  expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
  fireEvent.click(within(dialog).getByRole('button', { name: 'Deaktivizēt' }));
  expect(await screen.findByText(/Lietotājs “Pēteris Liepa” deaktivizēts/)).toBeTruthy();
  expect(lastCall('PATCH', `/api/v1/users/${peteris.id}`)?.body).toEqual({ isActive: false });
});
