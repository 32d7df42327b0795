// What happens to a received e-mail: pure, from facts the caller gathered (parsed mail, the sender's
// account, the verified reply token). Nothing here reads the database or the clock.

import type { ReplyTarget } from '../mail/index.ts';
import type { QuarantineReason } from './quarantine-reasons.ts';

export { type QuarantineReason, quarantineReasons } from './quarantine-reasons.ts';

export type SenderFacts = {
  id: string;
  role: 'institution_member' | 'agency_reviewer' | 'agency_admin';
  institutionId: string | null;
  isActive: boolean;
};

export type MailFacts = {
  /** null when mailparser could not read the message. */
  parsed: {
    isAutomatic: boolean;
    /** Reply text with the quoted history removed, trimmed. */
    text: string;
    disallowedAttachments: readonly string[];
  } | null;
  sender: SenderFacts | null;
  /** How many token candidates the mail carried (recipient `+tags`, subject markers). */
  tokenCandidates: number;
  /** The target of the first candidate that verified, if any. */
  target: ReplyTarget | null;
};

export const maxMessageBodyLength = 10_000;

export type RoutingDecision =
  | { kind: 'quarantine'; reason: QuarantineReason; detail?: string }
  | { kind: 'request_message'; requestId: string; senderId: string }
  | { kind: 'consultation_message'; consultationId: string; senderId: string }
  | { kind: 'open_consultation'; senderId: string };

export function decideRouting(facts: MailFacts): RoutingDecision {
  const { parsed, sender, target } = facts;
  const quarantine = (reason: QuarantineReason, detail?: string): RoutingDecision =>
    detail === undefined ? { kind: 'quarantine', reason } : { kind: 'quarantine', reason, detail };
  if (!parsed) return quarantine('parse_failed');
  // Out-of-office answers and bounces to our notifications must not become thread messages (or loop).
  if (parsed.isAutomatic) return quarantine('automatic_reply');
  if (parsed.disallowedAttachments.length > 0) {
    return quarantine('disallowed_attachment', parsed.disallowedAttachments.join(', '));
  }
  if (facts.tokenCandidates > 0 && !target) return quarantine('invalid_token');
  if (!sender) return quarantine('unknown_sender');
  if (!sender.isActive) return quarantine('sender_inactive');
  if (parsed.text.length === 0) return quarantine('empty_body');
  if (parsed.text.length > maxMessageBodyLength) {
    return quarantine('body_too_long', `${parsed.text.length} > ${maxMessageBodyLength} characters`);
  }
  if (target?.kind === 'request')
    return { kind: 'request_message', requestId: target.id, senderId: sender.id };
  if (target?.kind === 'consultation') {
    return { kind: 'consultation_message', consultationId: target.id, senderId: sender.id };
  }
  // Without a token, an institution's user opens a consultation; the agency writes to institutions
  // from Pakalpe itself, so its mail without a token has no place to go.
  if (sender.role === 'institution_member' && sender.institutionId) {
    return { kind: 'open_consultation', senderId: sender.id };
  }
  return quarantine('no_reply_target');
}

// Attachments that run code when opened. Kept (nothing received is dropped) but the mail waits for
// an agency user instead of reaching a thread.
const blockedExtensions = new Set([
  'exe',
  'com',
  'bat',
  'cmd',
  'scr',
  'pif',
  'msi',
  'msp',
  'msc',
  'dll',
  'cpl',
  'js',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'ps1',
  'psm1',
  'jar',
  'hta',
  'lnk',
  'reg',
  'sh',
  'apk',
  'app',
  'iso',
  'img',
  'vhd',
  'scf',
  'inf',
  'gadget',
  'appx',
  'msix',
  'docm',
  'xlsm',
  'pptm',
]);
const blockedTypes = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-sh',
  'application/x-msi',
  'application/vnd.microsoft.portable-executable',
  'application/java-archive',
  'application/javascript',
  'text/javascript',
  'application/hta',
  'application/x-ms-shortcut',
]);

/** Whether an attachment may reach a thread: not an executable or script, by name or by declared type. */
export function isAllowedAttachment(filename: string, contentType: string): boolean {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  if (filename.includes('.') && blockedExtensions.has(extension)) return false;
  return !blockedTypes.has(contentType.toLowerCase().split(';')[0]?.trim() ?? '');
}
