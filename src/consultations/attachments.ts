import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../platform/errors.ts';

// Attachment policy: what a consultation message may carry. The type is decided from the bytes
// (file-type reads the magic numbers; text is recognised as valid UTF-8 without control characters),
// never from the name or the sender's content type, so a renamed executable is still refused.

/** A file as it arrives, from the web form or from an e-mail. */
export type IncomingAttachment = { filename: string; contentType: string | null; content: Buffer };

export type AcceptedAttachment = {
  filename: string;
  /** Decided from the content; what the download is served as. */
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
};

export const attachmentLimits = { maxBytes: 10 * 1024 * 1024, maxCount: 5 } as const;

const binaryTypes = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/xml',
]);

/** Human-readable list of what is allowed, for the UI and error details. */
export const allowedTypesText = 'PDF, PNG, JPEG, ZIP, DOCX, XLSX, XML/WSDL/XSD, JSON, YAML, text/CSV';

export async function checkAttachments(
  attachments: readonly IncomingAttachment[],
): Promise<AcceptedAttachment[]> {
  if (attachments.length > attachmentLimits.maxCount) {
    throw new AppError('validation', {
      detail: `At most ${attachmentLimits.maxCount} attachments per message.`,
      errors: [
        {
          path: 'attachments',
          message: `At most ${attachmentLimits.maxCount} attachments per message.`,
          code: 'too_big',
        },
      ],
    });
  }
  const accepted: AcceptedAttachment[] = [];
  for (const attachment of attachments) accepted.push(await checkAttachment(attachment));
  return accepted;
}

async function checkAttachment(attachment: IncomingAttachment): Promise<AcceptedAttachment> {
  const filename = safeFilename(attachment.filename);
  const { content } = attachment;
  if (content.length > attachmentLimits.maxBytes) {
    throw new AppError('attachment_too_large', {
      detail: `${filename} is ${content.length} bytes; one attachment may have at most ${attachmentLimits.maxBytes} bytes (10 MiB).`,
      extensions: { filename, maxBytes: attachmentLimits.maxBytes },
    });
  }
  const contentType = await contentTypeOf(content, filename);
  if (!contentType) {
    throw new AppError('attachment_type_not_allowed', {
      detail: `${filename}: this kind of file is not accepted. Allowed: ${allowedTypesText}.`,
      extensions: { filename },
    });
  }
  return {
    filename,
    contentType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}

/** The content's media type when it is one we accept, else null. */
export async function contentTypeOf(content: Buffer, filename: string): Promise<string | null> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return binaryTypes.has(detected.mime) ? detected.mime : null;
  const text = utf8Text(content);
  if (text === null) return null;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype\s+html|html[\s>]|script[\s>])/i.test(start)) return null;
  if (start.startsWith('<')) return 'application/xml';
  if (isJson(start)) return 'application/json';
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'application/yaml';
  if (ext === '.csv') return 'text/csv';
  return 'text/plain';
}

/** Tab, line feed, form feed, carriage return. */
const textControls = new Set([0x09, 0x0a, 0x0c, 0x0d]);

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8Text(content: Buffer): string | null {
  let text: string;
  try {
    text = decoder.decode(content);
  } catch {
    return null;
  }
  // Tabs, line ends and form feeds are text; other control characters mean a binary file.
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !textControls.has(code)) || code === 0x7f) return null;
  }
  return text;
}

function isJson(text: string): boolean {
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The name without folders or control characters, at most 255 characters; never empty. */
export function safeFilename(name: string): string {
  const base = path.posix.basename(name.replaceAll('\\', '/'));
  const clean = [...base]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  return (clean || 'attachment').slice(-255);
}
