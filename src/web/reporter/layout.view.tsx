/**
 * The reporter layout: no third-party resources, no inline script or style,
 * a quick-exit link first in the page, and a language switcher made of plain
 * links (no cookie needed). Right-to-left languages get dir="rtl".
 */
import type { ComponentChildren } from 'preact';
import { REPORTER_LOCALES } from '../../i18n/locales.js';
import { withLang } from '../html/render.js';
import { PageShell } from '../html/shell.js';
import type { ReporterPage } from '../html/page.js';

/**
 * `shownOnce`: the page holds something shown only once (the receipt), so it
 * offers no link that would navigate away from it by accident, except quick exit.
 * `form`: the id of the page's form; the language switch then submits it, so
 * nothing typed is lost.
 */
export function ReporterLayout({ page, title, children, shownOnce, form }: { page: ReporterPage; title: string; children: ComponentChildren; shownOnce?: boolean; form?: string }) {
  const { t, lang } = page;
  return (
    <PageShell
      page={page}
      title={title}
      styles={['/static/parasol.css']}
      scripts={['/static/exit.js']}
      brandHref={shownOnce ? null : withLang('/', lang)}
      tagline={t('meta.tagline')}
      languages={shownOnce ? null : { label: t('nav.language'), locales: REPORTER_LOCALES, form }}
      footer={[t('footer.privacy'), t('footer.cookie')]}
    >
      {children}
    </PageShell>
  );
}
