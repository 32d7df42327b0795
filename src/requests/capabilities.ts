import type { WorkflowActor } from './workflow.ts';
import { isFinal, type State } from './workflow.ts';

// What a user may do to a request besides moving it through the workflow: edit it, resolve the
// corrections asked for, change who works on it. The use cases enforce these; getRequest reports
// them, so the UI shows exactly the controls the API will accept. Pure.

export type CapabilitySubject = { state: State; institutionId: string; assigneeId: string | null };

export const editableStates: readonly State[] = ['draft', 'corrections_requested'];

export type Capabilities = {
  /** The institution edits its request while it is a draft or while corrections are asked for. */
  edit: boolean;
  /** The assigned reviewer (or an admin) confirms corrections while the request is in review. */
  resolveCorrections: boolean;
  /** Take or release (reviewers) or assign anyone (admins); not for drafts or finished requests. */
  assign: 'none' | 'take' | 'release' | 'any';
  /** The assigned reviewer (or an admin) issues the acceptance act, or a new version of it. */
  issueAct: boolean;
};

export function capabilities(s: CapabilitySubject, actor: WorkflowActor): Capabilities {
  const ownInstitution = actor.role === 'institution_member' && actor.institutionId === s.institutionId;
  const isAgency = actor.role !== 'institution_member';
  const assignable = isAgency && s.state !== 'draft' && !isFinal(s.state);
  let assign: Capabilities['assign'] = 'none';
  if (assignable) {
    if (actor.role === 'agency_admin') assign = 'any';
    else if (s.assigneeId === null) assign = 'take';
    else if (s.assigneeId === actor.id) assign = 'release';
  }
  return {
    edit: ownInstitution && editableStates.includes(s.state),
    resolveCorrections:
      isAgency && s.state === 'in_review' && (actor.role === 'agency_admin' || s.assigneeId === actor.id),
    assign,
    issueAct:
      isAgency && s.state === 'acceptance' && (actor.role === 'agency_admin' || s.assigneeId === actor.id),
  };
}
