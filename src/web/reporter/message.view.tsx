/** A short page for errors and notices (404, 413, 429, 500). */
import type { ReporterMessageId } from '../../i18n/reporter/index.js';
import { withLang } from '../html/render.js';
import { ReporterLayout } from './layout.view.js';
import type { ReporterPage } from '../html/page.js';

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
