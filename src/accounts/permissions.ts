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
