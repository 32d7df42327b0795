import { AppError } from '../platform/errors.ts';

// A consultation's status is data: one table says what each party's action does from each status.
// The API's allowed actions, the UI's buttons and docs/process.md are derived from it.
//
// Decision: a message on a closed ticket reopens it rather than being refused. A question that comes
// back (often as an e-mail reply weeks later) belongs with its earlier thread, and refusing it would
// leave an e-mail reply nowhere to go. The reopening is recorded in the ticket's history.

export type ConsultationStatus = 'open' | 'answered' | 'closed';
export type ConsultationParty = 'institution' | 'agency';
export type ConsultationAction = 'message' | 'close';

export const consultationStatuses: readonly ConsultationStatus[] = ['open', 'answered', 'closed'];

export type StatusRule = {
  from: readonly ConsultationStatus[];
  action: ConsultationAction;
  party: ConsultationParty;
  to: ConsultationStatus;
};

export const statusRules: readonly StatusRule[] = [
  // The institution asks (or asks again): the ticket waits for the agency.
  { from: ['open', 'answered', 'closed'], action: 'message', party: 'institution', to: 'open' },
  // The agency answers: the ticket waits for the institution (or for nothing).
  { from: ['open', 'answered', 'closed'], action: 'message', party: 'agency', to: 'answered' },
  // Either party may close a ticket that is not closed, with an optional reason.
  { from: ['open', 'answered'], action: 'close', party: 'institution', to: 'closed' },
  { from: ['open', 'answered'], action: 'close', party: 'agency', to: 'closed' },
];

/** The status after `party` does `action`, or AppError('invalid_transition'). */
export function nextStatus(
  status: ConsultationStatus,
  action: ConsultationAction,
  party: ConsultationParty,
): ConsultationStatus {
  const rule = statusRules.find((r) => r.action === action && r.party === party && r.from.includes(status));
  if (!rule) {
    throw new AppError('invalid_transition', {
      detail: `A consultation that is ${status} cannot take the action ${action}.`,
      extensions: { status, action },
    });
  }
  return rule.to;
}

export function allowedActions(status: ConsultationStatus, party: ConsultationParty): ConsultationAction[] {
  return statusRules
    .filter((r) => r.party === party && r.from.includes(status))
    .map((r) => r.action)
    .filter((a, i, all) => all.indexOf(a) === i);
}

/**
 * The reply-by time after a change: set when the ticket becomes open (kept while it stays open, so a
 * second question does not push the agency's deadline back), cleared when it is answered or closed.
 */
export function replyByAfter(
  from: ConsultationStatus | null,
  to: ConsultationStatus,
  current: Date | null,
  deadlineFromNow: () => Date,
): Date | null {
  if (to !== 'open') return null;
  if (from === 'open' && current) return current;
  return deadlineFromNow();
}

/** Overdue: still waiting for the agency after its reply-by time. */
export function isOverdue(status: ConsultationStatus, replyBy: Date | null, now: Date): boolean {
  return status === 'open' && replyBy !== null && replyBy.getTime() < now.getTime();
}
