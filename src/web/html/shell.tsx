/**
 * The one layout shell of the reporter listener (reporter, members' and
 * public statistics pages): no third-party resources, no inline script or
 * style, a quick-exit link first in the page, and a language switcher made
 * of plain links (no cookie needed). Right-to-left languages get dir="rtl".
 */
import type { ComponentChildren, VNode } from 'preact';
import { DemoBanner, DocumentHead, LanguageLinks, QuickExit } from './layout-parts.js';
import { withLang } from './render.js';
import type { ReporterPage } from './page.js';

export interface ShellProps {
  readonly page: ReporterPage;
  readonly title: string;
  readonly styles: readonly string[];
  readonly scripts: readonly string[];
  readonly noindex?: boolean;
  readonly bodyClass?: string;
  /** Where the site name links to; none on a page shown once. */
  readonly brandHref: string | null;
  readonly tagline: string;
  /** A navigation between the brand and the language links. */
  readonly nav?: ComponentChildren;
  /** The language links; none on a page shown once. */
  readonly languages: { readonly label: string; readonly locales: readonly string[]; readonly form?: string | undefined } | null;
  /** What comes between the header and the main content (tabs). */
  readonly afterHeader?: ComponentChildren;
  /** What comes first in the main content (a one-off notice). */
  readonly beforeMain?: ComponentChildren;
  readonly footer: ReadonlyArray<string | ReadonlyArray<string | VNode>>;
  readonly children: ComponentChildren;
}

export function PageShell({ page, title, styles, scripts, noindex, bodyClass, brandHref, tagline, nav, languages, afterHeader, beforeMain, footer, children }: ShellProps) {
  const { t, lang } = page;
  return (
    <html lang={lang} dir={page.i18n.dir}>
      <DocumentHead title={`${title} · ${t('meta.siteName')}`} styles={styles} scripts={scripts} noindex={noindex} />
      <body class={bodyClass}>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <QuickExit url={page.quickExitUrl} label={t('nav.quickExit')} hint={t('nav.quickExitHint')} />
          <DemoBanner text={page.demo ? t('network.demoBanner') : null} />
          <p class="brand">
            {brandHref ? <a href={brandHref}>{t('meta.siteName')}</a> : t('meta.siteName')} <span>{tagline}</span>
          </p>
          {nav}
          {languages ? <LanguageLinks label={languages.label} locales={languages.locales} current={lang} href={(l) => withLang(page.path, l)} form={languages.form} /> : null}
        </header>
        {afterHeader}
        <main id="main">
          {beforeMain}
          {children}
        </main>
        <footer>
          {footer.map((text) => (
            <p>{text}</p>
          ))}
        </footer>
      </body>
    </html>
  );
}
