import type { ConsultationPort } from './consultations.ts';

// Which consultation use cases the mailbox calls. Consultations are not in this build yet: until
// they are, mail that would open or join one is quarantined (`consultations_unavailable`) and a
// release to a consultation answers 503.
export const consultationPort: ConsultationPort | null = null;
