/**
 * Member pages: log in, sign up, warnings and one warning, the identifier
 * check, settings. Every form works without JavaScript, keeps what was typed
 * after an error and shows the error next to its field. Warning texts are
 * rendered as escaped text; identifiers never appear in them.
 */
import { countryName } from '../../../core/places/countries.js';
import { CATEGORIES, IDENTIFIER_KINDS, type IdentifierKind } from '../../../core/taxonomy/taxonomy.js';
import type { Warning } from '../../../core/safety/warnings.service.js';
import type { Area, Organisation } from '../../../core/organisations/organisations.repository.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, Select, TextArea, TextInput, type FieldError, type OptionGroup } from '../../html/fields.js';
import { withLang } from '../../html/render.js';
import { WrittenText } from '../../html/written-text.js';
import { MembersLayout, type MemberPage } from './layout.view.js';

export type Errors = Partial<Record<string, FieldError>>;

function Csrf({ page }: { page: MemberPage }) {
  return (
    <>
      <HiddenInput name="_csrf" value={page.csrf()} />
      <HiddenInput name="lang" value={page.lang} />
    </>
  );
}

function Summary({ page, errors, order }: { page: MemberPage; errors: Errors; order: readonly string[] }) {
  const list = order.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: errors[f]!.text }));
  return <ErrorSummary title={page.t('form.errorSummary', { count: list.length })} errors={list} />;
}

function Notice({ text, alert }: { text: string | undefined; alert?: boolean }) {
  if (!text) return null;
  return (
    <p class="notice" role={alert ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

/** Areas grouped by country, as options. */
export function areaGroups(page: MemberPage, areas: readonly Area[]): OptionGroup[] {
  const byCountry = new Map<string, Area[]>();
  for (const a of areas) byCountry.set(a.country_code, [...(byCountry.get(a.country_code) ?? []), a]);
  return [...byCountry.entries()]
    .map(([cc, list]) => ({ label: countryName(cc, page.lang), options: list.map((a) => ({ value: a.id, label: a.name })) }))
    .sort((x, y) => x.label.localeCompare(y.label, page.lang));
}

/** Check boxes for areas, one group per country. */
function AreaChoices({ page, areas, checked, error }: { page: MemberPage; areas: readonly Area[]; checked: readonly string[]; error?: FieldError | undefined }) {
  return (
    <div id="areas" class={error ? 'has-error' : undefined}>
      <p class="hint" id="areas-hint">
        {page.t('safety.areas.hint')}
      </p>
      {error ? (
        <p class="error" id="areas-error">
          {error.text}
        </p>
      ) : null}
      {areaGroups(page, areas).map((g, i) => (
        <ChoiceGroup
          id={`areas-${i}`}
          name="areas"
          type="checkbox"
          legend={g.label}
          legendClass="sub"
          options={g.options}
          checked={checked}
          describedBy={['areas-hint', error ? 'areas-error' : ''].filter(Boolean).join(' ')}
          invalid={Boolean(error)}
        />
      ))}
    </div>
  );
}

// ---------------------------------------------------------------- login and sign-up

export function LoginView({ page, username = '', error, next = '' }: { page: MemberPage; username?: string; error?: string | undefined; next?: string }) {
  const { t } = page;
  return (
    <MembersLayout page={page} title={t('safety.login.title')}>
      <h1>{t('safety.login.title')}</h1>
      <p>{t('safety.login.intro')}</p>
      <Notice text={error} alert />
      <form method="post" action={withLang('/members/login', page.lang)} accept-charset="utf-8" novalidate>
        <Csrf page={page} />
        {next ? <HiddenInput name="next" value={next} /> : null}
        <TextInput id="username" name="username" label={t('safety.field.username')} value={username} autocomplete="username" dir="auto" />
        <TextInput id="password" name="password" type="password" label={t('safety.field.password')} value="" autocomplete="current-password" />
        <button type="submit">{t('safety.login.submit')}</button>
      </form>
      <p>
        <a href={withLang('/members/signup', page.lang)}>{t('safety.login.noAccount')}</a>
      </p>
      <p>
        <a href={withLang('/members/warnings', page.lang)}>{t('safety.login.public')}</a>
      </p>
    </MembersLayout>
  );
}

export interface SignupValues {
  username: string;
  code: string;
  organisation: string;
  areas: string[];
}

export function SignupView({
  page,
  values,
  errors,
  areas,
  organisations,
  notice,
}: {
  page: MemberPage;
  values: SignupValues;
  errors: Errors;
  areas: readonly Area[];
  organisations: readonly Organisation[];
  notice?: string;
}) {
  const { t } = page;
  return (
    <MembersLayout page={page} title={t('safety.signup.title')}>
      <h1>{t('safety.signup.title')}</h1>
      <p>{t('safety.signup.intro')}</p>
      <Notice text={notice} alert />
      <Summary page={page} errors={errors} order={['username', 'password', 'password_again', 'code', 'organisation', 'areas']} />
      <form method="post" action={withLang('/members/signup', page.lang)} accept-charset="utf-8" novalidate>
        <Csrf page={page} />
        <TextInput
          id="username"
          name="username"
          label={t('safety.field.username')}
          hint={t('safety.signup.usernameHint')}
          value={values.username}
          error={errors.username}
          autocomplete="username"
          dir="auto"
        />
        <TextInput
          id="password"
          name="password"
          type="password"
          label={t('safety.field.password')}
          hint={t('safety.signup.passwordHint')}
          value=""
          error={errors.password}
          autocomplete="new-password"
        />
        <TextInput id="password_again" name="password_again" type="password" label={t('safety.field.passwordAgain')} value="" error={errors.password_again} autocomplete="new-password" />
        <fieldset>
          <legend class="sub">{t('safety.signup.joinLegend')}</legend>
          <TextInput id="code" name="code" label={t('safety.field.code')} optional={t('form.optional')} hint={t('safety.signup.codeHint')} value={values.code} error={errors.code} dir="ltr" />
          <Select
            id="organisation"
            name="organisation"
            label={t('safety.field.organisation')}
            hint={t('safety.signup.organisationHint')}
            value={values.organisation}
            placeholder={t('safety.signup.chooseOrganisation')}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            error={errors.organisation}
          />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('safety.areas.legend')}</legend>
          <AreaChoices page={page} areas={areas} checked={values.areas} error={errors.areas} />
        </fieldset>
        <p class="hint">{t('safety.signup.noEmail')}</p>
        <button type="submit">{t('safety.signup.submit')}</button>
      </form>
    </MembersLayout>
  );
}

export function MessageView({ page, title, body, link }: { page: MemberPage; title: string; body: string; link?: { href: string; text: string } | undefined }) {
  return (
    <MembersLayout page={page} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
      {link ? (
        <p>
          <a href={withLang(link.href, page.lang)}>{link.text}</a>
        </p>
      ) : null}
    </MembersLayout>
  );
}

// ---------------------------------------------------------------- warnings

export interface WarningContext {
  readonly areaName: (id: string | null) => string | null;
}

function placeOf(page: MemberPage, w: Warning, ctx: WarningContext): string {
  const name = ctx.areaName(w.areaId);
  const country = countryName(w.countryCode, page.lang);
  return w.areaId && name ? page.t('place.areaInCountry', { area: name, country }) : page.t('form.where.elsewhere', { country });
}

function whatOf(page: MemberPage, w: Warning): string {
  return page.i18n.list(w.categories.map((c) => page.t(`category.${c}` as ReporterMessageId)));
}

function excerpt(text: string, max = 220): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('').trimEnd()}…`;
}

/** A warning in a list: what, where, when, the start of the text and a link to the whole. */
export function WarningCard({ page, w, ctx, headingLevel = 2 }: { page: MemberPage; w: Warning; ctx: WarningContext; headingLevel?: 2 | 3 }) {
  const { t, i18n } = page;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="warning-card" aria-labelledby={`w-${w.id}`}>
      <H id={`w-${w.id}`}>
        <a href={withLang(`/members/warnings/${w.id}`, page.lang)}>{t('safety.warning.title', { what: whatOf(page, w), place: placeOf(page, w, ctx) })}</a>
      </H>
      <p class="meta">
        {w.incidentMonth ? i18n.day(w.incidentMonth) : t('safety.warning.whenUnknown')} · {t('safety.warning.published', { day: i18n.day(w.publishedDay ?? w.updatedDay) })}
      </p>
      <p class="text" dir="auto" lang={w.parts.lang ?? undefined}>
        {excerpt(w.texts.what)}
      </p>
    </article>
  );
}

export interface ListQuery {
  area: string;
  category: string;
}

function listHref(page: MemberPage, q: ListQuery, pageNo?: number): string {
  const p = new URLSearchParams();
  if (q.area) p.set('area', q.area);
  if (q.category) p.set('category', q.category);
  if (pageNo && pageNo > 1) p.set('page', String(pageNo));
  const s = p.toString();
  return withLang(`/members/warnings${s ? `?${s}` : ''}`, page.lang);
}

export function WarningListView({
  page,
  list,
  query,
  areas,
  ctx,
}: {
  page: MemberPage;
  list: { warnings: readonly Warning[]; total: number; page: number; pages: number };
  query: ListQuery;
  areas: readonly Area[];
  ctx: WarningContext;
}) {
  const { t } = page;
  return (
    <MembersLayout page={page} title={t('safety.list.title')}>
      <h1>{t('safety.list.title')}</h1>
      <p>{page.member ? t('safety.list.introMember') : t('safety.list.introPublic')}</p>
      <form method="get" action="/members/warnings" class="filters">
        <HiddenInput name="lang" value={page.lang} />
        <Select
          id="area"
          name="area"
          label={t('safety.list.place')}
          value={query.area}
          placeholder={page.member ? t('safety.list.myAreas') : t('safety.list.everywhere')}
          groups={areaGroups(page, areas)}
        />
        <Select
          id="category"
          name="category"
          label={t('safety.list.category')}
          value={query.category}
          placeholder={t('safety.list.anyCategory')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}` as ReporterMessageId) }))}
        />
        <button type="submit" class="secondary">
          {t('safety.list.apply')}
        </button>
      </form>
      <p role="status">{t('safety.list.count', { count: list.total })}</p>
      {list.warnings.length === 0 ? <p>{t('safety.list.none')}</p> : null}
      {list.warnings.map((w) => (
        <WarningCard page={page} w={w} ctx={ctx} />
      ))}
      {list.pages > 1 ? (
        <nav class="pager" aria-label={t('safety.list.pages', { page: list.page, pages: list.pages })}>
          <p>{t('safety.list.pages', { page: list.page, pages: list.pages })}</p>
          {list.page > 1 ? <a href={listHref(page, query, list.page - 1)}>{t('safety.list.previous')}</a> : null}{' '}
          {list.page < list.pages ? <a href={listHref(page, query, list.page + 1)}>{t('safety.list.next')}</a> : null}
        </nav>
      ) : null}
      {page.member ? (
        <p>
          <a class="button" href={withLang('/members/check', page.lang)}>
            {t('safety.nav.check')}
          </a>
        </p>
      ) : null}
    </MembersLayout>
  );
}

export interface CorrectionState {
  kind: string;
  text: string;
  error?: FieldError | undefined;
  kindError?: FieldError | undefined;
  sent?: boolean;
  notice?: string | undefined;
}

export function WarningPageView({ page, w, ctx, reports, correction }: { page: MemberPage; w: Warning; ctx: WarningContext; reports: number; correction: CorrectionState }) {
  const { t, i18n } = page;
  const title = t('safety.warning.title', { what: whatOf(page, w), place: placeOf(page, w, ctx) });
  const kinds = [...new Set(w.identifierKinds)];
  // Free text is shown as the caseworker wrote it, marked with its language; the parts above are in the reader's.
  const Written = ({ text }: { text: string }) => <WrittenText text={text} lang={w.parts.lang} readerLang={page.lang} note={(language) => t('text.writtenIn', { language })} />;
  return (
    <MembersLayout page={page} title={title}>
      <p>
        <a href={withLang('/members/warnings', page.lang)}>{t('safety.warning.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="summary">
        <dt>{t('safety.warning.place')}</dt>
        <dd>{placeOf(page, w, ctx)}</dd>
        <dt>{t('safety.warning.when')}</dt>
        <dd>{w.incidentMonth ? i18n.day(w.incidentMonth) : t('safety.warning.whenUnknown')}</dd>
        <dt>{t('safety.warning.what')}</dt>
        <dd>{whatOf(page, w)}</dd>
        {w.parts.people.length ? (
          <>
            <dt>{t('safety.warning.people')}</dt>
            <dd data-part="people">{i18n.list(w.parts.people.map((p) => t(`perpetrator.${p}` as ReporterMessageId)))}</dd>
          </>
        ) : null}
        <dt>{t('safety.warning.story')}</dt>
        <dd>
          <Written text={w.texts.what} />
        </dd>
        {w.parts.signs.length || w.texts.recognise ? (
          <>
            <dt>{t('safety.warning.recognise')}</dt>
            <dd>
              {w.parts.signs.length ? (
                <ul data-part="signs">
                  {w.parts.signs.map((c) => (
                    <li>{t(`warningSign.${c}` as ReporterMessageId)}</li>
                  ))}
                </ul>
              ) : null}
              {w.texts.recognise ? <Written text={w.texts.recognise} /> : null}
            </dd>
          </>
        ) : null}
        {w.parts.modus.length || w.texts.modus ? (
          <>
            <dt>{t('safety.warning.modus')}</dt>
            <dd>
              {w.parts.modus.length ? (
                <ul data-part="modus">
                  {w.parts.modus.map((c) => (
                    <li>{t(`warningModus.${c}` as ReporterMessageId)}</li>
                  ))}
                </ul>
              ) : null}
              {w.texts.modus ? <Written text={w.texts.modus} /> : null}
            </dd>
          </>
        ) : null}
        <dt>{t('safety.warning.basis')}</dt>
        <dd>{t('safety.warning.reports', { count: reports })}</dd>
        {kinds.length ? (
          <>
            <dt>{t('safety.warning.checkable')}</dt>
            <dd>{t('safety.warning.checkableText', { kinds: page.i18n.list(kinds.map((k) => t(`identifier.${k}` as ReporterMessageId).toLocaleLowerCase(page.lang))) })}</dd>
          </>
        ) : null}
      </dl>
      <p class="meta">
        {t('safety.warning.published', { day: i18n.day(w.publishedDay ?? w.updatedDay) })}
        {w.version > 1 && w.updatedDay !== w.publishedDay ? ` · ${t('safety.warning.updated', { day: i18n.day(w.updatedDay) })}` : ''}
        {w.expiresOn ? ` · ${t('safety.warning.until', { day: i18n.day(w.expiresOn) })}` : ''}
      </p>

      <h2 id="correction-title">{t('safety.correction.title')}</h2>
      <p>{t('safety.correction.intro')}</p>
      {correction.sent ? (
        <p class="notice" role="status">
          {t('safety.correction.sent')}
        </p>
      ) : null}
      <Notice text={correction.notice} alert />
      <form method="post" action={withLang(`/members/warnings/${w.id}/correction`, page.lang)} accept-charset="utf-8" novalidate aria-labelledby="correction-title">
        <Csrf page={page} />
        <ChoiceGroup
          id="kind"
          name="kind"
          type="radio"
          legend={t('safety.correction.kind')}
          options={[
            { value: 'correction', label: t('safety.correction.correction') },
            { value: 'dispute', label: t('safety.correction.dispute') },
          ]}
          checked={[correction.kind]}
          error={correction.kindError}
        />
        <TextArea id="text" name="text" label={t('safety.correction.text')} hint={t('safety.correction.hint')} value={correction.text} error={correction.error} rows={5} />
        <button type="submit" class="secondary">
          {t('safety.correction.submit')}
        </button>
      </form>
    </MembersLayout>
  );
}

// ---------------------------------------------------------------- the check

export interface CheckState {
  kind: string;
  value: string;
  country: string;
  error?: FieldError | undefined;
  notice?: string | undefined;
  result?: { normalised: string; kind: IdentifierKind; warnings: readonly Warning[] } | undefined;
  left?: number | undefined;
}

export function CheckView({ page, state, countries, ctx }: { page: MemberPage; state: CheckState; countries: readonly string[]; ctx: WarningContext }) {
  const { t } = page;
  const r = state.result;
  return (
    <MembersLayout page={page} title={t('safety.check.title')}>
      <h1>{t('safety.check.title')}</h1>
      <p>{t('safety.check.intro')}</p>
      <Notice text={state.notice} alert />
      <Summary page={page} errors={{ value: state.error }} order={['value']} />
      {r ? (
        <section class={r.warnings.length ? 'result found' : 'result none'} aria-labelledby="result-title" role="status">
          <h2 id="result-title">{r.warnings.length ? t('safety.check.found', { count: r.warnings.length }) : t('safety.check.none')}</h2>
          <p>
            {t('safety.check.checked', { kind: t(`identifier.${r.kind}` as ReporterMessageId).toLocaleLowerCase(page.lang) })} <bdi dir="ltr">{r.normalised}</bdi>
          </p>
          {r.warnings.length ? <p>{t('safety.check.foundAdvice')}</p> : <p class="warning">{t('safety.check.notSafe')}</p>}
          {r.warnings.map((w) => (
            <WarningCard page={page} w={w} ctx={ctx} headingLevel={3} />
          ))}
        </section>
      ) : null}
      <form method="post" action={withLang('/members/check', page.lang)} accept-charset="utf-8" novalidate>
        <Csrf page={page} />
        <Select id="kind" name="kind" label={t('safety.check.kind')} value={state.kind} options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(`identifier.${k}` as ReporterMessageId) }))} />
        <TextInput id="value" name="value" label={t('safety.check.value')} hint={t('safety.check.valueHint')} value={state.value} error={state.error} dir="ltr" />
        <Select
          id="country"
          name="country"
          label={t('safety.check.country')}
          hint={t('safety.check.countryHint')}
          value={state.country}
          options={countries.map((c) => ({ value: c, label: countryName(c, page.lang) }))}
        />
        <button type="submit">{t('safety.check.submit')}</button>
      </form>
      {state.left !== undefined ? <p class="hint">{t('safety.check.left', { count: state.left })}</p> : null}
      <p class="hint">{t('safety.check.private')}</p>
    </MembersLayout>
  );
}

// ---------------------------------------------------------------- settings

export interface SettingsState {
  areas: string[];
  email: string;
  notifyEmail: boolean;
  errors: Errors;
  /** A feed address made just now (shown once). */
  feedUrl?: string | undefined;
  hasFeed: boolean;
  pushDevices: number;
  vapidPublicKey: string;
  notice?: string | undefined;
}

export function SettingsView({ page, state, areas }: { page: MemberPage; state: SettingsState; areas: readonly Area[] }) {
  const { t } = page;
  const e = state.errors;
  return (
    <MembersLayout page={page} title={t('safety.settings.title')} scripts={['/static/members-push.js']}>
      <h1>{t('safety.settings.title')}</h1>
      <Notice text={state.notice} alert />
      <Summary page={page} errors={e} order={['areas', 'email', 'current', 'new']} />

      <h2 id="areas-title">{t('safety.areas.legend')}</h2>
      <form method="post" action={withLang('/members/settings/areas', page.lang)} accept-charset="utf-8" novalidate aria-labelledby="areas-title">
        <Csrf page={page} />
        <AreaChoices page={page} areas={areas} checked={state.areas} error={e.areas} />
        <button type="submit" class="secondary">
          {t('safety.settings.save')}
        </button>
      </form>

      <h2>{t('safety.settings.howTold')}</h2>
      <p>{t('safety.settings.howToldIntro')}</p>
      <h3 id="email-title">{t('safety.settings.emailTitle')}</h3>
      <form method="post" action={withLang('/members/settings/email', page.lang)} accept-charset="utf-8" novalidate aria-labelledby="email-title">
        <Csrf page={page} />
        <TextInput
          id="email"
          name="email"
          type="email"
          label={t('safety.field.email')}
          optional={t('form.optional')}
          hint={t('safety.settings.emailHint')}
          value={state.email}
          error={e.email}
          autocomplete="email"
          dir="ltr"
        />
        <div class="choice">
          <input type="checkbox" id="notify_email" name="notify_email" value="yes" checked={state.notifyEmail} />
          <label for="notify_email">{t('safety.settings.notifyEmail')}</label>
        </div>
        <button type="submit" class="secondary">
          {t('safety.settings.save')}
        </button>
      </form>

      <h3 id="push-title">{t('safety.settings.pushTitle')}</h3>
      <p>{t('safety.settings.pushIntro')}</p>
      <p>{t('safety.settings.pushDevices', { count: state.pushDevices })}</p>
      <noscript>
        <p class="hint">{t('safety.settings.pushNoScript')}</p>
      </noscript>
      <div id="push" hidden data-vapid={state.vapidPublicKey} data-csrf={page.csrf()} data-lang={page.lang}>
        <button type="button" id="push-on" class="secondary">
          {t('safety.settings.pushOn')}
        </button>
        <p id="push-status" role="status" data-on={t('safety.settings.pushDone')} data-fail={t('safety.settings.pushFailed')} />
      </div>
      {state.pushDevices > 0 ? (
        <form method="post" action={withLang('/members/push/unsubscribe', page.lang)}>
          <Csrf page={page} />
          <button type="submit" class="secondary">
            {t('safety.settings.pushOff')}
          </button>
        </form>
      ) : null}

      <h3 id="feed-title">{t('safety.settings.feedTitle')}</h3>
      <p>{t('safety.settings.feedIntro')}</p>
      {state.feedUrl ? (
        <div class="feed-url">
          <p>
            <strong>{t('safety.settings.feedNew')}</strong>
          </p>
          <p>
            <code dir="ltr" data-feed-url={state.feedUrl}>
              {state.feedUrl}
            </code>
          </p>
        </div>
      ) : state.hasFeed ? (
        <p>{t('safety.settings.feedOn')}</p>
      ) : (
        <p>{t('safety.settings.feedOff')}</p>
      )}
      <form method="post" action={withLang('/members/settings/feed', page.lang)} class="inline-actions">
        <Csrf page={page} />
        <button type="submit" name="action" value="new" class="secondary">
          {state.hasFeed ? t('safety.settings.feedReplace') : t('safety.settings.feedMake')}
        </button>
        {state.hasFeed ? (
          <button type="submit" name="action" value="off" class="secondary">
            {t('safety.settings.feedStop')}
          </button>
        ) : null}
      </form>

      <h2 id="password-title">{t('safety.settings.passwordTitle')}</h2>
      <form method="post" action={withLang('/members/settings/password', page.lang)} accept-charset="utf-8" novalidate aria-labelledby="password-title">
        <Csrf page={page} />
        <TextInput id="current" name="current" type="password" label={t('safety.field.currentPassword')} value="" error={e.current} autocomplete="current-password" />
        <TextInput id="new" name="new" type="password" label={t('safety.field.newPassword')} hint={t('safety.signup.passwordHint')} value="" error={e.new} autocomplete="new-password" />
        <button type="submit" class="secondary">
          {t('safety.settings.passwordSubmit')}
        </button>
      </form>

      <h2 id="leave-title">{t('safety.settings.leaveTitle')}</h2>
      <p>{t('safety.settings.leaveIntro')}</p>
      <form method="post" action={withLang('/members/settings/delete', page.lang)} aria-labelledby="leave-title">
        <Csrf page={page} />
        <div class="choice">
          <input type="checkbox" id="confirm" name="confirm" value="yes" aria-describedby={e.confirm ? 'confirm-error' : undefined} />
          <label for="confirm">{t('safety.settings.leaveConfirm')}</label>
        </div>
        {e.confirm ? (
          <p class="error" id="confirm-error">
            {e.confirm.text}
          </p>
        ) : null}
        <button type="submit" class="secondary">
          {t('safety.settings.leaveSubmit')}
        </button>
      </form>
    </MembersLayout>
  );
}
