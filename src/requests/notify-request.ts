import { enqueueMail, type MailLanguage, type OutboxMessage, renderMail } from '../mail/index.ts';
import type { RequestRow } from '../platform/db/schema.ts';
import type { Tx } from '../platform/db/transaction.ts';
import type { HistoryEvent } from './history.ts';
import { type Audience, messageAudience, notificationsFor } from './notifications.ts';
import { agencyRoles } from './workflow.ts';

/**
 * Enqueues the e-mail a recorded change causes (see notifications.ts), in the change's transaction.
 * Call it after recordRequestChange: the request is read as the change left it, and the idempotency
 * key names its new version, so one change cannot enqueue the same mail to the same address twice.
 */
export async function enqueueRequestNotifications(
  trx: Tx,
  publicUrl: string,
  requestId: string,
  event: HistoryEvent,
  now: Date,
): Promise<void> {
  const row = await trx
    .selectFrom('requests')
    .selectAll('requests')
    .where('requests.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const facts = await trx
    .selectFrom('requests')
    .innerJoin('institutions', 'institutions.id', 'requests.institution_id')
    .innerJoin('web_services', 'web_services.id', 'requests.service_id')
    .innerJoin('users', 'users.id', 'requests.created_by')
    .select(['institutions.name as institutionName', 'web_services.name as serviceName', 'users.locale'])
    .where('requests.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const notifications = notificationsFor(event, {
    institutionName: facts.institutionName,
    decisionReason: row.decision_reason,
  });
  if (notifications.length === 0) return;

  const context = {
    reference: row.reference,
    serviceName: facts.serviceName,
    link: `${publicUrl}/requests/${row.id}`,
  };
  const messages: OutboxMessage[] = [];
  for (const { audience, mail } of notifications) {
    for (const recipient of await recipientsOf(trx, audience, row, facts.locale)) {
      messages.push({
        ...renderMail(mail, context, recipient.language),
        ...recipient,
        template: mail.template,
        requestId: row.id,
        idempotencyKey: `request:${row.id}:v${row.version}:${mail.template}:${recipient.recipient.toLowerCase()}`,
        // A reply (to the support address, with the signed token) joins the request's thread.
        replyTo: { kind: 'request', id: row.id },
      });
    }
  }
  await enqueueMail(trx, messages, now);
}

/**
 * Enqueues the e-mail about a new message in the request's thread to the other side (see
 * messageAudience), with the message text and a link. Keyed by the message, so each message is mailed
 * once to each recipient.
 */
export async function enqueueRequestMessageNotifications(
  trx: Tx,
  publicUrl: string,
  requestId: string,
  message: { id: string; body: string; authorName: string; authorIsAgency: boolean },
  now: Date,
): Promise<void> {
  const row = await trx
    .selectFrom('requests')
    .selectAll('requests')
    .where('requests.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const facts = await trx
    .selectFrom('requests')
    .innerJoin('web_services', 'web_services.id', 'requests.service_id')
    .innerJoin('users', 'users.id', 'requests.created_by')
    .select(['web_services.name as serviceName', 'users.locale'])
    .where('requests.id', '=', requestId)
    .executeTakeFirstOrThrow();
  const mail = {
    template: 'requestMessage',
    fromAgency: message.authorIsAgency,
    authorName: message.authorName,
    body: message.body,
  } as const;
  const context = {
    reference: row.reference,
    serviceName: facts.serviceName,
    link: `${publicUrl}/requests/${row.id}`,
  };
  const recipients = await recipientsOf(trx, messageAudience(message.authorIsAgency), row, facts.locale);
  await enqueueMail(
    trx,
    recipients.map((recipient) => ({
      ...renderMail(mail, context, recipient.language),
      ...recipient,
      template: mail.template,
      requestId: row.id,
      idempotencyKey: `request-message:${message.id}:${recipient.recipient.toLowerCase()}`,
      replyTo: { kind: 'request', id: row.id },
    })),
    now,
  );
}

type Recipient = { recipient: string; language: MailLanguage };

async function recipientsOf(
  trx: Tx,
  audience: Audience,
  row: RequestRow,
  creatorLocale: MailLanguage,
): Promise<Recipient[]> {
  if (audience === 'contact') return [{ recipient: row.contact_email, language: creatorLocale }];
  const staff = await trx
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('role', 'in', [...agencyRoles])
    .where('is_active', '=', true)
    .orderBy('email')
    .execute();
  // The reviewer who has the request hears of it alone; an unassigned request (or one whose reviewer
  // has left) concerns every agency user, since any of them may take it.
  const assignee = staff.find((u) => u.id === row.assignee_id);
  return (assignee ? [assignee] : staff).map((u) => ({ recipient: u.email, language: u.locale }));
}
