/**
 * Admin pages of the country profiles: the list, and the edit form. Coded
 * answers are offered as radio buttons labelled in the public's words (from
 * the reporter catalog) with the research code, so an admin sees what a
 * reporter will read.
 */
import { countryName } from '../../../core/places/countries.js';
import { BUYING_OFFENCES, CONFIDENCES, LEGAL_MODELS, MIGRANT_RULES, SELLING_ADMIN_OFFENCES, SELLING_OFFENCES, THIRD_PARTIES, type CountryProfile } from '../../../core/rights/legal-models.js';
import type { EditorStanding, NetworkEditor, PendingChange, ProfileInput } from '../../../core/rights/editors.service.js';
import type { ProfileField, ProfileFields, ProfileProblem } from '../../../core/rights/profiles.validation.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import type { StaffPage } from '../page.js';
import { AdminTabs, publicWords } from '../services/services-admin.view.js';

const PART_NAMES: ReadonlySet<string> = new Set(['GB-EAW', 'GB-SCT', 'GB-NIR']);

function profileName(page: StaffPage, p: Pick<CountryProfile, 'iso2' | 'subdivisionCode' | 'name'>): string {
  if (!p.subdivisionCode) return countryName(p.iso2, page.lang);
  return PART_NAMES.has(p.subdivisionCode) ? publicWords(page)(`rights.part.${p.subdivisionCode}` as ReporterMessageId) : p.name;
}

/** What the notice says to someone who is not an editor, and when there are too few editors, for one kind of network content. */
export interface StandingMessages {
  readonly notEditor: StaffMessageId;
  readonly tooFew: StaffMessageId;
}

const PROFILE_STANDING: StandingMessages = { notEditor: 'network.notEditor', tooFew: 'network.tooFewEditors' };

/**
 * Who may change network content (country profiles by default; other organisations' services with their own
 * messages), and why not: said on every such page, never silently skipped.
 */
export function EditorStandingNotice({
  page,
  standing,
  editors,
  messages = PROFILE_STANDING,
}: {
  page: StaffPage;
  standing: EditorStanding;
  editors: readonly NetworkEditor[];
  messages?: StandingMessages;
}) {
  const { t } = page;
  const names = page.i18n.list(editors.map((e) => `${e.displayName} (${e.organisationName})`));
  return (
    <div class="network-standing">
      {standing.kind === 'not-editor' ? <p class="notice">{t(messages.notEditor)}</p> : null}
      {standing.kind === 'too-few' ? <p class="notice">{t(messages.tooFew, { count: standing.count })}</p> : null}
      <p>{editors.length ? t('network.editors', { names }) : t('network.editorsNone')}</p>
    </div>
  );
}

export function ProfilesListView({
  page,
  profiles,
  standing,
  editors,
  pending,
  organisations,
}: {
  page: StaffPage;
  profiles: readonly CountryProfile[];
  standing: EditorStanding;
  editors: readonly NetworkEditor[];
  pending: number;
  organisations: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = page;
  const pw = publicWords(page);
  const collator = new Intl.Collator(page.lang);
  const rows = profiles.map((p) => ({ p, name: profileName(page, p) })).sort((a, b) => collator.compare(a.name, b.name));
  return (
    <StaffLayout page={page} title={t('staffServices.profiles.title')}>
      <AdminTabs page={page} current="rights" />
      <h1>{t('staffServices.profiles.title')}</h1>
      <p>{t('staffServices.profiles.intro')}</p>
      <EditorStandingNotice page={page} standing={standing} editors={editors} />
      {pending > 0 ? (
        <p>
          {t('network.changes.pending', { count: pending })} <a href="/admin/rights/changes">{t('network.changes.review')}</a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('staffServices.profiles.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffServices.col.name')}</th>
                <th scope="col">{t('staffServices.profiles.code')}</th>
                <th scope="col">{t('staffServices.profiles.model')}</th>
                <th scope="col">{t('staffServices.profiles.confidence')}</th>
                <th scope="col">{t('staffServices.profiles.reviewed')}</th>
                <th scope="col">{t('network.col.changed')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ p, name }) => (
                <tr data-code={p.code}>
                  <td>
                    <a href={`/admin/rights/${encodeURIComponent(p.code)}`}>{name}</a>
                  </td>
                  <td dir="ltr">{p.code}</td>
                  <td>{pw(`rights.model.${p.legalModel}`)}</td>
                  <td>{pw(`rights.confidence.${p.confidence}`)}</td>
                  <td>{i18n.day(p.reviewedDay)}</td>
                  <td>
                    {p.changedByOrganisation && p.changedDay
                      ? t('network.changedCell', { organisation: organisations.get(p.changedByOrganisation) ?? '', day: i18n.day(p.changedDay) })
                      : t('network.neverChanged')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export type ProfileFormErrors = Partial<Record<ProfileField, FieldError>>;

export function profileErrors(page: StaffPage, problems: readonly ProfileProblem[]): ProfileFormErrors {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const id = ['required', 'tooLong', 'brokenText'].includes(p.code) ? `staffServices.error.${p.code}` : `staffServices.pf.error.${p.code}`;
    (out[p.field] ??= []).push(page.t(id as StaffMessageId, p.values as Record<string, string | number> | undefined));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { text: v.join(' ') }])) as ProfileFormErrors;
}

const ORDER: readonly ProfileField[] = [
  'country',
  'legal_model',
  'year_current_model',
  'year_basis',
  'selling_sex_offence',
  'selling_admin_offence',
  'buying_sex_offence',
  'third_parties_criminalised',
  'non_eu_removal_or_entry_rule',
  'migrant_notes',
  'safe_reporting',
  'notes',
  'sources',
  'confidence',
  'confidence_reason',
  'latest_source_year',
];

export function ProfileFormView({ page, profile, values, errors }: { page: StaffPage; profile: CountryProfile; values: Required<ProfileFields>; errors: ProfileFormErrors }) {
  const { t } = page;
  const pw = publicWords(page);
  const name = profileName(page, profile);
  const title = t('staffServices.profiles.editTitle', { name });
  const summary = ORDER.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: `${t(`staffServices.pf.${f}` as StaffMessageId)}: ${errors[f]!.text}` }));
  const coded = (field: ProfileField, codes: readonly string[], words: (code: string) => string) => (
    <ChoiceGroup
      id={field}
      name={field}
      type="radio"
      legend={t(`staffServices.pf.${field}` as StaffMessageId)}
      legendClass="sub"
      options={codes.map((c) => ({ value: c, label: `${words(c)} [${c}]` }))}
      checked={[values[field]]}
      error={errors[field]}
    />
  );
  const optional = t('common.optional');
  return (
    <StaffLayout page={page} title={title}>
      <AdminTabs page={page} current="rights" />
      <h1>{title}</h1>
      <ErrorSummary title={t('common.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={`/admin/rights/${encodeURIComponent(profile.code)}`} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <TextInput id="country" name="country" label={t('staffServices.pf.country')} value={values.country} error={errors.country} />
        {coded('legal_model', LEGAL_MODELS, (c) => pw(`rights.model.${c}` as ReporterMessageId))}
        <TextInput
          id="year_current_model"
          name="year_current_model"
          label={t('staffServices.pf.year_current_model')}
          optional={optional}
          value={values.year_current_model}
          error={errors.year_current_model}
          inputmode="numeric"
        />
        <TextArea
          id="year_basis"
          name="year_basis"
          label={t('staffServices.pf.year_basis')}
          optional={optional}
          hint={t('staffServices.pf.notesHint')}
          value={values.year_basis}
          error={errors.year_basis}
          rows={2}
        />
        {coded('selling_sex_offence', SELLING_OFFENCES, (c) => pw(`rights.selling.${c}` as ReporterMessageId))}
        {coded('selling_admin_offence', SELLING_ADMIN_OFFENCES, (c) => t(`staffServices.pf.sellingAdmin.${c}` as StaffMessageId))}
        {coded('buying_sex_offence', BUYING_OFFENCES, (c) => pw(`rights.buying.${c}` as ReporterMessageId))}
        {coded('third_parties_criminalised', THIRD_PARTIES, (c) => pw(`rights.third.${c}` as ReporterMessageId))}
        {coded('non_eu_removal_or_entry_rule', MIGRANT_RULES, (c) => pw(`rights.migrant.${c}` as ReporterMessageId))}
        <TextArea
          id="migrant_notes"
          name="migrant_notes"
          label={t('staffServices.pf.migrant_notes')}
          optional={optional}
          hint={t('staffServices.pf.notesHint')}
          value={values.migrant_notes}
          error={errors.migrant_notes}
          rows={4}
        />
        <TextArea
          id="safe_reporting"
          name="safe_reporting"
          label={t('staffServices.pf.safe_reporting')}
          optional={optional}
          hint={t('staffServices.pf.safe_reportingHint')}
          value={values.safe_reporting}
          error={errors.safe_reporting}
          rows={3}
        />
        <TextArea id="notes" name="notes" label={t('staffServices.pf.notes')} optional={optional} hint={t('staffServices.pf.notesHint')} value={values.notes} error={errors.notes} rows={5} />
        <TextArea id="sources" name="sources" label={t('staffServices.pf.sources')} hint={t('staffServices.pf.sourcesHint')} value={values.sources} error={errors.sources} rows={5} />
        {coded('confidence', CONFIDENCES, (c) => t(`staffServices.pf.confidence.${c}` as StaffMessageId))}
        <TextInput
          id="confidence_reason"
          name="confidence_reason"
          label={t('staffServices.pf.confidence_reason')}
          optional={optional}
          value={values.confidence_reason}
          error={errors.confidence_reason}
        />
        <TextInput
          id="latest_source_year"
          name="latest_source_year"
          label={t('staffServices.pf.latest_source_year')}
          optional={optional}
          value={values.latest_source_year}
          error={errors.latest_source_year}
          inputmode="numeric"
        />
        <button type="submit">{t('common.save')}</button>
      </form>
    </StaffLayout>
  );
}

/** A profile page for someone who may not change it (not an editor, or too few editors): the reason and what to do. */
export function ProfileUnavailableView({ page, profile, standing, editors }: { page: StaffPage; profile: CountryProfile; standing: EditorStanding; editors: readonly NetworkEditor[] }) {
  const title = page.t('staffServices.profiles.editTitle', { name: profileName(page, profile) });
  return (
    <StaffLayout page={page} title={title}>
      <AdminTabs page={page} current="rights" />
      <h1>{title}</h1>
      <EditorStandingNotice page={page} standing={standing} editors={editors} />
    </StaffLayout>
  );
}

/** Each changeable part of a profile with the form field whose label names it. */
const CHANGE_FIELDS: ReadonlyArray<[keyof ProfileInput, ProfileField]> = [
  ['name', 'country'],
  ['legalModel', 'legal_model'],
  ['year', 'year_current_model'],
  ['yearBasis', 'year_basis'],
  ['selling', 'selling_sex_offence'],
  ['sellingAdmin', 'selling_admin_offence'],
  ['buying', 'buying_sex_offence'],
  ['thirdParties', 'third_parties_criminalised'],
  ['migrantRule', 'non_eu_removal_or_entry_rule'],
  ['migrantNotes', 'migrant_notes'],
  ['safeReporting', 'safe_reporting'],
  ['notes', 'notes'],
  ['sources', 'sources'],
  ['confidence', 'confidence'],
  ['confidenceReason', 'confidence_reason'],
  ['latestSourceYear', 'latest_source_year'],
];

function shown(v: unknown): string {
  if (Array.isArray(v)) return v.join('\n');
  return v === null || v === undefined ? '' : String(v);
}

/** Pending changes, each as what the public reads now beside what is proposed, with the decision for a second editor. */
export function ProfileChangesView({
  page,
  changes,
  standing,
  editors,
  names,
}: {
  page: StaffPage;
  changes: readonly PendingChange[];
  standing: EditorStanding;
  editors: readonly NetworkEditor[];
  names: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = page;
  const me = page.auth?.user.id;
  return (
    <StaffLayout page={page} title={t('network.changes.title')}>
      <AdminTabs page={page} current="rights" />
      <h1>{t('network.changes.title')}</h1>
      <EditorStandingNotice page={page} standing={standing} editors={editors} />
      {changes.length === 0 ? <p>{t('network.changes.none')}</p> : null}
      {changes.map((c) => {
        const changed = CHANGE_FIELDS.filter(([k]) => shown(c.before[k]) !== shown(c.after[k]));
        const name = names.get(c.code) ?? c.code;
        return (
          <section class="profile-change" aria-labelledby={`change-${c.id}`} data-change={c.id}>
            <h2 id={`change-${c.id}`}>{t('network.changes.by', { name, organisation: c.organisationName, day: i18n.day(c.day) })}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('network.changes.field')}</th>
                    <th scope="col">{t('network.changes.before')}</th>
                    <th scope="col">{t('network.changes.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map(([k, field]) => (
                    <tr>
                      <th scope="row">{t(`staffServices.pf.${field}` as StaffMessageId)}</th>
                      <td dir="auto" class="text">
                        {shown(c.before[k])}
                      </td>
                      <td dir="auto" class="text">
                        {shown(c.after[k])}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {c.proposedBy === me ? (
              <p>{t('network.changes.own')}</p>
            ) : standing.kind === 'editor' ? (
              <div class="actions">
                <form method="post" action={`/admin/rights/changes/${c.id}/approve`} class="inline">
                  <HiddenInput name="_csrf" value={page.csrf()} />
                  <button type="submit">{t('network.changes.approve')}</button>
                </form>{' '}
                <form method="post" action={`/admin/rights/changes/${c.id}/refuse`} class="inline">
                  <HiddenInput name="_csrf" value={page.csrf()} />
                  <button type="submit">{t('network.changes.refuse')}</button>
                </form>
              </div>
            ) : null}
          </section>
        );
      })}
    </StaffLayout>
  );
}
