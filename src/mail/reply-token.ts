import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseUuid, stringify as stringifyUuid } from 'uuid';
import type { ReplyKind } from '../platform/db/schema.ts';
import { resolveSecret } from '../platform/secret-file.ts';

// Reply tokens: what a reply to a Pakalpe e-mail belongs to, carried in the Reply-To address
// (`atbalsts+<token>@example.lv`) and as `[PK:<token>]` in the subject. Stateless: the token is the
// target's kind and id with an HMAC over both, so nothing is stored per mail and a forged or altered
// token fails verification. Base32 in lower case, because mail systems may change the case of an
// address's local part and base32 survives that; 44 characters keep the local part under 64.

export type ReplyTarget = { kind: ReplyKind; id: string };

/** What the transport needs to give outgoing mail its Reply-To: the support address and the token key. */
export type ReplySigning = { secret: string; supportAddress: string };

/** Reply signing for this installation, or undefined when no SUPPORT_ADDRESS is configured. */
export function replySigningFor(config: {
  supportMailbox: { address: string | undefined };
  mailTokenSecret: string | undefined;
  dataDir: string;
}): ReplySigning | undefined {
  const supportAddress = config.supportMailbox.address;
  if (!supportAddress) return undefined;
  return {
    supportAddress,
    secret: resolveSecret(config.mailTokenSecret, config.dataDir, replyTokenSecretFileName),
  };
}

export const replyTokenSecretFileName = 'mail-token-secret';

const kindByte: Record<ReplyKind, number> = { request: 0x72, consultation: 0x63 };
const macBytes = 10;
const tokenBytes = 1 + 16 + macBytes;
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function mac(secret: string, payload: Uint8Array): Buffer {
  return createHmac('sha256', secret)
    .update('pakalpe-reply-token\0')
    .update(payload)
    .digest()
    .subarray(0, macBytes);
}

export function createReplyToken(secret: string, target: ReplyTarget): string {
  const payload = Buffer.concat([Buffer.from([kindByte[target.kind]]), Buffer.from(parseUuid(target.id))]);
  return base32Encode(Buffer.concat([payload, mac(secret, payload)]));
}

/** The target a genuine token names, or null for anything else (malformed, unknown kind, wrong MAC). */
export function verifyReplyToken(secret: string, token: string): ReplyTarget | null {
  const bytes = base32Decode(token.toLowerCase());
  if (!bytes || bytes.length !== tokenBytes) return null;
  const payload = bytes.subarray(0, 17);
  const expected = mac(secret, payload);
  if (!timingSafeEqual(expected, bytes.subarray(17))) return null;
  const kind = (Object.keys(kindByte) as ReplyKind[]).find((k) => kindByte[k] === payload[0]);
  if (!kind) return null;
  return { kind, id: stringifyUuid(payload.subarray(1)) };
}

/** `atbalsts@example.lv` + token -> `atbalsts+<token>@example.lv`. */
export function replyAddress(supportAddress: string, token: string): string {
  const at = supportAddress.lastIndexOf('@');
  return `${supportAddress.slice(0, at)}+${token}${supportAddress.slice(at)}`;
}

export function subjectWithToken(subject: string, token: string): string {
  return `${subject} [PK:${token}]`;
}

/**
 * Whether `address` is the support address, plain or with a `+tag`; returns the tag ('' when plain)
 * or null when it is some other address. Compared without regard to case.
 */
export function supportAddressTag(supportAddress: string, address: string): string | null {
  const support = supportAddress.toLowerCase();
  const candidate = address.toLowerCase();
  const at = support.lastIndexOf('@');
  const [local, domain] = [support.slice(0, at), support.slice(at + 1)];
  const cat = candidate.lastIndexOf('@');
  if (cat < 0 || candidate.slice(cat + 1) !== domain) return null;
  const candidateLocal = candidate.slice(0, cat);
  if (candidateLocal === local) return '';
  if (candidateLocal.startsWith(`${local}+`)) return candidateLocal.slice(local.length + 1);
  return null;
}

/** The token candidates of a received mail: `+tags` of the recipients first, then `[PK:…]` in the subject. */
export function replyTokenCandidates(
  supportAddress: string,
  recipients: readonly string[],
  subject: string | null,
): string[] {
  const found: string[] = [];
  for (const rcpt of recipients) {
    const tag = supportAddressTag(supportAddress, rcpt);
    if (tag) found.push(tag);
  }
  for (const match of (subject ?? '').matchAll(/\[PK:([A-Za-z0-9]{1,100})\]/g)) {
    if (match[1]) found.push(match[1]);
  }
  return [...new Set(found.map((t) => t.toLowerCase()))];
}

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Buffer | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = alphabet.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // Only the canonical spelling: left-over bits must be zero padding.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return Buffer.from(out);
}
