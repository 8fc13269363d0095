/** The staff layout: navigation by role, a logout form (CSRF-protected), and the language switcher. */
import type { ComponentChildren } from 'preact';
import { STAFF_LOCALES } from '../../i18n/staff/index.js';
import { HiddenInput } from '../html/fields.js';
import { DemoBanner, DocumentHead, FlashNotice, LanguageLinks } from '../html/layout-parts.js';
import { STAFF_NAV } from './nav.js';
import type { StaffPage } from './page.js';

export function StaffLayout({ page, title, children }: { page: StaffPage; title: string; children: ComponentChildren }) {
  const { t, auth } = page;
  const sep = page.path.includes('?') ? '&' : '?';
  return (
    <html lang={page.lang} dir={page.i18n.dir}>
      <DocumentHead title={`${title} · ${t('meta.title')}`} styles={['/static/parasol.css', '/static/staff.css']} noindex />
      <body class="staff">
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top">
          <DemoBanner text={page.demo ? t('network.demoBanner') : null} />
          <p class="brand">
            <a href="/">{t('meta.title')}</a>
            {auth ? <span>{t('nav.signedInAs', { name: auth.user.displayName, organisation: page.organisationName })}</span> : null}
          </p>
          {auth ? (
            <nav aria-label={t('meta.title')}>
              <ul class="langs">
                {STAFF_NAV.filter((item) => !item.roles || item.roles.includes(auth.user.role)).map((item) => (
                  <li>
                    <a href={item.href} aria-current={page.path.split('?')[0] === item.href ? 'page' : undefined}>
                      {t(item.label)}
                    </a>
                  </li>
                ))}
                <li>
                  <form method="post" action="/logout" class="inline">
                    <HiddenInput name="_csrf" value={page.csrf()} />
                    <button type="submit" class="link">
                      {t('nav.logout')}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
          <LanguageLinks label={t('nav.language')} locales={STAFF_LOCALES} current={page.lang} href={(l) => `${page.path}${sep}lang=${l}`} />
        </header>
        <main id="main">
          <FlashNotice text={page.flash} />
          {children}
        </main>
      </body>
    </html>
  );
}
