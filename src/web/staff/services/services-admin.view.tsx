/**
 * Admin pages of the services directory: the organisation's entries, the
 * entry form (errors next to each field, everything typed kept), and the CSV
 * import with its report of every rejected row. Category, cost and legal
 * labels come from the reporter catalog, so admins see the public's words.
 */
import type { Area } from '../../../core/organisations/organisations.repository.js';
import { COUNTRY_CODES, countryName } from '../../../core/places/countries.js';
import type { ImportResult, RowProblem } from '../../../core/services/services.csv.js';
import { CSV_COLUMNS, REQUIRED_COLUMNS } from '../../../core/services/services.csv.js';
import { COSTS, firewallLevel, SERVICE_CATEGORIES, TRISTATE, type Service } from '../../../core/services/services.types.js';
import { SERVICE_FIELDS, type ServiceFields, type ServiceProblem } from '../../../core/services/services.validation.js';
import { type ReporterTranslator } from '../../../i18n/reporter/index.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, Select, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import { reporterWords, type StaffPage } from '../page.js';
import type { ServiceId } from '../../../core/shared/ids.js';

/** Public wording in the staff page's language (every staff locale is a reporter locale). */
export function publicWords(page: StaffPage): ReporterTranslator['t'] {
  return reporterWords(page).t;
}

export type Tab = 'list' | 'new' | 'import' | 'network' | 'rights';

export function AdminTabs({ page, current }: { page: StaffPage; current: Tab | null }) {
  const { t } = page;
  const tabs: Array<[Tab | 'export', string, StaffMessageId]> = [
    ['list', '/admin/services', 'staffServices.tab.list'],
    ['new', '/admin/services/new', 'staffServices.tab.new'],
    ['import', '/admin/services/import', 'staffServices.tab.import'],
    ['export', '/admin/services/export.csv', 'staffServices.tab.export'],
    ['network', '/admin/services/network', 'network.services.tab'],
    ['rights', '/admin/rights', 'staffServices.tab.rights'],
  ];
  return (
    <nav aria-label={t('staffServices.tabs')}>
      <ul class="tabs">
        {tabs.map(([key, href, label]) => (
          <li>
            <a href={href} aria-current={key === current ? 'page' : undefined} download={key === 'export' ? '' : undefined}>
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A service problem as a message in the staff page's language. */
export function problemText(page: StaffPage, p: ServiceProblem | RowProblem): string {
  return page.t(`staffServices.error.${p.code}` as StaffMessageId, p.values as Record<string, string | number> | undefined);
}

function fieldLabel(page: StaffPage, field: string): string {
  return field === 'row' ? '' : page.t(`staffServices.field.${field}` as StaffMessageId);
}

export function ServicesListView({ page, services, areas }: { page: StaffPage; services: readonly Service[]; areas: readonly Area[] }) {
  const { t, i18n } = page;
  const pw = publicWords(page);
  const areaName = (id: string | null) => (id ? areas.find((a) => a.id === id)?.name : undefined);
  return (
    <StaffLayout page={page} title={t('staffServices.list.title')}>
      <AdminTabs page={page} current="list" />
      <h1>{t('staffServices.list.title')}</h1>
      <p>{t('staffServices.list.intro', { organisation: page.organisationName })}</p>
      {services.length === 0 ? (
        <p>{t('staffServices.list.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffServices.col.name')}</th>
                <th scope="col">{t('staffServices.col.place')}</th>
                <th scope="col">{t('staffServices.col.kinds')}</th>
                <th scope="col">{t('staffServices.col.firewall')}</th>
                <th scope="col">{t('staffServices.col.checked')}</th>
                <th scope="col">{t('staffServices.col.status')}</th>
                <th scope="col">{t('staffServices.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr data-service-id={s.id}>
                  <td dir="auto">{s.name}</td>
                  <td>
                    {s.areaId || s.city
                      ? [s.city || areaName(s.areaId), countryName(s.countryCode, page.lang)].filter(Boolean).join(', ')
                      : t('staffServices.wholeCountry', { country: countryName(s.countryCode, page.lang) })}
                  </td>
                  <td>{s.categories.map((c) => pw(`services.category.${c}`)).join(', ')}</td>
                  <td>{t(`staffServices.level.${firewallLevel(s.firewall)}`)}</td>
                  <td>{s.firewall.verifiedDay ? i18n.day(s.firewall.verifiedDay) : t('staffServices.never')}</td>
                  <td>{t(`staffServices.status.${s.status}`)}</td>
                  <td>
                    <a href={`/admin/services/${s.id}`} aria-label={`${t('staffServices.edit')}: ${s.name}`}>
                      {t('staffServices.edit')}
                    </a>{' '}
                    <form method="post" action={`/admin/services/${s.id}/${s.status === 'active' ? 'retire' : 'restore'}`} class="inline">
                      <HiddenInput name="_csrf" value={page.csrf()} />
                      <button type="submit" class="link" aria-label={`${t(s.status === 'active' ? 'staffServices.retire' : 'staffServices.restore')}: ${s.name}`}>
                        {t(s.status === 'active' ? 'staffServices.retire' : 'staffServices.restore')}
                      </button>
                    </form>
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

export type ServiceFormErrors = Partial<Record<keyof ServiceFields, FieldError>>;

/** Groups problems by field (several problems of one field are shown together). */
export function formErrors(page: StaffPage, problems: readonly ServiceProblem[]): ServiceFormErrors {
  const out: Record<string, string[]> = {};
  for (const p of problems) (out[p.field] ??= []).push(problemText(page, p));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { text: v.join(' ') }])) as ServiceFormErrors;
}

/** The error summary lists problems in the order of the form, which is the order of SERVICE_FIELDS. */
const FORM_ORDER: ReadonlyArray<keyof ServiceFields> = SERVICE_FIELDS;

export function ServiceFormView({
  page,
  values,
  errors,
  areas,
  serviceId,
  name,
  notice,
  action,
}: {
  page: StaffPage;
  values: ServiceFields;
  errors: ServiceFormErrors;
  areas: readonly Area[];
  serviceId: ServiceId | null;
  name?: string;
  notice?: string;
  action?: string;
}) {
  const { t } = page;
  const pw = publicWords(page);
  const collator = new Intl.Collator(page.lang);
  const countries = COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, page.lang) })).sort((a, b) => collator.compare(a.label, b.label));
  const areaGroups = COUNTRY_CODES.filter((c) => areas.some((a) => a.country_code === c)).map((c) => ({
    label: countryName(c, page.lang),
    options: areas.filter((a) => a.country_code === c).map((a) => ({ value: a.id, label: a.name })),
  }));
  const answers = TRISTATE.map((a) => ({ value: a, label: t(a === 'unknown' ? 'staffServices.answer.unknown' : a === 'yes' ? 'common.yes' : 'common.no') }));
  const title = serviceId ? t('staffServices.form.edit', { name: name ?? values.name }) : t('staffServices.form.new');
  const summary = FORM_ORDER.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: `${fieldLabel(page, f)}: ${errors[f]!.text}` }));
  const optional = t('common.optional');
  return (
    <StaffLayout page={page} title={title}>
      <AdminTabs page={page} current={serviceId ? null : 'new'} />
      <h1 dir="auto">{title}</h1>
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <ErrorSummary title={t('common.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={action ?? (serviceId ? `/admin/services/${serviceId}` : '/admin/services/new')} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <fieldset>
          <legend class="sub">{t('staffServices.form.about')}</legend>
          <TextInput id="name" name="name" label={t('staffServices.field.name')} value={values.name} error={errors.name} dir="auto" />
          <TextArea id="description" name="description" label={t('staffServices.field.description')} optional={optional} value={values.description} error={errors.description} rows={3} />
          {serviceId && !action ? (
            <p>
              <a href={`/admin/services/${serviceId}/descriptions`}>{t('staffServices.descriptions.link')}</a>
            </p>
          ) : null}
          <ChoiceGroup
            id="categories"
            name="categories"
            type="checkbox"
            legend={t('staffServices.field.categories')}
            legendClass="sub"
            options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: pw(`services.category.${c}`) }))}
            checked={values.categories.split(/\s+/)}
            error={errors.categories}
          />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('staffServices.form.where')}</legend>
          <Select
            id="country"
            name="country"
            label={t('staffServices.field.country')}
            value={values.country.toUpperCase()}
            options={countries}
            placeholder={t('staffServices.field.chooseCountry')}
            error={errors.country}
          />
          <Select
            id="area"
            name="area"
            label={t('staffServices.field.area')}
            optional={optional}
            hint={t('staffServices.field.areaHint')}
            value={values.area}
            groups={areaGroups}
            placeholder={t('staffServices.field.areaNone')}
            error={errors.area}
          />
          <TextInput id="city" name="city" label={t('staffServices.field.city')} optional={optional} hint={t('staffServices.field.cityHint')} value={values.city} error={errors.city} dir="auto" />
          <TextInput id="address" name="address" label={t('staffServices.field.address')} optional={optional} value={values.address} error={errors.address} dir="auto" />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('staffServices.form.contact')}</legend>
          <TextInput
            id="languages"
            name="languages"
            label={t('staffServices.field.languages')}
            hint={t('staffServices.field.languagesHint')}
            value={values.languages}
            error={errors.languages}
            dir="ltr"
          />
          <TextInput id="phone" name="phone" label={t('staffServices.field.phone')} optional={optional} value={values.phone} error={errors.phone} dir="ltr" type="tel" />
          <TextInput id="email" name="email" label={t('staffServices.field.email')} optional={optional} value={values.email} error={errors.email} dir="ltr" type="email" />
          <TextInput
            id="website"
            name="website"
            label={t('staffServices.field.website')}
            optional={optional}
            hint={t('staffServices.field.websiteHint')}
            value={values.website}
            error={errors.website}
            dir="ltr"
            type="url"
          />
          <TextInput
            id="messaging"
            name="messaging"
            label={t('staffServices.field.messaging')}
            optional={optional}
            hint={t('staffServices.field.messagingHint')}
            value={values.messaging}
            error={errors.messaging}
            dir="auto"
          />
          <TextInput id="opening_hours" name="opening_hours" label={t('staffServices.field.opening_hours')} optional={optional} value={values.opening_hours} error={errors.opening_hours} dir="auto" />
          <ChoiceGroup
            id="cost"
            name="cost"
            type="radio"
            inline
            legend={t('staffServices.field.cost')}
            legendClass="sub"
            options={COSTS.map((c) => ({ value: c, label: pw(`services.cost.${c}`) }))}
            checked={[values.cost || 'unknown']}
            error={errors.cost}
          />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('staffServices.form.firewall')}</legend>
          <p class="hint">{t('staffServices.form.firewallHint')}</p>
          {(['asks_for_id', 'shares_data_with_immigration', 'requires_police_report', 'sex_worker_led', 'trans_inclusive'] as const).map((f) => (
            <ChoiceGroup id={f} name={f} type="radio" inline legend={t(`staffServices.field.${f}`)} legendClass="sub" options={answers} checked={[values[f] || 'unknown']} error={errors[f]} />
          ))}
          <TextInput
            id="last_verified"
            name="last_verified"
            type="date"
            label={t('staffServices.field.last_verified')}
            optional={optional}
            hint={t('staffServices.field.last_verifiedHint')}
            value={values.last_verified}
            error={errors.last_verified}
          />
        </fieldset>
        <button type="submit">{t('common.save')}</button>
      </form>
    </StaffLayout>
  );
}

export function ImportView({ page, error, csvText, result }: { page: StaffPage; error?: FieldError | undefined; csvText: string; result?: Extract<ImportResult, { ok: true }> }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('staffServices.import.title')}>
      <AdminTabs page={page} current="import" />
      <h1>{t('staffServices.import.title')}</h1>
      {result ? <ImportReport page={page} result={result} /> : null}
      <p>{t('staffServices.import.intro')}</p>
      <p class="hint" id="columns-hint">
        {t('staffServices.import.columns', { columns: CSV_COLUMNS.join(', '), required: REQUIRED_COLUMNS.join(', ') })}
      </p>
      <ErrorSummary title={t('common.errorSummary', { count: error ? 1 : 0 })} errors={error ? [{ href: '#file', text: error.text }] : []} />
      <form method="post" action="/admin/services/import" enctype="multipart/form-data" accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <div class={error ? 'field has-error' : 'field'}>
          <label for="file">{t('staffServices.import.file')}</label>
          {error ? (
            <p class="error" id="file-error">
              {error.text}
            </p>
          ) : null}
          <input type="file" id="file" name="file" accept=".csv,text/csv" aria-describedby={error ? 'columns-hint file-error' : 'columns-hint'} aria-invalid={error ? 'true' : undefined} />
        </div>
        <TextArea id="csv" name="csv" label={t('staffServices.import.text')} optional={t('common.optional')} value={csvText} rows={8} />
        <button type="submit">{t('staffServices.import.submit')}</button>
      </form>
    </StaffLayout>
  );
}

/** A reason for a rejected row, led by the CSV column it is about (the name the admin sees in the file). */
function Reason({ page, problem }: { page: StaffPage; problem: RowProblem }) {
  const text = problemText(page, problem);
  if (problem.field === 'row') return <>{text}</>;
  return (
    <>
      <code dir="ltr" title={fieldLabel(page, problem.field)}>
        {problem.field}
      </code>{' '}
      {text}
    </>
  );
}

export function ImportReport({ page, result }: { page: StaffPage; result: Extract<ImportResult, { ok: true }> }) {
  const { t } = page;
  return (
    <section class="import-report" aria-labelledby="import-summary">
      <p class="notice" role="status" id="import-summary">
        {t('staffServices.import.summary', { rows: result.rows, added: result.added, updated: result.updated, rejected: result.rejected.length })}
      </p>
      {result.ignoredColumns.length ? <p class="notice">{t('staffServices.import.ignored', { columns: result.ignoredColumns.join(', ') })}</p> : null}
      {result.rejected.length === 0 ? (
        <p>{t('staffServices.import.allGood')}</p>
      ) : (
        <>
          <h2>{t('staffServices.import.rejectedTitle')}</h2>
          <div class="table-wrap">
            <table class="rejected">
              <thead>
                <tr>
                  <th scope="col">{t('staffServices.import.row')}</th>
                  <th scope="col">{t('staffServices.col.name')}</th>
                  <th scope="col">{t('staffServices.import.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rejected.map((r) => (
                  <tr data-row={r.row}>
                    <td>{r.row}</td>
                    <td dir="auto">{r.name || '—'}</td>
                    <td>
                      <ul>
                        {r.problems.map((p) => (
                          <li data-code={p.code}>
                            <Reason page={page} problem={p} />
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('staffServices.import.again')}</h2>
    </section>
  );
}
