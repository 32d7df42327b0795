import type { ParsedAuditRecord } from './record.ts';
import {
  endInstant,
  firstInstant,
  httpStatusRange,
  maxDurationMs,
  maxLength,
  maxSize,
  senderTypes,
} from './record-fields.ts';

// A fast path in front of the zod schema, for the import's hot loop (a million rows): it accepts only
// rows that are plainly valid — strings with nothing to trim, whole numbers, ISO times with seconds —
// and returns exactly what `auditRecordInput` would; anything unusual returns null and goes through
// zod, which decides and explains. quick-record.test.ts checks the two agree on valid, odd and broken
// rows. It reads each field once, builds one object of a fixed shape and uses no regular expression on
// the common path: at a million rows, each microsecond here is a second of the import.

const serviceId = /^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/;
const senders = new Set<string>(senderTypes);
const edgeSpace = /^\s|\s$/;

type Raw = Record<string, unknown>;

/** A character zod's trim() would not remove and that is not NUL: printable ASCII or, past it, not \s. */
function isSolid(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  return c > 32 && c < 127;
}

/** The string as zod's text(max) would return it, or null when zod must decide. */
function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return null;
  if (!isSolid(v, 0) || !isSolid(v, v.length - 1)) {
    if (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 || edgeSpace.test(v)) return null;
  }
  return v.indexOf('\0') === -1 ? v : null;
}

/** undefined: absent (what zod gives for '', null, a missing key); null: let zod decide. */
function optionalText(v: unknown, max: number): string | undefined | null {
  return v === undefined || v === null || v === '' ? undefined : text(v, max);
}

function optionalCount(v: unknown, max: number): number | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.length <= 10) {
    n = 0;
    for (let i = 0; i < v.length; i += 1) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      n = n * 10 + d;
    }
  } else return null;
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Days from 1970-01-01 to the first of each month of a common year (Date.UTC is a general, slow call).
const daysToMonth = monthDays.map((_, i) => monthDays.slice(0, i).reduce((a, b) => a + b, 0));

/** Days from 1970-01-01 to the first of `month` (1–12) of `year` (2000–2099, where every 4th is leap). */
function daysBefore(year: number, month: number): number {
  const leapDaysBefore = Math.floor((year - 1969) / 4) + (month > 2 && year % 4 === 0 ? 1 : 0);
  return (year - 1970) * 365 + leapDaysBefore + (daysToMonth[month - 1] as number);
}

function twoDigits(b: Uint8Array, at: number): number {
  const x = (b[at] as number) - 48;
  const y = (b[at + 1] as number) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/**
 * Milliseconds since the epoch of an ISO 8601 time as zod's `z.iso.datetime({ offset: true })` accepts
 * it with seconds (`2026-10-12T08:00:00Z`, `…:00.123+03:00`, any number of fraction digits), in the years
 * 2000–2099 (UTC) as the record schema requires; NaN for anything else. The value is what `Date.parse`
 * gives for the same text: fraction digits past the millisecond are cut off, not rounded. Reads the
 * ASCII bytes [start, end) of `b`: JSON Lines are read as bytes (json-line-record.ts).
 */
export function parseInstantBytes(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 20 || n > 64) return Number.NaN;
  if (b[start + 4] !== 45 || b[start + 7] !== 45 || b[start + 10] !== 84 || b[start + 13] !== 58) {
    return Number.NaN;
  }
  if (b[start + 16] !== 58) return Number.NaN;
  const century = twoDigits(b, start);
  const yy = twoDigits(b, start + 2);
  const month = twoDigits(b, start + 5);
  const day = twoDigits(b, start + 8);
  const hour = twoDigits(b, start + 11);
  const minute = twoDigits(b, start + 14);
  const second = twoDigits(b, start + 17);
  if (century !== 20 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
    return Number.NaN;
  }
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  const year = 2000 + yy;
  const leap = year % 4 === 0; // 2000 is a leap year; 2100 lies outside the range
  if (day > (month === 2 && leap ? 29 : (monthDays[month - 1] as number))) return Number.NaN;
  let at = start + 19;
  let ms = 0;
  if (b[at] === 46) {
    at += 1;
    const first = at;
    for (; at < end; at += 1) {
      const d = (b[at] as number) - 48;
      if (d < 0 || d > 9) break;
      if (at - first < 3) ms = ms * 10 + d;
    }
    const digits = at - first;
    if (digits === 0) return Number.NaN;
    if (digits === 1) ms *= 100;
    else if (digits === 2) ms *= 10;
  }
  let offset = 0;
  const zone = at < end ? b[at] : -1;
  if (zone === 90) {
    if (at + 1 !== end) return Number.NaN;
  } else if ((zone === 43 || zone === 45) && at + 6 === end && b[at + 3] === 58) {
    const oh = twoDigits(b, at + 1);
    const om = twoDigits(b, at + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
    offset = (oh * 60 + om) * 60_000 * (zone === 43 ? 1 : -1);
  } else return Number.NaN;
  const t =
    (daysBefore(year, month) + day - 1) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
  const instant = t + ms - offset;
  return instant >= firstInstant && instant < endInstant ? instant : Number.NaN;
}

const scratch = new Uint8Array(64);

/** parseInstantBytes for a string (CSV cells, parsed JSON): its characters copied into a scratch array. */
export function parseInstant(s: string): number {
  const n = s.length;
  if (n > scratch.length) return Number.NaN;
  for (let i = 0; i < n; i += 1) {
    const c = s.charCodeAt(i);
    if (c > 127) return Number.NaN;
    scratch[i] = c;
  }
  return parseInstantBytes(scratch, 0, n);
}

/** A plainly valid row: what zod would return, and its times already read. */
export type QuickRecord = {
  fields: ParsedAuditRecord;
  /** Milliseconds since the epoch; null where the time is absent. */
  requestIn: number;
  requestOut: number | null;
  responseIn: number | null;
  responseOut: number | null;
};

/** What zod would return for the row, or null when zod must decide (quick-record.test.ts compares). */
export function quickParse(value: unknown): ParsedAuditRecord | null {
  return quickRecord(value)?.fields ?? null;
}

export function quickRecord(value: unknown): QuickRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const raw = value as Raw;
  const messageId = text(raw.messageId, maxLength.messageId);
  const senderType = raw.senderType;
  const senderId = text(raw.senderId, maxLength.senderId);
  const consumerInstitution = text(raw.consumerInstitution, maxLength.consumerInstitution);
  const service = raw.service;
  const operation = text(raw.operation, maxLength.operation);
  const requestInAt = raw.requestInAt;
  const requestIn = typeof requestInAt === 'string' ? parseInstant(requestInAt) : Number.NaN;
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
    Number.isNaN(requestIn) ||
    (result !== 'success' && result !== 'fault')
  ) {
    return null;
  }
  const transactionId = optionalText(raw.transactionId, maxLength.transactionId);
  const correlationId = optionalText(raw.correlationId, maxLength.correlationId);
  const consumerSystem = optionalText(raw.consumerSystem, maxLength.consumerSystem);
  const messageType = optionalText(raw.messageType, maxLength.messageType);
  const serviceInstanceId = optionalText(raw.serviceInstanceId, maxLength.serviceInstanceId);
  const requestOutAt = optionalText(raw.requestOutAt, 64);
  const responseInAt = optionalText(raw.responseInAt, 64);
  const responseOutAt = optionalText(raw.responseOutAt, 64);
  const requestOut = requestOutAt ? parseInstant(requestOutAt) : null;
  const responseIn = responseInAt ? parseInstant(responseInAt) : null;
  const responseOut = responseOutAt ? parseInstant(responseOutAt) : null;
  const requestSize = optionalCount(raw.requestSize, maxSize);
  const responseSize = optionalCount(raw.responseSize, maxSize);
  const faultCode = optionalText(raw.faultCode, maxLength.faultCode);
  const faultSeverity = optionalText(raw.faultSeverity, maxLength.faultSeverity);
  const faultText = optionalText(raw.faultText, maxLength.faultText);
  const httpStatus = optionalCount(raw.httpStatus, httpStatusRange.max);
  const endUser = optionalText(raw.endUser, maxLength.endUser);
  if (
    transactionId === null ||
    correlationId === null ||
    consumerSystem === null ||
    messageType === null ||
    serviceInstanceId === null ||
    requestOutAt === null ||
    responseInAt === null ||
    responseOutAt === null ||
    requestSize === null ||
    responseSize === null ||
    faultCode === null ||
    faultSeverity === null ||
    faultText === null ||
    httpStatus === null ||
    endUser === null ||
    (httpStatus !== undefined && httpStatus < httpStatusRange.min) ||
    (result === 'success' && faultCode !== undefined)
  ) {
    return null;
  }
  // NaN (not a plain time) fails every comparison, so it is declined too.
  if (
    (requestOut !== null && !(requestOut >= requestIn)) ||
    (responseIn !== null && !(responseIn >= requestIn)) ||
    (responseOut !== null && !(responseOut >= requestIn && responseOut - requestIn <= maxDurationMs))
  ) {
    return null;
  }
  const fields: ParsedAuditRecord = {
    messageId,
    transactionId,
    correlationId,
    senderType: senderType as ParsedAuditRecord['senderType'],
    senderId,
    consumerInstitution,
    consumerSystem,
    service,
    messageType,
    serviceInstanceId,
    operation,
    requestInAt: requestInAt as string,
    requestOutAt,
    responseInAt,
    responseOutAt,
    requestSize,
    responseSize,
    result,
    faultCode,
    faultSeverity,
    faultText,
    httpStatus,
    endUser,
  };
  return { fields, requestIn, requestOut, responseIn, responseOut };
}
