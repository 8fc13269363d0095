/**
 * The layout of the public statistics and survey pages: the reporter
 * surface's look (quick exit first, language links, no third-party
 * resources, no inline script or style) plus the statistics stylesheet with
 * its print rules, and the tabs between the statistics pages.
 */
import type { ComponentChildren } from 'preact';
import { REPORTER_LOCALES, type ReporterLocale } from '../../../i18n/locales.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { withLang } from '../../html/render.js';
import { PageShell } from '../../html/shell.js';
import type { PublicPage } from '../../html/page.js';

export type StatsTab = 'reports' | 'operations' | 'surveys' | 'evidence' | 'openData';

const TABS: ReadonlyArray<{ id: StatsTab; href: string; label: ReporterMessageId }> = [
  { id: 'reports', href: '/statistics', label: 'stats.nav.reports' },
  { id: 'operations', href: '/statistics/operations', label: 'stats.nav.operations' },
  { id: 'surveys', href: '/statistics/surveys', label: 'stats.nav.surveys' },
  { id: 'evidence', href: '/statistics/evidence', label: 'stats.nav.evidence' },
  { id: 'openData', href: '/open-data', label: 'stats.nav.openData' },
];

export function PublicLayout({
  page,
  title,
  tab,
  children,
  languages,
  printable,
}: {
  page: PublicPage;
  title: string;
  tab?: StatsTab;
  children: ComponentChildren;
  languages?: readonly ReporterLocale[];
  printable?: boolean;
}) {
  const { t, lang } = page;
  const langs = languages ?? REPORTER_LOCALES;
  const tabs = tab ? (
    <nav class="stats-tabs" aria-label={t('stats.nav.label')}>
      <ul>
        {TABS.map((x) => (
          <li>
            <a href={withLang(x.href, lang)} aria-current={x.id === tab ? 'page' : undefined}>
              {t(x.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  ) : null;
  return (
    <PageShell
      page={page}
      title={title}
      styles={['/static/parasol.css', '/static/statistics.css']}
      scripts={['/static/exit.js']}
      bodyClass={printable ? 'stats printable' : 'stats'}
      brandHref={withLang('/', lang)}
      tagline={t('meta.tagline')}
      languages={{ label: languages ? t('survey.form.languages') : t('nav.language'), locales: langs }}
      afterHeader={tabs}
      footer={[t('footer.privacy'), t('footer.cookie')]}
    >
      {children}
    </PageShell>
  );
}
