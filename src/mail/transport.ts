import nodemailer from 'nodemailer';
import type { OutboxRow } from './outbox.ts';

// Where the worker hands a mail. With SMTP_URL it is an SMTP server (nodemailer); without it, the
// development mailbox: nothing leaves the machine, the row is marked sent with transport 'dev-mailbox'
// and agency users read it in the web UI (listDevMailbox), so the embedded default needs no mail server.

export type MailTransport = {
  kind: 'smtp' | 'dev-mailbox';
  /** Resolves once the server accepted the mail; rejects with the reason otherwise. */
  send(message: OutboxRow): Promise<{ messageId: string | null }>;
  close(): void;
};

export type MailSettings = { smtpUrl: string | undefined; mailFrom: string };

export function createMailTransport(settings: MailSettings): MailTransport {
  return settings.smtpUrl ? smtpTransport(settings.smtpUrl, settings.mailFrom) : devMailboxTransport();
}

export function devMailboxTransport(): MailTransport {
  return { kind: 'dev-mailbox', send: async () => ({ messageId: null }), close: () => {} };
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url, { from });
  return {
    kind: 'smtp',
    send: async (message) => {
      const info = await transporter.sendMail({
        to: message.recipient,
        subject: message.subject,
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
