/**
 * Renders preact trees to HTML. preact-render-to-string escapes every text
 * node and attribute value; nothing in Parasol uses dangerouslySetInnerHTML.
 */
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document. */
export function renderDocument(tree: VNode): string {
  return '<!doctype html>' + renderToString(tree);
}

/** Answers with a whole HTML page. */
export function sendHtml(reply: FastifyReply, status: number, tree: VNode): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(tree));
}

/**
 * Checks that a link target is safe to put in href: relative to this site, or
 * https. preact escapes attributes but does not stop `javascript:` URLs.
 */
export function safeHref(href: string): string {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  if (/^https:\/\/[^\s"'<>]+$/i.test(href)) return href;
  return '/';
}

/** Builds a same-site link that keeps the chosen language without a cookie. */
export function withLang(path: string, lang: string): string {
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}lang=${encodeURIComponent(lang)}`;
}
