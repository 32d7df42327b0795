import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../platform/errors.ts';
import {
  type Action,
  actions,
  availableActions,
  decide,
  type Role,
  roles,
  type State,
  states,
  transition,
  type WorkflowActor,
  type WorkflowSubject,
} from './workflow.ts';

const member: WorkflowActor = { id: 'member', role: 'institution_member', institutionId: 'inst-a' };
const reviewer: WorkflowActor = { id: 'reviewer', role: 'agency_reviewer', institutionId: null };
const admin: WorkflowActor = { id: 'admin', role: 'agency_admin', institutionId: null };
const byRole: Record<Role, WorkflowActor> = {
  institution_member: member,
  agency_reviewer: reviewer,
  agency_admin: admin,
};

function subject(state: State, overrides: Partial<WorkflowSubject> = {}): WorkflowSubject {
  return {
    state,
    institutionId: 'inst-a',
    usedInVissInfrastructure: true,
    hostedInProduction: true,
    assigneeId: 'reviewer',
    openCorrections: 0,
    hasAuditAnalysis: true,
    hasCurrentAuditAnalysis: true,
    description: { attached: true, openErrors: 0 },
    missingFields: [],
    act: { issued: true, signedByBothParties: true },
    ...overrides,
  };
}

// The procedure restated by hand, independently of the table: with every guard satisfied,
// exactly these (state, action, roles) are allowed.
const agency: Role[] = ['agency_reviewer', 'agency_admin'];
const institution: Role[] = ['institution_member'];
const expectedAllowed: Partial<Record<State, Partial<Record<Action, Role[]>>>> = {
  draft: { submit: institution, withdraw: institution },
  submitted: { startReview: agency, reject: agency, withdraw: institution },
  in_review: { requestCorrections: agency, approveReview: agency, reject: agency, withdraw: institution },
  corrections_requested: { submit: institution, reject: agency, withdraw: institution },
  acceptance: { uploadSignedAct: [...institution, ...agency], reject: agency, withdraw: institution },
  registration: { registerInProduction: agency, withdraw: institution },
  installation: { confirmInstallation: agency, withdraw: institution },
};
const institutionActions: Action[] = ['submit', 'withdraw'];
/** Actions either party may take. */
const bothPartiesActions: Action[] = ['uploadSignedAct'];

describe('workflow transition table', () => {
  for (const state of states) {
    for (const action of actions) {
      for (const role of roles) {
        const allowed = expectedAllowed[state]?.[action]?.includes(role) ?? false;
        const roleNeverDoesIt =
          !bothPartiesActions.includes(action) &&
          institutionActions.includes(action) !== (role === 'institution_member');
        const expected = allowed ? 'allowed' : roleNeverDoesIt ? 'forbidden' : 'invalid_transition';
        it(`${role} ${action} in ${state}: ${expected}`, () => {
          const decision = decide(subject(state), byRole[role], action);
          assert.equal(decision.ok ? 'allowed' : decision.refusal.code, expected);
        });
      }
    }
  }
});

function drive(start: WorkflowSubject, steps: [WorkflowActor, Action][]): State[] {
  let s = start;
  const visited: State[] = [s.state];
  for (const [actor, action] of steps) {
    const t = transition(s, actor, action, { comment: 'x', corrections: ['Labojums'] });
    s = { ...s, state: t.to };
    visited.push(t.to);
  }
  return visited;
}

describe('both decisions of the procedure', () => {
  const review: [WorkflowActor, Action][] = [
    [member, 'submit'],
    [reviewer, 'startReview'],
    [reviewer, 'approveReview'],
  ];

  it('used in VISS and hosted: acceptance act, registration, installation, completed', () => {
    const path = drive(subject('draft'), [
      ...review,
      [member, 'uploadSignedAct'],
      [reviewer, 'registerInProduction'],
      [reviewer, 'confirmInstallation'],
    ]);
    assert.deepEqual(path, [
      'draft',
      'submitted',
      'in_review',
      'acceptance',
      'registration',
      'installation',
      'completed',
    ]);
  });

  it('not used in VISS and not hosted: straight from review to registration, then completed', () => {
    const path = drive(subject('draft', { usedInVissInfrastructure: false, hostedInProduction: false }), [
      ...review,
      [reviewer, 'registerInProduction'],
    ]);
    assert.deepEqual(path, ['draft', 'submitted', 'in_review', 'registration', 'completed']);
  });

  it('used in VISS but not hosted: the act is signed, registration completes the request', () => {
    const path = drive(subject('draft', { hostedInProduction: false }), [
      ...review,
      [admin, 'uploadSignedAct'],
      [admin, 'registerInProduction'],
    ]);
    assert.deepEqual(path, ['draft', 'submitted', 'in_review', 'acceptance', 'registration', 'completed']);
  });

  it('not used in VISS but hosted: no act, installation after registration', () => {
    const path = drive(subject('draft', { usedInVissInfrastructure: false }), [
      ...review,
      [reviewer, 'registerInProduction'],
      [reviewer, 'confirmInstallation'],
    ]);
    assert.deepEqual(path, ['draft', 'submitted', 'in_review', 'registration', 'installation', 'completed']);
  });

  it('uploadSignedAct is refused when the service is not used in VISS infrastructure (no act exists)', () => {
    const decision = decide(
      subject('registration', { usedInVissInfrastructure: false }),
      reviewer,
      'uploadSignedAct',
    );
    assert.equal(decision.ok, false);
  });

  it('the request leaves acceptance only when the act is issued and signed by both parties', () => {
    const unsigned = subject('acceptance', { act: { issued: true, signedByBothParties: false } });
    const notIssued = subject('acceptance', { act: { issued: false, signedByBothParties: false } });
    const refusal = (s: WorkflowSubject) => {
      const d = decide(s, member, 'uploadSignedAct');
      return d.ok ? 'allowed' : `${d.refusal.code}:${d.refusal.reason}`;
    };
    assert.equal(refusal(notIssued), 'guard_failed:act_not_issued');
    assert.equal(refusal(unsigned), 'guard_failed:act_not_signed');
    assert.equal(refusal(subject('acceptance')), 'allowed');
    assert.deepEqual(
      availableActions(unsigned, member).blocked.map((b) => [b.action, b.reason]),
      [['uploadSignedAct', 'act_not_signed']],
    );
  });
});

describe('corrections rounds', () => {
  it('loops twice through corrections and then passes; with a reviewer assigned, a resubmission goes straight back to review', () => {
    const round: [WorkflowActor, Action][] = [
      [reviewer, 'requestCorrections'],
      [member, 'submit'],
    ];
    const path = drive(subject('in_review'), [...round, ...round, [reviewer, 'approveReview']]);
    assert.deepEqual(path, [
      'in_review',
      'corrections_requested',
      'in_review',
      'corrections_requested',
      'in_review',
      'acceptance',
    ]);
  });

  it('a resubmitted request without an assignee waits in the queue as submitted', () => {
    const s = subject('corrections_requested', { assigneeId: null });
    const decision = decide(s, member, 'submit');
    assert.equal(decision.ok ? decision.transition.to : decision.refusal.reason, 'submitted');
  });

  it('cannot be approved without an attached description', () => {
    for (const usedInVissInfrastructure of [true, false]) {
      const s = subject('in_review', {
        usedInVissInfrastructure,
        description: { attached: false, openErrors: 0 },
      });
      const decision = decide(s, reviewer, 'approveReview');
      assert.deepEqual(decision.ok ? null : [decision.refusal.code, decision.refusal.reason], [
        'guard_failed',
        'description_missing',
      ]);
    }
  });

  it('cannot be approved while the description has open errors, and says how many', () => {
    const s = subject('in_review', { description: { attached: true, openErrors: 3 } });
    const decision = decide(s, reviewer, 'approveReview');
    assert.deepEqual(
      decision.ok ? null : [decision.refusal.reason, /3 open error/.test(decision.refusal.detail)],
      ['description_errors', true],
    );
  });

  it('an audit analysis of an earlier description does not count for approval', () => {
    const s = subject('in_review', { hasCurrentAuditAnalysis: false });
    const decision = decide(s, reviewer, 'approveReview');
    assert.equal(decision.ok ? 'allowed' : decision.refusal.reason, 'audit_analysis_outdated');
    const notInViss = subject('in_review', {
      hasCurrentAuditAnalysis: false,
      usedInVissInfrastructure: false,
    });
    assert.equal(decide(notInViss, reviewer, 'approveReview').ok, true);
  });

  it('a request used in VISS infrastructure cannot be approved without an attached audit analysis', () => {
    const decision = decide(subject('in_review', { hasAuditAnalysis: false }), reviewer, 'approveReview');
    assert.deepEqual(decision.ok ? null : [decision.refusal.code, decision.refusal.reason], [
      'guard_failed',
      'audit_analysis_missing',
    ]);
  });

  it('a request not used in VISS infrastructure is approved without an audit analysis', () => {
    const s = subject('in_review', {
      hasAuditAnalysis: false,
      hasCurrentAuditAnalysis: false,
      usedInVissInfrastructure: false,
    });
    const decision = decide(s, reviewer, 'approveReview');
    assert.equal(decision.ok ? decision.transition.to : decision.refusal.reason, 'registration');
  });

  it('cannot approve while corrections are open', () => {
    const decision = decide(subject('in_review', { openCorrections: 2 }), reviewer, 'approveReview');
    assert.deepEqual(decision.ok ? null : [decision.refusal.code, decision.refusal.reason], [
      'guard_failed',
      'open_corrections',
    ]);
  });
});

describe('guards and inputs', () => {
  it('an incomplete request cannot be submitted, and says what is missing', () => {
    assert.throws(
      () =>
        transition(subject('draft', { missingFields: ['description', 'testPeriod'] }), member, 'submit', {}),
      (e: AppError) => e.code === 'guard_failed' && /description, testPeriod/.test(e.detail ?? ''),
    );
  });

  it('a reviewer who is not the assignee cannot act; an admin can', () => {
    const s = subject('in_review', { assigneeId: 'someone-else' });
    const refused = decide(s, reviewer, 'approveReview');
    assert.deepEqual(refused.ok ? null : [refused.refusal.code, refused.refusal.reason], [
      'forbidden',
      'not_assignee',
    ]);
    assert.equal(decide(s, admin, 'approveReview').ok, true);
  });

  it('any reviewer may start the review of an unassigned request', () => {
    assert.equal(decide(subject('submitted', { assigneeId: null }), reviewer, 'startReview').ok, true);
  });

  it('an institution member cannot act on another institution’s request', () => {
    const decision = decide(subject('draft', { institutionId: 'inst-b' }), member, 'submit');
    assert.equal(decision.ok ? 'allowed' : decision.refusal.code, 'forbidden');
  });

  it('a rejection without a reason is refused', () => {
    assert.throws(
      () => transition(subject('in_review'), reviewer, 'reject', { comment: '   ' }),
      (e: AppError) => e.code === 'validation' && e.errors?.[0]?.path === 'comment',
    );
  });

  it('a corrections request without corrections is refused', () => {
    assert.throws(
      () => transition(subject('in_review'), reviewer, 'requestCorrections', { corrections: [] }),
      (e: AppError) => e.code === 'validation' && e.errors?.[0]?.path === 'corrections',
    );
  });
});

describe('available actions', () => {
  it('lists what the reviewer may do and what a guard blocks, with the reason', () => {
    const available = availableActions(subject('in_review', { openCorrections: 1 }), reviewer);
    assert.deepEqual(available.allowed, ['requestCorrections', 'reject']);
    assert.deepEqual(
      available.blocked.map((b) => [b.action, b.reason]),
      [['approveReview', 'open_corrections']],
    );
  });

  it('shows approval as blocked until an audit analysis is attached', () => {
    const available = availableActions(
      subject('in_review', { hasAuditAnalysis: false, hasCurrentAuditAnalysis: false }),
      reviewer,
    );
    assert.deepEqual(
      available.blocked.map((b) => [b.action, b.reason]),
      [['approveReview', 'audit_analysis_missing']],
    );
  });

  it('offers an institution member only their own actions', () => {
    assert.deepEqual(availableActions(subject('corrections_requested'), member).allowed, [
      'submit',
      'withdraw',
    ]);
  });

  it('offers nothing in a final state', () => {
    for (const state of ['completed', 'rejected', 'withdrawn'] as const) {
      for (const actor of [member, reviewer, admin]) {
        assert.deepEqual(availableActions(subject(state), actor), { allowed: [], blocked: [] });
      }
    }
  });
});
