import { render, screen } from '@testing-library/react';
import { stateTexts } from '../../../src/requests/workflow-texts.ts';
import type { State } from '../api/request-queries';
import { i18n } from '../i18n';
import { procedureProgress, type StepStatus, stepsByState } from './procedure';
import { ProcedureDiagram } from './procedure-diagram';

// The step of each state as getWorkflow reports it: built from the same texts the server serves.
const stepOf = stepsByState(Object.entries(stateTexts).map(([id, t]) => ({ id, step: t.step })));

type Branch = { usedInVissInfrastructure: boolean; hostedInProduction: boolean };
const viss: Branch = { usedInVissInfrastructure: true, hostedInProduction: true };
const plain: Branch = { usedInVissInfrastructure: false, hostedInProduction: false };

function statuses(state: State, branch: Branch, endedFrom: State | null = null) {
  const steps = procedureProgress({ state, ...branch, endedFrom }, stepOf);
  return {
    steps: steps.map((s) => s.status),
    parts: steps[3]?.parts?.map((p) => p.status),
  };
}

describe('procedureProgress', () => {
  const cases: [State, Branch, StepStatus[], StepStatus[]][] = [
    ['draft', viss, ['current', 'upcoming', 'upcoming', 'upcoming', 'ongoing'], ['upcoming', 'upcoming']],
    ['submitted', plain, ['current', 'upcoming', 'skipped', 'upcoming', 'ongoing'], ['upcoming', 'skipped']],
    ['in_review', viss, ['done', 'current', 'upcoming', 'upcoming', 'ongoing'], ['upcoming', 'upcoming']],
    [
      'corrections_requested',
      plain,
      ['done', 'current', 'skipped', 'upcoming', 'ongoing'],
      ['upcoming', 'skipped'],
    ],
    ['acceptance', viss, ['done', 'done', 'current', 'upcoming', 'ongoing'], ['upcoming', 'upcoming']],
    ['registration', viss, ['done', 'done', 'done', 'current', 'ongoing'], ['current', 'upcoming']],
    ['registration', plain, ['done', 'done', 'skipped', 'current', 'ongoing'], ['current', 'skipped']],
    ['installation', viss, ['done', 'done', 'done', 'current', 'ongoing'], ['done', 'current']],
    ['completed', viss, ['done', 'done', 'done', 'done', 'ongoing'], ['done', 'done']],
    ['completed', plain, ['done', 'done', 'skipped', 'done', 'ongoing'], ['done', 'skipped']],
  ];
  it.each(cases)('%s (used in VISS %#) marks each step', (state, branch, steps, parts) => {
    expect(statuses(state, branch)).toEqual({ steps, parts });
  });

  it('a request rejected in review stops at step 2; later steps are not reached', () => {
    expect(statuses('rejected', viss, 'in_review')).toEqual({
      steps: ['done', 'stopped', 'notReached', 'notReached', 'ongoing'],
      parts: ['notReached', 'notReached'],
    });
  });

  it('a request withdrawn during installation stops at the installation part of step 4', () => {
    expect(statuses('withdrawn', plain, 'installation')).toEqual({
      steps: ['done', 'done', 'skipped', 'stopped', 'ongoing'],
      parts: ['done', 'skipped'],
    });
    expect(statuses('withdrawn', viss, 'installation').parts).toEqual(['done', 'stopped']);
  });
});

describe('ProcedureDiagram', () => {
  beforeAll(() => i18n.changeLanguage('en'));

  const request = (state: State, branch: Branch, extra: Partial<{ decisionReason: string }> = {}) => ({
    state,
    ...branch,
    correctionRounds: 0,
    decisionReason: null,
    stateChangedAt: '2026-03-02T10:00:00Z',
    ...extra,
  });

  it('marks the current step with aria-current and names the state', () => {
    render(<ProcedureDiagram request={request('acceptance', viss)} stepOf={stepOf} />);
    const current = screen
      .getAllByRole('listitem')
      .filter((li) => li.getAttribute('aria-current') === 'step');
    expect(current).toHaveLength(1);
    expect(current[0]?.textContent).toContain('Signing of the acceptance testing act');
    expect(current[0]?.textContent).toContain('Now: Act signing');
    expect(screen.getAllByText(/^Done$/)).toHaveLength(2);
  });

  it('says why step 3 and the installation are skipped when neither decision holds', () => {
    render(<ProcedureDiagram request={request('in_review', plain)} stepOf={stepOf} />);
    expect(screen.getByText('Not needed — not used in VISS infrastructure')).toBeTruthy();
    expect(screen.getByText('Not needed — not hosted in production')).toBeTruthy();
  });

  it('shows a rejection, where it happened and its reason; no step is current', () => {
    const { container } = render(
      <ProcedureDiagram
        request={request('rejected', viss, { decisionReason: 'RPC/encoded style is not allowed.' })}
        stepOf={stepOf}
        endedFrom="in_review"
      />,
    );
    expect(container.querySelector('[aria-current]')).toBeNull();
    expect(screen.getByText('Rejected at this step')).toBeTruthy();
    expect(screen.getByText('The request was rejected.')).toBeTruthy();
    expect(screen.getByText('RPC/encoded style is not allowed.')).toBeTruthy();
  });

  it('shows a completed procedure as such', () => {
    render(<ProcedureDiagram request={request('completed', plain)} stepOf={stepOf} />);
    expect(screen.getByText('The procedure is completed.')).toBeTruthy();
  });
});
