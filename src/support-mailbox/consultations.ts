import type { Tx } from '../platform/db/transaction.ts';

// The seam to consultation tickets (src/consultations, built in parallel): the two use cases the
// mailbox needs, run inside the mailbox's transaction. They check the author's permission, write the
// consultation's history and enqueue its e-mail. Without them (null), mail that would open or join
// a consultation waits in quarantine with reason `consultations_unavailable`.

export type MailAttachment = { filename: string; contentType: string; content: Buffer };

export type ConsultationPort = {
  openConsultation(
    trx: Tx,
    input: {
      institutionId: string;
      authorUserId: string;
      subject: string;
      category: 'other';
      body: string;
      attachments: MailAttachment[];
      source: 'email';
      inboundMailId: string;
    },
    now: Date,
  ): Promise<{ id: string }>;
  appendConsultationMessage(
    trx: Tx,
    input: {
      consultationId: string;
      authorUserId: string;
      body: string;
      attachments: MailAttachment[];
      source: 'email';
      inboundMailId: string;
    },
    now: Date,
  ): Promise<{ id: string }>;
};
