import { fireEvent, screen, waitFor } from '@testing-library/react';
import { answer, lastCall, resetServer } from './agency-test-api';
import { renderPage, reviewerSession } from './agency-test-render';
import { InboundMailPage } from './inbound-mail';
import { QuarantinePage } from './quarantine';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const mailId = '0190a1b2-0000-7000-8000-0000000000e1';
const summary = {
  id: mailId,
  receivedAt: '2026-11-25T10:00:00.000Z',
  fromAddress: 'janis@privats.lv',
  fromHeader: 'Jānis Bērziņš <janis@privats.lv>',
  envelopeFrom: 'janis@privats.lv',
  subject: 'Jautājums par TP-2026-0001',
  reason: 'unknown_sender',
  reasonDetail: null,
  sizeBytes: 812,
  attachmentCount: 1,
  version: 2,
};
const view = {
  id: mailId,
  receivedAt: summary.receivedAt,
  envelopeFrom: summary.envelopeFrom,
  envelopeTo: ['atbalsts@pakalpe.example.lv'],
  remoteAddress: '127.0.0.1',
  fromAddress: summary.fromAddress,
  fromHeader: summary.fromHeader,
  subject: summary.subject,
  messageId: '<1@privats.lv>',
  sizeBytes: 812,
  sha256: 'a'.repeat(64),
  text: 'Kad pakalpe būs produkcijā?',
  replyText: 'Kad pakalpe būs produkcijā?',
  html: null,
  status: 'quarantined',
  reason: 'unknown_sender',
  reasonDetail: null,
  token: null,
  sender: null,
  routed: null,
  attachments: [
    {
      id: '0190a1b2-0000-7000-8000-0000000000a9',
      filename: 'rekins.exe',
      contentType: 'application/octet-stream',
      sizeBytes: 7,
      sha256: 'b'.repeat(64),
      isAllowed: false,
    },
  ],
  events: [
    {
      action: 'receive',
      fromStatus: null,
      toStatus: 'received',
      actor: null,
      reason: null,
      comment: null,
      createdAt: summary.receivedAt,
    },
    {
      action: 'quarantine',
      fromStatus: 'received',
      toStatus: 'quarantined',
      actor: null,
      reason: 'unknown_sender',
      comment: null,
      createdAt: summary.receivedAt,
    },
  ],
  suggestions: {
    requests: [
      {
        id: '0190a1b2-0000-7000-8000-0000000000b1',
        reference: 'TP-2026-0001',
        serviceName: 'Personas dati',
        state: 'in_review',
      },
    ],
    consultations: [],
  },
  version: 2,
};

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: reviewerSession });
  answer('GET', '/api/v1/support-mailbox/quarantine', (call) => {
    const reason = call.query.get('reason');
    const items = [summary].filter((m) => !reason || m.reason === reason);
    return { status: 200, body: { items, total: items.length, page: 1, pageSize: 25 } };
  });
  answer('GET', `/api/v1/support-mailbox/mails/${mailId}`, { status: 200, body: view });
});

test('the quarantine lists each mail with its sender and reason, and filters by reason', async () => {
  renderPage('/support-mailbox/quarantine', <QuarantinePage />);
  const link = await screen.findByRole('link', { name: summary.subject });
  expect(link.getAttribute('href')).toBe(`/support-mailbox/mails/${mailId}`);
  expect(link.closest('tr')?.textContent).toContain('Nezināms sūtītājs');
  fireEvent.change(screen.getByLabelText('Iemesls'), { target: { value: 'invalid_token' } });
  await waitFor(() =>
    expect(lastCall('GET', '/api/v1/support-mailbox/quarantine')?.query.get('reason')).toBe('invalid_token'),
  );
  expect(await screen.findByText('Karantīnā nav neviena e-pasta.')).toBeTruthy();
});

test('a mail shows why it waits and its blocked attachment; rejecting needs a reason and sends it', async () => {
  answer('POST', `/api/v1/support-mailbox/mails/${mailId}/release`, {
    status: 200,
    body: { ...view, status: 'rejected', version: 3 },
  });
  renderPage(`/support-mailbox/mails/${mailId}`, <InboundMailPage />, 'support-mailbox/mails/:id');
  expect(await screen.findByRole('heading', { level: 1, name: summary.subject })).toBeTruthy();
  expect(screen.getByText(/Karantīnā — Nezināms sūtītājs/)).toBeTruthy();
  expect(screen.getByText(/izpildāms fails, netiek piegādāts/)).toBeTruthy();

  fireEvent.click(screen.getByRole('radio', { name: 'Noraidīt' }));
  fireEvent.click(screen.getByRole('button', { name: 'Noraidīt' }));
  expect(await screen.findByText('Norādiet pamatojumu (vismaz 3 rakstzīmes).')).toBeTruthy();
  expect(lastCall('POST', `/api/v1/support-mailbox/mails/${mailId}/release`)).toBeUndefined();

  fireEvent.change(screen.getByLabelText(/Noraidīšanas pamatojums/), { target: { value: 'Surogātpasts' } });
  fireEvent.click(screen.getByRole('button', { name: 'Noraidīt' }));
  await waitFor(() =>
    expect(lastCall('POST', `/api/v1/support-mailbox/mails/${mailId}/release`)?.body).toEqual({
      action: 'reject',
      reason: 'Surogātpasts',
      version: 2,
    }),
  );
  expect(await screen.findByText(/^Noraidīts/)).toBeTruthy();
});

test('delivering offers the request the mail names and you as the author; another id can be typed', async () => {
  answer('POST', `/api/v1/support-mailbox/mails/${mailId}/release`, {
    status: 200,
    body: { ...view, status: 'released', version: 3 },
  });
  renderPage(`/support-mailbox/mails/${mailId}`, <InboundMailPage />, 'support-mailbox/mails/:id');
  const target = (await screen.findByLabelText(/^Pieteikums/)) as HTMLSelectElement;
  // Nothing is chosen for the agency user: a wrong request is worse than a second click.
  expect([...target.options].map((o) => o.text)).toEqual([
    '— izvēlieties —',
    'TP-2026-0001 — Personas dati',
    'Cits — ievadīt identifikatoru (UUID)',
  ]);
  const author = screen.getByLabelText(/^Kā lietotājs/) as HTMLSelectElement;
  expect(author.value).toBe(reviewerSession.user.id);
  expect(author.options[0]?.text).toBe('Jānis Ozoliņš (jūs)');

  fireEvent.change(target, { target: { value: '__other__' } });
  const typed = screen.getByRole('textbox', { name: 'Cits — ievadīt identifikatoru (UUID)' });
  fireEvent.change(typed, { target: { value: '0190a1b2-0000-7000-8000-0000000000b2' } });
  fireEvent.click(screen.getByRole('button', { name: 'Piegādāt' }));
  await waitFor(() =>
    expect(lastCall('POST', `/api/v1/support-mailbox/mails/${mailId}/release`)?.body).toEqual({
      action: 'deliverToRequest',
      requestId: '0190a1b2-0000-7000-8000-0000000000b2',
      authorUserId: reviewerSession.user.id,
      version: 2,
    }),
  );
});
