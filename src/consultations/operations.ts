import type { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { consultationPartyOf, requireConsultationOpener } from '../accounts/permissions.ts';
import { type Db, inTransaction } from '../platform/db/transaction.ts';
import type { IncomingAttachment } from './attachments.ts';
import { appendConsultationEvent } from './events.ts';
import { enqueueConsultationMail } from './notify-consultation.ts';
import {
  lockConsultation,
  notFound,
  openConsultation,
  postMessage,
  requireVersion,
} from './open-consultation.ts';
import type { attachmentInput, closeInput, createConsultationInput, postMessageInput } from './schemas.ts';
import type { ConsultationSettings } from './settings.ts';
import { nextStatus } from './status.ts';

// The web UI's use cases: the signed-in actor is authorised here, then the shared domain functions
// (open-consultation.ts) do the change in one transaction.

function incoming(files: z.infer<typeof attachmentInput>[]): IncomingAttachment[] {
  return files.map((f) => ({
    filename: f.filename,
    contentType: null,
    content: Buffer.from(f.contentBase64, 'base64'),
  }));
}

export async function createConsultation(
  db: Db,
  actor: Actor,
  input: z.infer<typeof createConsultationInput>,
  settings: ConsultationSettings,
): Promise<{ id: string }> {
  requireConsultationOpener(actor, actor.institutionId ?? '');
  return inTransaction(db, (trx) =>
    openConsultation(
      trx,
      {
        institutionId: actor.institutionId ?? '',
        authorUserId: actor.id,
        subject: input.subject,
        category: input.category,
        body: input.body,
        attachments: incoming(input.attachments),
        source: 'web',
      },
      new Date(),
      settings,
    ),
  );
}

export async function postConsultationMessage(
  db: Db,
  actor: Actor,
  consultationId: string,
  input: z.infer<typeof postMessageInput>,
  settings: ConsultationSettings,
): Promise<{ id: string }> {
  return inTransaction(db, (trx) =>
    postMessage(
      trx,
      {
        consultationId,
        authorUserId: actor.id,
        body: input.body,
        attachments: incoming(input.attachments),
        source: 'web',
        expectedVersion: input.version,
      },
      new Date(),
      settings,
    ),
  );
}

/** Either party closes the ticket, with an optional reason; the agency's closing is mailed to the opener. */
export async function closeConsultation(
  db: Db,
  actor: Actor,
  consultationId: string,
  input: z.infer<typeof closeInput>,
  settings: ConsultationSettings,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const now = new Date();
    const ticket = await lockConsultation(trx, consultationId);
    const party = consultationPartyOf(actor, ticket.institution_id);
    if (!party) throw notFound();
    requireVersion(ticket.version, input.version);
    const to = nextStatus(ticket.status, 'close', party);
    const version = ticket.version + 1;
    await trx
      .updateTable('consultations')
      .set({ status: to, reply_by: null, version, updated_at: now })
      .where('id', '=', ticket.id)
      .execute();
    const reason = input.reason?.trim() || null;
    await appendConsultationEvent(
      trx,
      ticket.id,
      actor,
      { action: 'close', fromStatus: ticket.status, toStatus: to, details: reason ? { reason } : {} },
      now,
    );
    if (party === 'agency') {
      await enqueueConsultationMail(
        trx,
        settings,
        ticket.id,
        'opener',
        { template: 'consultationClosed', closedByAgency: true, reason },
        `v${version}`,
        now,
      );
    } else if (ticket.status === 'open') {
      // The question leaves the agency's queue unanswered: whoever was about to answer should know.
      // A ticket already answered closes quietly (nobody waits on it).
      await enqueueConsultationMail(
        trx,
        settings,
        ticket.id,
        'agency',
        { template: 'consultationClosed', closedByAgency: false, reason },
        `v${version}`,
        now,
      );
    }
  });
}
