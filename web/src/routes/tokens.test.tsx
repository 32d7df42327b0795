import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { answer, calls, lastCall, resetServer } from './agency-test-api';
import { polyfillDialog, renderPage, reviewerSession } from './agency-test-render';
import { TokensPage } from './tokens';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const secret = 'pkt_s3cr3t-value-shown-once';
const ci = {
  id: '0190a1b2-0000-7000-8000-0000000000c1',
  name: 'CI konveijers',
  prefix: 'pkt_s3cr3t',
  createdAt: '2026-03-01T08:00:00.000Z',
  expiresAt: '2099-05-30T08:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

beforeAll(polyfillDialog);
beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: reviewerSession });
  answer('GET', '/api/v1/me/tokens', { status: 200, body: { items: [] } });
});

test('shows a new token’s secret once, with how to use it, and forgets it when dismissed', async () => {
  answer('POST', '/api/v1/me/tokens', { status: 201, body: { ...ci, token: secret } });
  renderPage('/account/tokens', <TokensPage />);
  expect(await screen.findByText('Jums vēl nav nevienas API atslēgas.')).toBeTruthy();

  fireEvent.change(screen.getByLabelText(/^Nosaukums/), { target: { value: ' CI konveijers ' } });
  fireEvent.change(screen.getByLabelText(/Derīguma termiņš/), { target: { value: '90' } });
  answer('GET', '/api/v1/me/tokens', { status: 200, body: { items: [ci] } });
  fireEvent.click(screen.getByRole('button', { name: 'Izveidot atslēgu' }));

  const box = await screen.findByRole('region', { name: 'Jūsu jaunā atslēga “CI konveijers”' });
  expect(lastCall('POST', '/api/v1/me/tokens')?.body).toEqual({ name: 'CI konveijers', expiresInDays: 90 });
  expect((within(box).getByLabelText('API atslēga') as HTMLInputElement).value).toBe(secret);
  expect(box.textContent).toContain('tikai tagad');
  expect(box.textContent).toContain(`Authorization: Bearer ${secret}`);
  expect(document.activeElement?.textContent).toBe('Jūsu jaunā atslēga “CI konveijers”');
  // The form is empty again, ready for another token.
  expect((screen.getByLabelText(/^Nosaukums/) as HTMLInputElement).value).toBe('');

  fireEvent.click(within(box).getByRole('button', { name: 'Atslēga ir saglabāta' }));
  expect(screen.queryByDisplayValue(secret)).toBeNull();
  expect(document.body.textContent).not.toContain(secret);
  expect(await screen.findByRole('rowheader', { name: 'CI konveijers' })).toBeTruthy();
});

test('refuses an expiry outside 1–730 days before asking the server', async () => {
  renderPage('/account/tokens', <TokensPage />);
  await screen.findByText('Jums vēl nav nevienas API atslēgas.');
  fireEvent.change(screen.getByLabelText(/^Nosaukums/), { target: { value: 'CI' } });
  fireEvent.change(screen.getByLabelText(/Derīguma termiņš/), { target: { value: '731' } });
  fireEvent.click(screen.getByRole('button', { name: 'Izveidot atslēgu' }));
  expect(await screen.findByText('Ievadiet veselu skaitli no 1 līdz 730 vai atstājiet tukšu.')).toBeTruthy();
  expect(screen.getByLabelText(/Derīguma termiņš/).getAttribute('aria-invalid')).toBe('true');
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
});

test('revokes a token only after confirmation', async () => {
  answer('GET', '/api/v1/me/tokens', { status: 200, body: { items: [ci] } });
  answer('DELETE', `/api/v1/me/tokens/${ci.id}`, {
    status: 200,
    body: { ...ci, revokedAt: '2026-03-10T08:00:00.000Z' },
  });
  renderPage('/account/tokens', <TokensPage />);
  fireEvent.click(await screen.findByRole('button', { name: 'Atsaukt CI konveijers' }));

  const dialog = screen.getByRole('dialog', { name: 'Atsaukt atslēgu “CI konveijers”?' });
  expect(document.activeElement?.textContent).toBe('Atcelt');
  fireEvent.click(within(dialog).getByRole('button', { name: 'Atcelt' }));
  expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

  fireEvent.click(screen.getByRole('button', { name: 'Atsaukt CI konveijers' }));
  answer('GET', '/api/v1/me/tokens', {
    status: 200,
    body: { items: [{ ...ci, revokedAt: '2026-03-10T08:00:00.000Z' }] },
  });
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Atsaukt atslēgu' }));
  expect(await screen.findByText('Atslēga “CI konveijers” atsaukta.')).toBeTruthy();
  expect(lastCall('DELETE', `/api/v1/me/tokens/${ci.id}`)).toBeTruthy();
  await waitFor(() => expect(screen.queryByRole('button', { name: 'Atsaukt CI konveijers' })).toBeNull());
});
