// One error type for everything the domain refuses. The HTTP layer maps `code` to a status and an
// RFC 9457 problem type; the UI translates by code, never by message text.

export const errorCodes = {
  validation: { status: 400, title: 'Request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  csrf: { status: 403, title: 'Missing or wrong CSRF token' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflicting change' },
  stale_version: { status: 409, title: 'The request was changed by someone else' },
  invalid_transition: { status: 409, title: 'Action not possible in the current state' },
  guard_failed: { status: 409, title: 'Action not possible yet' },
  representation_overlap: {
    status: 409,
    title: 'The person already represents the institution in that period',
  },
  payload_too_large: { status: 413, title: 'Payload too large' },
  attachment_too_large: { status: 413, title: 'The attachment is too large' },
  attachment_type_not_allowed: { status: 415, title: 'This type of attachment is not allowed' },
  unprocessable_description: { status: 422, title: 'The description cannot be read' },
  invalid_container: { status: 422, title: 'The signed container is not accepted' },
  invalid_trust_list: { status: 422, title: 'The trusted list is not accepted' },
  production_data_invalid: { status: 422, title: 'The production data are not accepted' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** `code` is the validator's stable name for the problem (e.g. too_small, invalid_format), for translation. */
export type FieldError = { path: string; message: string; code?: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  /** Extra members of the problem document (e.g. `currentVersion`, `reason`). */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    options: {
      detail?: string;
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(options.detail ?? errorCodes[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }
}

export function problemType(code: ErrorCode): string {
  return `/problems/${code.replaceAll('_', '-')}`;
}
