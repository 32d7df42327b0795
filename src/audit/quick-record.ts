import type { ParsedAuditRecord } from './record.ts';

// A fast path in front of the zod schema, for the import's hot loop (a million rows): it accepts only
// rows that are plainly valid — trimmed strings, whole numbers, canonical ISO times — and returns
// exactly what `auditRecordInput` would; anything unusual returns null and goes through zod, which
// decides and explains. quick-record.test.ts checks the two agree on valid, odd and broken rows.

const serviceId = /^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/;
// Days above 28 go to zod, which knows the length of each month.
const isoInstant =
  /^(20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-3]):[0-5]\d)$/;
// The same list as record.ts's senderTypes (a value import here would be circular); the test compares.
const senders = new Set<string>(['employee', 'inhabitant', 'system', 'legal_entity']);

type Raw = Record<string, unknown>;

function text(raw: Raw, key: string, max: number): string | null {
  const v = raw[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return null;
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  // Whitespace at either end: zod trims it; leave that to zod.
  return first <= 32 || last <= 32 || first === 160 || last === 160 || /^\s|\s$/.test(v) ? null : v;
}

/** undefined: absent; null: not plainly valid (ask zod). */
function optionalText(raw: Raw, key: string, max: number): string | undefined | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  return text(raw, key, max);
}

function optionalCount(raw: Raw, key: string, max: number): number | undefined | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

function instant(raw: Raw, key: string): string | null {
  const v = raw[key];
  return typeof v === 'string' && isoInstant.test(v) ? v : null;
}

function optionalInstant(raw: Raw, key: string): string | undefined | null {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  return instant(raw, key);
}

export function quickParse(value: unknown): ParsedAuditRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const raw = value as Raw;
  const messageId = text(raw, 'messageId', 200);
  const senderType = raw.senderType;
  const senderId = text(raw, 'senderId', 200);
  const consumerInstitution = text(raw, 'consumerInstitution', 100);
  const service = raw.service;
  const operation = text(raw, 'operation', 300);
  const requestInAt = instant(raw, 'requestInAt');
  const result = raw.result;
  if (
    messageId === null ||
    typeof senderType !== 'string' ||
    !senders.has(senderType) ||
    senderId === null ||
    consumerInstitution === null ||
    typeof service !== 'string' ||
    !serviceId.test(service) ||
    operation === null ||
    requestInAt === null ||
    (result !== 'success' && result !== 'fault')
  ) {
    return null;
  }
  const optional = {
    transactionId: optionalText(raw, 'transactionId', 200),
    correlationId: optionalText(raw, 'correlationId', 200),
    consumerSystem: optionalText(raw, 'consumerSystem', 200),
    messageType: optionalText(raw, 'messageType', 300),
    serviceInstanceId: optionalText(raw, 'serviceInstanceId', 200),
    requestOutAt: optionalInstant(raw, 'requestOutAt'),
    responseInAt: optionalInstant(raw, 'responseInAt'),
    responseOutAt: optionalInstant(raw, 'responseOutAt'),
    requestSize: optionalCount(raw, 'requestSize', 2 ** 31 - 1),
    responseSize: optionalCount(raw, 'responseSize', 2 ** 31 - 1),
    faultCode: optionalText(raw, 'faultCode', 100),
    faultSeverity: optionalText(raw, 'faultSeverity', 50),
    faultText: optionalText(raw, 'faultText', 4000),
    httpStatus: optionalCount(raw, 'httpStatus', 599),
    endUser: optionalText(raw, 'endUser', 100),
  };
  for (const v of Object.values(optional)) if (v === null) return null;
  if (optional.httpStatus !== undefined && (optional.httpStatus as number) < 100) return null;
  if (result === 'success' && optional.faultCode !== undefined) return null;
  const start = Date.parse(requestInAt);
  for (const t of [optional.requestOutAt, optional.responseInAt, optional.responseOutAt]) {
    if (t !== undefined && Date.parse(t as string) < start) return null;
  }
  const parsed: Record<string, unknown> = {
    messageId,
    senderType,
    senderId,
    consumerInstitution,
    service,
    operation,
    requestInAt,
    result,
  };
  for (const [key, v] of Object.entries(optional)) if (v !== undefined) parsed[key] = v;
  return parsed as ParsedAuditRecord;
}
