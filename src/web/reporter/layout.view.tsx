/**
 * The reporter layout: no third-party resources, no inline script or style,
 * a quick-exit link first in the page, and a language switcher made of plain
 * links (no cookie needed). Right-to-left languages get dir="rtl".
 */
import type { ComponentChildren } from 'preact';
import { REPORTER_LOCALES } from '../../i18n/locales.js';
import { DemoBanner, DocumentHead, LanguageLinks, QuickExit } from '../html/layout-parts.js';
import { withLang } from '../html/render.js';
import type { ReporterPage } from '../html/page.js';

/**
 * `shownOnce`: the page holds something shown only once (the receipt), so it
 * offers no link that would navigate away from it by accident, except quick exit.
 */
export function ReporterLayout({ page, title, children, shownOnce }: { page: ReporterPage; title: string; children: ComponentChildren; shownOnce?: boolean }) {
  const { t, lang } = page;
  return (
    <html lang={lang} dir={page.i18n.dir}>
      <DocumentHead title={`${title} · ${t('meta.siteName')}`} styles={['/static/parasol.css']} scripts={['/static/exit.js']} />
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <QuickExit url={page.quickExitUrl} label={t('nav.quickExit')} hint={t('nav.quickExitHint')} />
          <DemoBanner text={page.demo ? t('network.demoBanner') : null} />
          <p class="brand">
            {shownOnce ? t('meta.siteName') : <a href={withLang('/', lang)}>{t('meta.siteName')}</a>} <span>{t('meta.tagline')}</span>
          </p>
          {shownOnce ? null : <LanguageLinks label={t('nav.language')} locales={REPORTER_LOCALES} current={lang} href={(l) => withLang(page.path, l)} />}
        </header>
        <main id="main">{children}</main>
        <footer>
          <p>{t('footer.privacy')}</p>
          <p>{t('footer.cookie')}</p>
        </footer>
      </body>
    </html>
  );
}
