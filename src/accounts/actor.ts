import type { Role } from '../requests/workflow.ts';

/** Who is acting: resolved once per HTTP request (or CLI call) and handed to every use case. */
export type Actor = {
  id: string;
  role: Role;
  institutionId: string | null;
  displayName: string;
  email: string;
  locale: 'lv' | 'en';
};

export function isAgency(actor: Actor): boolean {
  return actor.role === 'agency_reviewer' || actor.role === 'agency_admin';
}
