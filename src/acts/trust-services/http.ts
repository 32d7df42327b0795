// The one way this feature talks to a trust service: a DER request POSTed over HTTP(S), a DER answer
// read back with a size limit and a timeout. What can go wrong is typed, so that the caller can say
// which service failed and how (an act is not issued without the time stamp it promises).

export type ActTrustService = 'tsa' | 'ocsp';

export type TrustServiceErrorKind =
  /** No connection, a DNS failure, a timeout. */
  | 'unreachable'
  /** The service answered with an HTTP status other than 200. */
  | 'http_status'
  /** The service answered and refused: a PKIStatus or OCSPResponseStatus other than success. */
  | 'rejected'
  /** The answer is not what was asked for: unreadable, another nonce, another imprint, a bad signature. */
  | 'bad_response'
  /** OCSP says the certificate is revoked, or does not know it. */
  | 'certificate_revoked'
  | 'certificate_unknown';

export class TrustServiceError extends Error {
  /** The service's URL without credentials, query or fragment, safe to show. */
  readonly url: string;

  constructor(
    readonly service: ActTrustService,
    readonly kind: TrustServiceErrorKind,
    url: string,
    message: string,
    readonly details: { httpStatus?: number; status?: string } = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'TrustServiceError';
    this.url = displayUrl(url);
  }
}

export const maxResponseBytes = 1024 * 1024;

/** The URL as it may appear in a message or log: no user, password, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export async function postDer(
  service: ActTrustService,
  url: string,
  body: Uint8Array,
  types: { request: string; response: string },
  timeoutMs: number,
): Promise<Uint8Array> {
  const shown = displayUrl(url);
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TrustServiceError(service, 'unreachable', shown, `${url} is not an http(s) URL`);
  }
  // Credentials in the URL (a TSA that wants HTTP Basic authentication) become the header fetch
  // wants instead; they are never part of a message.
  const headers: Record<string, string> = { 'content-type': types.request, accept: types.response };
  if (parsed.username || parsed.password) {
    const user = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  let response: Response;
  try {
    response = await fetch(parsed, {
      method: 'POST',
      headers,
      body: Buffer.from(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const reason = timedOut
      ? `no answer within ${timeoutMs} ms`
      : describeFetchError(error).replaceAll(url, shown);
    throw new TrustServiceError(service, 'unreachable', shown, `${shown}: ${reason}`, {}, { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new TrustServiceError(service, 'http_status', shown, `${shown} answered HTTP ${response.status}`, {
      httpStatus: response.status,
    });
  }
  try {
    return await readLimited(response, maxResponseBytes);
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new TrustServiceError(
      service,
      timedOut ? 'unreachable' : 'bad_response',
      shown,
      `${shown}: ${timedOut ? `no complete answer within ${timeoutMs} ms` : (error as Error).message}`,
      {},
      { cause: error },
    );
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new Error(`the answer is ${declared} bytes, more than the ${limit} accepted`);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the answer is more than the ${limit} bytes accepted`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
