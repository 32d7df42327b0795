import { isUtf8 } from 'node:buffer';
import { copyColumns, int32, integer, nullField, time } from './copy-binary.ts';
import { parseInstantBytes } from './quick-record.ts';
import type { AuditEnvironment, HashPerson } from './record.ts';
import { httpStatusRange, maxDurationMs, maxLength, maxSize, recordFields } from './record-fields.ts';

// The import's fast path for JSON Lines: a line that is a plain record — one flat JSON object whose
// strings hold no escapes and no control characters, whose numbers are whole, and whose fields are all
// plainly valid (the rules of quick-record.ts) — is written as its binary COPY row straight from the
// line's bytes. No string is decoded, no object built, no value encoded again: for a million rows that
// is most of the import's own time (JSON.parse, UTF-8 encoding of every value, and the garbage both
// leave). Any other line returns -1 and takes the general path (JSON.parse, zod, writeCopyRow), which
// decides and explains; json-line-record.test.ts checks that what this path writes is byte for byte
// what the general path writes for the same line.

const fieldNames = recordFields;
type FieldName = (typeof fieldNames)[number];
const field = Object.fromEntries(fieldNames.map((name, i) => [name, i])) as Record<FieldName, number>;

const keyBytes = fieldNames.map((name) => Buffer.from(name, 'latin1'));
// A key's slot in a small table, from its length, fifth and last byte; each field name has its own
// slot (checked below), and a key found there is then compared whole.
const keySlot = (length: number, fifth: number, last: number) => (length + fifth * 2 + last * 6) & 255;
const fieldOfSlot = new Int8Array(256).fill(-1);
keyBytes.forEach((bytes, i) => {
  const slot = keySlot(bytes.length, bytes[4] as number, bytes[bytes.length - 1] as number);
  if (fieldOfSlot[slot] !== -1)
    throw new Error(`json-line-record: field names ${fieldNames[i]} share a slot`);
  fieldOfSlot[slot] = i;
});

function fieldOfKey(b: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length < 5) return -1;
  const i = fieldOfSlot[keySlot(length, b[start + 4] as number, b[end - 1] as number)] as number;
  if (i === -1) return -1;
  const name = keyBytes[i] as Buffer;
  if (name.length !== length) return -1;
  for (let k = 0; k < length; k += 1) if (b[start + k] !== name[k]) return -1;
  return i;
}

const stringValue = 1;
const numberValue = 2;
const nullValue = 3;
const booleanValue = 4;
// Where each field's value lies in the line ([starts, ends), without quotes) and what it is; -1: absent.
const starts = new Int32Array(fieldNames.length);
const ends = new Int32Array(fieldNames.length);
const kinds = new Int8Array(fieldNames.length);

const space = 32;
const quote = 34;
const backslash = 92;

const literals = [
  { bytes: Buffer.from('null'), kind: nullValue },
  { bytes: Buffer.from('true'), kind: booleanValue },
  { bytes: Buffer.from('false'), kind: booleanValue },
];

/** null, true or false at `at`, or undefined. */
function literalAt(b: Buffer, at: number, end: number): (typeof literals)[number] | undefined {
  return literals.find(({ bytes }) => {
    if (at + bytes.length > end) return false;
    for (let k = 0; k < bytes.length; k += 1) if (b[at + k] !== bytes[k]) return false;
    return true;
  });
}

// What each byte means inside a JSON string: 0 a plain ASCII character, 1 the closing quote, 2 an
// escape or a control character (the line is for JSON.parse), 3 a byte past ASCII. One table load a
// byte is cheaper than the comparisons it replaces, at ~650 bytes a line.
/** Set when a string of the line being read holds a byte past ASCII. */
let high = false;
const byteClass = new Uint8Array(256);
for (let c = 0; c < space; c += 1) byteClass[c] = 2;
byteClass[backslash] = 2;
byteClass[quote] = 1;
for (let c = 128; c < 256; c += 1) byteClass[c] = 3;

/**
 * The end of the string whose content begins at `i` (the index of its closing quote), or -1 when it
 * runs past `end` or holds an escape or a control character. A byte past ASCII sets `high`.
 */
function stringEnd(b: Buffer, i: number, end: number): number {
  for (; i < end; i += 1) {
    const kind = byteClass[b[i] as number] as number;
    if (kind !== 0) {
      if (kind === 1) return i;
      if (kind === 2) return -1;
      high = true;
    }
  }
  return -1;
}
/**
 * Finds each known field's value. False when the line is anything but one flat object whose strings
 * have no escape or control character and whose other values are whole numbers, true, false or null;
 * afterwards `high` tells whether a string holds a byte past ASCII.
 */
function scanLine(b: Buffer, start: number, end: number): boolean {
  starts.fill(-1);
  kinds.fill(0);
  high = false;
  let i = start;
  while (i < end && b[i] === space) i += 1;
  if (i >= end || b[i] !== 123) return false;
  i += 1;
  while (i < end && b[i] === space) i += 1;
  if (i < end && b[i] === 125) i += 1;
  else {
    for (;;) {
      if (i >= end || b[i] !== quote) return false;
      const keyEnd = stringEnd(b, i + 1, end);
      if (keyEnd === -1) return false;
      const index = fieldOfKey(b, i + 1, keyEnd);
      i = keyEnd + 1;
      while (i < end && b[i] === space) i += 1;
      if (i >= end || b[i] !== 58) return false;
      i += 1;
      while (i < end && b[i] === space) i += 1;
      if (i >= end) return false;
      const valueStart = b[i] === quote ? i + 1 : i;
      let kind: number;
      const first = b[i] as number;
      if (first === quote) {
        i = stringEnd(b, valueStart, end);
        if (i === -1) return false;
        kind = stringValue;
      } else if (first >= 48 && first <= 57) {
        // Whole numbers only, without leading zeros (JSON has none); anything else is for JSON.parse.
        while (i < end && (b[i] as number) >= 48 && (b[i] as number) <= 57) i += 1;
        if (first === 48 && i - valueStart > 1) return false;
        kind = numberValue;
      } else {
        const literal = literalAt(b, i, end);
        if (!literal) return false;
        kind = literal.kind;
        i += literal.bytes.length;
      }
      if (index >= 0) {
        starts[index] = valueStart;
        ends[index] = i;
        kinds[index] = kind;
      }
      if (kind === stringValue) i += 1;
      while (i < end && b[i] === space) i += 1;
      if (i >= end) return false;
      if (b[i] === 125) {
        i += 1;
        break;
      }
      if (b[i] !== 44) return false;
      i += 1;
      while (i < end && b[i] === space) i += 1;
    }
  }
  while (i < end && b[i] === space) i += 1;
  return i === end;
}

/** The field is absent, null or "" (what zod reads as absent). */
function isAbsent(f: number): boolean {
  return starts[f] === -1 || kinds[f] === nullValue || (kinds[f] === stringValue && starts[f] === ends[f]);
}

/** UTF-16 units of the UTF-8 bytes: one a character, two for one past U+FFFF. */
function utf16Length(b: Buffer, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i += 1) {
    const c = b[i] as number;
    if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
  }
  return units;
}

/**
 * A text zod's text(max) would take unchanged: 1 to max characters, neither end a space. Past ASCII, an
 * end byte might begin a Unicode space that zod trims, so such values are left to the general path.
 */
function isPlainText(b: Buffer, f: number, max: number): boolean {
  const start = starts[f] as number;
  const end = ends[f] as number;
  if (kinds[f] !== stringValue || end === start) return false;
  const first = b[start] as number;
  const last = b[end - 1] as number;
  if (first === space || last === space || first > 127 || last > 127) return false;
  return end - start <= max || utf16Length(b, start, end) <= max;
}

const plainOptionalText = (b: Buffer, f: number, max: number) => isAbsent(f) || isPlainText(b, f, max);

/** A whole number, written as a JSON number or as a string of at most 10 digits; -1 when not plain. */
function count(b: Buffer, f: number, max: number): number {
  const start = starts[f] as number;
  const end = ends[f] as number;
  if (end - start > 10 || end === start) return -1;
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = (b[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= max ? n : -1;
}

/** A count field: null when absent, -1 when not plain, else the number. */
function optionalCount(b: Buffer, f: number, max: number): number | null {
  if (isAbsent(f)) return null;
  return kinds[f] === nullValue ? null : count(b, f, max);
}

/** A time field: null when absent, NaN when not plain, else milliseconds since the epoch. */
function optionalTime(b: Buffer, f: number): number | null {
  if (isAbsent(f)) return null;
  return kinds[f] === stringValue ? parseInstantBytes(b, starts[f] as number, ends[f] as number) : Number.NaN;
}

function equals(b: Buffer, f: number, text: Buffer): boolean {
  const start = starts[f] as number;
  if ((ends[f] as number) - start !== text.length) return false;
  for (let k = 0; k < text.length; k += 1) if (b[start + k] !== text[k]) return false;
  return true;
}

const senderBytes = {
  employee: Buffer.from('employee'),
  inhabitant: Buffer.from('inhabitant'),
  system: Buffer.from('system'),
  legalEntity: Buffer.from('legal_entity'),
};
const successBytes = Buffer.from('success');
const faultBytes = Buffer.from('fault');
const urnPrefix = Buffer.from('URN:IVIS:');

const isDigit = (c: number) => c >= 48 && c <= 57;
const isCodeCharacter = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 46 || c === 95 || c === 45;

/** The service identifier pattern of the catalog, /^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/, on bytes. */
function isServiceIdentifier(b: Buffer, f: number): boolean {
  if (kinds[f] !== stringValue) return false;
  const start = starts[f] as number;
  const end = ends[f] as number;
  if (end - start < urnPrefix.length + 8) return false;
  for (let k = 0; k < urnPrefix.length; k += 1) if (b[start + k] !== urnPrefix[k]) return false;
  let i = start + urnPrefix.length;
  const owner = i;
  while (i < end && isDigit(b[i] as number)) i += 1;
  if (i === owner || b[i] !== 58) return false;
  const code = i + 1;
  for (let k = code; k < end; k += 1) if (!isCodeCharacter(b[k] as number)) return false;
  // From the end: digits, "-", digits, "V", "-", and at least one character of code before them.
  let j = end;
  while (j > code && isDigit(b[j - 1] as number)) j -= 1;
  if (j === end || b[j - 1] !== 45) return false;
  j -= 1;
  const majorEnd = j;
  while (j > code && isDigit(b[j - 1] as number)) j -= 1;
  if (j === majorEnd || b[j - 1] !== 86 || b[j - 2] !== 45) return false;
  return j - 2 > code;
}

function copyValue(target: Buffer, at: number, b: Buffer, f: number): number {
  if (isAbsent(f)) return nullField(target, at);
  const start = starts[f] as number;
  const length = (ends[f] as number) - start;
  const o = int32(target, at, length);
  // A native copy's call costs more than a JavaScript loop over a short value.
  if (length > 64) return o + b.copy(target, o, start, start + length);
  for (let k = 0; k < length; k += 1) target[o + k] = b[start + k] as number;
  return o + length;
}

const hexDigits = Buffer.from('0123456789abcdef');
const environmentFields = {
  test: Buffer.from('\0\0\0\x04test', 'latin1'),
  production: Buffer.from('\0\0\0\x0aproduction', 'latin1'),
};
const hmacPrefix = Buffer.from('hmac:');

/** sender_identifier for a person: `hmac:` and the hash in lower-case hex, as record.ts writes it. */
function personIdentifier(target: Buffer, at: number, hash: Buffer): number {
  let o = int32(target, at, hmacPrefix.length + hash.length * 2);
  target.set(hmacPrefix, o);
  o += hmacPrefix.length;
  for (let k = 0; k < hash.length; k += 1) {
    const byte = hash[k] as number;
    target[o] = hexDigits[byte >>> 4] as number;
    target[o + 1] = hexDigits[byte & 15] as number;
    o += 2;
  }
  return o;
}

export type JsonLineContext = {
  environment: AuditEnvironment;
  hashPerson: HashPerson;
  /** The number of a service already numbered (service-numbers.ts), or undefined. */
  serviceNumber: (urn: string) => number | undefined;
  /** Set by each successful call: the record's request time, in milliseconds since the epoch. */
  requestIn: number;
  /** Set when a call returns `serviceNotNumbered`: the service to number before trying the line again. */
  unnumberedService: string;
};

/** encodeJsonLine's answer for a plain line whose service has no number yet. */
export const serviceNotNumbered = -2;

/** The most bytes `encodeJsonLine` writes for a line of `lineBytes` (hashes and binary fields included). */
export const maxEncodedBytes = (lineBytes: number) => lineBytes + 512;

/**
 * Writes the line [start, end) of `b` as one binary COPY row at `at` of `target` and returns the
 * offset after it; -1 when the line is not a plain record, `serviceNotNumbered` when its service has no
 * number yet (nothing is then written that counts). `maxEncodedBytes(end - start)` bytes must be free
 * at `at`.
 */
export function encodeJsonLine(
  b: Buffer,
  start: number,
  end: number,
  target: Buffer,
  at: number,
  context: JsonLineContext,
): number {
  if (!scanLine(b, start, end)) return -1;
  if (high && !isUtf8(b.subarray(start, end))) return -1;
  if (
    !isPlainText(b, field.messageId, maxLength.messageId) ||
    !isPlainText(b, field.senderId, maxLength.senderId) ||
    !isPlainText(b, field.consumerInstitution, maxLength.consumerInstitution) ||
    !isPlainText(b, field.operation, maxLength.operation) ||
    !isServiceIdentifier(b, field.service) ||
    kinds[field.senderType] !== stringValue ||
    kinds[field.result] !== stringValue ||
    kinds[field.requestInAt] !== stringValue
  ) {
    return -1;
  }
  const isEmployee = equals(b, field.senderType, senderBytes.employee);
  const isPerson = isEmployee || equals(b, field.senderType, senderBytes.inhabitant);
  if (
    !isPerson &&
    !equals(b, field.senderType, senderBytes.system) &&
    !equals(b, field.senderType, senderBytes.legalEntity)
  ) {
    return -1;
  }
  const isSuccess = equals(b, field.result, successBytes);
  if (!isSuccess && !equals(b, field.result, faultBytes)) return -1;
  if (
    !plainOptionalText(b, field.transactionId, maxLength.transactionId) ||
    !plainOptionalText(b, field.correlationId, maxLength.correlationId) ||
    !plainOptionalText(b, field.consumerSystem, maxLength.consumerSystem) ||
    !plainOptionalText(b, field.messageType, maxLength.messageType) ||
    !plainOptionalText(b, field.serviceInstanceId, maxLength.serviceInstanceId) ||
    !plainOptionalText(b, field.faultCode, maxLength.faultCode) ||
    !plainOptionalText(b, field.faultSeverity, maxLength.faultSeverity) ||
    !plainOptionalText(b, field.faultText, maxLength.faultText) ||
    !plainOptionalText(b, field.endUser, maxLength.endUser) ||
    (isSuccess && !isAbsent(field.faultCode))
  ) {
    return -1;
  }
  const requestIn = parseInstantBytes(
    b,
    starts[field.requestInAt] as number,
    ends[field.requestInAt] as number,
  );
  const requestOut = optionalTime(b, field.requestOutAt);
  const responseIn = optionalTime(b, field.responseInAt);
  const responseOut = optionalTime(b, field.responseOutAt);
  // NaN (not a plain time) fails every comparison, so it is declined too.
  if (
    Number.isNaN(requestIn) ||
    (requestOut !== null && !(requestOut >= requestIn)) ||
    (responseIn !== null && !(responseIn >= requestIn)) ||
    (responseOut !== null && !(responseOut >= requestIn && responseOut - requestIn <= maxDurationMs))
  ) {
    return -1;
  }
  const requestSize = optionalCount(b, field.requestSize, maxSize);
  const responseSize = optionalCount(b, field.responseSize, maxSize);
  const httpStatus = optionalCount(b, field.httpStatus, httpStatusRange.max);
  if (
    requestSize === -1 ||
    responseSize === -1 ||
    httpStatus === -1 ||
    (httpStatus !== null && httpStatus < httpStatusRange.min)
  ) {
    return -1;
  }
  // The service (ASCII, checked above) and personal codes are the only values decoded to text.
  const service = b.toString('latin1', starts[field.service], ends[field.service]);
  const serviceId = context.serviceNumber(service);
  if (serviceId === undefined) {
    context.unnumberedService = service;
    return serviceNotNumbered;
  }
  const personHash = isPerson
    ? context.hashPerson(b.toString('utf8', starts[field.senderId], ends[field.senderId]))
    : null;
  const endUserHash = isAbsent(field.endUser)
    ? personHash
    : context.hashPerson(b.toString('utf8', starts[field.endUser], ends[field.endUser]));

  target[at] = 0;
  target[at + 1] = copyColumns.length;
  let o = at + 2;
  const environment = environmentFields[context.environment];
  target.set(environment, o);
  o += environment.length;
  o = copyValue(target, o, b, field.messageId);
  o = copyValue(target, o, b, field.transactionId);
  o = copyValue(target, o, b, field.correlationId);
  o = copyValue(target, o, b, field.senderType);
  o = personHash ? personIdentifier(target, o, personHash) : copyValue(target, o, b, field.senderId);
  o = copyValue(target, o, b, field.consumerInstitution);
  o = copyValue(target, o, b, field.consumerSystem);
  o = integer(target, o, serviceId);
  o = copyValue(target, o, b, field.messageType);
  o = copyValue(target, o, b, field.serviceInstanceId);
  o = copyValue(target, o, b, field.operation);
  o = time(target, o, requestIn);
  o = time(target, o, requestOut);
  o = time(target, o, responseIn);
  o = time(target, o, responseOut);
  o = integer(target, o, responseOut === null ? null : responseOut - requestIn);
  o = integer(target, o, requestSize);
  o = integer(target, o, responseSize);
  o = copyValue(target, o, b, field.result);
  o = copyValue(target, o, b, field.faultCode);
  o = copyValue(target, o, b, field.faultSeverity);
  o = copyValue(target, o, b, field.faultText);
  if (httpStatus === null) o = nullField(target, o);
  else {
    o = int32(target, o, 2);
    target[o] = httpStatus >>> 8;
    target[o + 1] = httpStatus;
    o += 2;
  }
  if (endUserHash === null) o = nullField(target, o);
  else {
    o = int32(target, o, endUserHash.length);
    target.set(endUserHash, o);
    o += endUserHash.length;
  }
  context.requestIn = requestIn;
  return o;
}
