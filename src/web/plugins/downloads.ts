/**
 * Sending a decrypted attachment: always as a download, never rendered. The
 * file name is the cleaned one, encoded by the content-disposition package;
 * nosniff stops a browser guessing an active type, and the sandbox CSP keeps
 * a file opened anyway from running script or reaching anything.
 */
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** Types a download is labelled with as they are; anything else goes out as bytes. */
const PASSIVE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

/** Sends a file as an attachment, with headers that forbid inline rendering of active content. */
export function sendDownload(reply: FastifyReply, file: { name: string; type: string; bytes: Buffer }): FastifyReply {
  return reply
    .code(200)
    .header('content-type', PASSIVE_TYPES.has(file.type) ? file.type : 'application/octet-stream')
    .header('content-disposition', contentDisposition(file.name, { type: 'attachment' }))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(file.bytes);
}
