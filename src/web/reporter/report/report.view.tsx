/**
 * The report form: one page, six numbered steps with a list of steps at the
 * top for orientation, working without JavaScript. Errors appear in a summary
 * and next to each field; every value typed is put back.
 */
import { CATEGORY_GROUP_CODES, CATEGORY_GROUPS, IDENTIFIER_KINDS, PERPETRATOR_TYPES, POLICE_CONSENT } from '../../../core/taxonomy/taxonomy.js';
import type { Organisation } from '../../../core/organisations/organisations.repository.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, Select, TextArea, TextInput, type FieldError, type OptionGroup } from '../../html/fields.js';
import { withLang } from '../../html/render.js';
import { FIELD_ORDER, type FieldProblem, type FormErrors, type ReportFormValues } from './report.form.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';
import { AttachmentField, FILE_FIELD } from '../attachments.view.js';

export interface ReportFormProps {
  page: ReporterPage;
  values: ReportFormValues;
  errors: FormErrors;
  placeGroups: readonly OptionGroup[];
  /** Set when several organisations cover the chosen place. */
  organisations?: readonly Organisation[] | undefined;
  /** A message for the whole form (stale CSRF token, busy server). */
  notice?: ReporterMessageId | undefined;
  /** This rendering's one-time token: the same form sent twice makes one report. */
  formToken: string;
  /** Files had been chosen: the browser does not keep them, so the field says to choose them again. */
  chooseAgain?: boolean | undefined;
}

const STEPS = ['form.where.legend', 'form.when.legend', 'form.what.legend', 'form.who.legend', 'form.wants.legend', 'form.contact.legend'] as const;

export function errorText(page: ReporterPage, problem: FieldProblem | undefined): FieldError | undefined {
  if (!problem) return undefined;
  const values = { ...problem.values };
  if (typeof values.kind === 'string') values.kind = page.t(`identifier.${values.kind}` as ReporterMessageId).toLocaleLowerCase(page.lang);
  return { text: page.t(problem.id, values) };
}

function StepHeading({ page, n }: { page: ReporterPage; n: number }) {
  return (
    <legend class="step">
      <span class="progress">{page.t('form.progress', { step: n, total: STEPS.length })}</span> {page.t(STEPS[n - 1]!)}
    </legend>
  );
}

/** The question each field answers, so that every line of the error summary names it. */
function questionOf(page: ReporterPage, field: string): string {
  const row = /^id_(kind|value)_(\d+)$/.exec(field);
  if (row) return page.t(row[1] === 'kind' ? 'form.who.identifierKind' : 'form.who.identifierValue', { n: Number(row[2]) });
  const labels: Record<string, ReporterMessageId> = {
    area: 'form.where.area',
    organisation: 'form.where.organisation',
    place_detail: 'form.where.detail',
    incident_date: 'form.when.date',
    incident_month: 'form.when.month',
    category: 'form.what.legend',
    perpetrator: 'form.who.types',
    description: 'form.what.description',
    support: 'form.wants.support',
    warn: 'form.wants.warn',
    statistics: 'form.wants.statistics',
    police: 'form.wants.police',
    contact_name: 'form.contact.name',
    contact_details: 'form.contact.details',
    [FILE_FIELD]: 'attach.label',
  };
  return page.t(labels[field] ?? 'form.title');
}

export function ReportFormView({ page, values, errors, placeGroups, organisations, notice, formToken, chooseAgain }: ReportFormProps) {
  const { t } = page;
  const err = (field: string) => errorText(page, errors[field]);
  const optional = t('form.optional');
  const yesNo = [
    { value: 'yes', label: t('form.yes') },
    { value: 'no', label: t('form.no') },
  ];
  const summary = [...FIELD_ORDER, FILE_FIELD].filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: t('form.errorFor', { question: questionOf(page, f), problem: err(f)!.text }) }));
  return (
    <ReporterLayout page={page} title={t('form.title')} form="report-form">
      <h1>{t('form.title')}</h1>
      <p>{t('form.intro')}</p>
      {notice ? (
        <p class="notice" role="alert">
          {t(notice)}
        </p>
      ) : null}
      <ErrorSummary title={t('form.errorSummary', { count: summary.length })} errors={summary} />
      <nav aria-label={t('form.steps')}>
        <ol class="steps">
          {STEPS.map((s, i) => (
            <li>
              <a href={`#step-${i + 1}`}>{t(s)}</a>
            </li>
          ))}
        </ol>
      </nav>
      <form id="report-form" method="post" action={withLang('/report', page.lang)} accept-charset="utf-8" enctype="multipart/form-data" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={page.lang} />
        <HiddenInput name="submission" value={formToken} />

        <fieldset id="step-1">
          <StepHeading page={page} n={1} />
          <Select
            id="area"
            name="area"
            label={t('form.where.area')}
            hint={t('form.where.areaHint')}
            value={values.area}
            groups={placeGroups}
            placeholder={t('form.where.choose')}
            error={err('area')}
          />
          {organisations && organisations.length > 1 ? (
            <ChoiceGroup
              id="organisation"
              name="organisation"
              type="radio"
              legend={t('form.where.organisation')}
              hint={t('form.where.organisationHint')}
              options={organisations.map((o) => ({ value: o.id, label: o.name }))}
              checked={[values.organisation]}
              error={err('organisation')}
            />
          ) : values.organisation ? (
            <HiddenInput name="organisation" value={values.organisation} />
          ) : null}
          <TextInput
            id="place_detail"
            name="place_detail"
            label={t('form.where.detail')}
            optional={optional}
            hint={t('form.where.detailHint')}
            value={values.placeDetail}
            error={err('place_detail')}
            dir="auto"
          />
        </fieldset>

        <fieldset id="step-2">
          <StepHeading page={page} n={2} />
          <TextInput
            id="incident_date"
            name="incident_date"
            type="date"
            label={t('form.when.date')}
            optional={optional}
            hint={t('form.when.dateHint')}
            value={values.incidentDate}
            error={err('incident_date')}
          />
          <TextInput
            id="incident_month"
            name="incident_month"
            label={t('form.when.month')}
            optional={optional}
            hint={t('form.when.monthHint')}
            value={values.incidentMonth}
            error={err('incident_month')}
            inputmode="numeric"
          />
        </fieldset>

        <fieldset id="step-3">
          <StepHeading page={page} n={3} />
          <div id="category" class={errors.category ? 'has-error' : undefined}>
            <p class="hint" id="category-hint">
              {t('form.what.hint')}
            </p>
            {errors.category ? (
              <p class="error" id="category-error">
                {err('category')!.text}
              </p>
            ) : null}
            {CATEGORY_GROUP_CODES.map((g) => (
              <ChoiceGroup
                id={`category-${g}`}
                name="category"
                type="checkbox"
                legend={t(`category.group.${g}`)}
                legendClass="sub"
                options={CATEGORY_GROUPS[g].map((c) => ({ value: c, label: t(`category.${c}`) }))}
                checked={values.categories}
                describedBy={['category-hint', errors.category ? 'category-error' : ''].filter(Boolean).join(' ')}
                invalid={Boolean(errors.category)}
              />
            ))}
          </div>
          <TextArea
            id="description"
            name="description"
            label={t('form.what.description')}
            optional={optional}
            hint={t('form.what.descriptionHint')}
            value={values.description}
            error={err('description')}
            rows={8}
          />
        </fieldset>

        <fieldset id="step-4">
          <StepHeading page={page} n={4} />
          <ChoiceGroup
            id="perpetrator"
            name="perpetrator"
            type="checkbox"
            legend={t('form.who.types')}
            legendClass="sub"
            options={PERPETRATOR_TYPES.map((p) => ({ value: p, label: t(`perpetrator.${p}`) }))}
            checked={values.perpetrators}
            error={err('perpetrator')}
          />
          <fieldset class="identifiers">
            <legend class="sub">
              {t('form.who.identifiers')} <span class="opt">{optional}</span>
            </legend>
            <p class="hint">{t('form.who.identifiersHint')}</p>
            {values.identifiers.map((row, i) => (
              <div class="id-row">
                <Select
                  id={`id_kind_${i + 1}`}
                  name={`id_kind_${i + 1}`}
                  label={t('form.who.identifierKind', { n: i + 1 })}
                  value={row.kind}
                  options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(`identifier.${k}`) }))}
                  error={err(`id_kind_${i + 1}`)}
                />
                <TextInput id={`id_value_${i + 1}`} name={`id_value_${i + 1}`} label={t('form.who.identifierValue', { n: i + 1 })} value={row.value} error={err(`id_value_${i + 1}`)} dir="ltr" />
              </div>
            ))}
          </fieldset>
        </fieldset>

        <fieldset id="step-5">
          <StepHeading page={page} n={5} />
          <p class="hint">{t('form.wants.defaults')}</p>
          <ChoiceGroup id="support" name="support" type="radio" inline legend={t('form.wants.support')} legendClass="sub" options={yesNo} checked={[values.support]} error={err('support')} />
          <ChoiceGroup id="warn" name="warn" type="radio" inline legend={t('form.wants.warn')} legendClass="sub" options={yesNo} checked={[values.warn]} error={err('warn')} />
          <ChoiceGroup
            id="statistics"
            name="statistics"
            type="radio"
            inline
            legend={t('form.wants.statistics')}
            legendClass="sub"
            options={yesNo}
            checked={[values.statistics]}
            error={err('statistics')}
          />
          <ChoiceGroup
            id="police"
            name="police"
            type="radio"
            legend={t('form.wants.police')}
            legendClass="sub"
            hint={t('form.wants.policeHint')}
            options={POLICE_CONSENT.map((p) => ({ value: p, label: t(`police.${p}`) }))}
            checked={[values.police]}
            error={err('police')}
          />
        </fieldset>

        <fieldset id="step-6">
          <StepHeading page={page} n={6} />
          <p class="hint">{t('form.contact.intro')}</p>
          <TextInput id="contact_name" name="contact_name" label={t('form.contact.name')} optional={optional} value={values.contactName} error={err('contact_name')} />
          <TextArea id="contact_details" name="contact_details" label={t('form.contact.details')} optional={optional} value={values.contactDetails} error={err('contact_details')} rows={3} />
        </fieldset>

        {/* Last in the form: everything typed arrives before any file, so a file over the limit never costs the text. */}
        <AttachmentField page={page} error={err(FILE_FIELD)} chooseAgain={chooseAgain} />

        <p class="hint">{t('form.submitHint')}</p>
        <button type="submit">{t('form.submit')}</button>
      </form>
    </ReporterLayout>
  );
}
