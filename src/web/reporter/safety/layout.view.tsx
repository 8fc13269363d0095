/**
 * The members' layout on the reporter surface: the same quick exit and
 * language links as the reporter pages, a short navigation, no third-party
 * resources, no inline script or style. The only script besides quick exit
 * is the optional one that turns on Web Push on the settings page.
 */
import type { ComponentChildren } from 'preact';
import type { Member } from '../../../core/safety/members.service.js';
import { REPORTER_LOCALES } from '../../../i18n/locales.js';
import { HiddenInput } from '../../html/fields.js';
import { isolated } from '../../html/isolate.js';
import { FlashNotice } from '../../html/layout-parts.js';
import type { ReporterPage } from '../../html/page.js';
import { withLang } from '../../html/render.js';
import { PageShell } from '../../html/shell.js';

/** What every member view receives. */
export interface MemberPage extends ReporterPage {
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
  const nav = (
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
  );
  return (
    <PageShell
      page={page}
      title={title}
      styles={['/static/parasol.css', '/static/members.css']}
      scripts={['/static/exit.js', ...scripts]}
      noindex
      brandHref={withLang('/members', lang)}
      tagline={t('safety.brand')}
      nav={nav}
      languages={{ label: t('nav.language'), locales: REPORTER_LOCALES }}
      beforeMain={<FlashNotice text={page.flash} />}
      footer={[member ? isolated((mark) => t('safety.footer.member', { name: mark(member.username) })) : t('safety.footer.visitor'), t('safety.footer.privacy')]}
    >
      {children}
    </PageShell>
  );
}
