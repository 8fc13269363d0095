/**
 * Know your rights: the hub (guides and countries), a country profile in
 * plain words, the page for a country whose parts have different laws, and
 * the guides. Codes from the research data are shown in plain words in the
 * page's language; the research notes are English and say so (lang="en").
 */
import { countryName } from '../../../core/places/countries.js';
import { isLinkableSource, type CountryProfile } from '../../../core/rights/legal-models.js';
import { GUIDE_SLUGS, type GuideSlug } from '../../../core/rights/guides/index.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { isolated } from '../../html/isolate.js';
import { safeHref, withLang } from '../../html/render.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';
import { ServicesStyles } from '../services/services.view.js';

const PART_NAMES: ReadonlySet<string> = new Set(['GB-EAW', 'GB-SCT', 'GB-NIR']);

/** A profile's name in the reader's language: the country, or the part with its country ("Scotland (United Kingdom)"). */
export function jurisdictionName(page: ReporterPage, p: Pick<CountryProfile, 'code' | 'iso2' | 'subdivisionCode' | 'name'>): string {
  if (!p.subdivisionCode) return countryName(p.iso2, page.lang);
  // A part without a translated name keeps the data's own English name, which names the country too.
  return PART_NAMES.has(p.subdivisionCode) ? page.t(`rights.part.${p.subdivisionCode}` as ReporterMessageId) : p.name;
}

/** The URL path of a profile ("/rights/GB-SCT"). */
export function profilePath(code: string): string {
  return `/rights/${encodeURIComponent(code)}`;
}

export function Disclaimer({ page }: { page: ReporterPage }) {
  return (
    <p class="disclaimer" role="note">
      {page.t('rights.disclaimer')}
    </p>
  );
}

function GuideList({ page }: { page: ReporterPage }) {
  const { t, lang } = page;
  return (
    <ul class="guides">
      {GUIDE_SLUGS.map((slug) => (
        <li>
          <a href={withLang(`/rights/guides/${slug}`, lang)}>{t(`rights.guide.${slug}`)}</a>
          <span class="hint">{t(`rights.guide.${slug}.summary`)}</span>
        </li>
      ))}
    </ul>
  );
}

export function sortedByName(page: ReporterPage, profiles: readonly CountryProfile[]): Array<{ profile: CountryProfile; name: string }> {
  const collator = new Intl.Collator(page.lang);
  return profiles.map((profile) => ({ profile, name: jurisdictionName(page, profile) })).sort((a, b) => collator.compare(a.name, b.name));
}

export function RightsHubView({ page, profiles }: { page: ReporterPage; profiles: readonly CountryProfile[] }) {
  const { t, lang } = page;
  return (
    <ReporterLayout page={page} title={t('rights.title')}>
      <ServicesStyles />
      <h1>{t('rights.title')}</h1>
      <p class="lead">{t('rights.intro')}</p>
      <Disclaimer page={page} />
      <h2>{t('rights.guides')}</h2>
      <GuideList page={page} />
      <h2>{t('rights.countries')}</h2>
      {profiles.length === 0 ? (
        <p>{t('rights.none')}</p>
      ) : (
        <>
          <p>
            {t('rights.countriesIntro')} <a href={withLang('/rights/map', lang)}>{t('rights.mapLink')}</a>
          </p>
          <ul class="countries">
            {sortedByName(page, profiles).map(({ profile, name }) => (
              <li>
                <a href={withLang(profilePath(profile.code), lang)}>{name}</a>
                <span class="hint">
                  {t(`rights.model.${profile.legalModel}`)}
                  {profile.confidence === 'low' ? ` · ${t('rights.confidence.low')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={withLang('/services', lang)}>{t('services.title')}</a>
      </p>
    </ReporterLayout>
  );
}

function shownSource(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

export function ProfileView({ page, profile: p, hasServices, changedBy }: { page: ReporterPage; profile: CountryProfile; hasServices: boolean; changedBy?: string | undefined }) {
  const { t, lang, i18n } = page;
  const name = jurisdictionName(page, p);
  const country = countryName(p.iso2, lang);
  return (
    <ReporterLayout page={page} title={name}>
      <ServicesStyles />
      <p>
        <a href={withLang('/rights/map', lang)}>{t('rights.profile.back')}</a>
      </p>
      <h1>{name}</h1>
      <p class={`model model-${p.legalModel}`} data-model={p.legalModel}>
        <span class="swatch" aria-hidden="true" /> {t(`rights.model.${p.legalModel}`)}
      </p>
      <p>{t(`rights.plain.${p.legalModel}`)}</p>
      {p.confidence === 'low' ? (
        <p class="notice unverified" role="note" data-confidence="low">
          {t('rights.unverified')}
        </p>
      ) : null}
      <dl class="summary">
        <dt>{t('rights.profile.since')}</dt>
        <dd>{p.year === null ? t('rights.yearUnknown') : String(p.year)}</dd>
      </dl>
      <h2>{t('rights.profile.offences')}</h2>
      <dl class="summary">
        <dt>{t('rights.profile.selling')}</dt>
        <dd>{t(`rights.selling.${p.selling}`)}</dd>
        <dt>{t('rights.profile.buying')}</dt>
        <dd>{t(`rights.buying.${p.buying}`)}</dd>
        <dt>{t('rights.profile.thirdParties')}</dt>
        <dd>{t(`rights.third.${p.thirdParties}`)}</dd>
      </dl>
      <h2>{t('rights.profile.migrants')}</h2>
      <p>{t(`rights.migrant.${p.migrantRule}`)}</p>
      <h3>{t('rights.profile.safeReporting')}</h3>
      {p.safeReporting ? (
        <p class="text" dir="auto">
          {p.safeReporting}
        </p>
      ) : (
        <p>{t('rights.profile.safeReportingNone')}</p>
      )}
      {p.yearBasis || p.migrantNotes || p.notes ? (
        <>
          <h2>{t('rights.profile.notes')}</h2>
          {lang !== 'en' ? <p class="hint">{t('rights.profile.notesLanguage')}</p> : null}
          <dl class="summary notes" lang="en" dir="ltr">
            {p.yearBasis ? (
              <>
                <dt>{t('rights.profile.yearBasis')}</dt>
                <dd class="text">{p.yearBasis}</dd>
              </>
            ) : null}
            {p.migrantNotes ? (
              <>
                <dt>{t('rights.profile.migrantNotes')}</dt>
                <dd class="text">{p.migrantNotes}</dd>
              </>
            ) : null}
            {p.notes ? (
              <>
                <dt>{t('rights.profile.otherNotes')}</dt>
                <dd class="text">{p.notes}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : null}
      <h2>{t('rights.profile.sources')}</h2>
      <ol class="sources">
        {p.sources.map((s) =>
          isLinkableSource(s) ? (
            <li>
              <a href={safeHref(s)} rel="noopener noreferrer" dir="ltr">
                {shownSource(s)}
              </a>
            </li>
          ) : (
            <li>
              <span dir="ltr" class="plain-source">
                {shownSource(s)}
              </span>{' '}
              <span class="hint">{t('rights.profile.sourceNotLinked')}</span>
            </li>
          ),
        )}
      </ol>
      <p data-confidence={p.confidence}>
        <strong>{t('rights.profile.confidence', { level: t(`rights.confidence.${p.confidence}`) })}</strong>
        {p.confidenceReason ? (
          <>
            {' '}
            <span lang="en" dir="ltr">
              ({p.confidenceReason})
            </span>
          </>
        ) : null}
      </p>
      <p>
        {t('rights.profile.reviewed', { day: i18n.day(p.reviewedDay) })}
        {p.latestSourceYear !== null ? ` ${t('rights.profile.latestSource', { year: String(p.latestSourceYear) })}` : ''}
      </p>
      {changedBy && p.changedDay ? <p class="changed-by">{isolated((mark) => t('network.changedBy', { organisation: mark(changedBy), day: i18n.day(p.changedDay!) }))}</p> : null}
      <Disclaimer page={page} />
      {hasServices ? (
        <p>
          <a href={withLang(`/services?place=${encodeURIComponent(p.iso2)}`, lang)}>{t('rights.profile.services', { country })}</a>
        </p>
      ) : null}
      <h2>{t('rights.guides')}</h2>
      <GuideList page={page} />
    </ReporterLayout>
  );
}

/** A country whose parts have different laws (the United Kingdom): one link per part. */
export function PartsView({ page, iso2, parts }: { page: ReporterPage; iso2: string; parts: readonly CountryProfile[] }) {
  const { t, lang } = page;
  const country = countryName(iso2, lang);
  return (
    <ReporterLayout page={page} title={country}>
      <ServicesStyles />
      <p>
        <a href={withLang('/rights/map', lang)}>{t('rights.profile.back')}</a>
      </p>
      <h1>{country}</h1>
      <p>{t('rights.profile.parts', { country })}</p>
      <ul class="countries">
        {sortedByName(page, parts).map(({ profile, name }) => (
          <li>
            <a href={withLang(profilePath(profile.code), lang)}>{name}</a>
            <span class="hint">{t(`rights.model.${profile.legalModel}`)}</span>
          </li>
        ))}
      </ul>
      <Disclaimer page={page} />
    </ReporterLayout>
  );
}

export function GuideView({ page, slug, html, title }: { page: ReporterPage; slug: GuideSlug; html: string; title: string }) {
  const { t, lang } = page;
  return (
    <ReporterLayout page={page} title={title || t(`rights.guide.${slug}`)}>
      <ServicesStyles />
      <p>
        <a href={withLang('/rights', lang)}>{t('rights.guide.back')}</a>
      </p>
      {/*
        Safe to insert: the HTML comes from renderGuideMarkdown, which renders only our own shipped Markdown
        guides and turns any raw HTML in them into escaped text, drops images, and keeps only relative or
        https links. Nothing a user typed reaches it.
      */}
      <article class="guide" dangerouslySetInnerHTML={{ __html: html }} />
      <Disclaimer page={page} />
      <h2>{t('rights.guides')}</h2>
      <GuideList page={page} />
    </ReporterLayout>
  );
}
