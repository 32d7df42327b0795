import type { AuditRecord } from './record.ts';

// Records in PostgreSQL's binary COPY format, the cheapest way into the database on both drivers (pg
// streams it with COPY FROM STDIN, PGlite reads it from a blob): the server takes each value as it is
// stored — an 8-byte time, a 4-byte integer — instead of parsing text, which is a third of what a text
// COPY costs it. Layout (PostgreSQL manual, "COPY", Binary Format): a 19-byte header, then per row a
// 16-bit field count and each field as a 32-bit length (-1 for NULL) and its bytes, then a 16-bit -1.

export const copyColumns = [
  'environment',
  'message_id',
  'transaction_id',
  'correlation_id',
  'sender_type',
  'sender_identifier',
  'consumer_institution',
  'consumer_system',
  'service_id',
  'message_type',
  'service_instance_id',
  'operation',
  'request_in_at',
  'request_out_at',
  'response_in_at',
  'response_out_at',
  'duration_ms',
  'request_size',
  'response_size',
  'result',
  'fault_code',
  'fault_severity',
  'fault_text',
  'http_status',
  'end_user_hash',
] as const;

const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Header (signature, flags, extension length) and trailer. */
export const copyFrameBytes = signature.length + 8 + 2;

/** Writes the header at `at`; returns the offset after it. */
export function writeCopyHeader(target: Buffer, at: number): number {
  target.set(signature, at);
  target.writeInt32BE(0, at + signature.length);
  target.writeInt32BE(0, at + signature.length + 4);
  return at + signature.length + 8;
}

export function writeCopyTrailer(target: Buffer, at: number): number {
  return target.writeInt16BE(-1, at);
}

// timestamptz is microseconds since 2000-01-01 UTC as a signed 64-bit integer.
const postgresEpochMs = Date.UTC(2000, 0, 1);
const fixedRowBytes = 2 + copyColumns.length * 4 + 4 + 4 * 8 + 3 * 4 + 2 + 32;

/** An upper bound of the bytes `writeCopyRow` takes for the record (UTF-8: at most 3 bytes a UTF-16 unit). */
export function maxCopyRowBytes(r: AuditRecord): number {
  const chars =
    r.environment.length +
    r.messageId.length +
    (r.transactionId?.length ?? 0) +
    (r.correlationId?.length ?? 0) +
    r.senderType.length +
    r.senderIdentifier.length +
    r.consumerInstitution.length +
    (r.consumerSystem?.length ?? 0) +
    (r.messageType?.length ?? 0) +
    (r.serviceInstanceId?.length ?? 0) +
    r.operation.length +
    r.result.length +
    (r.faultCode?.length ?? 0) +
    (r.faultSeverity?.length ?? 0) +
    (r.faultText?.length ?? 0);
  return fixedRowBytes + 3 * chars;
}

// Field writers, shared with json-line-record.ts; each returns the offset after what it wrote. Byte
// stores rather than Buffer's write methods: these run 25 times a row, a million rows an import, and
// the methods' argument checks cost more than the stores.
export function int32(target: Buffer, at: number, value: number): number {
  target[at] = value >>> 24;
  target[at + 1] = value >>> 16;
  target[at + 2] = value >>> 8;
  target[at + 3] = value;
  return at + 4;
}

export const nullField = (target: Buffer, at: number) => int32(target, at, -1);

function text(target: Buffer, at: number, value: string | null): number {
  if (value === null) return nullField(target, at);
  // Most values are ASCII: copied a character a byte; the first other character hands the whole value
  // to the UTF-8 encoder.
  const length = value.length;
  let o = at + 4;
  for (let i = 0; i < length; i += 1) {
    const c = value.charCodeAt(i);
    if (c > 127) {
      const bytes = target.write(value, at + 4, 'utf8');
      int32(target, at, bytes);
      return at + 4 + bytes;
    }
    target[o] = c;
    o += 1;
  }
  int32(target, at, length);
  return o;
}

export function integer(target: Buffer, at: number, value: number | null): number {
  if (value === null) return nullField(target, at);
  return int32(target, int32(target, at, 4), value);
}

/** A timestamptz from milliseconds since the epoch. */
export function time(target: Buffer, at: number, ms: number | null): number {
  if (ms === null) return nullField(target, at);
  // Exact in a double: microseconds up to 2100 stay far below 2^53.
  const micros = (ms - postgresEpochMs) * 1000;
  const high = Math.floor(micros / 2 ** 32);
  return int32(target, int32(target, int32(target, at, 8), high), micros - high * 2 ** 32);
}

/**
 * Writes one row in the order of `copyColumns` at `at` and returns the offset after it; `serviceId` is
 * the number of `r.service` (service-numbers.ts). The caller makes sure `maxCopyRowBytes(r)` bytes are
 * free.
 */
export function writeCopyRow(target: Buffer, at: number, r: AuditRecord, serviceId: number): number {
  target[at] = 0;
  target[at + 1] = copyColumns.length;
  let o = text(target, at + 2, r.environment);
  o = text(target, o, r.messageId);
  o = text(target, o, r.transactionId);
  o = text(target, o, r.correlationId);
  o = text(target, o, r.senderType);
  o = text(target, o, r.senderIdentifier);
  o = text(target, o, r.consumerInstitution);
  o = text(target, o, r.consumerSystem);
  o = integer(target, o, serviceId);
  o = text(target, o, r.messageType);
  o = text(target, o, r.serviceInstanceId);
  o = text(target, o, r.operation);
  o = time(target, o, r.requestInAt.getTime());
  o = time(target, o, r.requestOutAt?.getTime() ?? null);
  o = time(target, o, r.responseInAt?.getTime() ?? null);
  o = time(target, o, r.responseOutAt?.getTime() ?? null);
  o = integer(target, o, r.durationMs);
  o = integer(target, o, r.requestSize);
  o = integer(target, o, r.responseSize);
  o = text(target, o, r.result);
  o = text(target, o, r.faultCode);
  o = text(target, o, r.faultSeverity);
  o = text(target, o, r.faultText);
  if (r.httpStatus === null) o = nullField(target, o);
  else {
    o = int32(target, o, 2);
    target[o] = r.httpStatus >>> 8;
    target[o + 1] = r.httpStatus;
    o += 2;
  }
  if (r.endUserHash === null) return nullField(target, o);
  o = int32(target, o, r.endUserHash.length);
  target.set(r.endUserHash, o);
  return o + r.endUserHash.length;
}
