/**
 * Referrals shown to a reporter on the receipt page and in follow-up:
 * services that fit the report's place, its categories and the page's
 * language, best first (never a service that may pass data to immigration
 * authorities). The receipt page is shown once, so every link that leaves
 * the page opens a new tab.
 */
import type { VNode } from 'preact';
import type { Context } from '../../../context.js';
import { countryName } from '../../../core/places/countries.js';
import { reporterReferrals } from '../../../core/services/referrals.service.js';
import { withLang } from '../../html/render.js';
import type { ReporterPage } from '../../html/page.js';
import { ServiceEntry } from './services-entry.view.js';
import { ServicesStyles } from './services.view.js';

export interface ReferralQuery {
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly categories: readonly string[];
}

const NEW_TAB = { target: '_blank', rel: 'noopener noreferrer' } as const;

/** The referral section for a report, or null when there is nothing to show. */
export async function referralsFor(ctx: Context, page: ReporterPage, query: ReferralQuery): Promise<VNode | null> {
  const { ranked, areaNames: areaName, hasProfile } = await reporterReferrals(ctx.core.db, { ...query, language: page.lang });
  const { t, lang } = page;
  const country = countryName(query.countryCode, lang);
  return (
    <section class="referrals" aria-labelledby="referrals-title">
      <ServicesStyles />
      <h2 id="referrals-title">{t('services.referrals.title')}</h2>
      {ranked.length ? <p>{t('services.referrals.intro')}</p> : <p>{t('services.referrals.none')}</p>}
      <div class="services">
        {ranked.map((r) => (
          <ServiceEntry page={page} service={r.service} areaName={r.service.areaId ? areaName.get(r.service.areaId) : undefined} headingLevel={3} newTab />
        ))}
      </div>
      {ranked.length || hasProfile ? (
        <ul class="referral-links">
          {ranked.length ? (
            <li>
              <a href={withLang(`/services?place=${encodeURIComponent(query.countryCode)}`, lang)} {...NEW_TAB}>
                {t('services.referrals.all', { country })} {t('services.entry.newTab')}
              </a>
            </li>
          ) : null}
          {hasProfile ? (
            <li>
              <a href={withLang(`/rights/${encodeURIComponent(query.countryCode)}`, lang)} {...NEW_TAB}>
                {t('services.referrals.rights', { country })} {t('services.entry.newTab')}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}
