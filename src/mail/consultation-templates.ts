import { layoutMail, type MailBody, type MailLanguage, type RenderedMail } from './templates.ts';

// E-mail about consultation tickets, Latvian and English; the layout is the request mails' one.

export type ConsultationMailContext = {
  /** K-<number>, as the UI shows it. */
  reference: string;
  subject: string;
  institutionName: string;
  /** Translated category label. */
  category: string;
  /** Absolute URL of the ticket page (`${publicUrl}/consultations/<id>`). */
  link: string;
};

export type ConsultationMailTemplate =
  /** To the agency: an institution opened a ticket. */
  | { template: 'consultationOpened'; authorName: string; body: string; replyBy: string | null }
  /** To the agency: the institution wrote again (possibly reopening a closed ticket). */
  | {
      template: 'consultationInstitutionReply';
      authorName: string;
      body: string;
      reopened: boolean;
      replyBy: string | null;
    }
  /** To the ticket's opener: the agency answered. */
  | { template: 'consultationAnswered'; authorName: string; body: string }
  /** To the other party: the ticket was closed. */
  | { template: 'consultationClosed'; closedByAgency: boolean; reason: string | null };

export type ConsultationTemplateName = ConsultationMailTemplate['template'];

const openLabel: Record<MailLanguage, string> = {
  lv: 'Atvērt konsultāciju',
  en: 'Open the consultation',
};

function body(m: ConsultationMailTemplate, c: ConsultationMailContext, lang: MailLanguage): MailBody {
  const lv = lang === 'lv';
  const ticket = `${c.reference} „${c.subject}”`;
  const ticketEn = `${c.reference} "${c.subject}"`;
  switch (m.template) {
    case 'consultationOpened':
      return {
        subject: lv
          ? `Jauna konsultācija ${c.reference}: ${c.subject}`
          : `New consultation ${c.reference}: ${c.subject}`,
        lines: [
          lv
            ? `${m.authorName} (${c.institutionName}) uzdeva jautājumu ${ticket}, kategorija: ${c.category}.`
            : `${m.authorName} (${c.institutionName}) asked ${ticketEn}, category: ${c.category}.`,
          { quote: m.body },
          ...(m.replyBy ? [lv ? `Jāatbild līdz ${m.replyBy}.` : `Reply by ${m.replyBy}.`] : []),
        ],
      };
    case 'consultationInstitutionReply':
      return {
        subject: lv
          ? `${m.reopened ? 'Konsultācija atkārtoti atvērta' : 'Jauna ziņa konsultācijā'} ${c.reference}: ${c.subject}`
          : `${m.reopened ? 'Consultation reopened' : 'New message in consultation'} ${c.reference}: ${c.subject}`,
        lines: [
          lv
            ? `${m.authorName} (${c.institutionName}) uzrakstīja konsultācijā ${ticket}${m.reopened ? ' un to atkārtoti atvēra' : ''}:`
            : `${m.authorName} (${c.institutionName}) wrote in ${ticketEn}${m.reopened ? ' and reopened it' : ''}:`,
          { quote: m.body },
          ...(m.replyBy ? [lv ? `Jāatbild līdz ${m.replyBy}.` : `Reply by ${m.replyBy}.`] : []),
        ],
      };
    case 'consultationAnswered':
      return {
        subject: lv
          ? `Atbilde konsultācijā ${c.reference}: ${c.subject}`
          : `Answer in consultation ${c.reference}: ${c.subject}`,
        lines: [
          lv
            ? `Aģentūra (${m.authorName}) atbildēja uz jūsu jautājumu ${ticket}:`
            : `The agency (${m.authorName}) answered your question ${ticketEn}:`,
          { quote: m.body },
        ],
      };
    case 'consultationClosed':
      return {
        subject: lv
          ? `Konsultācija slēgta ${c.reference}: ${c.subject}`
          : `Consultation closed ${c.reference}: ${c.subject}`,
        lines: [
          m.closedByAgency
            ? lv
              ? `Aģentūra slēdza konsultāciju ${ticket}.`
              : `The agency closed the consultation ${ticketEn}.`
            : lv
              ? `${c.institutionName} slēdza konsultāciju ${ticket}.`
              : `${c.institutionName} closed the consultation ${ticketEn}.`,
          ...(m.reason ? [`${lv ? 'Pamatojums' : 'Reason'}: ${m.reason}`] : []),
          lv
            ? 'Ja jautājums nav atrisināts, uzrakstiet konsultācijā vēlreiz — tā tiks atvērta no jauna.'
            : 'If the question is not settled, write in the consultation again: it will be reopened.',
        ],
      };
  }
}

export function renderConsultationMail(
  mail: ConsultationMailTemplate,
  context: ConsultationMailContext,
  language: MailLanguage,
): RenderedMail {
  return layoutMail(body(mail, context, language), context.link, openLabel[language], language);
}
