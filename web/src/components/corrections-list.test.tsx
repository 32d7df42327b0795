import { fireEvent, render, screen } from '@testing-library/react';
import type { Correction } from '../api/request-queries';
import { i18n } from '../i18n';
import { CorrectionsList } from './corrections-list';

const person = { id: '00000000-0000-7000-8000-000000000001', displayName: 'Jānis Ozoliņš' };
const correction = (n: number, extra: Partial<Correction> = {}): Correction => ({
  id: `00000000-0000-7000-8000-${String(100 + n).padStart(12, '0')}`,
  round: 1,
  text: `Labojums ${n}`,
  createdAt: '2026-03-02T10:00:00Z',
  resolvedAt: null,
  resolvedBy: null,
  messages: [],
  fromFinding: false,
  outdated: false,
  ...extra,
});

const corrections = [
  correction(1, {
    messages: [
      {
        id: '00000000-0000-7000-8000-000000000900',
        author: { id: 'm', displayName: 'Inese Kalēja', role: 'institution_member' },
        body: 'Izlabots 3. versijā',
        createdAt: '2026-03-03T10:00:00Z',
      },
    ],
  }),
  correction(2),
  correction(3, { resolvedAt: '2026-03-04T10:00:00Z', resolvedBy: person }),
];

function renderList(props: Partial<Parameters<typeof CorrectionsList>[0]> = {}) {
  const calls = { many: [] as string[][], replies: [] as [string, string][] };
  render(
    <CorrectionsList
      corrections={corrections}
      canResolve
      onResolve={() => {}}
      resolving={null}
      error={null}
      announcement=""
      onResolveMany={(ids) => calls.many.push(ids)}
      onReply={(id, body) => calls.replies.push([id, body])}
      {...props}
    />,
  );
  return calls;
}

describe('CorrectionsList', () => {
  it('(lv) selects all open corrections and resolves them in one action', async () => {
    await i18n.changeLanguage('lv');
    const calls = renderList();
    const button = screen.getByRole('button', { name: 'Atrisināt atzīmētos (0)' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Atzīmēt visus neizpildītos' }));
    // The resolved correction has no checkbox: only the two open ones are chosen.
    expect(screen.queryByRole('checkbox', { name: 'Atzīmēt: Labojums 3' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Atrisināt atzīmētos (2)' }));
    expect(calls.many).toEqual([[corrections[0]?.id, corrections[1]?.id]]);
  });

  it('(en) resolves only the corrections ticked one by one', async () => {
    await i18n.changeLanguage('en');
    const calls = renderList();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select: Labojums 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resolve selected (1)' }));
    expect(calls.many).toEqual([[corrections[1]?.id]]);
  });

  it('(lv) shows a correction thread and answers a single correction', async () => {
    await i18n.changeLanguage('lv');
    const calls = renderList({ canResolve: false });
    expect(screen.getByText('Izlabots 3. versijā')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Atrisināt atzīmētos/ })).toBeNull();
    const field = screen.getByLabelText('Atbilde par labojumu: Labojums 2');
    const replies = screen.getAllByRole('button', { name: 'Atbildēt' });
    expect((replies[1] as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'Nepiekrītam, jo lauks ir obligāts' } });
    fireEvent.click(replies[1] as HTMLElement);
    expect(calls.replies).toEqual([[corrections[1]?.id, 'Nepiekrītam, jo lauks ir obligāts']]);
  });

  it('(en) offers no reply form when the request is finished, and marks outdated corrections', async () => {
    await i18n.changeLanguage('en');
    render(
      <CorrectionsList
        corrections={[{ ...correction(4), outdated: true } as Correction]}
        canResolve={false}
        onResolve={() => {}}
        resolving={null}
        error={null}
        announcement=""
      />,
    );
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
    expect(screen.getByText('Outdated')).toBeTruthy();
  });
});
