import type { AuditRecord } from './record.ts';

// Records as PostgreSQL COPY text rows (tab-separated, `\N` for null), the cheapest way into the
// database on both drivers: pg streams them with COPY FROM STDIN, PGlite reads them from a blob.

export const copyColumns = [
  'environment',
  'message_id',
  'transaction_id',
  'correlation_id',
  'sender_type',
  'sender_identifier',
  'consumer_institution',
  'consumer_system',
  'service',
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

/** The columns of audit_message_ids, the key table (see load-batch.ts). */
export const keyColumns = ['environment', 'message_id', 'request_in_at'] as const;

const specials = /[\\\t\n\r]/g;
const replacement: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(value: string | null): string {
  return value === null ? '\\N' : value.replace(specials, (c) => replacement[c] ?? c);
}
function num(value: number | null): string {
  return value === null ? '\\N' : String(value);
}
function time(value: Date | null): string {
  return value === null ? '\\N' : value.toISOString();
}

/** One COPY text line (with its newline) in the order of `copyColumns`. */
export function toCopyLine(r: AuditRecord): string {
  return `${[
    r.environment,
    text(r.messageId),
    text(r.transactionId),
    text(r.correlationId),
    r.senderType,
    text(r.senderIdentifier),
    text(r.consumerInstitution),
    text(r.consumerSystem),
    text(r.service),
    text(r.messageType),
    text(r.serviceInstanceId),
    text(r.operation),
    time(r.requestInAt),
    time(r.requestOutAt),
    time(r.responseInAt),
    time(r.responseOutAt),
    num(r.durationMs),
    num(r.requestSize),
    num(r.responseSize),
    r.result,
    text(r.faultCode),
    text(r.faultSeverity),
    text(r.faultText),
    num(r.httpStatus),
    // bytea in COPY text: the \x hex form, its backslash escaped.
    r.endUserHash === null ? '\\N' : `\\\\x${r.endUserHash.toString('hex')}`,
  ].join('\t')}\n`;
}

/** The record's key as a COPY text line in the order of `keyColumns`. */
export function toKeyLine(r: AuditRecord): string {
  return `${r.environment}\t${text(r.messageId)}\t${time(r.requestInAt)}\n`;
}
