import { AppError } from '../platform/errors.ts';
import type { Role } from '../requests/workflow.ts';
import type { Actor } from './actor.ts';

// Role checks for everything outside the request workflow (whose roles live in the transition table).
// A local operator is someone running the CLI on the server: trusted like an admin, recorded as such.

export const localOperator = { kind: 'local_operator' } as const;
export type Principal = Actor | typeof localOperator;

export function isLocalOperator(p: Principal): p is typeof localOperator {
  return 'kind' in p;
}

export function principalId(p: Principal): string | null {
  return isLocalOperator(p) ? null : p.id;
}

export function requireRole(p: Principal, allowed: readonly Role[]): void {
  if (isLocalOperator(p)) return;
  if (!allowed.includes(p.role)) {
    throw new AppError('forbidden', { detail: `This needs one of the roles: ${allowed.join(', ')}.` });
  }
}

export const adminOnly: readonly Role[] = ['agency_admin'];
export const agencyOnly: readonly Role[] = ['agency_reviewer', 'agency_admin'];

/**
 * Whether `p` may read what belongs to an institution (e.g. its register of representatives): the
 * agency every institution's, an institution member only their own. Callers answer "not found"
 * otherwise, so another institution's data is not revealed to exist.
 */
export function canSeeInstitution(p: Principal, institutionId: string): boolean {
  if (isLocalOperator(p) || agencyOnly.includes(p.role)) return true;
  return p.role === 'institution_member' && p.institutionId === institutionId;
}

/** Who may take part in a consultation ticket: the fields of a user (or actor) that decide it. */
export type ConsultationParticipant = { role: Role; institutionId: string | null; isActive?: boolean };

/**
 * The side a user writes for on a ticket of `ticketInstitutionId`: the agency on every ticket, an
 * institution user on their own institution's tickets; null when the ticket is not theirs to see
 * (answered as not found, so another institution's ticket is not revealed).
 */
export function consultationPartyOf(
  user: ConsultationParticipant,
  ticketInstitutionId: string,
): 'institution' | 'agency' | null {
  if (user.isActive === false) return null;
  if (agencyOnly.includes(user.role)) return 'agency';
  if (user.role === 'institution_member' && user.institutionId === ticketInstitutionId) return 'institution';
  return null;
}

/** Opening a ticket is for the institution's own users, for their own institution. */
export function requireConsultationOpener(user: ConsultationParticipant, institutionId: string): void {
  if (user.isActive === false || user.role !== 'institution_member') {
    throw new AppError('forbidden', { detail: 'Consultations are opened by institution users.' });
  }
  if (user.institutionId !== institutionId) {
    throw new AppError('forbidden', { detail: 'A consultation is opened for your own institution.' });
  }
}

/**
 * The side a user writes for in a correction's thread on a request of `requestInstitutionId`: the
 * agency on every request, an institution member on their own institution's; null otherwise (answered
 * as not found). Threads stay open until the request is finished: a finished request's record is final.
 */
export function correctionThreadPartyOf(
  p: Principal,
  requestInstitutionId: string,
  requestFinished: boolean,
): 'institution' | 'agency' | null {
  if (requestFinished || isLocalOperator(p)) return null;
  if (agencyOnly.includes(p.role)) return 'agency';
  if (p.role === 'institution_member' && p.institutionId === requestInstitutionId) return 'institution';
  return null;
}
