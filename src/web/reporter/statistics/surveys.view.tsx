/**
 * Survey results (published waves only, under small-cell protection) and the
 * anonymous response form. The form works without JavaScript; an error
 * shows the form again with every choice still made, and nothing is stored
 * until it is sent.
 */
import { countryName } from '../../../core/places/countries.js';
import type { Release } from '../../../core/statistics/release.service.js';
import { surveyModelTable, waveTable } from '../../../core/statistics/tables.js';
import { NO_ANSWER, STANDARD_QUESTIONS } from '../../../core/surveys/instrument.js';
import type { PublicWave } from '../../../core/surveys/survey-cells.js';
import type { AnswerProblem, Wave } from '../../../core/surveys/surveys.service.js';
import { ENDONYMS, type ReporterLocale } from '../../../i18n/locales.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput } from '../../html/fields.js';
import { isolated } from '../../html/isolate.js';
import { PublicLayout } from './layout.view.js';
import type { PublicPage } from '../../html/page.js';
import { DataTable, Figure } from './tables.view.js';

export function wavePlace(page: PublicPage, w: { country: string; areaId: string | null }, areaNames: ReadonlyMap<string, string>): string {
  const country = countryName(w.country, page.lang);
  const area = w.areaId ? areaNames.get(w.areaId) : undefined;
  return area ? page.t('place.areaInCountry', { area, country }) : country;
}

export function WaveSummary({ page, wave, areaNames, level }: { page: PublicPage; wave: PublicWave; areaNames: ReadonlyMap<string, string>; level: 2 | 3 | 4 }) {
  const { t } = page;
  const Heading = level === 2 ? 'h2' : level === 3 ? 'h3' : 'h4';
  const languages = page.i18n.list(wave.languages.map((l) => ENDONYMS[l] ?? l));
  return (
    <>
      <Heading id={`wave-${wave.id}`}>{wave.title}</Heading>
      <p class="meta">{t('survey.wave.meta', { place: wavePlace(page, wave, areaNames), from: page.i18n.day(wave.fromMonth), to: page.i18n.day(wave.toMonth), languages })}</p>
    </>
  );
}

export function SurveysView({ page, release, areaNames, chart }: { page: PublicPage; release: Release; areaNames: ReadonlyMap<string, string>; chart: string | null }) {
  const { t } = page;
  const body = release.body;
  const k = body.k;
  const waves = body.surveys.waves;
  const byModel = surveyModelTable(body);
  return (
    <PublicLayout page={page} title={t('survey.title')} tab="surveys">
      <h1>{t('survey.title')}</h1>
      <p class="lead">{t('survey.intro', { k })}</p>
      {waves.length === 0 ? <p>{t('survey.none')}</p> : null}
      {byModel ? (
        <section aria-labelledby="survey-models">
          <h2 id="survey-models">{t('survey.byModel')}</h2>
          {chart ? <Figure page={page} svg={chart} title={t('survey.chart.trust')} tableId="table-survey-by-legal-model" note={t('stats.chart.note', { k })} /> : null}
          <DataTable page={page} table={byModel} />
        </section>
      ) : null}
      {waves.length > 0 ? (
        <section aria-labelledby="survey-waves">
          <h2 id="survey-waves">{t('survey.waves')}</h2>
          {waves.map((w) => (
            <article class="wave" data-wave={w.id}>
              <WaveSummary page={page} wave={w} areaNames={areaNames} level={3} />
              {w.published ? <DataTable page={page} table={waveTable(body, w)} /> : <p class="not-published">{t('survey.wave.notPublished', { k })}</p>}
            </article>
          ))}
        </section>
      ) : null}
    </PublicLayout>
  );
}

export type SurveyErrors = Partial<Record<string, AnswerProblem>>;

export function SurveyFormView({
  page,
  wave,
  organisation,
  answers,
  errors,
  notice,
}: {
  page: PublicPage;
  wave: Wave;
  organisation: string;
  answers: Readonly<Record<string, readonly string[]>>;
  errors: SurveyErrors;
  notice?: string;
}) {
  const { t } = page;
  const errorText = (p: AnswerProblem) => t(`survey.error.${p}` as ReporterMessageId);
  const listed = Object.entries(errors).filter(([q]) => q !== '_form');
  const summary = [...(errors._form ? [{ href: '#survey-submit', text: errorText(errors._form) }] : []), ...listed.map(([q, p]) => ({ href: `#q-${q}`, text: errorText(p!) }))];
  const lang = page.lang;
  const customText = (texts: Readonly<Partial<Record<ReporterLocale, string>>>) => texts[lang] ?? texts[wave.languages[0]!] ?? '';
  return (
    <PublicLayout page={page} title={t('survey.form.title', { title: wave.title })} languages={wave.languages}>
      <h1>{t('survey.form.title', { title: wave.title })}</h1>
      <p class="lead">{isolated((mark) => t('survey.form.intro', { organisation: mark(organisation) }))}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary title={t('survey.form.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={`/surveys/${wave.id}`} novalidate class="survey">
        <HiddenInput name="_csrf" value={page.csrf()} />
        <HiddenInput name="lang" value={lang} />
        {STANDARD_QUESTIONS.map((q) => {
          const error = errors[q.id];
          const options = q.options.map((o) => ({ value: o, label: t(`survey.o.${q.id}.${o}` as ReporterMessageId) }));
          return (
            <ChoiceGroup
              id={`q-${q.id}`}
              name={q.id}
              legend={t(`survey.q.${q.id}` as ReporterMessageId)}
              legendClass="sub"
              type={q.kind === 'single' ? 'radio' : 'checkbox'}
              options={q.kind === 'single' ? [...options, { value: '', label: t('survey.noAnswer') }] : options}
              checked={answers[q.id] ?? []}
              hint={q.kind === 'single' ? t('survey.form.chooseOne') : t('survey.form.chooseAny')}
              error={error ? { text: errorText(error) } : undefined}
            />
          );
        })}
        {wave.custom.length > 0 ? <h2>{isolated((mark) => t('survey.form.own', { organisation: mark(organisation) }))}</h2> : null}
        {wave.custom.map((q) => {
          const error = errors[q.id];
          return (
            <ChoiceGroup
              id={`q-${q.id}`}
              name={q.id}
              legend={customText(q.text)}
              legendClass="sub"
              type="radio"
              options={[...q.options.map((o) => ({ value: o.id, label: customText(o.text) })), { value: '', label: t('survey.noAnswer') }]}
              checked={answers[q.id] ?? []}
              hint={t('survey.form.chooseOne')}
              error={error ? { text: errorText(error) } : undefined}
            />
          );
        })}
        <button type="submit" id="survey-submit">
          {t('survey.form.submit')}
        </button>
      </form>
    </PublicLayout>
  );
}

export function SurveyMessageView({ page, title, body, languages }: { page: PublicPage; title: ReporterMessageId; body: ReporterMessageId; languages?: readonly ReporterLocale[] }) {
  return (
    <PublicLayout page={page} title={page.t(title)} languages={languages}>
      <h1>{page.t(title)}</h1>
      <p>{page.t(body)}</p>
    </PublicLayout>
  );
}

export { NO_ANSWER };
