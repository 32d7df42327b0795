import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { answer, calls, lastCall, resetServer } from '../routes/agency-test-api';
import { adminSession, polyfillDialog, renderPage } from '../routes/agency-test-render';
import { RepresentativesSection } from './representatives-section';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('../routes/agency-test-api')).fakeApi(),
}));

const institution = { id: '0190a1b2-0000-7000-8000-0000000000b1', name: 'Nacionālais reģistru centrs' };
const listPath = `/api/v1/institutions/${institution.id}/representatives`;
const peteris = {
  id: '0190a1b2-0000-7000-8000-0000000000e1',
  institutionId: institution.id,
  maskedCode: '010180-*****',
  name: 'Pēteris Liepa',
  position: 'IT nodaļas vadītājs',
  // 00:00 in Riga on 1 January 2026, open-ended.
  validFrom: '2025-12-31T22:00:00.000Z',
  validTo: null,
  status: 'active',
  version: 1,
  createdAt: '2026-01-02T08:00:00.000Z',
  updatedAt: '2026-01-02T08:00:00.000Z',
};
const list = (items: unknown[]) => ({
  status: 200,
  body: { items, total: items.length, page: 1, pageSize: 25 },
});

beforeAll(polyfillDialog);
beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', listPath, list([peteris]));
});

const renderSection = (canManage = true) =>
  renderPage(
    '/admin/institutions',
    <RepresentativesSection institution={institution} canManage={canManage} />,
  );

async function openAddForm() {
  renderSection();
  await screen.findByRole('rowheader', { name: peteris.name });
  fireEvent.click(screen.getByRole('button', { name: 'Pievienot pārstāvi', expanded: false }));
  return screen.getByRole('form', { name: 'Jauns pārstāvis' });
}

test('lists the register with masked codes, validity in days and status', async () => {
  renderSection();
  const row = (await screen.findByRole('rowheader', { name: peteris.name })).closest('tr');
  expect(row?.textContent).toContain('010180-*****');
  expect(row?.textContent).toContain('IT nodaļas vadītājs');
  expect(row?.textContent).toContain('bez termiņa');
  expect(row?.textContent).toContain('Spēkā');
  expect(
    within(row as HTMLElement)
      .getByText(/2026/)
      .getAttribute('dateTime'),
  ).toBe('2026-01-01');
  expect(calls.find((c) => c.path === listPath)?.query.get('includeEnded')).toBe('false');

  fireEvent.click(screen.getByLabelText('Rādīt arī beigušās pārstāvības'));
  await waitFor(() => expect(lastCall('GET', listPath)?.query.get('includeEnded')).toBe('true'));
});

test('checks the personal code before sending and says what is wrong in Latvian', async () => {
  const form = await openAddForm();
  fireEvent.change(within(form).getByLabelText(/^Personas kods/), { target: { value: '010190-1234' } });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: 'Ilze Krūmiņa' } });
  fireEvent.submit(form);
  expect(await screen.findByText('Personas kodā jābūt 11 cipariem, piemēram, 010190-12345.')).toBeTruthy();
  expect(document.activeElement).toBe(within(form).getByLabelText(/^Personas kods/));
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
});

test('adds a representative, sending the day after the last day as the exclusive end', async () => {
  const ilze = { ...peteris, id: '0190a1b2-0000-7000-8000-0000000000e2', name: 'Ilze Krūmiņa' };
  answer('POST', listPath, { status: 201, body: ilze });
  const form = await openAddForm();
  fireEvent.change(within(form).getByLabelText(/^Personas kods/), {
    target: { value: ' PNOLV-150375-11208 ' },
  });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: ' Ilze Krūmiņa ' } });
  fireEvent.change(within(form).getByLabelText(/^Amats/), { target: { value: 'direktore' } });
  fireEvent.change(within(form).getByLabelText(/^Pirmā diena/), { target: { value: '2026-01-01' } });
  fireEvent.change(within(form).getByLabelText(/^Pēdējā diena/), { target: { value: '2026-12-31' } });
  answer('GET', listPath, list([ilze, peteris]));
  fireEvent.submit(form);
  expect(await screen.findByText('Pārstāvis “Ilze Krūmiņa” pievienots.')).toBeTruthy();
  expect(lastCall('POST', listPath)?.body).toEqual({
    personalCode: 'PNOLV-150375-11208',
    name: 'Ilze Krūmiņa',
    position: 'direktore',
    validFrom: '2026-01-01',
    validTo: '2027-01-01',
  });
  await waitFor(() => expect(screen.getByRole('rowheader', { name: 'Ilze Krūmiņa' })).toBeTruthy());
});

test('an overlap refused by the server is shown on the personal code', async () => {
  answer('POST', listPath, {
    status: 409,
    body: {
      type: '/problems/representation-overlap',
      title: 'The person already represents the institution in that period',
      status: 409,
      code: 'representation_overlap',
    },
  });
  const form = await openAddForm();
  fireEvent.change(within(form).getByLabelText(/^Personas kods/), { target: { value: '010180-10006' } });
  fireEvent.change(within(form).getByLabelText(/^Vārds, uzvārds/), { target: { value: 'Pēteris Liepa' } });
  fireEvent.submit(form);
  expect((await screen.findByRole('alert')).textContent).toBe(
    'Šī persona jau pārstāv iestādi daļā no šī laika.',
  );
  expect(
    screen.getByText(
      'Šī persona jau pārstāv iestādi daļā no šī laika. Vispirms beidziet vai labojiet to ierakstu.',
    ),
  ).toBeTruthy();
});

test('a change of period needs a reason; only what changed is sent, with the version read', async () => {
  renderSection();
  await screen.findByRole('rowheader', { name: peteris.name });
  fireEvent.click(screen.getByRole('button', { name: 'Labot pārstāvi “Pēteris Liepa”' }));
  const form = screen.getByRole('form', { name: 'Labot pārstāvi “Pēteris Liepa”' });
  expect((within(form).getByLabelText(/^Pirmā diena/) as HTMLInputElement).value).toBe('2026-01-01');
  fireEvent.change(within(form).getByLabelText(/^Pēdējā diena/), { target: { value: '2026-06-30' } });
  fireEvent.submit(form);
  expect(await screen.findByText('Norādiet iemeslu (vismaz 3 zīmes).')).toBeTruthy();
  expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

  const path = `/api/v1/representatives/${peteris.id}`;
  answer('PATCH', path, {
    status: 200,
    body: { ...peteris, validTo: '2026-06-30T21:00:00.000Z', version: 2 },
  });
  fireEvent.change(within(form).getByLabelText(/^Iemesls/), {
    target: { value: 'Pilnvara līdz jūnija beigām' },
  });
  fireEvent.submit(form);
  expect(await screen.findByText('Pārstāvja “Pēteris Liepa” dati saglabāti.')).toBeTruthy();
  expect(lastCall('PATCH', path)?.body).toEqual({
    version: 1,
    validTo: '2026-07-01',
    reason: 'Pilnvara līdz jūnija beigām',
  });
});

test('ends a representation with a reason, in a dialog', async () => {
  renderSection();
  await screen.findByRole('rowheader', { name: peteris.name });
  fireEvent.click(screen.getByRole('button', { name: 'Beigt pārstāvību: Pēteris Liepa' }));
  const dialog = screen.getByRole('dialog', { name: 'Beigt pārstāvību: Pēteris Liepa' });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Beigt pārstāvību' }));
  expect(await within(dialog).findByText('Norādiet iemeslu (vismaz 3 zīmes).')).toBeTruthy();

  const path = `/api/v1/representatives/${peteris.id}/end`;
  answer('POST', path, {
    status: 200,
    body: { ...peteris, validTo: '2026-12-03T12:00:00.000Z', status: 'ended', version: 2 },
  });
  fireEvent.change(within(dialog).getByLabelText(/^Iemesls/), { target: { value: 'Atbrīvots no amata.' } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Beigt pārstāvību' }));
  expect(await screen.findByText('Personas “Pēteris Liepa” pārstāvība beigta.')).toBeTruthy();
  expect(lastCall('POST', path)?.body).toEqual({ version: 1, reason: 'Atbrīvots no amata.' });
});

test('shows an entry’s history: what, when, who and why', async () => {
  answer('GET', `/api/v1/representatives/${peteris.id}`, {
    status: 200,
    body: {
      ...peteris,
      history: [
        {
          id: '0190a1b2-0000-7000-8000-0000000000f1',
          action: 'create',
          at: '2026-01-02T08:00:00.000Z',
          by: { id: adminSession.user.id, displayName: 'Anna Bērziņa' },
          reason: null,
          version: 1,
          changes: { name: { from: null, to: 'Pēteris Liepa' } },
        },
        {
          id: '0190a1b2-0000-7000-8000-0000000000f2',
          action: 'update',
          at: '2026-02-02T08:00:00.000Z',
          by: null,
          reason: 'Amata nosaukums precizēts',
          version: 2,
          changes: { position: { from: 'IT vadītājs', to: 'IT nodaļas vadītājs' } },
        },
      ],
    },
  });
  renderSection(false);
  await screen.findByRole('rowheader', { name: peteris.name });
  fireEvent.click(screen.getByRole('button', { name: 'Vēsture: Pēteris Liepa' }));
  const dialog = screen.getByRole('dialog', { name: 'Vēsture: Pēteris Liepa' });
  const entries = await within(dialog).findAllByRole('listitem');
  expect(dialog.textContent).toContain('Pievienots');
  expect(dialog.textContent).toContain('Anna Bērziņa');
  expect(dialog.textContent).toContain('Vārds, uzvārds: — → Pēteris Liepa');
  expect(dialog.textContent).toContain('Iemesls: Amata nosaukums precizēts');
  expect(dialog.textContent).toContain('Amats: IT vadītājs → IT nodaļas vadītājs');
  expect(entries.length).toBeGreaterThanOrEqual(2);
});

test('an institution member reads the register without any button to change it', async () => {
  renderSection(false);
  await screen.findByRole('rowheader', { name: peteris.name });
  expect(screen.queryByRole('button', { name: 'Pievienot pārstāvi' })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Labot pārstāvi/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Beigt pārstāvību/ })).toBeNull();
  expect(screen.getByRole('button', { name: 'Vēsture: Pēteris Liepa' })).toBeTruthy();
  expect(screen.getByText(/Sarakstu uztur aģentūras administrators/)).toBeTruthy();
});
