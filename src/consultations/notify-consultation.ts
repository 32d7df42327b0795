import {
  type ConsultationMailContext,
  type ConsultationMailTemplate,
  enqueueMail,
  type MailLanguage,
  type OutboxMessage,
  renderConsultationMail,
} from '../mail/index.ts';
import type { Tx } from '../platform/db/transaction.ts';
import { categoryLabels, isConsultationCategory } from './categories.ts';
import type { ConsultationSettings } from './settings.ts';

// Who hears what about a ticket: the agency hears of new tickets and of the institution's messages
// (the agency users who have answered it, or every active agency user while nobody has); the ticket's opener hears of the agency's
// answers and of the agency closing it; the agency hears when the institution closes a ticket that was
// still waiting for its answer. Enqueued in the change's transaction.

export type ConsultationAudience = 'agency' | 'opener';

export async function enqueueConsultationMail(
  trx: Tx,
  settings: ConsultationSettings,
  consultationId: string,
  audience: ConsultationAudience,
  mail: ConsultationMailTemplate,
  /** Names the cause (a message id, or the version a close made), for the idempotency key. */
  cause: string,
  now: Date,
): Promise<void> {
  const ticket = await trx
    .selectFrom('consultations as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('users as u', 'u.id', 'c.opened_by')
    .select([
      'c.id',
      'c.number',
      'c.subject',
      'c.category',
      'i.name as institutionName',
      'u.email as openerEmail',
      'u.locale as openerLocale',
      'u.is_active as openerActive',
    ])
    .where('c.id', '=', consultationId)
    .executeTakeFirstOrThrow();

  let recipients: { recipient: string; language: MailLanguage }[];
  if (audience === 'opener') {
    recipients = ticket.openerActive
      ? [{ recipient: ticket.openerEmail, language: ticket.openerLocale }]
      : [];
  } else {
    const staff = (answeredOnly: boolean) => {
      let query = trx
        .selectFrom('users as u')
        .select(['u.email', 'u.locale'])
        .where('u.role', 'in', ['agency_reviewer', 'agency_admin'])
        .where('u.is_active', '=', true);
      if (answeredOnly) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('consultation_messages as m')
              .select('m.id')
              .where('m.consultation_id', '=', consultationId)
              .whereRef('m.author_id', '=', 'u.id'),
          ),
        );
      }
      return query.orderBy('u.email').execute();
    };
    // Whoever at the agency already answered the ticket hears the follow-up; a ticket nobody has
    // answered yet (or whose answerers have left) goes to every active agency user.
    const answerers = await staff(true);
    const chosen = answerers.length > 0 ? answerers : await staff(false);
    recipients = chosen.map((u) => ({ recipient: u.email, language: u.locale }));
  }

  const messages: OutboxMessage[] = recipients.map(({ recipient, language }) => {
    const context: ConsultationMailContext = {
      reference: consultationReference(ticket.number),
      subject: ticket.subject,
      institutionName: ticket.institutionName,
      category: isConsultationCategory(ticket.category)
        ? categoryLabels[ticket.category][language]
        : ticket.category,
      link: `${settings.publicUrl}/consultations/${ticket.id}`,
    };
    return {
      ...renderConsultationMail(localised(mail, language), context, language),
      recipient,
      language,
      template: mail.template,
      requestId: null,
      consultationId: ticket.id,
      // A reply (to the support address, with the signed token) joins the consultation.
      replyTo: { kind: 'consultation', id: ticket.id },
      idempotencyKey: `consultation:${ticket.id}:${cause}:${mail.template}:${recipient.toLowerCase()}`,
    };
  });
  await enqueueMail(trx, messages, now);
}

export function consultationReference(number: number): string {
  return `K-${number}`;
}

/** Reply-by times travel as ISO instants and are shown in Riga time, in the reader's language. */
function localised(mail: ConsultationMailTemplate, language: MailLanguage): ConsultationMailTemplate {
  if (!('replyBy' in mail) || !mail.replyBy) return mail;
  return { ...mail, replyBy: formatRigaTime(new Date(mail.replyBy), language) };
}

export function formatRigaTime(instant: Date, language: MailLanguage): string {
  return new Intl.DateTimeFormat(language === 'lv' ? 'lv-LV' : 'en-GB', {
    timeZone: 'Europe/Riga',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(instant);
}
