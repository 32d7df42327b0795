import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fileProblems } from '../components/consultation-model';
import { answer, lastCall, resetServer } from './agency-test-api';
import { adminSession, renderPage } from './agency-test-render';
import { NewConsultationPage } from './consultation-new';
import { ConsultationsPage } from './consultations-list';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const memberSession = {
  ...adminSession,
  user: {
    ...adminSession.user,
    id: '0190a1b2-0000-7000-8000-000000000003',
    email: 'inese.kaleja@iestade.lv',
    displayName: 'Inese Kalēja',
    role: 'institution_member',
    institutionId: '0190a1b2-0000-7000-8000-0000000000b1',
    institutionName: 'Nacionālais reģistru centrs',
  },
};

const ticket = {
  id: '0190a1b2-0000-7000-8000-0000000000c1',
  reference: 'K-12',
  subject: 'Kā iesniegt audita ierakstus?',
  category: 'auditRecords',
  status: 'open',
  institution: { id: memberSession.user.institutionId, name: 'Nacionālais reģistru centrs' },
  openedBy: { id: memberSession.user.id, displayName: 'Inese Kalēja' },
  replyBy: '2026-11-20T10:00:00.000Z',
  overdue: true,
  source: 'web',
  version: 1,
  lastMessageAt: '2026-11-18T10:00:00.000Z',
  createdAt: '2026-11-18T10:00:00.000Z',
  updatedAt: '2026-11-18T10:00:00.000Z',
};
const answered = {
  ...ticket,
  id: '0190a1b2-0000-7000-8000-0000000000c2',
  reference: 'K-13',
  subject: 'Akta paraksts',
  status: 'answered',
  replyBy: null,
  overdue: false,
};

beforeEach(() => resetServer());

describe('consultation list', () => {
  beforeEach(() => {
    answer('GET', '/api/v1/session', { status: 200, body: adminSession });
    answer('GET', '/api/v1/consultations', (call) => {
      const overdue = call.query.get('overdue') === 'true';
      const items = [ticket, answered].filter((c) => !overdue || c.overdue);
      return { status: 200, body: { items, total: items.length, page: 1, pageSize: 25 } };
    });
  });

  test('the agency queue names the institution and marks an overdue ticket in words', async () => {
    renderPage('/consultations', <ConsultationsPage />);
    const row = (await screen.findByRole('rowheader', { name: ticket.subject })).closest('tr');
    expect(row?.textContent).toContain('Nacionālais reģistru centrs');
    expect(row?.textContent).toContain('Nokavēts');
    expect(row?.textContent).toContain('Gaida atbildi');
    const other = screen.getByRole('rowheader', { name: answered.subject }).closest('tr');
    expect(other?.textContent).not.toContain('Nokavēts');
    expect(other?.textContent).toContain('Atbildēts');
  });

  test('the overdue filter goes into the address and the server query', async () => {
    renderPage('/consultations', <ConsultationsPage />);
    await screen.findByRole('rowheader', { name: ticket.subject });
    fireEvent.click(screen.getByLabelText('Tikai nokavētās'));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: answered.subject })).toBeNull());
    expect(lastCall('GET', '/api/v1/consultations')?.query.get('overdue')).toBe('true');
    expect(screen.getByTestId('location').textContent).toBe('/consultations?overdue=true');
  });
});

describe('new consultation form', () => {
  beforeEach(() => {
    answer('GET', '/api/v1/session', { status: 200, body: memberSession });
    answer('POST', '/api/v1/consultations', { status: 201, body: { ...ticket, messages: [], history: [] } });
  });

  test('an empty form is not sent; each missing field says what to do', async () => {
    renderPage('/consultations/new', <NewConsultationPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Nosūtīt jautājumu' }));
    expect(await screen.findByText('Norādiet tematu.')).toBeTruthy();
    expect(screen.getByText('Izvēlieties kategoriju.')).toBeTruthy();
    expect(screen.getByText('Uzrakstiet jautājumu.')).toBeTruthy();
    expect(lastCall('POST', '/api/v1/consultations')).toBeUndefined();
    expect(document.activeElement).toBe(screen.getByLabelText(/^Temats/));
  });

  test('a filled form sends the question with its file and opens the new ticket', async () => {
    renderPage('/consultations/new', <NewConsultationPage />);
    fireEvent.change(await screen.findByLabelText(/^Temats/), { target: { value: ' Audita ieraksti ' } });
    fireEvent.change(screen.getByLabelText(/^Kategorija/), { target: { value: 'auditRecords' } });
    fireEvent.change(screen.getByLabelText(/^Jautājums/), { target: { value: 'Kādā formātā?' } });
    const file = new File(['a;b\n1;2\n'], 'paraugs.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText(/^Pielikumi/), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Nosūtīt jautājumu' }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(`/consultations/${ticket.id}`),
    );
    expect(lastCall('POST', '/api/v1/consultations')?.body).toEqual({
      subject: 'Audita ieraksti',
      category: 'auditRecords',
      body: 'Kādā formātā?',
      attachments: [{ filename: 'paraugs.csv', contentBase64: btoa('a;b\n1;2\n') }],
    });
  });

  test('more than five files, or a file over 10 MiB, is refused before sending', () => {
    const small = { name: 'a.txt', size: 10 };
    expect(fileProblems(Array(6).fill(small))).toEqual([{ kind: 'tooMany' }]);
    expect(fileProblems([{ name: 'big.pdf', size: 10 * 1024 * 1024 + 1 }])).toEqual([
      { kind: 'tooLarge', name: 'big.pdf' },
    ]);
    expect(fileProblems([small])).toEqual([]);
  });
});
