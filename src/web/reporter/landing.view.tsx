/** The landing page: what Parasol is, what happens to a report, what is never asked. */
import { isolated } from '../html/isolate.js';
import { withLang } from '../html/render.js';
import { ReporterLayout } from './layout.view.js';
import type { ReporterPage } from '../html/page.js';

export function LandingView({ page, organisations }: { page: ReporterPage; organisations: readonly string[] }) {
  const { t, lang } = page;
  return (
    <ReporterLayout page={page} title={t('landing.title')}>
      <h1>{t('landing.title')}</h1>
      <p class="lead">{isolated((mark) => t('landing.intro', { organisations: page.i18n.list(organisations.map(mark)) }))}</p>
      <p class="actions">
        <a class="button" href={withLang('/report', lang)}>
          {t('landing.start')}
        </a>{' '}
        <a class="button secondary" href={withLang('/follow-up', lang)}>
          {t('landing.return')}
        </a>
      </p>
      <ul class="more">
        <li>
          <a href={withLang('/services', lang)}>{t('services.title')}</a>
        </li>
        <li>
          <a href={withLang('/rights', lang)}>{t('rights.title')}</a>
        </li>
        <li>
          <a href={withLang('/statistics', lang)}>{t('stats.title')}</a>
        </li>
      </ul>
      <h2>{t('landing.happens.title')}</h2>
      <ul>
        <li>{t('landing.happens.encrypted')}</li>
        <li>{t('landing.happens.police')}</li>
        <li>{t('landing.happens.receipt')}</li>
        <li>{t('landing.happens.warn')}</li>
      </ul>
      <h2>{t('landing.never.title')}</h2>
      <ul>
        <li>{t('landing.never.status')}</li>
        <li>{t('landing.never.nationality')}</li>
        <li>{t('landing.never.papers')}</li>
        <li>{t('landing.never.name')}</li>
      </ul>
      <p>{t('landing.never.tracking')}</p>
    </ReporterLayout>
  );
}
