import nodemailer from 'nodemailer';
import type { OutboxRow } from './outbox.ts';
import { createReplyToken, type ReplySigning, replyAddress, subjectWithToken } from './reply-token.ts';

// Where the worker hands a mail. With SMTP_URL it is an SMTP server (nodemailer); without it, the
// development mailbox: nothing leaves the machine, the row is marked sent with transport 'dev-mailbox'
// and agency users read it in the web UI (listDevMailbox), so the embedded default needs no mail server.

export type MailTransport = {
  kind: 'smtp' | 'dev-mailbox';
  /** Resolves once the server accepted the mail; rejects with the reason otherwise. */
  send(message: OutboxRow): Promise<{ messageId: string | null }>;
  close(): void;
};

export type MailSettings = {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** With it, mail that names a reply target gets a signed Reply-To address and subject marker. */
  replies?: ReplySigning | undefined;
};

export function createMailTransport(settings: MailSettings): MailTransport {
  return settings.smtpUrl
    ? smtpTransport(settings.smtpUrl, settings.mailFrom, settings.replies)
    : devMailboxTransport();
}

/**
 * The Reply-To address and subject a message goes out with: a message that names a reply target
 * carries its signed token in both (the address for mail clients that honour Reply-To, the subject
 * for replies that reach the support address without it). Computed at sending, where the key is.
 */
export function replyHeadersFor(
  message: Pick<OutboxRow, 'subject' | 'reply_kind' | 'reply_target_id'>,
  replies: ReplySigning | undefined,
): { subject: string; replyTo?: string } {
  if (!replies || !message.reply_kind || !message.reply_target_id) return { subject: message.subject };
  const token = createReplyToken(replies.secret, { kind: message.reply_kind, id: message.reply_target_id });
  return {
    subject: subjectWithToken(message.subject, token),
    replyTo: replyAddress(replies.supportAddress, token),
  };
}

export function devMailboxTransport(): MailTransport {
  return { kind: 'dev-mailbox', send: async () => ({ messageId: null }), close: () => {} };
}

export function smtpTransport(url: string, from: string, replies?: ReplySigning): MailTransport {
  const transporter = nodemailer.createTransport(url, { from });
  return {
    kind: 'smtp',
    send: async (message) => {
      const info = await transporter.sendMail({
        to: message.recipient,
        ...replyHeadersFor(message, replies),
        text: message.text_body,
        html: message.html_body,
        // The same Message-ID on every attempt of one outbox row: should the process die between the
        // server's acceptance and marking the row sent, the repeated mail can be recognised as a twin.
        messageId: `<${message.id}@pakalpe.outbox>`,
        headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
      });
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
    },
    close: () => transporter.close(),
  };
}
