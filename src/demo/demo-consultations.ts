import type { Actor } from '../accounts/actor.ts';
import { appendConsultationMessage, openConsultation } from '../consultations/open-consultation.ts';
import { closeConsultation } from '../consultations/operations.ts';
import { type ConsultationSettings, consultationSettings } from '../consultations/settings.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';

// Demo consultation tickets in each status: one open and already overdue in the agency's queue, one
// answered, one closed by the institution with a reason.

const day = 86_400_000;

export async function seedDemoConsultations(
  db: Db,
  people: { nrc: Actor; vspa: Actor; rdpb: Actor; reviewer: Actor; reviewer2: Actor },
  publicUrl: string,
  now = new Date(),
): Promise<void> {
  const settings: ConsultationSettings = { ...consultationSettings(), publicUrl };
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);

  await inTransaction(db, (trx) =>
    openConsultation(
      trx,
      {
        institutionId: people.nrc.institutionId ?? '',
        authorUserId: people.nrc.id,
        subject: 'Kā iesniegt auditpierakstus par testēšanas periodu?',
        category: 'auditRecords',
        body: 'Labdien!\nMūsu sistēma auditpierakstus glabā CSV failos. Vai drīkstam tos iesniegt šādā formātā, vai jāizmanto cits? Pielieku paraugu.',
        attachments: [
          {
            filename: 'audita-paraugs.csv',
            contentType: 'text/csv',
            content: Buffer.from('laiks;operācija;rezultāts\n2026-10-05T10:00:00Z;getPerson;OK\n'),
          },
        ],
        source: 'web',
      },
      at(6),
      settings,
    ),
  );

  const answered = await inTransaction(db, (trx) =>
    openConsultation(
      trx,
      {
        institutionId: people.vspa.institutionId ?? '',
        authorUserId: people.vspa.id,
        subject: 'WSDL importē XSD shēmas no cita servera',
        category: 'description',
        body: 'Mūsu WSDL importē shēmas pēc absolūtas adreses. Vai tas ir pieļaujams produkcijas vidē?',
        attachments: [],
        source: 'email',
      },
      at(3),
      settings,
    ),
  );
  await inTransaction(db, (trx) =>
    appendConsultationMessage(
      trx,
      {
        consultationId: answered.id,
        authorUserId: people.reviewer.id,
        body: 'Labdien! Nē — pievienojiet shēmas aprakstam kā failus (zip arhīvā) un importējiet pēc relatīva ceļa. Tā apraksts būs pārbaudāms arī bez tīkla.',
        attachments: [],
        source: 'web',
      },
      at(2),
      settings,
    ),
  );

  const closing = await inTransaction(db, (trx) =>
    openConsultation(
      trx,
      {
        institutionId: people.rdpb.institutionId ?? '',
        authorUserId: people.rdpb.id,
        subject: 'Kurš paraksta akcepttestēšanas aktu?',
        category: 'acceptanceAct',
        body: 'Vai aktu var parakstīt IT nodaļas vadītājs, vai tikai iestādes vadītājs?',
        attachments: [],
        source: 'web',
      },
      at(10),
      settings,
    ),
  );
  await inTransaction(db, (trx) =>
    appendConsultationMessage(
      trx,
      {
        consultationId: closing.id,
        authorUserId: people.reviewer2.id,
        body: 'Aktu paraksta persona, kurai ir paraksta tiesības iestādes vārdā (var būt arī ar pilnvaru).',
        attachments: [],
        source: 'web',
      },
      at(9),
      settings,
    ),
  );
  await closeConsultation(
    db,
    people.rdpb,
    closing.id,
    { version: 2, reason: 'Atbilde saņemta, paldies.' },
    settings,
  );
}
