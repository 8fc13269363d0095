/**
 * The public services directory: a filter form that works without
 * JavaScript (GET, so a filtered list can be bookmarked), the entries, and
 * one entry's own page.
 */
import { countryName } from '../../../core/places/countries.js';
import type { DirectoryChoices, DirectoryPage } from '../../../core/services/services.repository.js';
import { SERVICE_CATEGORIES, type Service } from '../../../core/services/services.types.js';
import { HiddenInput, Select, type OptionGroup } from '../../html/fields.js';
import { withLang } from '../../html/render.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';
import { languageName, ServiceEntry } from './services-entry.view.js';

/** The directory's stylesheet, loaded from the page body (same origin; the layout's head is shared). */
export function ServicesStyles() {
  return <link rel="stylesheet" href="/static/services.css" />;
}

/** The filter as the page shows it (validated values only; '' means "any"). */
export interface DirectoryQuery {
  readonly place: string;
  readonly category: string;
  readonly language: string;
  readonly noImmigration: boolean;
}

export function directoryUrl(q: DirectoryQuery, lang: string, page?: number): string {
  const p = new URLSearchParams();
  if (q.place) p.set('place', q.place);
  if (q.category) p.set('category', q.category);
  if (q.language) p.set('language', q.language);
  if (q.noImmigration) p.set('noimm', '1');
  if (page && page > 1) p.set('page', String(page));
  p.set('lang', lang);
  return `/services?${p.toString()}`;
}

function placeGroups(page: ReporterPage, choices: DirectoryChoices): OptionGroup[] {
  const collator = new Intl.Collator(page.lang);
  return choices.countries
    .map((code) => ({ code, name: countryName(code, page.lang) }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ code, name }) => ({
      label: name,
      options: [
        { value: code, label: page.t('services.filter.wholeCountry', { country: name }) },
        ...choices.areas
          .filter((a) => a.countryCode === code)
          .sort((a, b) => collator.compare(a.name, b.name))
          .map((a) => ({ value: a.id, label: a.name })),
      ],
    }));
}

function languageOptions(page: ReporterPage, codes: readonly string[]) {
  const collator = new Intl.Collator(page.lang);
  return codes
    .map((code) => {
      const name = languageName(code, page.lang);
      const own = languageName(code, code);
      return { value: code, label: own && own !== name && own !== code ? `${name} (${own})` : name };
    })
    .sort((a, b) => collator.compare(a.label, b.label));
}

export function DirectoryView({
  page,
  query,
  choices,
  result,
  areaNames,
}: {
  page: ReporterPage;
  query: DirectoryQuery;
  choices: DirectoryChoices;
  result: DirectoryPage;
  areaNames: ReadonlyMap<string, string>;
}) {
  const { t, lang } = page;
  const collator = new Intl.Collator(lang);
  const categories = SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`services.category.${c}`) })).sort((a, b) => collator.compare(a.label, b.label));
  const filtered = Boolean(query.place || query.category || query.language || query.noImmigration);
  return (
    <ReporterLayout page={page} title={t('services.title')}>
      <ServicesStyles />
      <h1>{t('services.title')}</h1>
      <p class="lead">{t('services.intro')}</p>
      <form method="get" action="/services" class="directory-filter" role="search" aria-labelledby="filter-title">
        <h2 id="filter-title">{t('services.filters')}</h2>
        <HiddenInput name="lang" value={lang} />
        <Select id="place" name="place" label={t('services.filter.place')} value={query.place} placeholder={t('services.filter.anyPlace')} groups={placeGroups(page, choices)} />
        <Select id="category" name="category" label={t('services.filter.category')} value={query.category} placeholder={t('services.filter.anyCategory')} options={categories} />
        <Select
          id="language"
          name="language"
          label={t('services.filter.language')}
          value={query.language}
          placeholder={t('services.filter.anyLanguage')}
          options={languageOptions(page, choices.languages)}
        />
        <div class="choice">
          <input type="checkbox" id="noimm" name="noimm" value="1" checked={query.noImmigration} aria-describedby="noimm-hint" />
          <label for="noimm">{t('services.filter.noImmigration')}</label>
        </div>
        <p class="hint" id="noimm-hint">
          {t('services.filter.noImmigrationHint')}
        </p>
        <button type="submit">{t('services.filter.apply')}</button> {filtered ? <a href={withLang('/services', lang)}>{t('services.filter.clear')}</a> : null}
      </form>
      <p role="status" class="count">
        {t('services.count', { count: result.total })}
      </p>
      {result.total === 0 ? <p>{t('services.none')}</p> : null}
      <div class="services">
        {result.entries.map((s) => (
          <ServiceEntry page={page} service={s} areaName={s.areaId ? areaNames.get(s.areaId) : undefined} headingLevel={2} selfLink />
        ))}
      </div>
      {result.pages > 1 ? (
        <nav class="pager" aria-label={t('services.pager', { page: result.page, pages: result.pages })}>
          <p>{t('services.pager', { page: result.page, pages: result.pages })}</p>
          {result.page > 1 ? <a href={directoryUrl(query, lang, result.page - 1)}>{t('services.previous')}</a> : null}{' '}
          {result.page < result.pages ? <a href={directoryUrl(query, lang, result.page + 1)}>{t('services.next')}</a> : null}
        </nav>
      ) : null}
      <p>
        <a href={withLang('/rights', lang)}>{t('rights.title')}</a>
      </p>
    </ReporterLayout>
  );
}

export function ServicePageView({ page, service, areaName }: { page: ReporterPage; service: Service; areaName?: string | undefined }) {
  const { t, lang } = page;
  return (
    <ReporterLayout page={page} title={service.name}>
      <ServicesStyles />
      <p>
        <a href={withLang('/services', lang)}>{t('services.back')}</a>
      </p>
      <div class="services single">
        <ServiceEntry page={page} service={service} areaName={areaName} headingLevel={1} />
      </div>
      <p>
        <a href={withLang(`/rights/${service.countryCode}`, lang)}>{t('services.referrals.rights', { country: countryName(service.countryCode, lang) })}</a>
      </p>
    </ReporterLayout>
  );
}
