import path from 'node:path';
import type { FastifyReply } from 'fastify';

// Stored files go back as downloads, never rendered inline: an uploaded description is the
// institution's text, and a browser must not treat it as a page of ours.

const mediaTypes: Record<string, string> = {
  '.wsdl': 'application/xml',
  '.xsd': 'application/xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.zip': 'application/zip',
};

/** `attachment; filename=…` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendDownload(reply: FastifyReply, name: string, content: Buffer): FastifyReply {
  const type = mediaTypes[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
  return reply
    .type(type)
    .header('content-disposition', attachmentDisposition(path.posix.basename(name)))
    .header('x-content-type-options', 'nosniff')
    .send(content);
}

/** A stored file with the media type decided when it was accepted; a download, never shown inline. */
export function sendStoredFile(
  reply: FastifyReply,
  name: string,
  contentType: string,
  content: Buffer,
): FastifyReply {
  return reply
    .type(contentType)
    .header('content-disposition', attachmentDisposition(path.posix.basename(name)))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(content);
}
