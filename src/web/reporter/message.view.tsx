/** A short page for errors and notices (404, 413, 429, 500). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { ReporterMessageId } from '../../i18n/reporter/index.js';
import { reporterPage, type ReporterPage } from '../html/page.js';
import { sendHtml, withLang } from '../html/render.js';
import { ReporterLayout } from './layout.view.js';

export function MessageView({ page, title, body }: { page: ReporterPage; title: ReporterMessageId; body: ReporterMessageId }) {
  return (
    <ReporterLayout page={page} title={page.t(title)}>
      <h1>{page.t(title)}</h1>
      <p>{page.t(body)}</p>
      <p>
        <a href={withLang('/', page.lang)}>{page.t('nav.home')}</a>
      </p>
    </ReporterLayout>
  );
}

/** Answers with the reporter surface's "not found" page. */
export function notFoundPage(ctx: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendHtml(reply, 404, <MessageView page={reporterPage(ctx, request)} title="page.notFound.title" body="page.notFound.body" />);
}
