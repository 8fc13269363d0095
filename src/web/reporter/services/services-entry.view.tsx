/**
 * One service as a reporter reads it: what it does, where, in which
 * languages, how to reach it, and its firewall rating in plain words. Used by
 * the directory, a service's own page and the referrals after a report.
 * Everything an admin typed is rendered as escaped text; links are built only
 * from validated values (https sites, checked phone numbers and addresses).
 */
import { countryName } from '../../../core/places/countries.js';
import { firewallLevel, pickDescription, type Service, type Tristate } from '../../../core/services/services.types.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { safeHref, withLang } from '../../html/render.js';
import type { ReporterPage } from '../../html/page.js';
import { WrittenText } from '../../html/written-text.js';

const languageNames = new Map<string, Intl.DisplayNames>();

/** A language's name in the reader's language ("Romanian"), or its code when unknown. */
export function languageName(code: string, locale: string): string {
  let dn = languageNames.get(locale);
  if (!dn) {
    dn = new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' });
    languageNames.set(locale, dn);
  }
  return dn.of(code) ?? code;
}

export function kindsOf(items: readonly string[]): string {
  return items.join(' · ');
}

/** Where a service is, in the reader's language: the city and the country on lines of their own (no punctuation to translate). */
export function ServicePlace({ page, service: s, areaName }: { page: ReporterPage; service: Service; areaName?: string | undefined }) {
  const country = countryName(s.countryCode, page.lang);
  if (!s.areaId && !s.city) return <span class="line">{page.t('services.entry.wholeCountry', { country })}</span>;
  const city = s.city || areaName;
  return (
    <>
      {city ? (
        <span class="line" dir="auto">
          {city}
        </span>
      ) : null}
      <span class="line">{country}</span>
    </>
  );
}

/** tel: link from a checked phone number (digits and a leading plus only). */
function telHref(phone: string): string | null {
  const digits = phone.replace(/[^+0-9]/g, '');
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null;
}

function mailHref(email: string): string | null {
  return /^[^\s@<>"?&]+@[^\s@<>"?&/]+\.[^\s@<>"?&/]+$/u.test(email) ? `mailto:${email}` : null;
}

function shownUrl(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/$/, '');
}

function point<K extends string>(page: ReporterPage, prefix: string, answer: Tristate, skip: readonly Tristate[] = []): string | null {
  if (skip.includes(answer)) return null;
  return page.t(`${prefix}.${answer}` as K as ReporterMessageId);
}

/** The firewall rating: one word, a plain explanation, and each point. */
export function FirewallBox({ page, service, headingLevel }: { page: ReporterPage; service: Service; headingLevel: 2 | 3 | 4 }) {
  const { t } = page;
  const f = service.firewall;
  const level = firewallLevel(f);
  const Heading = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'h4';
  const points = [
    point(page, 'services.firewall.immigration', f.sharesWithImmigration),
    point(page, 'services.firewall.id', f.asksForId),
    point(page, 'services.firewall.police', f.needsPoliceReport),
    point(page, 'services.firewall.swLed', f.sexWorkerLed, ['unknown']),
    point(page, 'services.firewall.trans', f.transInclusive, ['unknown']),
    f.verifiedDay ? t('services.firewall.checked', { day: page.i18n.day(f.verifiedDay) }) : t('services.firewall.notChecked'),
  ].filter((p): p is string => p !== null);
  return (
    <section class={`firewall firewall-${level}`} data-firewall={level}>
      <Heading>{t('services.firewall.title', { level: t(`services.firewall.level.${level}`) })}</Heading>
      <p>{t(`services.firewall.explain.${level}`)}</p>
      <ul>
        {points.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </section>
  );
}

export interface ServiceEntryProps {
  page: ReporterPage;
  service: Service;
  /** The area's name, when the service is linked to an area and has no city of its own. */
  areaName?: string | undefined;
  /** Heading level of the entry's name (the firewall heading is one below). */
  headingLevel: 1 | 2 | 3;
  /** Links to other sites open a new tab, so that this page (a receipt) stays open. */
  newTab?: boolean;
  /** Offer a link to the entry's own page. */
  selfLink?: boolean;
}

export function ServiceEntry({ page, service: s, areaName, headingLevel, newTab, selfLink }: ServiceEntryProps) {
  const { t, lang } = page;
  const Heading = headingLevel === 1 ? 'h1' : headingLevel === 2 ? 'h2' : 'h3';
  const tabAttrs = newTab ? { target: '_blank', rel: 'noopener noreferrer' } : { rel: 'noreferrer' };
  const tel = s.phone ? telHref(s.phone) : null;
  const mail = s.email ? mailHref(s.email) : null;
  const site = s.website ? safeHref(s.website) : '/';
  const titleId = `service-${s.id}-name`;
  // The reader's language first, then the organisation's own description, then any other; marked when not the reader's.
  const description = pickDescription(s, lang);
  return (
    <article class="service" id={`service-${s.id}`} aria-labelledby={titleId} data-service-id={s.id}>
      <Heading id={titleId} dir="auto">
        {s.name}
      </Heading>
      <p class="kinds">{kindsOf(s.categories.map((c) => t(`services.category.${c}`)))}</p>
      {description ? <WrittenText as="p" text={description.text} lang={description.lang} readerLang={lang} note={(language) => t('text.writtenIn', { language })} /> : null}
      <dl class="facts">
        <dt>{t('services.entry.place')}</dt>
        <dd>
          <ServicePlace page={page} service={s} areaName={areaName} />
          {s.address ? (
            <span class="line address" dir="auto">
              {s.address}
            </span>
          ) : null}
        </dd>
        <dt>{t('services.entry.languages')}</dt>
        <dd>{page.i18n.list(s.languages.map((l) => languageName(l, lang)))}</dd>
        {s.phone || s.email || s.website || s.messaging ? (
          <>
            <dt>{t('services.entry.contact')}</dt>
            <dd>
              <ul class="contact">
                {s.phone ? (
                  <li>
                    {t('services.entry.phone')}:{' '}
                    {tel ? (
                      <a href={tel} dir="ltr">
                        {s.phone}
                      </a>
                    ) : (
                      <span dir="ltr">{s.phone}</span>
                    )}
                  </li>
                ) : null}
                {s.email ? (
                  <li>
                    {t('services.entry.email')}:{' '}
                    {mail ? (
                      <a href={mail} dir="ltr">
                        {s.email}
                      </a>
                    ) : (
                      <span dir="ltr">{s.email}</span>
                    )}
                  </li>
                ) : null}
                {s.website && site !== '/' ? (
                  <li>
                    {t('services.entry.website')}:{' '}
                    <a href={site} {...tabAttrs}>
                      <span dir="ltr">{shownUrl(s.website)}</span>
                      {newTab ? ` ${t('services.entry.newTab')}` : ''}
                    </a>
                  </li>
                ) : null}
                {s.messaging ? (
                  <li>
                    {t('services.entry.messaging')}: <span dir="auto">{s.messaging}</span>
                  </li>
                ) : null}
              </ul>
            </dd>
          </>
        ) : null}
        {s.openingHours ? (
          <>
            <dt>{t('services.entry.hours')}</dt>
            <dd dir="auto">{s.openingHours}</dd>
          </>
        ) : null}
        <dt>{t('services.entry.cost')}</dt>
        <dd>{t(`services.cost.${s.cost}`)}</dd>
      </dl>
      <FirewallBox page={page} service={s} headingLevel={(headingLevel + 1) as 2 | 3 | 4} />
      {selfLink ? (
        <p class="self">
          <a href={withLang(`/services/${s.id}`, lang)} aria-label={`${t('services.more')}: ${s.name}${newTab ? ` ${t('services.entry.newTab')}` : ''}`} {...(newTab ? tabAttrs : {})}>
            {t('services.more')}
            {newTab ? ` ${t('services.entry.newTab')}` : ''}
          </a>
        </p>
      ) : null}
    </article>
  );
}
