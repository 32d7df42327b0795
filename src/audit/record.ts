import { z } from 'zod';
import { serviceIdentifier } from '../catalog/index.ts';
import { type QuickRecord, quickRecord } from './quick-record.ts';
import {
  endInstant,
  firstInstant,
  httpStatusRange,
  maxDurationMs,
  maxLength,
  maxSize,
  type SenderType,
  senderTypes,
} from './record-fields.ts';

// One audit record: the VISS message header fields plus what operational monitoring adds to each call.
// `auditRecordInput` is what files and the API carry (camelCase; CSV cells arrive as strings, so
// numbers may be numeric strings and empty cells mean "absent"); `AuditRecord` is what is stored.
// Pure: hashing of personal codes is handed in.

export { maxDurationMs, type SenderType, senderTypes } from './record-fields.ts';
export const environments = ['test', 'production'] as const;
export type AuditEnvironment = (typeof environments)[number];

const absent = (v: unknown) => (v === '' || v === null ? undefined : v);
// PostgreSQL text cannot hold NUL: refused here rather than failing a whole batch in the database.
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !v.includes('\0'), 'must not contain the NUL character');
const optionalText = (max: number) => z.preprocess(absent, text(max).optional());
const count = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : absent(v)),
    z.number().int().min(0).max(max).optional(),
  );
const instant = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 time with a zone, e.g. 2026-10-01T08:00:00.000Z' })
  .refine((v) => {
    const at = Date.parse(v);
    return at >= firstInstant && at < endInstant;
  }, 'expected a time between the years 2000 and 2099');
const optionalInstant = z.preprocess(absent, instant.optional());

export const auditRecordInput = z
  .object({
    messageId: text(maxLength.messageId),
    transactionId: optionalText(maxLength.transactionId),
    correlationId: optionalText(maxLength.correlationId),
    senderType: z.enum(senderTypes),
    /** An employee's or inhabitant's personal code (hashed before storing) or a system's / legal entity's id. */
    senderId: text(maxLength.senderId),
    consumerInstitution: text(maxLength.consumerInstitution),
    consumerSystem: optionalText(maxLength.consumerSystem),
    service: serviceIdentifier,
    messageType: optionalText(maxLength.messageType),
    serviceInstanceId: optionalText(maxLength.serviceInstanceId),
    operation: text(maxLength.operation).describe('SOAP operation or action, or HTTP method and path'),
    requestInAt: instant,
    requestOutAt: optionalInstant,
    responseInAt: optionalInstant,
    responseOutAt: optionalInstant,
    requestSize: count(maxSize),
    responseSize: count(maxSize),
    result: z.enum(['success', 'fault']),
    faultCode: optionalText(maxLength.faultCode),
    faultSeverity: optionalText(maxLength.faultSeverity),
    faultText: optionalText(maxLength.faultText),
    httpStatus: count(httpStatusRange.max).refine(
      (v) => v === undefined || v >= httpStatusRange.min,
      'expected an HTTP status 100–599',
    ),
    /** The person on whose behalf a system called (personal code); never stored, only its keyed hash. */
    endUser: optionalText(maxLength.endUser),
  })
  .superRefine((r, ctx) => {
    const start = Date.parse(r.requestInAt);
    for (const field of ['requestOutAt', 'responseInAt', 'responseOutAt'] as const) {
      const value = r[field];
      if (value !== undefined && Date.parse(value) < start) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} is before requestInAt` });
      }
    }
    if (r.responseOutAt !== undefined && Date.parse(r.responseOutAt) - start > maxDurationMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['responseOutAt'],
        message: 'responseOutAt is more than 24 days after requestInAt',
      });
    }
    if (r.result === 'success' && r.faultCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['faultCode'], message: 'a successful call has no fault code' });
    }
  });
export type AuditRecordInput = z.input<typeof auditRecordInput>;
export type ParsedAuditRecord = z.output<typeof auditRecordInput>;

export type AuditRecord = {
  environment: AuditEnvironment;
  messageId: string;
  transactionId: string | null;
  correlationId: string | null;
  senderType: SenderType;
  /** Plain for systems and legal entities; `hmac:<hex>` for persons. */
  senderIdentifier: string;
  consumerInstitution: string;
  consumerSystem: string | null;
  service: string;
  messageType: string | null;
  serviceInstanceId: string | null;
  operation: string;
  requestInAt: Date;
  requestOutAt: Date | null;
  responseInAt: Date | null;
  responseOutAt: Date | null;
  durationMs: number | null;
  requestSize: number | null;
  responseSize: number | null;
  result: 'success' | 'fault';
  faultCode: string | null;
  faultSeverity: string | null;
  faultText: string | null;
  httpStatus: number | null;
  /** HMAC-SHA-256 of the end user's personal code (32 bytes), or null when no person is behind the call. */
  endUserHash: Buffer | null;
};

export type RowIssue = {
  line: number;
  field: string;
  reason: string;
  /** The file the row came from, when an import reads several. */
  source?: string;
};

/** Keys the HMAC of a personal code; see end-user-hash.ts. */
export type HashPerson = (personalCode: string) => Buffer;

const isPerson = (t: SenderType) => t === 'employee' || t === 'inhabitant';

function optionalTime(text: string | undefined): number | null {
  return text === undefined ? null : Date.parse(text);
}

/** Validates one raw row; returns the stored form or the row's problems, each naming its field. */
export function toAuditRecord(
  raw: unknown,
  line: number,
  environment: AuditEnvironment,
  hashPerson: HashPerson,
): { ok: true; record: AuditRecord } | { ok: false; issues: RowIssue[] } {
  const quick = quickRecord(raw);
  if (quick) return { ok: true, record: storedForm(quick, environment, hashPerson) };
  const parsed = auditRecordInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        line,
        field: i.path.length > 0 ? i.path.join('.') : '(row)',
        reason: i.message,
      })),
    };
  }
  const r = parsed.data;
  const times = {
    fields: r,
    requestIn: Date.parse(r.requestInAt),
    requestOut: optionalTime(r.requestOutAt),
    responseIn: optionalTime(r.responseInAt),
    responseOut: optionalTime(r.responseOutAt),
  };
  return { ok: true, record: storedForm(times, environment, hashPerson) };
}

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

function storedForm(
  { fields: r, requestIn, requestOut, responseIn, responseOut }: QuickRecord,
  environment: AuditEnvironment,
  hashPerson: HashPerson,
): AuditRecord {
  const personHash = isPerson(r.senderType) ? hashPerson(r.senderId) : null;
  const endUserHash = r.endUser !== undefined ? hashPerson(r.endUser) : personHash;
  return {
    environment,
    messageId: r.messageId,
    transactionId: r.transactionId ?? null,
    correlationId: r.correlationId ?? null,
    senderType: r.senderType,
    senderIdentifier: personHash ? `hmac:${personHash.toString('hex')}` : r.senderId,
    consumerInstitution: r.consumerInstitution,
    consumerSystem: r.consumerSystem ?? null,
    service: r.service,
    messageType: r.messageType ?? null,
    serviceInstanceId: r.serviceInstanceId ?? null,
    operation: r.operation,
    requestInAt: new Date(requestIn),
    requestOutAt: dateOf(requestOut),
    responseInAt: dateOf(responseIn),
    responseOutAt: dateOf(responseOut),
    durationMs: responseOut === null ? null : responseOut - requestIn,
    requestSize: r.requestSize ?? null,
    responseSize: r.responseSize ?? null,
    result: r.result,
    faultCode: r.faultCode ?? null,
    faultSeverity: r.faultSeverity ?? null,
    faultText: r.faultText ?? null,
    httpStatus: r.httpStatus ?? null,
    endUserHash,
  };
}
