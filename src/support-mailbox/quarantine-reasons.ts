// Without imports, so the web UI can share the list with the server (see routing.ts for the rules).

/** Why a mail waits in quarantine; stable codes, translated by the UI. */
export const quarantineReasons = [
  'parse_failed',
  'automatic_reply',
  'disallowed_attachment',
  'invalid_token',
  'unknown_sender',
  'sender_inactive',
  'sender_not_permitted',
  'empty_body',
  'body_too_long',
  'no_reply_target',
  'target_not_found',
  'consultations_unavailable',
  'routing_failed',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];
