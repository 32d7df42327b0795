import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { actionRequirements, actions } from '../../../src/requests/workflow.ts';
import type { Action, ActionInput } from '../api/request-queries';
import { i18n } from '../i18n';
import { ActionPanel, type ActionRequirements } from './action-panel';

// What each action needs, as getWorkflow reports it: built from the server's own table.
const requirements: ActionRequirements = Object.fromEntries(
  actions.map((a) => [
    a,
    {
      commentRequired: actionRequirements[a].comment === 'required',
      needsCorrections: actionRequirements[a].corrections,
    },
  ]),
);

function setup(allowed: Action[], extra: Partial<Parameters<typeof ActionPanel>[0]> = {}) {
  const calls: [Action, ActionInput][] = [];
  const onRun = vi.fn(async (action: Action, input: ActionInput) => {
    calls.push([action, input]);
  });
  render(<ActionPanel allowed={allowed} blocked={[]} requirements={requirements} onRun={onRun} {...extra} />);
  return { onRun, calls };
}

const button = (name: string) => screen.getByRole('button', { name });
/** The button that confirms an action: the action's own name, inside its form. */
const confirm = (name: string) => within(screen.getByRole('form', { name })).getByRole('button', { name });
const buttonNames = () =>
  screen
    .queryAllByRole('button')
    .map((b) => b.textContent)
    .filter(Boolean);

describe('ActionPanel', () => {
  beforeAll(() => i18n.changeLanguage('en'));

  it('shows exactly the allowed actions, in the order given', () => {
    setup(['requestCorrections', 'approveReview', 'reject']);
    expect(buttonNames()).toEqual(['Request corrections', 'Approve review', 'Reject']);
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Withdraw' })).toBeNull();
  });

  it("starts the corrections list with the description's open findings, which the reviewer can edit", async () => {
    const { calls } = setup(['requestCorrections'], {
      suggestedCorrections: [
        'Use HTTPS (https-endpoints, a.wsdl:12)',
        'Declare faults (faults-declared, a.wsdl:20)',
      ],
    });
    fireEvent.click(button('Request corrections'));
    const first = screen.getByLabelText(/Correction 1/) as HTMLTextAreaElement;
    expect(first.value).toBe('Use HTTPS (https-endpoints, a.wsdl:12)');
    expect((screen.getByLabelText(/Correction 2/) as HTMLTextAreaElement).value).toBe(
      'Declare faults (faults-declared, a.wsdl:20)',
    );
    fireEvent.change(first, { target: { value: 'Use HTTPS on every endpoint.' } });
    await act(async () => fireEvent.click(confirm('Request corrections')));
    expect(calls[0]?.[1].corrections).toEqual([
      'Use HTTPS on every endpoint.',
      'Declare faults (faults-declared, a.wsdl:20)',
    ]);
  });

  it('says there is nothing to do when nothing is allowed or blocked', () => {
    setup([]);
    expect(screen.getByText('There is nothing for you to do right now.')).toBeTruthy();
  });

  it('refuses to reject without a reason, then sends the reason', async () => {
    const { onRun, calls } = setup(['reject']);
    fireEvent.click(button('Reject'));
    expect(screen.getAllByRole('button', { name: 'Reject' })[0]?.getAttribute('aria-expanded')).toBe('true');
    await act(async () => fireEvent.click(confirm('Reject')));
    expect(onRun).not.toHaveBeenCalled();
    expect(screen.getByText('Give a reason.')).toBeTruthy();
    const reason = screen.getByLabelText(/Reason/);
    expect(reason.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(reason, { target: { value: '  The description does not match the catalog.  ' } });
    await act(async () => fireEvent.click(confirm('Reject')));
    expect(calls).toEqual([['reject', { comment: 'The description does not match the catalog.' }]]);
    expect(screen.getByRole('status').textContent).toBe('The request was rejected.');
  });

  it('submitting with open description errors says how many and asks for confirmation first', async () => {
    const { onRun, calls } = setup(['submit'], { openDescriptionErrors: 3 });
    fireEvent.click(screen.getAllByRole('button', { name: 'Submit' })[0] as HTMLElement);
    expect(screen.getByText(/The attached description has 3 open errors/)).toBeTruthy();
    await act(async () => fireEvent.click(confirm('Submit')));
    expect(onRun).not.toHaveBeenCalled();
    expect(
      screen.getByText('Confirm that you submit with 3 open errors, or fix the description first.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByLabelText('I understand; submit with 3 open errors'));
    await act(async () => fireEvent.click(confirm('Submit')));
    expect(calls).toEqual([['submit', {}]]);
  });

  it('submitting a description without open errors asks nothing more', async () => {
    const { calls } = setup(['submit']);
    fireEvent.click(screen.getAllByRole('button', { name: 'Submit' })[0] as HTMLElement);
    expect(screen.queryByText(/open error/)).toBeNull();
    await act(async () => fireEvent.click(confirm('Submit')));
    expect(calls).toEqual([['submit', {}]]);
  });

  it('asks for at least one correction; rows can be added and removed', async () => {
    const { onRun, calls } = setup(['requestCorrections']);
    fireEvent.click(button('Request corrections'));
    await act(async () => fireEvent.click(confirm('Request corrections')));
    expect(onRun).not.toHaveBeenCalled();
    expect(screen.getByText('List at least one correction.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Correction 1'), { target: { value: 'Use HTTPS.' } });
    fireEvent.click(button('Add a correction'));
    fireEvent.click(button('Add a correction'));
    fireEvent.change(screen.getByLabelText('Correction 2'), { target: { value: 'Drop this one.' } });
    fireEvent.change(screen.getByLabelText('Correction 3'), { target: { value: 'List the error codes.' } });
    fireEvent.click(button('Remove correction 2'));
    expect(screen.queryByLabelText('Correction 3')).toBeNull();

    await act(async () => fireEvent.click(confirm('Request corrections')));
    expect(calls).toEqual([['requestCorrections', { corrections: ['Use HTTPS.', 'List the error codes.'] }]]);
  });

  it('sends other actions with an optional comment', async () => {
    const { calls } = setup(['approveReview']);
    fireEvent.click(button('Approve review'));
    await act(async () => fireEvent.click(confirm('Approve review')));
    expect(calls).toEqual([['approveReview', {}]]);
  });

  it('shows a refused action as an error and keeps the form open', async () => {
    const onRun = vi.fn(async () => {
      throw new Error('boom');
    });
    render(<ActionPanel allowed={['withdraw']} blocked={[]} requirements={requirements} onRun={onRun} />);
    fireEvent.click(button('Withdraw'));
    await act(async () => fireEvent.click(confirm('Withdraw')));
    expect(screen.getByRole('alert').textContent).toContain('The server failed');
    expect(confirm('Withdraw')).toBeTruthy();
  });

  it('explains blocked actions by reason and lists what is missing', () => {
    setup([], {
      blocked: [
        { action: 'submit', reason: 'incomplete', detail: 'The request is missing: description.' },
        { action: 'approveReview', reason: 'open_corrections', detail: '2 correction(s) are still open.' },
        { action: 'reject', reason: 'not_assignee', detail: 'Only the assigned reviewer…' },
      ],
      missingFields: ['description', 'contact.phone'],
    });
    expect(screen.getByText('The request is not complete. Missing:')).toBeTruthy();
    expect(screen.getByText('description of how the service works (at least 20 characters)')).toBeTruthy();
    expect(screen.getByText("contact person's phone")).toBeTruthy();
    expect(screen.getByText(/Some corrections are still open/)).toBeTruthy();
    expect(screen.getByText(/Only the assigned reviewer or an admin can do this/)).toBeTruthy();
    expect(buttonNames()).toEqual([]);
  });
});
