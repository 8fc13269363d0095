/**
 * Stable error codes and the error handler. The log gets the code and the
 * status, never a message that could quote what a person typed; the person
 * gets a page in their language. Client errors stay 4xx; only a genuine
 * fault is a 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStorageFault } from '../../core/health/health.service.js';
import type { ErrorCode as RegistryCode } from '../../core/shared/error-codes.js';

/** The codes a request can end with, all from the one registry (src/core/shared/error-codes.ts). */
export type ErrorCode = Extract<
  RegistryCode,
  'PSL_ERR_UNEXPECTED' | 'PSL_ERR_BODY_TOO_LARGE' | 'PSL_ERR_BAD_REQUEST' | 'PSL_ERR_UNSUPPORTED_MEDIA' | 'PSL_ERR_RATE_LIMITED' | 'PSL_ERR_NOT_FOUND' | 'PSL_ERR_STORAGE_UNAVAILABLE'
>;

/** Maps any thrown error to a status and one of our codes. */
export function classify(err: FastifyError): { status: number; code: ErrorCode } {
  // A database or a data folder that fails is not a fault in the request: 503, and the client may try again.
  if (isStorageFault(err)) return { status: 503, code: 'PSL_ERR_STORAGE_UNAVAILABLE' };
  const status = err.statusCode ?? 500;
  if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'PSL_ERR_BODY_TOO_LARGE' };
  if (status === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'PSL_ERR_UNSUPPORTED_MEDIA' };
  if (status === 429) return { status: 429, code: 'PSL_ERR_RATE_LIMITED' };
  if (status === 404) return { status: 404, code: 'PSL_ERR_NOT_FOUND' };
  if (status >= 400 && status < 500) return { status, code: 'PSL_ERR_BAD_REQUEST' };
  return { status: 500, code: 'PSL_ERR_UNEXPECTED' };
}

export type ErrorPageRenderer = (request: FastifyRequest, reply: FastifyReply, status: number) => FastifyReply | Promise<FastifyReply>;

export function registerErrorHandler(app: FastifyInstance, render: ErrorPageRenderer): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const { status, code } = classify(err);
    if (code === 'PSL_ERR_STORAGE_UNAVAILABLE') {
      // Expected while the database is away: one line with the kind of failure, no frames, no driver text.
      request.log.warn({ code, kind: (err as { code?: unknown }).code ?? err.name }, 'storage unavailable');
    } else if (status >= 500) {
      // The stack without its first line: the message can quote input, the frames cannot.
      const frames = (err.stack ?? '').split('\n').slice(1, 8).join('\n');
      request.log.error({ code, fastifyCode: err.code, name: err.name, frames }, 'request failed');
    } else {
      request.log.info({ code, fastifyCode: err.code, statusCode: status }, 'request refused');
    }
    if (status === 503) reply.header('retry-after', '10');
    try {
      return await render(request, reply, status);
    } catch {
      // Rendering the error page failed too: a plain, fixed answer.
      return reply
        .code(status)
        .type('text/plain; charset=utf-8')
        .send(status >= 500 ? 'Error' : 'Request refused');
    }
  });
}
