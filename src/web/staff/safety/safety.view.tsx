/**
 * Staff pages of community safety: the overview, the warning form (drafting
 * from a report, editing, amending), a warning with its workflow, the
 * corrections queue, match notices, members and invite codes, settings.
 * Identifiers in clear appear only on the warning form, to the caseworker
 * who can read the report anyway; a warning shows only their kinds.
 */
import type { ComponentChildren } from 'preact';
import type { MatchNoticeView } from '../../../core/matching/matching.service.js';
import { PENDING_SIGNUPS_MAX, type InviteRow, type MemberListRow } from '../../../core/safety/members.service.js';
import { countryName } from '../../../core/places/countries.js';
import { CATEGORY_GROUP_CODES, CATEGORY_GROUPS, IDENTIFIER_KINDS, PERPETRATOR_TYPES, type IdentifierKind } from '../../../core/taxonomy/taxonomy.js';
import { TEXT_LANGUAGES, WARNING_MODUS, WARNING_SIGNS } from '../../../core/safety/parts.js';
import type { CorrectionView } from '../../../core/safety/corrections.service.js';
import { SETTINGS_LIMITS, VISIBILITIES, type SafetySettings } from '../../../core/safety/settings.js';
import { WITHDRAW_REASONS, type Warning, type WarningInput } from '../../../core/safety/warnings.service.js';
import { type ReporterMessageId } from '../../../i18n/reporter/index.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, Select, TextArea, TextInput, type FieldError, type OptionGroup } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import { reporterWords, type StaffPage } from '../page.js';
import type { ReportId, UserId } from '../../../core/shared/ids.js';

export type Errors = Partial<Record<string, FieldError>>;

/** Category, perpetrator and identifier labels come from the reporter catalog, in the staff page's language. */
export function reporterLabel(page: StaffPage): (id: string) => string {
  const r = reporterWords(page);
  return (id) => r.t(id as ReporterMessageId);
}

function Csrf({ page }: { page: StaffPage }) {
  return <HiddenInput name="_csrf" value={page.csrf()} />;
}

function short(id: string): string {
  return id.slice(0, 8);
}

export interface AreaNames {
  readonly name: (id: string | null) => string | null;
}

export function placeText(page: StaffPage, w: Pick<Warning, 'areaId' | 'countryCode'>, areas: AreaNames): string {
  const name = areas.name(w.areaId);
  const country = countryName(w.countryCode, page.lang);
  return w.areaId && name ? `${name}, ${country}` : page.t('staffSafety.place.elsewhere', { country });
}

export function statusOf(w: Pick<Warning, 'status' | 'active'>): 'draft' | 'pending' | 'published' | 'expired' | 'withdrawn' {
  return w.status === 'published' && !w.active ? 'expired' : w.status;
}

function SafetyTabs({ page, counts }: { page: StaffPage; counts?: { pending: number; corrections: number; matches: number; members: number } }) {
  const { t } = page;
  const here = page.path.split('?')[0];
  const items: Array<[string, string]> = [
    ['/safety', t('staffSafety.tab.warnings')],
    ['/safety/corrections', counts ? `${t('staffSafety.tab.corrections')} (${page.i18n.number(counts.corrections)})` : t('staffSafety.tab.corrections')],
    ['/safety/matches', counts ? `${t('staffSafety.tab.matches')} (${page.i18n.number(counts.matches)})` : t('staffSafety.tab.matches')],
    ['/safety/members', counts ? `${t('staffSafety.tab.members')} (${page.i18n.number(counts.members)})` : t('staffSafety.tab.members')],
  ];
  if (page.auth?.user.role === 'admin') items.push(['/safety/settings', t('staffSafety.tab.settings')]);
  return (
    <nav aria-label={t('staffSafety.title')}>
      <ul class="tabs">
        {items.map(([href, label]) => (
          <li>
            <a href={href} aria-current={here === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SafetyLayout({
  page,
  title,
  children,
  counts,
}: {
  page: StaffPage;
  title: string;
  children: ComponentChildren;
  counts?: { pending: number; corrections: number; matches: number; members: number };
}) {
  return (
    <StaffLayout page={page} title={title}>
      <SafetyTabs page={page} {...(counts ? { counts } : {})} />
      {children}
    </StaffLayout>
  );
}

// ---------------------------------------------------------------- overview

export function OverviewView({
  page,
  warnings,
  areas,
  counts,
  reportRef,
  reportError,
  review,
}: {
  page: StaffPage;
  warnings: readonly Warning[];
  areas: AreaNames;
  counts: { pending: number; corrections: number; matches: number; members: number };
  reportRef: string;
  reportError?: FieldError | undefined;
  /** Warnings resting on a report whose reporter withdrew consent to warn: flagged for review. */
  review?: ReadonlySet<string>;
}) {
  const { t, i18n } = page;
  const label = reporterLabel(page);
  const groups = ['pending', 'draft', 'published', 'expired', 'withdrawn'] as const;
  return (
    <SafetyLayout page={page} title={t('staffSafety.title')} counts={counts}>
      <h1>{t('staffSafety.title')}</h1>
      <p>{t('staffSafety.intro')}</p>
      <form method="get" action="/safety/warnings/new" class="filters" novalidate>
        <h2>{t('staffSafety.draft.fromReport')}</h2>
        <TextInput id="report" name="report" label={t('staffSafety.draft.reportRef')} hint={t('staffSafety.draft.reportRefHint')} value={reportRef} error={reportError} dir="ltr" />
        <button type="submit">{t('staffSafety.draft.start')}</button>
      </form>
      {groups.map((g) => {
        const list = warnings.filter((w) => statusOf(w) === g);
        if (list.length === 0) return null;
        return (
          <section aria-labelledby={`group-${g}`}>
            <h2 id={`group-${g}`}>
              {t(`staffSafety.status.${g}` as StaffMessageId)} ({i18n.number(list.length)})
            </h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('staffSafety.col.warning')}</th>
                    <th scope="col">{t('staffSafety.col.place')}</th>
                    <th scope="col">{t('staffSafety.col.what')}</th>
                    <th scope="col">{t('staffSafety.col.updated')}</th>
                    <th scope="col">{t('staffSafety.col.expires')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((w) => (
                    <tr>
                      <td>
                        <a href={`/safety/warnings/${w.id}`}>{short(w.id)}</a>
                        {review?.has(w.id) ? (
                          <>
                            {' '}
                            <strong class="tag" data-review={w.id}>
                              {t('staffSafety.review.flag')}
                            </strong>
                          </>
                        ) : null}
                      </td>
                      <td>{placeText(page, w, areas)}</td>
                      <td>{w.categories.map((c) => label(`category.${c}`)).join(', ')}</td>
                      <td>{i18n.day(w.updatedDay)}</td>
                      <td>{w.expiresOn ? i18n.day(w.expiresOn) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {warnings.length === 0 ? <p>{t('staffSafety.none')}</p> : null}
    </SafetyLayout>
  );
}

// ---------------------------------------------------------------- the warning form

export interface WarningFormProps {
  page: StaffPage;
  /** Where the form posts. */
  action: string;
  mode: 'draft' | 'edit' | 'amend';
  input: WarningInput;
  errors: Errors;
  notice?: string | undefined;
  /** Places: covered areas grouped by country, and "elsewhere in" each country. */
  places: readonly OptionGroup[];
  /** Identifiers offered: clear labels for the report's, a neutral label for others. */
  identifiers: ReadonlyArray<{ value: string; label: string }>;
  reportId: ReportId | null;
}

export function WarningFormView({ page, action, mode, input, errors, notice, places, identifiers, reportId }: WarningFormProps) {
  const { t } = page;
  const label = reporterLabel(page);
  const title = t(mode === 'draft' ? 'staffSafety.form.titleDraft' : mode === 'amend' ? 'staffSafety.form.titleAmend' : 'staffSafety.form.titleEdit');
  const order = ['place', 'month', 'categories', 'people', 'signs', 'modusList', 'textLang', 'what', 'recognise', 'modus', 'visibility', 'extra', 'link'];
  const parts = input.parts ?? { people: [], signs: [], modus: [], lang: '' };
  const languageName = new Intl.DisplayNames([page.lang], { type: 'language' });
  const summary = order.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: errors[f]!.text }));
  return (
    <SafetyLayout page={page} title={title}>
      <h1>{title}</h1>
      {reportId ? (
        <p>
          {t('staffSafety.form.fromReport')} <a href={`/reports/${reportId}`}>{short(reportId)}</a>
        </p>
      ) : null}
      <p>{t('staffSafety.form.intro')}</p>
      {mode === 'amend' ? <p class="notice">{t('staffSafety.form.amendNote')}</p> : null}
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <ErrorSummary title={t('common.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={action} novalidate>
        <Csrf page={page} />
        {reportId ? <HiddenInput name="report" value={reportId} /> : null}
        <Select id="place" name="place" label={t('staffSafety.form.place')} value={input.place} groups={places} placeholder={t('staffSafety.form.choosePlace')} error={errors.place} />
        <TextInput
          id="month"
          name="month"
          label={t('staffSafety.form.month')}
          optional={t('common.optional')}
          hint={t('staffSafety.form.monthHint')}
          value={input.month}
          error={errors.month}
          dir="ltr"
        />
        <div id="categories" class={errors.categories ? 'has-error' : undefined}>
          {errors.categories ? (
            <p class="error" id="categories-error">
              {errors.categories.text}
            </p>
          ) : null}
          {CATEGORY_GROUP_CODES.map((g) => (
            <ChoiceGroup
              id={`categories-${g}`}
              name="categories"
              type="checkbox"
              legend={label(`category.group.${g}`)}
              legendClass="sub"
              options={CATEGORY_GROUPS[g].map((c) => ({ value: c, label: label(`category.${c}`) }))}
              checked={input.categories}
              inline
              {...(errors.categories ? { describedBy: 'categories-error', invalid: true } : {})}
            />
          ))}
        </div>
        <p class="hint">{t('staffSafety.form.partsIntro')}</p>
        <ChoiceGroup
          id="people"
          name="people"
          type="checkbox"
          legend={t('staffSafety.form.people')}
          options={PERPETRATOR_TYPES.map((p) => ({ value: p, label: label(`perpetrator.${p}`) }))}
          checked={parts.people}
          error={errors.people}
          inline
        />
        <ChoiceGroup
          id="signs"
          name="signs"
          type="checkbox"
          legend={t('staffSafety.form.signs')}
          options={WARNING_SIGNS.map((c) => ({ value: c, label: label(`warningSign.${c}`) }))}
          checked={parts.signs}
          error={errors.signs}
        />
        <ChoiceGroup
          id="modusList"
          name="modus_codes"
          type="checkbox"
          legend={t('staffSafety.form.modusList')}
          options={WARNING_MODUS.map((c) => ({ value: c, label: label(`warningModus.${c}`) }))}
          checked={parts.modus}
          error={errors.modusList}
        />
        <Select
          id="textLang"
          name="text_lang"
          label={t('staffSafety.form.textLang')}
          hint={t('staffSafety.form.textLangHint')}
          value={parts.lang}
          placeholder={t('staffSafety.form.textLangUnknown')}
          options={TEXT_LANGUAGES.map((l) => ({ value: l, label: languageName.of(l) ?? l }))}
          error={errors.textLang}
        />
        <TextArea id="what" name="what" label={t('staffSafety.form.what')} hint={t('staffSafety.form.whatHint')} value={input.texts.what} error={errors.what} rows={8} />
        <TextArea
          id="recognise"
          name="recognise"
          label={t('staffSafety.form.recognise')}
          optional={t('common.optional')}
          hint={t('staffSafety.form.recogniseHint')}
          value={input.texts.recognise}
          error={errors.recognise}
          rows={4}
        />
        <TextArea
          id="modus"
          name="modus"
          label={t('staffSafety.form.modus')}
          optional={t('common.optional')}
          hint={t('staffSafety.form.modusHint')}
          value={input.texts.modus}
          error={errors.modus}
          rows={4}
        />
        <ChoiceGroup
          id="visibility"
          name="visibility"
          type="radio"
          legend={t('staffSafety.form.visibility')}
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`staffSafety.visibility.${v}` as StaffMessageId) }))}
          checked={[input.visibility]}
          error={errors.visibility}
        />
        <fieldset>
          <legend class="sub">{t('staffSafety.form.identifiers')}</legend>
          <p class="hint">{t('staffSafety.form.identifiersHint')}</p>
          {identifiers.length ? (
            identifiers.map((o, i) => (
              <div class="choice">
                <input type="checkbox" id={`identifier-${i}`} name="identifiers" value={o.value} checked={input.identifiers.includes(o.value)} />
                <label for={`identifier-${i}`} dir="auto">
                  {o.label}
                </label>
              </div>
            ))
          ) : (
            <p>{t('staffSafety.form.noIdentifiers')}</p>
          )}
          <div id="extra" class={errors.extra ? 'has-error' : undefined}>
            <Select
              id="extra_kind"
              name="extra_kind"
              label={t('staffSafety.form.extraKind')}
              value={input.extra?.kind ?? 'phone'}
              options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: label(`identifier.${k}`) }))}
            />
            <TextInput
              id="extra_value"
              name="extra_value"
              label={t('staffSafety.form.extraValue')}
              optional={t('common.optional')}
              hint={t('staffSafety.form.extraHint')}
              value={input.extra?.value ?? ''}
              error={errors.extra}
              dir="ltr"
            />
          </div>
        </fieldset>
        <TextInput
          id="link"
          name="link_report"
          label={t('staffSafety.form.linkReport')}
          optional={t('common.optional')}
          hint={t('staffSafety.form.linkReportHint')}
          value={input.link ?? ''}
          error={errors.link}
          dir="ltr"
        />
        <button type="submit">{t(mode === 'amend' ? 'staffSafety.form.saveAmend' : 'staffSafety.form.save')}</button>
      </form>
    </SafetyLayout>
  );
}

// ---------------------------------------------------------------- one warning

export function WarningView({
  page,
  w,
  areas,
  reports,
  countFixed,
  canApprove,
  names,
  corrections,
  amendment,
  secondPerson,
  review,
}: {
  page: StaffPage;
  w: Warning;
  areas: AreaNames;
  reports: number;
  /** True when `reports` is the count fixed at approval (what readers see); false when it is what approval would fix. */
  countFixed: boolean;
  canApprove: boolean;
  names: (id: UserId | null) => string;
  corrections: readonly CorrectionView[];
  /** The id of an amendment of this published warning waiting for approval. */
  amendment: string | null;
  /** The organisation has a second person to approve; without one, submitting and amending are unavailable. */
  secondPerson: boolean;
  /** It rests on a report whose reporter later asked that no one be warned from it. */
  review?: boolean;
}) {
  const { t, i18n } = page;
  const label = reporterLabel(page);
  const status = statusOf(w);
  const kinds = w.identifierKinds.reduce<Partial<Record<IdentifierKind, number>>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
  const title = t('staffSafety.warning.title', { id: short(w.id) });
  return (
    <SafetyLayout page={page} title={title}>
      <p>
        <a href="/safety">{t('staffSafety.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        <strong>{t(`staffSafety.status.${status}` as StaffMessageId)}</strong> · {t(`staffSafety.visibility.${w.visibility}` as StaffMessageId)} ·{' '}
        {t('staffSafety.warning.version', { version: w.version })}
      </p>
      {w.amendsId ? (
        <p class="notice" data-amendment-of={w.amendsId}>
          {t('staffSafety.warning.amendmentOf')} <a href={`/safety/warnings/${w.amendsId}`}>{short(w.amendsId)}</a>. {t('staffSafety.warning.amendmentNote')}
        </p>
      ) : null}
      {review ? (
        <p class="notice" role="status" data-review={w.id}>
          {t(w.status === 'published' ? 'staffSafety.review.published' : 'staffSafety.review.draft')}
        </p>
      ) : null}
      {amendment ? (
        <p class="notice" data-amendment={amendment}>
          {t('staffSafety.warning.amendmentWaiting')} <a href={`/safety/warnings/${amendment}`}>{short(amendment)}</a>
        </p>
      ) : null}
      <dl class="summary">
        <dt>{t('staffSafety.form.place')}</dt>
        <dd>{placeText(page, w, areas)}</dd>
        <dt>{t('staffSafety.form.month')}</dt>
        <dd>{w.incidentMonth ? i18n.day(w.incidentMonth) : t('common.none')}</dd>
        <dt>{t('staffSafety.col.what')}</dt>
        <dd>{w.categories.map((c) => label(`category.${c}`)).join(', ')}</dd>
        <dt>{t('staffSafety.form.people')}</dt>
        <dd>{w.parts.people.length ? w.parts.people.map((p) => label(`perpetrator.${p}`)).join(', ') : t('common.none')}</dd>
        <dt>{t('staffSafety.form.signs')}</dt>
        <dd>{w.parts.signs.length ? w.parts.signs.map((c) => label(`warningSign.${c}`)).join(', ') : t('common.none')}</dd>
        <dt>{t('staffSafety.form.modusList')}</dt>
        <dd>{w.parts.modus.length ? w.parts.modus.map((c) => label(`warningModus.${c}`)).join(', ') : t('common.none')}</dd>
        <dt>{t('staffSafety.form.textLang')}</dt>
        <dd>{w.parts.lang ? (new Intl.DisplayNames([page.lang], { type: 'language' }).of(w.parts.lang) ?? w.parts.lang) : t('staffSafety.form.textLangUnknown')}</dd>
        <dt>{t('staffSafety.form.what')}</dt>
        <dd class="text" dir="auto" lang={w.parts.lang ?? undefined}>
          {w.texts.what}
        </dd>
        <dt>{t('staffSafety.form.recognise')}</dt>
        <dd class="text" dir="auto" lang={w.texts.recognise ? (w.parts.lang ?? undefined) : undefined}>
          {w.texts.recognise || t('common.none')}
        </dd>
        <dt>{t('staffSafety.form.modus')}</dt>
        <dd class="text" dir="auto" lang={w.texts.modus ? (w.parts.lang ?? undefined) : undefined}>
          {w.texts.modus || t('common.none')}
        </dd>
        <dt>{t('staffSafety.warning.identifiers')}</dt>
        <dd>
          {Object.keys(kinds).length ? (Object.entries(kinds) as Array<[IdentifierKind, number]>).map(([k, n]) => `${label(`identifier.${k}`)} × ${i18n.number(n)}`).join(', ') : t('common.none')}
        </dd>
        <dt>{t('staffSafety.warning.reports')}</dt>
        <dd>
          {t('staffSafety.warning.reportCount', { count: reports })}
          <br />
          <span class="hint">{t(countFixed ? 'staffSafety.warning.countFixed' : 'staffSafety.warning.countOnApproval')}</span>
        </dd>
        <dt>{t('staffSafety.warning.people')}</dt>
        <dd>
          {t('staffSafety.warning.draftedBy', { name: names(w.draftedBy) })}
          {w.lastEditedBy !== w.draftedBy ? ` · ${t('staffSafety.warning.editedBy', { name: names(w.lastEditedBy) })}` : ''}
          {w.approvedBy ? ` · ${t('staffSafety.warning.approvedBy', { name: names(w.approvedBy) })}` : ''}
        </dd>
        <dt>{t('staffSafety.warning.dates')}</dt>
        <dd>
          {w.publishedDay ? t('staffSafety.warning.publishedOn', { day: i18n.day(w.publishedDay) }) : t('staffSafety.warning.notPublished')}
          {w.expiresOn ? ` · ${t('staffSafety.warning.expiresOn', { day: i18n.day(w.expiresOn) })}` : ''}
          {w.withdrawnDay ? ` · ${t('staffSafety.warning.withdrawnOn', { day: i18n.day(w.withdrawnDay), reason: t(`staffSafety.reason.${w.withdrawnReason ?? 'other'}` as StaffMessageId) })}` : ''}
        </dd>
        {w.sourceReportId ? (
          <>
            <dt>{t('staffSafety.warning.source')}</dt>
            <dd>
              <a href={`/reports/${w.sourceReportId}`}>{short(w.sourceReportId)}</a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{t('staffSafety.warning.actions')}</h2>
      {!secondPerson && (w.status === 'draft' || w.status === 'published') ? <p class="notice">{t('staffSafety.action.noSecondPerson')}</p> : null}
      <div class="actions-grid">
        {w.status !== 'withdrawn' && (secondPerson || w.status !== 'published') ? (
          <p>
            <a class="button secondary" href={`/safety/warnings/${w.id}/edit`}>
              {w.status === 'published' ? t('staffSafety.action.amend') : t('staffSafety.action.edit')}
            </a>
          </p>
        ) : null}
        {w.status === 'draft' && secondPerson ? (
          <form method="post" action={`/safety/warnings/${w.id}/submit`}>
            <Csrf page={page} />
            <p class="hint">{t('staffSafety.action.submitHint')}</p>
            <button type="submit">{t('staffSafety.action.submit')}</button>
          </form>
        ) : null}
        {w.status === 'pending' ? (
          canApprove ? (
            <form method="post" action={`/safety/warnings/${w.id}/approve`}>
              <Csrf page={page} />
              <HiddenInput name="version" value={String(w.version)} />
              <p class="hint">{t('staffSafety.action.approveHint')}</p>
              <button type="submit">{t('staffSafety.action.approve')}</button>
            </form>
          ) : (
            <p class="notice">{t('staffSafety.action.needsOther')}</p>
          )
        ) : null}
        {w.status === 'pending' ? (
          <form method="post" action={`/safety/warnings/${w.id}/return`}>
            <Csrf page={page} />
            <button type="submit" class="secondary">
              {t('staffSafety.action.return')}
            </button>
          </form>
        ) : null}
        {w.status === 'published' ? (
          <form method="post" action={`/safety/warnings/${w.id}/renew`}>
            <Csrf page={page} />
            <p class="hint">{t('staffSafety.action.renewHint')}</p>
            <button type="submit" class="secondary">
              {t('staffSafety.action.renew')}
            </button>
          </form>
        ) : null}
        {w.status !== 'withdrawn' ? (
          <form method="post" action={`/safety/warnings/${w.id}/withdraw`}>
            <Csrf page={page} />
            <Select
              id="reason"
              name="reason"
              label={t('staffSafety.action.withdrawReason')}
              value=""
              placeholder={t('staffSafety.action.chooseReason')}
              options={WITHDRAW_REASONS.map((r) => ({ value: r, label: t(`staffSafety.reason.${r}` as StaffMessageId) }))}
            />
            <button type="submit" class="secondary">
              {t('staffSafety.action.withdraw')}
            </button>
          </form>
        ) : null}
      </div>

      <h2>{t('staffSafety.corrections.forWarning')}</h2>
      {corrections.length ? <CorrectionList page={page} corrections={corrections} /> : <p>{t('staffSafety.corrections.none')}</p>}
    </SafetyLayout>
  );
}

function CorrectionList({ page, corrections, withLink }: { page: StaffPage; corrections: readonly CorrectionView[]; withLink?: boolean }) {
  const { t, i18n } = page;
  return (
    <ol class="thread">
      {corrections.map((c) => (
        <li>
          <p class="meta">
            {t(c.kind === 'dispute' ? 'staffSafety.corrections.dispute' : 'staffSafety.corrections.correction')} ·{' '}
            {t(c.fromMember ? 'staffSafety.corrections.fromMember' : 'staffSafety.corrections.fromVisitor')} · {i18n.day(c.createdDay)}
            {withLink ? (
              <>
                {' · '}
                <a href={`/safety/warnings/${c.warningId}`}>{t('staffSafety.warning.title', { id: short(c.warningId) })}</a>
              </>
            ) : null}
          </p>
          <p class="text" dir="auto">
            {c.text ?? t('staffSafety.corrections.notSealed')}
          </p>
          <form method="post" action={`/safety/corrections/${c.id}/resolve`} class="inline">
            <Csrf page={page} />
            <Select
              id={`outcome-${c.id}`}
              name="outcome"
              label={t('staffSafety.corrections.outcome')}
              value="unchanged"
              options={['amended', 'withdrawn', 'unchanged'].map((o) => ({ value: o, label: t(`staffSafety.outcome.${o}` as StaffMessageId) }))}
            />
            <button type="submit" class="secondary">
              {t('staffSafety.corrections.resolve')}
            </button>
          </form>
        </li>
      ))}
    </ol>
  );
}

export function CorrectionsView({ page, corrections }: { page: StaffPage; corrections: readonly CorrectionView[] }) {
  const { t } = page;
  return (
    <SafetyLayout page={page} title={t('staffSafety.corrections.title')}>
      <h1>{t('staffSafety.corrections.title')}</h1>
      <p>{t('staffSafety.corrections.intro')}</p>
      {corrections.length ? <CorrectionList page={page} corrections={corrections} withLink /> : <p>{t('staffSafety.corrections.none')}</p>}
    </SafetyLayout>
  );
}

// ---------------------------------------------------------------- match notices

export function MatchesView({ page, notices, showDismissed }: { page: StaffPage; notices: readonly MatchNoticeView[]; showDismissed: boolean }) {
  const { t, i18n } = page;
  const label = reporterLabel(page);
  return (
    <SafetyLayout page={page} title={t('staffSafety.matches.title')}>
      <h1>{t('staffSafety.matches.title')}</h1>
      <p>{t('staffSafety.matches.intro')}</p>
      <p>
        <a href={showDismissed ? '/safety/matches' : '/safety/matches?all=1'}>{t(showDismissed ? 'staffSafety.matches.hideDismissed' : 'staffSafety.matches.showDismissed')}</a>
      </p>
      {notices.length === 0 ? <p>{t('staffSafety.matches.none')}</p> : null}
      <ol class="thread">
        {notices.map((n) => (
          <li class="match-notice" data-notice={n.id}>
            <p>
              <strong>{t('staffSafety.matches.same', { kind: label(`identifier.${n.kind}`), count: n.ownReports.length + n.others.reduce((a, o) => a + o.reports, 0) })}</strong>
            </p>
            <p class="meta">{t('staffSafety.matches.dates', { first: i18n.day(n.createdDay), last: i18n.day(n.updatedDay) })}</p>
            <p>
              {t('staffSafety.matches.yours')}{' '}
              {n.ownReports.map((id, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`/reports/${id}`}>{short(id)}</a>
                </>
              ))}
            </p>
            {n.others.length ? (
              <ul>
                {n.others.map((o) => (
                  <li>{t('staffSafety.matches.other', { organisation: o.name, count: o.reports })}</li>
                ))}
              </ul>
            ) : null}
            {n.dismissed ? (
              <p class="meta">{t('staffSafety.matches.dismissed')}</p>
            ) : (
              <form method="post" action={`/safety/matches/${n.id}/dismiss`} class="inline">
                <Csrf page={page} />
                <button type="submit" class="secondary">
                  {t('staffSafety.matches.dismiss')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
    </SafetyLayout>
  );
}

// ---------------------------------------------------------------- members and invite codes

export function MembersView({
  page,
  members,
  invites,
  newCode,
  signupUrl,
  areaName,
  errors,
  values,
}: {
  page: StaffPage;
  members: readonly MemberListRow[];
  invites: readonly InviteRow[];
  newCode?: string | undefined;
  signupUrl?: string | undefined;
  areaName: (id: string) => string;
  errors: Errors;
  values: { uses: string; days: string };
}) {
  const { t, i18n } = page;
  const pending = members.filter((m) => m.status === 'pending');
  const others = members.filter((m) => m.status !== 'pending');
  const decide = (id: string, decision: string, text: string, secondary = true) => (
    <form method="post" action={`/safety/members/${id}/${decision}`} class="inline">
      <Csrf page={page} />
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {text}
      </button>
    </form>
  );
  return (
    <SafetyLayout page={page} title={t('staffSafety.members.title')}>
      <h1>{t('staffSafety.members.title')}</h1>
      <p>{t('staffSafety.members.intro')}</p>
      <h2>{t('staffSafety.members.pending')}</h2>
      {pending.length === 0 ? <p>{t('staffSafety.members.noPending')}</p> : null}
      <ul>
        {pending.map((m) => (
          <li>
            <span dir="auto">{m.username}</span> · {i18n.day(m.createdDay)} · {m.areas.map(areaName).join(', ')} {decide(m.id, 'approve', t('staffSafety.members.approve'), false)}{' '}
            {decide(m.id, 'refuse', t('staffSafety.members.refuse'))}
          </li>
        ))}
      </ul>

      <h2>{t('staffSafety.invites.title')}</h2>
      <p>{t('staffSafety.invites.intro')}</p>
      {newCode ? (
        <div class="receipt">
          <p>{t('staffSafety.invites.new')}</p>
          <p class="code" dir="ltr" data-invite-code={newCode}>
            {newCode}
          </p>
          {signupUrl ? (
            <p>
              {t('staffSafety.invites.link')}{' '}
              <a href={signupUrl} dir="ltr" data-signup-link>
                {signupUrl}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      <form method="post" action="/safety/invites" novalidate>
        <Csrf page={page} />
        <TextInput id="uses" name="uses" label={t('staffSafety.invites.uses')} value={values.uses} error={errors.uses} inputmode="numeric" />
        <TextInput id="days" name="days" label={t('staffSafety.invites.days')} value={values.days} error={errors.days} inputmode="numeric" />
        <button type="submit">{t('staffSafety.invites.create')}</button>
      </form>
      {invites.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffSafety.invites.made')}</th>
                <th scope="col">{t('staffSafety.invites.left')}</th>
                <th scope="col">{t('staffSafety.invites.until')}</th>
                <th scope="col">{t('staffSafety.invites.revoke')}</th>
              </tr>
            </thead>
            <tbody>
              {invites.map((inv) => (
                <tr>
                  <td>{i18n.day(inv.createdDay)}</td>
                  <td>{i18n.number(inv.usesLeft)}</td>
                  <td>{i18n.day(inv.expiresAt.slice(0, 10))}</td>
                  <td>
                    <form method="post" action={`/safety/invites/${inv.id}/revoke`} class="inline">
                      <Csrf page={page} />
                      <button type="submit" class="link">
                        {t('staffSafety.invites.revoke')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h2>{t('staffSafety.members.all')}</h2>
      {others.length === 0 ? <p>{t('staffSafety.members.noneYet')}</p> : null}
      <ul>
        {others.map((m) => (
          <li>
            <span dir="auto">{m.username}</span> · {t(`staffSafety.memberStatus.${m.status}` as StaffMessageId)} · {m.areas.map(areaName).join(', ')}{' '}
            {m.status === 'active' ? decide(m.id, 'disable', t('staffSafety.members.disable')) : null}
          </li>
        ))}
      </ul>
    </SafetyLayout>
  );
}

// ---------------------------------------------------------------- settings

export function SettingsView({ page, values, errors }: { page: StaffPage; values: { checks: string; visibility: string; months: string; signups: string }; errors: Errors }) {
  const { t } = page;
  return (
    <SafetyLayout page={page} title={t('staffSafety.settings.title')}>
      <h1>{t('staffSafety.settings.title')}</h1>
      <form method="post" action="/safety/settings" novalidate>
        <Csrf page={page} />
        <TextInput
          id="checks"
          name="checks"
          label={t('staffSafety.settings.checks')}
          hint={t('staffSafety.settings.checksHint', { min: SETTINGS_LIMITS.checksPerDay.min, max: SETTINGS_LIMITS.checksPerDay.max })}
          value={values.checks}
          error={errors.checks}
          inputmode="numeric"
        />
        <ChoiceGroup
          id="visibility"
          name="visibility"
          type="radio"
          legend={t('staffSafety.settings.visibility')}
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`staffSafety.visibility.${v}` as StaffMessageId) }))}
          checked={[values.visibility]}
          error={errors.visibility}
        />
        <TextInput
          id="months"
          name="months"
          label={t('staffSafety.settings.months')}
          hint={t('staffSafety.settings.monthsHint', { min: SETTINGS_LIMITS.expiryMonths.min, max: SETTINGS_LIMITS.expiryMonths.max })}
          value={values.months}
          error={errors.months}
          inputmode="numeric"
        />
        <ChoiceGroup
          id="signups"
          name="signups"
          type="radio"
          legend={t('staffSafety.settings.signups')}
          options={[
            { value: 'open', label: t('staffSafety.settings.signupsOpen', { max: PENDING_SIGNUPS_MAX }) },
            { value: 'invite', label: t('staffSafety.settings.signupsInvite') },
          ]}
          checked={[values.signups]}
          error={errors.signups}
        />
        <button type="submit">{t('common.save')}</button>
      </form>
    </SafetyLayout>
  );
}

export function settingsValues(s: SafetySettings) {
  return { checks: String(s.checksPerDay), visibility: s.defaultVisibility, months: String(s.expiryMonths), signups: s.invitesOnly ? 'invite' : 'open' };
}

export function NotFoundView({ page }: { page: StaffPage }) {
  return (
    <SafetyLayout page={page} title={page.t('staffSafety.notFound')}>
      <h1>{page.t('staffSafety.notFound')}</h1>
      <p>
        <a href="/safety">{page.t('staffSafety.back')}</a>
      </p>
    </SafetyLayout>
  );
}
