import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { answer, type Call, calls, resetServer } from './agency-test-api';
import { adminSession, renderPage, reviewerSession } from './agency-test-render';
import { QueuePage } from './queue';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const nrc = { id: '0190a1b2-0000-7000-8000-0000000000a1', name: 'Nacionālais reģistru centrs' };
const counts = {
  draft: 1,
  submitted: 2,
  in_review: 1,
  corrections_requested: 1,
  acceptance: 1,
  registration: 0,
  installation: 0,
  completed: 4,
  rejected: 1,
  withdrawn: 0,
};

function summary(n: number, state: string, stateChangedAt: string) {
  return {
    id: `0190a1b2-0000-7000-8000-00000000010${n}`,
    reference: `TP-2026-000${n}`,
    state,
    version: 1,
    institution: nrc,
    service: {
      id: '0190a1b2-0000-7000-8000-0000000000b1',
      identifier: 'URN:IVIS:100011:NRC-V1-0',
      name: 'Personas dati',
    },
    usedInVissInfrastructure: true,
    hostedInProduction: false,
    assignee: null,
    correctionRounds: 2,
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-05T08:00:00.000Z',
    submittedAt: '2026-03-02T08:00:00.000Z',
    stateChangedAt,
  };
}

const requestCalls = () => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/requests');
const lastRequestQuery = () => (requestCalls().at(-1) as Call).query;

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: reviewerSession });
  answer('GET', '/api/v1/institutions', {
    status: 200,
    body: {
      items: [
        { ...nrc, registrationNumber: '90000000011', isAgency: false, createdAt: '2026-01-01T00:00:00Z' },
      ],
    },
  });
  answer('GET', '/api/v1/requests', (call) => ({
    status: 200,
    body: {
      items: call.query.getAll('state').includes('completed')
        ? [summary(9, 'completed', '2026-03-04T08:00:00.000Z')]
        : [
            summary(1, 'submitted', '2026-03-01T08:00:00.000Z'),
            summary(2, 'in_review', '2026-03-03T08:00:00.000Z'),
          ],
      total: 2,
      page: 1,
      pageSize: 25,
      countsByState: counts,
    },
  }));
});

test('without filters in the URL, asks for the requests the agency must act on, longest waiting first', async () => {
  renderPage('/queue', <QueuePage />);
  const table = await screen.findByRole('table');
  expect((await within(table).findByRole('link', { name: 'TP-2026-0001' })).getAttribute('href')).toBe(
    '/requests/0190a1b2-0000-7000-8000-000000000101',
  );
  const query = lastRequestQuery();
  expect(query.getAll('state')).toEqual([
    'submitted',
    'in_review',
    'acceptance',
    'registration',
    'installation',
  ]);
  expect(query.get('sort')).toBe('stateChangedAt');
  expect(query.has('assigneeId')).toBe(false);

  const preset = screen.getByRole('link', { name: /Jārīkojas aģentūrai/ });
  expect(preset.getAttribute('aria-current')).toBe('true');
  expect(preset.textContent).toContain('4'); // submitted 2 + in review 1 + acceptance 1
  expect(screen.getByRole('columnheader', { name: /Gaida/ }).getAttribute('aria-sort')).toBe('descending');
  expect(screen.getByRole('status').textContent).toContain('Atrasti 2 pieteikumi');
});

test('a keyboard user can skip the state choices and filters straight to the requests found', async () => {
  renderPage('/queue', <QueuePage />);
  await screen.findByRole('table');
  const skip = screen.getByRole('link', { name: 'Pāriet uz atrastajiem pieteikumiem' });
  expect(skip.getAttribute('href')).toBe('#queue-results');
  const target = document.getElementById('queue-results');
  expect(target?.contains(screen.getByRole('table'))).toBe(true);
  expect(target?.getAttribute('tabindex')).toBe('-1');
});

test('filters in the URL reach the API and fill the form', async () => {
  renderPage(`/queue?state=all&assignee=none&minDays=5&institution=${nrc.id}&q=NRC`, <QueuePage />);
  await screen.findByRole('table');
  await within(screen.getByRole('table')).findByRole('link', { name: 'TP-2026-0001' });
  const query = lastRequestQuery();
  expect(query.has('state')).toBe(false);
  expect(query.get('assigneeId')).toBe('none');
  expect(query.get('minDaysInState')).toBe('5');
  expect(query.get('institutionId')).toBe(nrc.id);
  expect(query.get('q')).toBe('NRC');
  expect((screen.getByLabelText('Atbildīgais') as HTMLInputElement).value).toBe('none');
  expect((screen.getByLabelText(/Gaida vismaz/) as HTMLInputElement).value).toBe('5');
  expect(screen.getByRole('link', { name: /Visi stāvokļi/ }).getAttribute('aria-current')).toBe('true');
});

test('choosing a state count shows only that state and keeps the other filters', async () => {
  renderPage('/queue?assignee=me', <QueuePage />);
  await screen.findByRole('table');
  await within(screen.getByRole('table')).findByRole('link', { name: 'TP-2026-0001' });
  fireEvent.click(screen.getByRole('link', { name: /Pabeigts/ }));
  expect(await within(screen.getByRole('table')).findByRole('link', { name: 'TP-2026-0009' })).toBeTruthy();
  expect(lastRequestQuery().getAll('state')).toEqual(['completed']);
  expect(lastRequestQuery().get('assigneeId')).toBe('me');
  expect(screen.getByTestId('location').textContent).toContain('/queue?state=completed&assignee=me');
  // A closed request waits for nobody. The phone layout lists the same requests as cards.
  expect(
    within(screen.getByRole('list', { name: 'Pieteikumi darba rindā' })).getAllByRole('listitem'),
  ).toHaveLength(1);
  const row = screen.getByRole('row', { name: /TP-2026-0009/ });
  expect(within(row).getByText('Pieteikums ir slēgts')).toBeTruthy();
});

test('the waiting column sorts longest first, then reverses; a new filter goes back to page 1', async () => {
  renderPage('/queue?page=2', <QueuePage />);
  await screen.findByRole('table');
  await within(screen.getByRole('table')).findByRole('link', { name: 'TP-2026-0001' });
  fireEvent.click(screen.getByRole('button', { name: /Gaida/ }));
  await waitFor(() => expect(lastRequestQuery().get('sort')).toBe('-stateChangedAt'));
  expect(lastRequestQuery().get('page')).toBe('1');
  expect(screen.getByRole('columnheader', { name: /Gaida/ }).getAttribute('aria-sort')).toBe('ascending');
  expect(screen.getByTestId('location').textContent).toContain('/queue?sort=-stateChangedAt');
});

test('the form applies the filters to the URL only when submitted, and refuses a negative day count', async () => {
  renderPage('/queue', <QueuePage />);
  await screen.findByRole('table');
  await within(screen.getByRole('table')).findByRole('link', { name: 'TP-2026-0001' });
  fireEvent.change(screen.getByLabelText('Atbildīgais'), { target: { value: 'me' } });
  fireEvent.change(screen.getByLabelText(/Gaida vismaz/), { target: { value: '-1' } });
  fireEvent.click(screen.getByRole('button', { name: 'Atlasīt' }));
  expect(await screen.findByText(/Ievadiet veselu skaitli no 0 līdz 3650/)).toBeTruthy();
  expect(screen.getByTestId('location').textContent).toBe('/queue');

  fireEvent.change(screen.getByLabelText(/Gaida vismaz/), { target: { value: '3' } });
  fireEvent.click(screen.getByRole('button', { name: 'Atlasīt' }));
  await waitFor(() => expect(lastRequestQuery().get('assigneeId')).toBe('me'));
  expect(lastRequestQuery().get('minDaysInState')).toBe('3');
  expect(screen.getByTestId('location').textContent).toContain('/queue?assignee=me&minDays=3');
});

const liga = {
  id: '0190a1b2-0000-7000-8000-000000000007',
  displayName: 'Līga Kalniņa',
  role: 'agency_reviewer',
  isActive: true,
};

test('an admin can choose a staff member as the assignee', async () => {
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/agency-staff', { status: 200, body: { items: [liga] } });
  renderPage(`/queue?assignee=${liga.id}`, <QueuePage />);
  await screen.findByRole('table');
  const select = screen.getByLabelText('Atbildīgais') as HTMLSelectElement;
  await within(select).findByRole('option', { name: 'Līga Kalniņa' });
  expect(select.value).toBe(liga.id);
  expect(lastRequestQuery().get('assigneeId')).toBe(liga.id);
});

test('a reviewer is offered mine, unassigned, everyone and each colleague, without the admin-only user list', async () => {
  answer('GET', '/api/v1/agency-staff', { status: 200, body: { items: [liga] } });
  renderPage('/queue', <QueuePage />);
  await screen.findByRole('table');
  const select = screen.getByLabelText('Atbildīgais') as HTMLSelectElement;
  await within(select).findByRole('option', { name: 'Līga Kalniņa' });
  expect([...select.options].map((o) => o.value)).toEqual(['everyone', 'me', 'none', liga.id]);
  expect(calls.some((c) => c.path === '/api/v1/users')).toBe(false);
});
