import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import { simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { isAllowedAttachment } from './routing.ts';

// Reading a stored raw message: mailparser for the MIME structure, email-reply-parser to cut the
// quoted history from a reply, sanitize-html for the HTML an agency user may look at.

export type ParsedAttachment = {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  isAllowed: boolean;
  content: Buffer;
};

export type ParsedInboundMail = {
  fromAddress: string | null;
  fromHeader: string | null;
  subject: string | null;
  messageId: string | null;
  /** The whole plain text (mailparser derives it from the HTML when there is no text part). */
  fullText: string;
  /** What the sender wrote this time: the quoted history and signature cut off, trimmed. */
  replyText: string;
  html: string | null;
  isAutomatic: boolean;
  attachments: ParsedAttachment[];
};

export async function parseInboundMail(raw: Buffer): Promise<ParsedInboundMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const from = mail.from?.value[0];
  const fullText = (mail.text ?? '').replace(/\r\n/g, '\n');
  const attachments = mail.attachments.map((a, index) => {
    const filename = (a.filename ?? '').trim() || `attachment-${index + 1}`;
    const contentType = a.contentType || 'application/octet-stream';
    return {
      filename,
      contentType,
      size: a.content.length,
      sha256: createHash('sha256').update(a.content).digest('hex'),
      isAllowed: isAllowedAttachment(filename, contentType),
      content: a.content,
    };
  });
  return {
    fromAddress: from?.address?.toLowerCase() ?? null,
    fromHeader: mail.from?.text ?? null,
    subject: mail.subject ?? null,
    messageId: mail.messageId ?? null,
    fullText,
    replyText: stripQuotedReply(fullText),
    html: typeof mail.html === 'string' ? sanitiseMailHtml(mail.html) : null,
    isAutomatic: isAutomaticMail(mail.headers),
    attachments,
  };
}

/**
 * The new part of a reply: email-reply-parser drops quoted lines (`>`), the "On … wrote:" header
 * of common clients and the signature. Latvian clients write "… rakstīja:" as the header line,
 * which the library does not know; a last line of that shape is cut here too.
 */
export function stripQuotedReply(text: string): string {
  const reply = new EmailReplyParser().parseReply(text).trim();
  const lines = reply.split('\n');
  const last = lines.at(-1)?.trim() ?? '';
  if (lines.length > 1 && /(rakstīja|wrote)\s*:$/i.test(last)) lines.pop();
  return lines.join('\n').trim();
}

/** Only formatting survives: no scripts, styles, event handlers, forms, frames or remote images. */
export function sanitiseMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'div',
      'span',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'blockquote',
      'pre',
      'code',
      'ul',
      'ol',
      'li',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'a',
      'hr',
      'img',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    // An image only when it is inside the message: a remote one tells the sender the mail was read.
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

type Headers = Map<string, unknown>;

/** RFC 3834 Auto-Submitted, and the Precedence/X-Autoreply headers older responders still use. */
function isAutomaticMail(headers: Headers): boolean {
  const value = (name: string) => {
    const v = headers.get(name);
    return typeof v === 'string'
      ? v.toLowerCase().trim()
      : v && typeof v === 'object' && 'value' in v
        ? String((v as { value: unknown }).value).toLowerCase()
        : '';
  };
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(value('precedence'))) return true;
  return Boolean(value('x-autoreply') || value('x-autorespond'));
}
