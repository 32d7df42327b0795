import { AppError } from '../platform/errors.ts';

// The procedure as data. Every rule about who may move a request where lives in `transitions`:
// the API's allowed actions, the HTTP routes, the UI's buttons and the diagram in docs/process.md
// are all derived from it. Pure: no I/O, no clock.

export const states = [
  'draft',
  'submitted',
  'in_review',
  'corrections_requested',
  'acceptance',
  'registration',
  'installation',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type State = (typeof states)[number];

export const finalStates: readonly State[] = ['completed', 'rejected', 'withdrawn'];

export const roles = ['institution_member', 'agency_reviewer', 'agency_admin'] as const;
export type Role = (typeof roles)[number];
export const agencyRoles: readonly Role[] = ['agency_reviewer', 'agency_admin'];
const institution: readonly Role[] = ['institution_member'];
const agency = agencyRoles;

export const actions = [
  'submit',
  'startReview',
  'requestCorrections',
  'approveReview',
  'reject',
  'withdraw',
  'uploadSignedAct',
  'registerInProduction',
  'confirmInstallation',
] as const;
export type Action = (typeof actions)[number];

/** What the workflow needs to know about a request to decide. */
export type WorkflowSubject = {
  state: State;
  institutionId: string;
  usedInVissInfrastructure: boolean;
  hostedInProduction: boolean;
  assigneeId: string | null;
  openCorrections: number;
  /** Whether an audit-record analysis is attached to the request (see requests/audit-analysis.ts). */
  hasAuditAnalysis: boolean;
  /** Whether one of those analyses was made against the current (latest) description version. */
  hasCurrentAuditAnalysis: boolean;
  /**
   * The latest attached service description (WSDL/OpenAPI): whether there is one, and how many of its
   * errors are open. An error the reviewer accepted with a justification (waived) is not open.
   */
  description: { attached: boolean; openErrors: number };
  /** Fields that must be filled before the request can be submitted (see `missingForSubmission`). */
  missingFields: readonly string[];
  /**
   * The acceptance act: whether its current version is issued, and whether valid signatures of both
   * parties are on it. For uploadSignedAct this describes the act with the uploaded container.
   */
  act: { issued: boolean; signedByBothParties: boolean };
};

export type WorkflowActor = { id: string; role: Role; institutionId: string | null };

export type ActionInput = { comment?: string | undefined; corrections?: readonly string[] | undefined };

export type Branch = 'usedInViss' | 'notUsedInViss' | 'hosted' | 'notHosted' | 'assigned' | 'unassigned';

export type GuardId =
  | 'complete'
  | 'noOpenCorrections'
  | 'assignedToActor'
  | 'assigneeFreeOrActor'
  | 'auditAnalysisAttached'
  | 'auditAnalysisCurrent'
  | 'descriptionAttached'
  | 'noOpenDescriptionErrors'
  | 'actIssued'
  | 'actSignedByBothParties';

export type Transition = {
  from: State;
  action: Action;
  to: State;
  roles: readonly Role[];
  /** Routing condition: of the rows with the same `from` and `action`, the one whose branch holds is taken. */
  when?: Branch;
  guards?: readonly GuardId[];
};

const branchHolds: Record<Branch, (s: WorkflowSubject) => boolean> = {
  usedInViss: (s) => s.usedInVissInfrastructure,
  notUsedInViss: (s) => !s.usedInVissInfrastructure,
  hosted: (s) => s.hostedInProduction,
  notHosted: (s) => !s.hostedInProduction,
  assigned: (s) => s.assigneeId !== null,
  unassigned: (s) => s.assigneeId === null,
};

const openStates: readonly State[] = states.filter((s) => !finalStates.includes(s));
const reviewable: readonly State[] = ['submitted', 'in_review', 'corrections_requested', 'acceptance'];
const assigned: readonly GuardId[] = ['assignedToActor'];
const approvalGuards: readonly GuardId[] = [
  'assignedToActor',
  'noOpenCorrections',
  'descriptionAttached',
  'noOpenDescriptionErrors',
];

export const transitions: readonly Transition[] = [
  // Step 1: the institution's request
  { from: 'draft', action: 'submit', to: 'submitted', roles: institution, guards: ['complete'] },
  // Step 2: description and audit-record check, with correction rounds
  {
    from: 'submitted',
    action: 'startReview',
    to: 'in_review',
    roles: agency,
    guards: ['assigneeFreeOrActor'],
  },
  {
    from: 'in_review',
    action: 'requestCorrections',
    to: 'corrections_requested',
    roles: agency,
    guards: assigned,
  },
  // A resubmission goes straight back to the reviewer who asked for the corrections, if one is assigned.
  {
    from: 'corrections_requested',
    action: 'submit',
    to: 'in_review',
    roles: institution,
    when: 'assigned',
    guards: ['complete'],
  },
  {
    from: 'corrections_requested',
    action: 'submit',
    to: 'submitted',
    roles: institution,
    when: 'unassigned',
    guards: ['complete'],
  },
  {
    from: 'in_review',
    action: 'approveReview',
    to: 'acceptance',
    roles: agency,
    when: 'usedInViss',
    // Approval needs a checked description; a service used inside VISS also needs its test-period
    // audit records analysed against that same description version.
    guards: [...approvalGuards, 'auditAnalysisAttached', 'auditAnalysisCurrent'],
  },
  {
    from: 'in_review',
    action: 'approveReview',
    to: 'registration',
    roles: agency,
    when: 'notUsedInViss',
    guards: approvalGuards,
  },
  // Step 3: the acceptance act. The agency issues it (signed on the server, not a state change);
  // either party uploads the container once it also carries the institution's signature, and the
  // request moves on only when both parties' signatures on the current act version are valid.
  {
    from: 'acceptance',
    action: 'uploadSignedAct',
    to: 'registration',
    roles: [...institution, ...agency],
    guards: ['actIssued', 'actSignedByBothParties'],
  },
  // Step 4: registration in the production catalog, then installation when hosted there
  {
    from: 'registration',
    action: 'registerInProduction',
    to: 'installation',
    roles: agency,
    when: 'hosted',
    guards: assigned,
  },
  {
    from: 'registration',
    action: 'registerInProduction',
    to: 'completed',
    roles: agency,
    when: 'notHosted',
    guards: assigned,
  },
  { from: 'installation', action: 'confirmInstallation', to: 'completed', roles: agency, guards: assigned },
  // Leaving the procedure early
  ...reviewable.map(
    (from): Transition => ({ from, action: 'reject', to: 'rejected', roles: agency, guards: assigned }),
  ),
  ...openStates.map(
    (from): Transition => ({ from, action: 'withdraw', to: 'withdrawn', roles: institution }),
  ),
];

/** Inputs an action cannot go without: a rejection always has a reason, corrections always a list. */
export const actionRequirements: Record<Action, { comment: 'optional' | 'required'; corrections: boolean }> =
  {
    submit: { comment: 'optional', corrections: false },
    startReview: { comment: 'optional', corrections: false },
    requestCorrections: { comment: 'optional', corrections: true },
    approveReview: { comment: 'optional', corrections: false },
    reject: { comment: 'required', corrections: false },
    withdraw: { comment: 'optional', corrections: false },
    uploadSignedAct: { comment: 'optional', corrections: false },
    registerInProduction: { comment: 'optional', corrections: false },
    confirmInstallation: { comment: 'optional', corrections: false },
  };

export type Refusal = {
  code: 'forbidden' | 'invalid_transition' | 'guard_failed';
  reason: string;
  detail: string;
};

function checkGuard(guard: GuardId, s: WorkflowSubject, actor: WorkflowActor): Refusal | null {
  switch (guard) {
    case 'complete':
      return s.missingFields.length === 0
        ? null
        : {
            code: 'guard_failed',
            reason: 'incomplete',
            detail: `The request is missing: ${s.missingFields.join(', ')}.`,
          };
    case 'noOpenCorrections':
      return s.openCorrections === 0
        ? null
        : {
            code: 'guard_failed',
            reason: 'open_corrections',
            detail: `${s.openCorrections} correction(s) are still open; resolve them or request corrections.`,
          };
    case 'auditAnalysisAttached':
      return s.hasAuditAnalysis
        ? null
        : {
            code: 'guard_failed',
            reason: 'audit_analysis_missing',
            detail: 'Attach an analysis of the audit records from the test period before approving.',
          };
    case 'auditAnalysisCurrent':
      return s.hasCurrentAuditAnalysis
        ? null
        : {
            code: 'guard_failed',
            reason: 'audit_analysis_outdated',
            detail:
              'The attached audit analysis was made against an earlier description; analyse the audit records again.',
          };
    case 'descriptionAttached':
      return s.description.attached
        ? null
        : {
            code: 'guard_failed',
            reason: 'description_missing',
            detail: "Attach the service's description (WSDL or OpenAPI) and check it before approving.",
          };
    case 'noOpenDescriptionErrors':
      return s.description.openErrors === 0
        ? null
        : {
            code: 'guard_failed',
            reason: 'description_errors',
            detail: `The description has ${s.description.openErrors} open error(s); request corrections or accept each with a justification.`,
          };
    case 'assignedToActor':
      // Admins may step in for anyone; a reviewer works on the requests assigned to them.
      return actor.role === 'agency_admin' || s.assigneeId === actor.id
        ? null
        : {
            code: 'forbidden',
            reason: 'not_assignee',
            detail: 'Only the assigned reviewer or an agency admin can do this; take the request first.',
          };
    case 'actIssued':
      return s.act.issued
        ? null
        : {
            code: 'guard_failed',
            reason: 'act_not_issued',
            detail: 'The agency has not issued the acceptance act yet.',
          };
    case 'actSignedByBothParties':
      return s.act.signedByBothParties
        ? null
        : {
            code: 'guard_failed',
            reason: 'act_not_signed',
            detail:
              'The current act needs valid signatures of both the agency and the institution: download the container, sign it and upload it.',
          };
    case 'assigneeFreeOrActor':
      return actor.role === 'agency_admin' || s.assigneeId === null || s.assigneeId === actor.id
        ? null
        : {
            code: 'forbidden',
            reason: 'not_assignee',
            detail: 'The request is assigned to another reviewer.',
          };
  }
}

/** Decides an action without side effects: the transition to take, or why it is refused. */
export function decide(
  s: WorkflowSubject,
  actor: WorkflowActor,
  action: Action,
): { ok: true; transition: Transition } | { ok: false; refusal: Refusal } {
  if (!transitions.some((t) => t.action === action && t.roles.includes(actor.role))) {
    return {
      ok: false,
      refusal: { code: 'forbidden', reason: 'role', detail: `Role ${actor.role} cannot ${action}.` },
    };
  }
  if (actor.role === 'institution_member' && actor.institutionId !== s.institutionId) {
    return {
      ok: false,
      refusal: {
        code: 'forbidden',
        reason: 'institution',
        detail: 'The request belongs to another institution.',
      },
    };
  }
  const row = transitions.find(
    (t) => t.from === s.state && t.action === action && (t.when === undefined || branchHolds[t.when](s)),
  );
  if (!row?.roles.includes(actor.role)) {
    return {
      ok: false,
      refusal: {
        code: 'invalid_transition',
        reason: 'state',
        detail: `Action ${action} is not possible in state ${s.state}.`,
      },
    };
  }
  for (const guard of row.guards ?? []) {
    const refusal = checkGuard(guard, s, actor);
    if (refusal) return { ok: false, refusal };
  }
  return { ok: true, transition: row };
}

/** Like `decide`, but also checks the inputs the action needs; throws AppError when refused. */
export function transition(
  s: WorkflowSubject,
  actor: WorkflowActor,
  action: Action,
  input: ActionInput,
): Transition {
  const decision = decide(s, actor, action);
  if (!decision.ok) {
    const { code, reason, detail } = decision.refusal;
    throw new AppError(code, { detail, extensions: { reason, action, state: s.state } });
  }
  const needs = actionRequirements[action];
  const errors = [];
  if (needs.comment === 'required' && !input.comment?.trim()) {
    errors.push({ path: 'comment', message: 'A reason is required.' });
  }
  if (needs.corrections && !(input.corrections ?? []).some((c) => c.trim())) {
    errors.push({ path: 'corrections', message: 'List at least one correction.' });
  }
  if (errors.length > 0)
    throw new AppError('validation', { detail: `Action ${action} needs more input.`, errors });
  return decision.transition;
}

export type AvailableActions = {
  allowed: Action[];
  blocked: { action: Action; reason: string; detail: string }[];
};

/** What the actor may do now, and what they could do in this state but a guard stops (with the reason). */
export function availableActions(s: WorkflowSubject, actor: WorkflowActor): AvailableActions {
  const result: AvailableActions = { allowed: [], blocked: [] };
  for (const action of actions) {
    const decision = decide(s, actor, action);
    if (decision.ok) result.allowed.push(action);
    else if (decision.refusal.code === 'guard_failed' || decision.refusal.reason === 'not_assignee') {
      result.blocked.push({ action, reason: decision.refusal.reason, detail: decision.refusal.detail });
    }
  }
  return result;
}

export function isFinal(state: State): boolean {
  return finalStates.includes(state);
}

/** The fields the institution must fill before submitting; the workflow's `complete` guard reads this. */
export function missingForSubmission(r: {
  description: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  usedInVissInfrastructure: boolean;
  testPeriodFrom: string | null;
  testPeriodTo: string | null;
}): string[] {
  const missing: string[] = [];
  if (r.description.trim().length < minimumDescriptionLength) missing.push('description');
  if (!r.contactName.trim()) missing.push('contact.name');
  if (!r.contactEmail.trim()) missing.push('contact.email');
  if (!r.contactPhone.trim()) missing.push('contact.phone');
  // The agency analyses audit records only for services used inside VISS, so only then is the period needed.
  if (r.usedInVissInfrastructure && (!r.testPeriodFrom || !r.testPeriodTo)) missing.push('testPeriod');
  return missing;
}

export const minimumDescriptionLength = 20;
