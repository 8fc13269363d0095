/**
 * Logging that cannot carry a person: requests are logged by method, route
 * pattern (`/invitations/:token`, never the path itself: a path may hold a
 * live invitation token, a report id or anything typed into the address bar)
 * and status only. No IP address, port, user agent, headers, query
 * string or body ever reaches a log line (guarantee 3), and errors are logged
 * by their stable code, never by a message that could quote input.
 */
import type { FastifyServerOptions } from 'fastify';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Strips the query string: it may hold anything a person typed into an address bar. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Fastify logger options for Parasol. `stream` lets tests capture every line.
 * With `reporterSurface`, lines carry no time at all: a precise time next to
 * a request would be a fine-grained timestamp of a reporter.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream, reporterSurface = false): LoggerOptions {
  return {
    level,
    ...(reporterSurface ? { timestamp: false, base: null } : {}),
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? '(no route)' }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: (err: { code?: string; name?: string; statusCode?: number }) => ({ code: err.code ?? 'PSL_ERR_UNEXPECTED', name: err.name, statusCode: err.statusCode }),
    },
    // Belt and braces: if a header object is ever logged, these paths are cut out.
    redact: { paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'req.ip', 'req.ips', 'headers', 'remoteAddress', 'ip', 'body'], remove: true },
  } as unknown as LoggerOptions;
}
