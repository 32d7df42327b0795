import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { i18n } from '../i18n';
import { ErrorAlert } from './feedback';

const openRequestConflict = new ApiError({
  type: 'https://pakalpe.vdaa.gov.lv/problems/conflict',
  title: 'Conflicting change',
  status: 409,
  code: 'conflict',
  reason: 'open_request_exists',
  detail: 'The service already has an open request TP-2026-0007.',
  openRequest: { id: '0190a1b2-0000-7000-8000-000000000007', reference: 'TP-2026-0007', state: 'draft' },
});

describe('ErrorAlert', () => {
  it('a second request for a service names the open one and links to it (Latvian)', async () => {
    await i18n.changeLanguage('lv');
    render(<ErrorAlert error={openRequestConflict} />);
    expect(screen.getByRole('alert').textContent).toContain('Šai pakalpei jau ir atvērts pieteikums.');
    const link = screen.getByRole('link', { name: 'Atvērt pieteikumu TP-2026-0007' });
    expect(link.getAttribute('href')).toBe('/requests/0190a1b2-0000-7000-8000-000000000007');
  });

  it('the same in English', async () => {
    await i18n.changeLanguage('en');
    render(<ErrorAlert error={openRequestConflict} />);
    expect(screen.getByRole('alert').textContent).toContain('This service already has an open request.');
    expect(screen.getByRole('link', { name: 'Open the request TP-2026-0007' })).toBeTruthy();
  });
});
