/**
 * The members' layout on the reporter surface: the same quick exit and
 * language links as the reporter pages, a short navigation, no third-party
 * resources, no inline script or style. The only script besides quick exit
 * is the optional one that turns on Web Push on the settings page.
 */
import type { ComponentChildren } from 'preact';
import type { Member } from '../../core/members/members.service.js';
import { REPORTER_LOCALES, type ReporterLocale } from '../../i18n/locales.js';
import type { ReporterTranslator } from '../../i18n/reporter/index.js';
import { HiddenInput } from '../html/fields.js';
import { DemoBanner, DocumentHead, FlashNotice, LanguageLinks, QuickExit } from '../html/layout-parts.js';
import { withLang } from '../html/render.js';

/** What every member view receives. */
export interface MemberPage {
  readonly t: ReporterTranslator['t'];
  readonly i18n: ReporterTranslator;
  readonly lang: ReporterLocale;
  /** The current path (with its query, without lang) for the language links. */
  readonly path: string;
  readonly quickExitUrl: string;
  /** True on a demo installation: every page then says so. */
  readonly demo: boolean;
  readonly csrf: () => string;
  readonly member: Member | null;
  readonly flash: string | null;
}

export function MembersLayout({ page, title, children, scripts = [] }: { page: MemberPage; title: string; children: ComponentChildren; scripts?: readonly string[] }) {
  const { t, lang, member } = page;
  const here = page.path.split('?')[0];
  const link = (href: string, label: string) => (
    <li>
      <a href={withLang(href, lang)} aria-current={here === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <html lang={lang} dir={page.i18n.dir}>
      <DocumentHead title={`${title} · ${t('meta.siteName')}`} styles={['/static/parasol.css', '/static/members.css']} scripts={['/static/exit.js', ...scripts]} noindex />
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <QuickExit url={page.quickExitUrl} label={t('nav.quickExit')} hint={t('nav.quickExitHint')} />
          <DemoBanner text={page.demo ? t('network.demoBanner') : null} />
          <p class="brand">
            <a href={withLang('/members', lang)}>{t('meta.siteName')}</a> <span>{t('safety.brand')}</span>
          </p>
          <nav aria-label={t('safety.nav.label')}>
            <ul class="langs member-nav">
              {link('/members/warnings', t('safety.nav.warnings'))}
              {member ? link('/members/check', t('safety.nav.check')) : null}
              {member ? link('/members/settings', t('safety.nav.settings')) : null}
              {member ? null : link('/members/login', t('safety.nav.login'))}
              {member ? null : link('/members/signup', t('safety.nav.signup'))}
              {member ? (
                <li>
                  <form method="post" action={withLang('/members/logout', lang)} class="inline">
                    <HiddenInput name="_csrf" value={page.csrf()} />
                    <button type="submit" class="link">
                      {t('safety.nav.logout')}
                    </button>
                  </form>
                </li>
              ) : null}
            </ul>
          </nav>
          <LanguageLinks label={t('nav.language')} locales={REPORTER_LOCALES} current={lang} href={(l) => withLang(page.path, l)} />
        </header>
        <main id="main">
          <FlashNotice text={page.flash} />
          {children}
        </main>
        <footer>
          <p>{member ? t('safety.footer.member', { name: member.username }) : t('safety.footer.visitor')}</p>
          <p>{t('safety.footer.privacy')}</p>
        </footer>
      </body>
    </html>
  );
}
