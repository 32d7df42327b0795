// The facts about an audit record's fields that the zod schema (record.ts) and the two fast paths
// (quick-record.ts for values, json-line-record.ts for JSON Lines bytes) must share. It imports nothing,
// so each of them can import it.

/** The fields of a record as files and the API carry them (JSON keys, CSV header names), in order. */
export const recordFields = [
  'messageId',
  'transactionId',
  'correlationId',
  'senderType',
  'senderId',
  'consumerInstitution',
  'consumerSystem',
  'service',
  'messageType',
  'serviceInstanceId',
  'operation',
  'requestInAt',
  'requestOutAt',
  'responseInAt',
  'responseOutAt',
  'requestSize',
  'responseSize',
  'result',
  'faultCode',
  'faultSeverity',
  'faultText',
  'httpStatus',
  'endUser',
] as const;

export const senderTypes = ['employee', 'inhabitant', 'system', 'legal_entity'] as const;
export type SenderType = (typeof senderTypes)[number];

/** The longest value of each text field, in UTF-16 units as a JavaScript string counts them. */
export const maxLength = {
  messageId: 200,
  transactionId: 200,
  correlationId: 200,
  senderId: 200,
  consumerInstitution: 100,
  consumerSystem: 200,
  messageType: 300,
  serviceInstanceId: 200,
  operation: 300,
  faultCode: 100,
  faultSeverity: 50,
  faultText: 4000,
  endUser: 100,
} as const;

/** The largest size a record may give (stored as a 32-bit integer) and the HTTP status range. */
export const maxSize = 2 ** 31 - 1;
export const httpStatusRange = { min: 100, max: 599 } as const;

/** The longest call a record may describe: the duration is stored as a 32-bit count of milliseconds. */
export const maxDurationMs = 2 ** 31 - 1;

/** Times outside these years are a broken clock, not a record to keep (partitions are monthly). */
export const firstInstant = Date.UTC(2000, 0, 1);
export const endInstant = Date.UTC(2100, 0, 1);
