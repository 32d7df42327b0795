import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { type RequestView, requestKeys } from '../api/request-queries';
import { i18n } from '../i18n';
import { answer, calls, resetServer } from '../routes/agency-test-api';
import { polyfillDialog, reviewerSession } from '../routes/agency-test-render';
import type { SessionUser } from '../session';
import { AssignmentControl } from './assignment-control';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('../routes/agency-test-api')).fakeApi(),
}));

const user = reviewerSession.user as SessionUser;
const request = {
  id: '0190a1b2-0000-7000-8000-0000000000a1',
  reference: 'TP-2026-0042',
  version: 4,
  state: 'in_review',
  assignee: { id: user.id, displayName: user.displayName },
  capabilities: { assign: 'release' },
} as unknown as RequestView;

function renderControl(view: RequestView) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(requestKeys.detail(view.id), view);
  const result = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <AssignmentControl request={view} user={user} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...result, queryClient };
}

beforeAll(polyfillDialog);
beforeEach(resetServer);

test('giving up a request asks first, and can be undone at once', async () => {
  const assigneePosts = () => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/assignee'));
  const { rerender, queryClient } = renderControl(request);
  fireEvent.click(screen.getByRole('button', { name: 'Atteikties no pieteikuma' }));
  // Nothing is sent on the first press (one Enter no longer releases the request).
  expect(assigneePosts()).toHaveLength(0);
  const dialog = screen.getByRole('dialog', { name: 'Atteikties no pieteikuma TP-2026-0042?' });
  const released = { ...request, version: 5, assignee: null };
  answer('POST', `/api/v1/requests/${request.id}/assignee`, { status: 200, body: released });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Atteikties' }));
  await waitFor(() => expect(assigneePosts()).toHaveLength(1));
  expect(assigneePosts()[0]?.body).toEqual({ version: 4, assigneeId: null });
  queryClient.setQueryData(requestKeys.detail(request.id), released);
  rerender(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <AssignmentControl request={released} user={user} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
  expect(await screen.findByText(/Jūs atteicāties no pieteikuma\./)).toBeTruthy();
  answer('POST', `/api/v1/requests/${request.id}/assignee`, {
    status: 200,
    body: { ...request, version: 6 },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Atsaukt' }));
  await waitFor(() => expect(assigneePosts()).toHaveLength(2));
  expect(assigneePosts()[1]?.body).toEqual({ version: 5, assigneeId: user.id });
});
