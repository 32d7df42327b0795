import { agencyIdentity } from '../platform/agency.ts';
import type { ConsultationTemplateName } from './consultation-templates.ts';

// E-mail texts, Latvian and English, as pure functions from data to subject, plain text and HTML.
// Every value that comes from users (names, comments, corrections) is escaped in the HTML; the plain
// text carries it as is. The link always points at the request page of the web UI.

export type MailLanguage = 'lv' | 'en';

/** What every request mail names: which request, which service, where to open it. */
export type RequestMailContext = {
  reference: string;
  serviceName: string;
  /** Absolute URL of the request page (`${publicUrl}/requests/<id>`). */
  link: string;
};

export type MailTemplate =
  /** To the contact person: the request (or its corrected version) arrived. */
  | { template: 'requestReceived'; resubmission: boolean }
  /** To the contact person: what to correct before the review goes on. */
  | { template: 'correctionsRequested'; corrections: readonly string[]; comment: string | null }
  /** To the contact person: the agency issued (a new version of) the acceptance act. */
  | { template: 'actReadyToSign'; actNumber: string; actVersion: number }
  /** To the contact person: the service is in the production catalog; `completed` when nothing follows. */
  | { template: 'registeredInProduction'; identifier: string; completed: boolean }
  /** To the contact person: installation in production confirmed, the procedure is complete. */
  | { template: 'installationConfirmed' }
  /** To the contact person: the agency rejected the request, with its reason. */
  | { template: 'requestRejected'; reason: string | null }
  /** To the contact person: the description (and audit records) check passed; what comes next. */
  | {
      template: 'reviewApproved';
      next: 'acceptanceAct' | 'registration';
      /** Description findings the agency accepted with a justification ("rule: justification"). */
      waived?: readonly string[];
    }
  /** To the party that did not upload it: the act signed by both parties is in; registration is next. */
  | { template: 'actSigned'; actNumber: string; institutionName: string }
  /** To agency reviewers: the institution withdrew the request. */
  | { template: 'requestWithdrawn'; institutionName: string; reason: string | null }
  /** To agency reviewers: a request (new or corrected) waits for review. */
  | { template: 'requestForReview'; institutionName: string; resubmission: boolean }
  /** A new message in the request's thread: to the reviewers from the institution, or back. */
  | { template: 'requestMessage'; fromAgency: boolean; authorName: string; body: string };

export type TemplateName = MailTemplate['template'] | ConsultationTemplateName;

export type RenderedMail = { subject: string; text: string; html: string };

export type MailBody = { subject: string; lines: readonly MailLine[] };
/** A paragraph, a bulleted list or a quoted text. Values inside are escaped only when HTML is made. */
export type MailLine = string | { list: readonly string[] } | { quote: string };

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The sender's signature: the agency as configured (AGENCY_NAME_LV/EN, AGENCY_EMAIL). */
function signature(language: MailLanguage): string {
  const agency = agencyIdentity();
  return `Pakalpe — ${agency.name[language]}, ${agency.email}`;
}

const openLabel: Record<MailLanguage, string> = {
  lv: 'Atvērt pieteikumu',
  en: 'Open the request',
};

const automatic: Record<MailLanguage, string> = {
  lv: 'Šis ir automātisks paziņojums. Atbildēt var Pakalpē, atverot saiti augstāk.',
  en: 'This is an automatic notification. You can answer in Pakalpe through the link above.',
};

function body(mail: MailTemplate, c: RequestMailContext, lang: MailLanguage): MailBody {
  const lv = lang === 'lv';
  const req = `${c.reference} (${c.serviceName})`;
  switch (mail.template) {
    case 'requestReceived':
      return lv
        ? {
            subject: `${mail.resubmission ? 'Labotais pieteikums saņemts' : 'Pieteikums saņemts'}: ${c.reference}`,
            lines: [
              `Esam saņēmuši ${mail.resubmission ? 'laboto ' : ''}pieteikumu ${req} tīmekļa pakalpes uzstādīšanai produkcijas vidē.`,
              'Aģentūra to izskatīs un paziņos par nākamajiem soļiem.',
            ],
          }
        : {
            subject: `${mail.resubmission ? 'Corrected request received' : 'Request received'}: ${c.reference}`,
            lines: [
              `We have received the ${mail.resubmission ? 'corrected ' : ''}request ${req} to deploy the web service in production.`,
              'The agency will review it and let you know the next steps.',
            ],
          };
    case 'correctionsRequested':
      return {
        subject: lv ? `Pieteikumā jāveic labojumi: ${c.reference}` : `Corrections requested: ${c.reference}`,
        lines: [
          lv
            ? `Aģentūra lūdz labot pieteikumu ${req}:`
            : `The agency asks for corrections to the request ${req}:`,
          { list: mail.corrections },
          ...(mail.comment ? [mail.comment] : []),
          lv
            ? 'Kad labojumi veikti, iesniedziet pieteikumu atkārtoti.'
            : 'When the corrections are made, submit the request again.',
        ],
      };
    case 'actReadyToSign':
      return {
        subject: lv
          ? `Akcepttestēšanas akts parakstīšanai: ${c.reference}`
          : `Acceptance act ready to sign: ${c.reference}`,
        lines: [
          lv
            ? `Aģentūra ir sagatavojusi un parakstījusi akcepttestēšanas aktu Nr. ${mail.actNumber} (${mail.actVersion}. versija) pieteikumam ${req}.`
            : `The agency has issued and signed acceptance act No. ${mail.actNumber} (version ${mail.actVersion}) for the request ${req}.`,
          lv
            ? 'Lūdzu, lejupielādējiet konteineru, parakstiet to ar drošu elektronisko parakstu un augšupielādējiet.'
            : 'Please download the container, sign it with a qualified electronic signature and upload it.',
        ],
      };
    case 'registeredInProduction':
      return {
        subject: lv
          ? `Pakalpe reģistrēta produkcijas vidē: ${c.reference}`
          : `Registered in production: ${c.reference}`,
        lines: [
          lv
            ? `Tīmekļa pakalpe ${c.serviceName} reģistrēta produkcijas vides katalogā ar identifikatoru ${mail.identifier}.`
            : `The web service ${c.serviceName} is registered in the production catalog as ${mail.identifier}.`,
          mail.completed
            ? lv
              ? `Pieteikums ${c.reference} ir pabeigts.`
              : `The request ${c.reference} is complete.`
            : lv
              ? 'Nākamais solis: uzstādīšana produkcijas vidē.'
              : 'Next step: installation in production.',
        ],
      };
    case 'installationConfirmed':
      return {
        subject: lv
          ? `Uzstādīšana apstiprināta, pieteikums pabeigts: ${c.reference}`
          : `Installation confirmed, request complete: ${c.reference}`,
        lines: [
          lv
            ? `Aģentūra apstiprināja, ka tīmekļa pakalpe ${c.serviceName} ir uzstādīta produkcijas vidē. Pieteikums ${c.reference} ir pabeigts.`
            : `The agency confirmed that the web service ${c.serviceName} is installed in production. The request ${c.reference} is complete.`,
        ],
      };
    case 'requestRejected':
      return {
        subject: lv ? `Pieteikums noraidīts: ${c.reference}` : `Request rejected: ${c.reference}`,
        lines: [
          lv ? `Aģentūra noraidīja pieteikumu ${req}.` : `The agency rejected the request ${req}.`,
          ...(mail.reason ? [`${lv ? 'Pamatojums' : 'Reason'}: ${mail.reason}`] : []),
        ],
      };
    case 'requestMessage':
      return {
        subject: lv
          ? `Jauna ziņa par pieteikumu ${c.reference}`
          : `New message on the request ${c.reference}`,
        lines: [
          mail.fromAgency
            ? lv
              ? `Aģentūra (${mail.authorName}) uzrakstīja ziņu par pieteikumu ${req}:`
              : `The agency (${mail.authorName}) wrote a message about the request ${req}:`
            : lv
              ? `${mail.authorName} uzrakstīja ziņu par pieteikumu ${req}:`
              : `${mail.authorName} wrote a message about the request ${req}:`,
          { quote: mail.body },
        ],
      };
    case 'reviewApproved':
      return {
        subject: lv
          ? `Pieteikuma pārbaude pabeigta: ${c.reference}`
          : `Request review approved: ${c.reference}`,
        lines: [
          // "Without objections" only when nothing was accepted with a justification; else say what was.
          ...(mail.waived?.length
            ? [
                lv
                  ? `Aģentūra pabeidza pieteikuma ${req} apraksta pārbaudi. Šie apraksta konstatējumi pieņemti ar pamatojumu:`
                  : `The agency has completed the review of the request ${req}. These findings in the description were accepted with a justification:`,
                { list: mail.waived },
              ]
            : [
                lv
                  ? `Aģentūra pabeidza pieteikuma ${req} apraksta pārbaudi bez iebildumiem.`
                  : `The agency has completed the review of the request ${req} with no objections.`,
              ]),
          mail.next === 'acceptanceAct'
            ? lv
              ? 'Nākamais solis: aģentūra sagatavos akcepttestēšanas aktu, ko saņemsiet parakstīšanai.'
              : 'Next step: the agency prepares the acceptance act, which you will receive to sign.'
            : lv
              ? 'Nākamais solis: reģistrācija produkcijas vides katalogā.'
              : 'Next step: registration in the production catalog.',
        ],
      };
    case 'actSigned':
      return {
        subject: lv
          ? `Akcepttestēšanas akts parakstīts: ${c.reference}`
          : `Acceptance act signed: ${c.reference}`,
        lines: [
          lv
            ? `Akcepttestēšanas akts Nr. ${mail.actNumber} pieteikumam ${req} ir parakstīts no abām pusēm (${mail.institutionName} un aģentūra).`
            : `Acceptance act No. ${mail.actNumber} for the request ${req} is signed by both parties (${mail.institutionName} and the agency).`,
          lv
            ? 'Nākamais solis: reģistrācija produkcijas vides katalogā.'
            : 'Next step: registration in the production catalog.',
        ],
      };
    case 'requestWithdrawn':
      return {
        subject: lv ? `Pieteikums atsaukts: ${c.reference}` : `Request withdrawn: ${c.reference}`,
        lines: [
          lv
            ? `${mail.institutionName} atsauca pieteikumu ${req}.`
            : `${mail.institutionName} withdrew the request ${req}.`,
          ...(mail.reason ? [`${lv ? 'Pamatojums' : 'Reason'}: ${mail.reason}`] : []),
        ],
      };
    case 'requestForReview':
      return {
        subject: lv
          ? `${mail.resubmission ? 'Labots pieteikums' : 'Jauns pieteikums'} izskatīšanai: ${c.reference}`
          : `${mail.resubmission ? 'Corrected request' : 'New request'} to review: ${c.reference}`,
        lines: [
          lv
            ? `${mail.institutionName} ${mail.resubmission ? 'atkārtoti iesniedza labotu' : 'iesniedza'} pieteikumu ${req}.`
            : `${mail.institutionName} ${mail.resubmission ? 'resubmitted the corrected' : 'submitted the'} request ${req}.`,
        ],
      };
  }
}

/** The mail for one recipient in their language: subject, plain text and HTML with the same content. */
export function renderMail(
  mail: MailTemplate,
  context: RequestMailContext,
  language: MailLanguage,
): RenderedMail {
  return layoutMail(body(mail, context, language), context.link, openLabel[language], language);
}

/** The common layout: the lines, a link with its label, the signature; as plain text and HTML. */
export function layoutMail(
  { subject, lines }: MailBody,
  link: string,
  linkLabel: string,
  language: MailLanguage,
): RenderedMail {
  const text = [
    ...lines.map(textOf),
    `${linkLabel}: ${link}`,
    `--\n${signature(language)}\n${automatic[language]}`,
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    ...lines.map(htmlOf),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(linkLabel)}</a></p>`,
    `<p style="color:#555">${escapeHtml(signature(language))}<br>${escapeHtml(automatic[language])}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function textOf(line: MailLine): string {
  if (typeof line === 'string') return line;
  if ('list' in line) return line.list.map((item) => `- ${item}`).join('\n');
  return line.quote
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function htmlOf(line: MailLine): string {
  if (typeof line === 'string') return `<p>${escapeHtml(line)}</p>`;
  if ('list' in line) return `<ul>${line.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  return `<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(line.quote)}</blockquote>`;
}
