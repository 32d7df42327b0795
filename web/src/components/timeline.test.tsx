import { render, screen } from '@testing-library/react';
import type { HistoryEntry } from '../api/request-queries';
import { i18n } from '../i18n';
import { Timeline } from './timeline';

let seq = 0;
function entry(action: string, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    seq,
    actor: { id: 'reviewer', displayName: 'Jānis Ozoliņš', role: 'agency_reviewer' },
    action,
    fromState: null,
    toState: null,
    comment: null,
    details: {},
    visibility: 'all',
    createdAt: `2026-03-02T10:0${seq % 10}:00Z`,
    hash: 'x',
    ...extra,
  };
}

describe('Timeline', () => {
  beforeAll(() => i18n.changeLanguage('en'));

  it('names workflow actions and its own entries, newest first', () => {
    render(
      <Timeline
        people={{}}
        entries={[
          entry('create', {
            toState: 'draft',
            actor: { id: 'm', displayName: 'Pēteris Liepa', role: 'institution_member' },
          }),
          entry('update', { details: { changed: ['contact_name', 'contact_phone', 'description'] } }),
          entry('submit', { fromState: 'draft', toState: 'submitted' }),
          entry('postMessage'),
        ]}
      />,
    );
    const titles = screen
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.timeline-action')?.textContent);
    expect(titles).toEqual(['Message sent', 'Submit', 'Request edited', 'Request created']);
    expect(screen.getByText('Changed: contact person and description.')).toBeTruthy();
    expect(screen.getByText('Pēteris Liepa, Institution member')).toBeTruthy();
  });

  it('lists the corrections asked for, with the round and the comment', () => {
    render(
      <Timeline
        people={{}}
        entries={[
          entry('requestCorrections', {
            fromState: 'in_review',
            toState: 'corrections_requested',
            comment: 'See the guidelines.',
            details: { round: 2, corrections: ['Use HTTPS.', 'List the error codes.'] },
          }),
        ]}
      />,
    );
    expect(screen.getByText('Correction round 2:')).toBeTruthy();
    expect(screen.getByText('Use HTTPS.')).toBeTruthy();
    expect(screen.getByText('List the error codes.')).toBeTruthy();
    expect(screen.getByText('See the guidelines.')).toBeTruthy();
  });

  it('marks agency-only entries and names the assignee when the page knows them', () => {
    render(
      <Timeline
        people={{ liga: 'Līga Kalniņa' }}
        entries={[
          entry('assign', { visibility: 'agency', details: { from: null, to: 'liga' } }),
          entry('assign', { visibility: 'agency', details: { from: 'liga', to: 'unknown' } }),
        ]}
      />,
    );
    expect(screen.getAllByText('Agency only')).toHaveLength(2);
    expect(screen.getByText('Assigned to Līga Kalniņa.')).toBeTruthy();
    expect(screen.getByText('Assigned to another agency user.')).toBeTruthy();
  });
});
