import type { MailTemplate } from '../mail/index.ts';
import type { HistoryEvent } from './history.ts';

// Who hears what about a request: pure, from the change just recorded. The institution's side (the
// request's contact person) hears of every step that concerns it; the agency's reviewers hear of a
// request that waits for them. Resolving addresses and languages is notify-request.ts's job.

export type Audience =
  /** The request's contact person, in the language of the user who created the request. */
  | 'contact'
  /** The assigned reviewer, or every active agency user when nobody is assigned yet. */
  | 'reviewers';

export type Notification = { audience: Audience; mail: MailTemplate };

export type NotifiedRequest = { institutionName: string; decisionReason: string | null };

export function notificationsFor(event: HistoryEvent, request: NotifiedRequest): Notification[] {
  const details = event.details ?? {};
  switch (event.action) {
    case 'submit': {
      const resubmission = event.fromState === 'corrections_requested';
      return [
        { audience: 'contact', mail: { template: 'requestReceived', resubmission } },
        {
          audience: 'reviewers',
          mail: { template: 'requestForReview', institutionName: request.institutionName, resubmission },
        },
      ];
    }
    case 'requestCorrections':
      return [
        {
          audience: 'contact',
          mail: {
            template: 'correctionsRequested',
            corrections: stringList(details.corrections),
            comment: event.comment?.trim() || null,
          },
        },
      ];
    case 'issueAct':
      return [
        {
          audience: 'contact',
          mail: {
            template: 'actReadyToSign',
            actNumber: String(details.number ?? ''),
            actVersion: Number(details.version ?? 1),
          },
        },
      ];
    case 'registerInProduction':
      return [
        {
          audience: 'contact',
          mail: {
            template: 'registeredInProduction',
            identifier: String(details.identifier ?? ''),
            completed: event.toState === 'completed',
          },
        },
      ];
    case 'approveReview':
      return [
        {
          audience: 'contact',
          mail: {
            template: 'reviewApproved',
            next: event.toState === 'acceptance' ? 'acceptanceAct' : 'registration',
            waived: waivedFindings(details.waivedFindings),
          },
        },
      ];
    case 'uploadSignedAct':
      // The act signed by both parties is in: the side that did not upload it hears of it.
      return [
        {
          audience: details.uploadedBy === 'agency' ? 'contact' : 'reviewers',
          mail: {
            template: 'actSigned',
            actNumber: String(details.number ?? ''),
            institutionName: request.institutionName,
          },
        },
      ];
    case 'withdraw':
      return [
        {
          audience: 'reviewers',
          mail: {
            template: 'requestWithdrawn',
            institutionName: request.institutionName,
            reason: event.comment?.trim() || null,
          },
        },
      ];
    case 'confirmInstallation':
      return [{ audience: 'contact', mail: { template: 'installationConfirmed' } }];
    case 'reject':
      return [
        {
          audience: 'contact',
          mail: {
            template: 'requestRejected',
            reason: event.comment?.trim() || request.decisionReason,
          },
        },
      ];
    default:
      return [];
  }
}

function waivedFindings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is { ruleId: string; justification: string } => typeof v?.ruleId === 'string')
    .map((v) => `${v.ruleId}: ${v.justification}`);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A message in the request's thread goes to the other side: the institution's to the reviewers, the agency's to the contact. */
export function messageAudience(authorIsAgency: boolean): Audience {
  return authorIsAgency ? 'contact' : 'reviewers';
}
