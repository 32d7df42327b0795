import type { State } from '../api/request-queries';

// Where a request stands in the agency's five-step procedure, for the diagram. Pure: the step of each
// state comes from the server's workflow (getWorkflow), the branch from the request's two decisions.

export type StepNumber = 1 | 2 | 3 | 4 | 5;
export type StepStatus =
  /** passed */
  | 'done'
  /** the request is here now */
  | 'current'
  /** still ahead */
  | 'upcoming'
  /** not part of this request's branch (step 3 when not used in VISS, installation when not hosted) */
  | 'skipped'
  /** the request was rejected or withdrawn here */
  | 'stopped'
  /** ahead of the step where the request was rejected or withdrawn */
  | 'notReached'
  /** consultations: open in every state */
  | 'ongoing';

/** Step 4 has two parts; the second is the installation, done only when the service is hosted in production. */
export type StepPart = { state: 'registration' | 'installation'; status: StepStatus };
export type StepView = { step: StepNumber; status: StepStatus; parts?: StepPart[] };

export type ProcedureSubject = {
  state: State;
  usedInVissInfrastructure: boolean;
  hostedInProduction: boolean;
  /** For a rejected or withdrawn request: the state it left the procedure from, when known. */
  endedFrom?: State | null;
};

export type StepOf = Partial<Record<State, number | null>>;

/** The step of each state, from the server's workflow description. */
export function stepsByState(states: readonly { id: string; step: number | null }[]): StepOf {
  return Object.fromEntries(states.map((s) => [s.id, s.step]));
}

function relative(step: number, here: number | null, ended: boolean): StepStatus {
  if (here === null) return ended ? 'notReached' : 'upcoming';
  if (step < here) return 'done';
  if (step > here) return ended ? 'notReached' : 'upcoming';
  return ended ? 'stopped' : 'current';
}

export function procedureProgress(subject: ProcedureSubject, stepOf: StepOf): StepView[] {
  const { state, usedInVissInfrastructure, hostedInProduction } = subject;
  const completed = state === 'completed';
  const ended = state === 'rejected' || state === 'withdrawn';
  // Where the request is (or where it stopped). A completed request has passed every step.
  const at: State | null = ended ? (subject.endedFrom ?? null) : completed ? null : state;
  const here = completed ? 5 : at ? (stepOf[at] ?? null) : null;

  const statusOf = (step: number): StepStatus => relative(step, here, ended);
  const partStatus = (part: StepPart['state'], stepStatus: StepStatus): StepStatus => {
    if (part === 'installation' && !hostedInProduction) return 'skipped';
    if (completed) return 'done';
    if (stepStatus !== 'current' && stepStatus !== 'stopped') return stepStatus;
    if (at === part) return stepStatus;
    // Within step 4: registration comes before installation.
    return part === 'registration' ? 'done' : ended ? 'notReached' : 'upcoming';
  };

  const step4 = statusOf(4);
  return [
    { step: 1, status: statusOf(1) },
    { step: 2, status: statusOf(2) },
    { step: 3, status: usedInVissInfrastructure ? statusOf(3) : 'skipped' },
    {
      step: 4,
      status: step4,
      parts: [
        { state: 'registration', status: partStatus('registration', step4) },
        { state: 'installation', status: partStatus('installation', step4) },
      ],
    },
    { step: 5, status: 'ongoing' },
  ];
}
