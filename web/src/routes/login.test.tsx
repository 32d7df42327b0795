import { fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/feedback';
import { i18n } from '../i18n';
import { answer, calls, resetServer } from './agency-test-api';
import { renderPage } from './agency-test-render';
import { LoginPage } from './login';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', {
    status: 401,
    body: { code: 'unauthenticated', status: 401, title: 'x', type: '/problems/unauthenticated' },
  });
});

test('an empty login form says in Latvian what is missing, and asks the server nothing', async () => {
  renderPage('/login', <LoginPage />);
  fireEvent.click(await screen.findByRole('button', { name: 'Pieteikties' }));
  expect(await screen.findByText('Ievadiet e-pasta adresi.')).toBeTruthy();
  expect(screen.getByText('Ievadiet paroli.')).toBeTruthy();
  expect(screen.queryByText(/body\.email|Too small/)).toBeNull();
  expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/session')).toHaveLength(0);
  expect(screen.getByLabelText(/E-pasts/).getAttribute('aria-invalid')).toBe('true');
});

test("the server's field problems are shown by their code in the interface language, never as raw paths", async () => {
  const problem = {
    type: '/problems/validation',
    title: 'Validation failed',
    status: 400,
    code: 'validation' as const,
    errors: [
      { path: 'body.email', message: 'Too small: expected string to have >=1 characters', code: 'too_small' },
      { path: 'body.contact.phone', message: 'Invalid string', code: 'invalid_format' },
    ],
  };
  const latvian = render(<ErrorAlert error={new ApiError(problem as never)} />);
  expect(screen.getByText('E-pasts: nav aizpildīts vai ir par īsu')).toBeTruthy();
  expect(screen.getByText('Tālrunis: nav pareizā formātā')).toBeTruthy();
  expect(screen.queryByText(/body\./)).toBeNull();
  latvian.unmount();
  await i18n.changeLanguage('en');
  try {
    render(<ErrorAlert error={new ApiError(problem as never)} />);
    expect(screen.getByText('E-mail: is empty or too short')).toBeTruthy();
  } finally {
    await i18n.changeLanguage('lv');
  }
});
