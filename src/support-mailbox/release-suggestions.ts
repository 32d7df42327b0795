import { consultationReference } from '../consultations/notify-consultation.ts';
import type { Db } from '../platform/db/transaction.ts';
import { finalStates } from '../requests/workflow.ts';

// What an agency user most likely wants to deliver a quarantined mail to, so the release form offers
// choices instead of asking for identifiers: the references the mail itself names (a request's
// "TP-2026-0042", a consultation's "K-17", in the subject or the text), then the sender's institution's
// requests still in progress and consultations not closed. Only suggestions: the release still checks
// that the chosen author may write there.

export type ReleaseSuggestions = {
  requests: { id: string; reference: string; serviceName: string; state: string }[];
  consultations: { id: string; reference: string; subject: string; status: string }[];
};

const requestReference = /\bTP-\d{4}-\d{4,}\b/g;
const consultationNumber = /\bK-(\d{1,9})\b/g;
const most = 20;

export async function releaseSuggestions(
  db: Db,
  mail: { subject: string | null; text: string | null; senderInstitutionId: string | null },
): Promise<ReleaseSuggestions> {
  const words = `${mail.subject ?? ''}\n${mail.text ?? ''}`;
  const named = [...new Set(words.match(requestReference) ?? [])].slice(0, most);
  const numbers = [...new Set([...words.matchAll(consultationNumber)].map((m) => Number(m[1])))].slice(
    0,
    most,
  );
  const institution = mail.senderInstitutionId;

  let requests = db
    .selectFrom('requests as r')
    .innerJoin('web_services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.reference', 's.name as serviceName', 'r.state', 'r.updated_at']);
  requests = requests.where((eb) =>
    eb.or([
      ...(named.length > 0 ? [eb('r.reference', 'in', named)] : []),
      ...(institution
        ? [eb.and([eb('r.institution_id', '=', institution), eb('r.state', 'not in', [...finalStates])])]
        : []),
    ]),
  );
  let consultations = db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.number', 'c.subject', 'c.status', 'c.updated_at']);
  consultations = consultations.where((eb) =>
    eb.or([
      ...(numbers.length > 0 ? [eb('c.number', 'in', numbers)] : []),
      ...(institution
        ? [eb.and([eb('c.institution_id', '=', institution), eb('c.status', '!=', 'closed')])]
        : []),
    ]),
  );
  const [requestRows, consultationRows] = await Promise.all([
    named.length > 0 || institution
      ? requests.orderBy('r.updated_at', 'desc').limit(most).execute()
      : Promise.resolve([]),
    numbers.length > 0 || institution
      ? consultations.orderBy('c.updated_at', 'desc').limit(most).execute()
      : Promise.resolve([]),
  ]);
  // The ones the mail names come first.
  const namedFirst = <T>(rows: T[], isNamed: (row: T) => boolean) => [
    ...rows.filter(isNamed),
    ...rows.filter((row) => !isNamed(row)),
  ];
  return {
    requests: namedFirst(requestRows, (r) => named.includes(r.reference)).map((r) => ({
      id: r.id,
      reference: r.reference,
      serviceName: r.serviceName,
      state: r.state,
    })),
    consultations: namedFirst(consultationRows, (c) => numbers.includes(c.number)).map((c) => ({
      id: c.id,
      reference: consultationReference(c.number),
      subject: c.subject,
      status: c.status,
    })),
  };
}
