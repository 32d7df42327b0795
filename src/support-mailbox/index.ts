export type { ConsultationPort, MailAttachment } from './consultations.ts';
export {
  type MailboxDeps,
  type ReceivedMail,
  type RoutingOutcome,
  routePendingMail,
  routeReceivedMail,
  storeReceivedMail,
} from './inbound-mail.ts';
export { parseInboundMail, sanitiseMailHtml, stripQuotedReply } from './parse-mail.ts';
export { type SupportMailbox, type SupportMailboxOptions, startSupportMailbox } from './receiver.ts';
export { supportMailboxRoutes } from './routes.ts';
export { type QuarantineReason, quarantineReasons } from './routing.ts';
