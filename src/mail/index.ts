export {
  type ConsultationMailContext,
  type ConsultationMailTemplate,
  type ConsultationTemplateName,
  renderConsultationMail,
} from './consultation-templates.ts';
export { enqueueMail, type OutboxMessage, type OutboxRow } from './outbox.ts';
export {
  createReplyToken,
  type ReplySigning,
  type ReplyTarget,
  replyAddress,
  replySigningFor,
  replyTokenCandidates,
  subjectWithToken,
  supportAddressTag,
  verifyReplyToken,
} from './reply-token.ts';
export { mailRoutes } from './routes.ts';
export {
  type MailLanguage,
  type MailTemplate,
  type RenderedMail,
  type RequestMailContext,
  renderMail,
  type TemplateName,
} from './templates.ts';
export { createMailTransport, type MailSettings, type MailTransport, replyHeadersFor } from './transport.ts';
export {
  type DeliveryPolicy,
  defaultDeliveryPolicy,
  deliverDueMessages,
  type FailureListener,
  type MailWorker,
  retryDelayMs,
  startMailWorker,
} from './worker.ts';
