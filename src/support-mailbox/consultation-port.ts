import { appendConsultationMessage, openConsultation } from '../consultations/open-consultation.ts';
import type { ConsultationPort } from './consultations.ts';

// The consultation use cases the mailbox calls (src/consultations), run inside the mailbox's
// transaction; they use the settings the server registered at start (publicUrl, reply days).
export const consultationPort: ConsultationPort = {
  openConsultation: (trx, input, now) => openConsultation(trx, input, now),
  appendConsultationMessage: (trx, input, now) => appendConsultationMessage(trx, input, now),
};
