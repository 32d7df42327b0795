import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { OutboxPage } from './admin-outbox';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { adminSession, renderPage } from './agency-test-render';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const failed = {
  id: '0190a1b2-0000-7000-8000-0000000000f1',
  recipient: 'inese.kaleja@iestade.lv',
  language: 'lv',
  template: 'requestReceived',
  subject: 'Pieteikums saņemts: TP-2026-0001',
  requestId: '0190a1b2-0000-7000-8000-0000000000a1',
  status: 'failed',
  attempts: 10,
  nextAttemptAt: null,
  lastError: 'connect ECONNREFUSED 127.0.0.1:25',
  transport: null,
  sentAt: null,
  createdAt: '2026-11-25T10:00:00.000Z',
};
const sent = {
  ...failed,
  id: '0190a1b2-0000-7000-8000-0000000000f2',
  subject: 'Pieteikums noraidīts: TP-2026-0002',
  status: 'sent',
  attempts: 1,
  lastError: null,
  transport: 'smtp',
  sentAt: '2026-11-25T10:00:05.000Z',
};

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: adminSession });
  answer('GET', '/api/v1/outbox', (call) => {
    const status = call.query.get('status');
    const items = [failed, sent].filter((m) => !status || m.status === status);
    return { status: 200, body: { items, total: items.length, page: 1, pageSize: 50 } };
  });
});

test('shows each message with its status and the error of a failed one', async () => {
  renderPage('/admin/outbox', <OutboxPage />);
  const row = (await screen.findByRole('rowheader', { name: failed.subject })).closest('tr');
  expect(row?.textContent).toContain('Neizdevās');
  expect(row?.textContent).toContain('connect ECONNREFUSED 127.0.0.1:25');
  const sentRow = screen.getByRole('rowheader', { name: sent.subject }).closest('tr');
  expect(sentRow?.textContent).toContain('Nosūtīts');
  expect(within(sentRow as HTMLElement).queryByRole('button')).toBeNull();
});

test('the status filter asks the server for that status', async () => {
  renderPage('/admin/outbox', <OutboxPage />);
  await screen.findByRole('rowheader', { name: failed.subject });
  fireEvent.change(screen.getByLabelText('Statuss'), { target: { value: 'sent' } });
  await waitFor(() => expect(lastCall('GET', '/api/v1/outbox')?.query.get('status')).toBe('sent'));
  await waitFor(() => expect(screen.queryByRole('rowheader', { name: failed.subject })).toBeNull());
});

test('retrying a failed message sends it back to the queue and says so', async () => {
  answer('POST', `/api/v1/outbox/${failed.id}/retry`, {
    status: 200,
    body: { ...failed, status: 'pending', attempts: 0, nextAttemptAt: '2026-11-25T11:00:00.000Z' },
  });
  renderPage('/admin/outbox', <OutboxPage />);
  fireEvent.click(await screen.findByRole('button', { name: `Sūtīt vēlreiz: ${failed.subject}` }));
  expect(await screen.findByText(`Ziņojums “${failed.subject}” atkal gaida nosūtīšanu.`)).toBeTruthy();
  expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
    `/api/v1/outbox/${failed.id}/retry`,
  ]);
});
