import { screen, within } from '@testing-library/react';
import { answer, resetServer } from './agency-test-api';
import { adminSession, renderPage } from './agency-test-render';
import { MyInstitutionPage } from './my-institution';

vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  api: (await import('./agency-test-api')).fakeApi(),
}));

const nrc = {
  id: '0190a1b2-0000-7000-8000-0000000000b1',
  name: 'Nacionālais reģistru centrs',
  registrationNumber: '90000000011',
  isAgency: false,
  vissCode: '100011',
  contactEmail: 'viss@nrc.demo',
  contactPhone: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const memberSession = {
  ...adminSession,
  user: {
    ...adminSession.user,
    role: 'institution_member',
    institutionId: nrc.id,
    institutionName: nrc.name,
  },
};

beforeEach(() => {
  resetServer();
  answer('GET', '/api/v1/session', { status: 200, body: memberSession });
  answer('GET', '/api/v1/institutions', { status: 200, body: { items: [nrc] } });
  answer('GET', `/api/v1/institutions/${nrc.id}/representatives`, {
    status: 200,
    body: { items: [], total: 0, page: 1, pageSize: 25 },
  });
});

test("an institution member sees their institution's details and its register, read only", async () => {
  renderPage('/institution', <MyInstitutionPage />);
  expect(await screen.findByRole('heading', { level: 1, name: 'Mana iestāde' })).toBeTruthy();
  expect(await screen.findByText('90000000011')).toBeTruthy();
  const section = screen.getByRole('region', { name: `Pārstāvji: ${nrc.name}` });
  expect(await within(section).findByText('Sarakstā nav neviena pārstāvja.')).toBeTruthy();
  expect(within(section).queryByRole('button', { name: 'Pievienot pārstāvi' })).toBeNull();
});
