/**
 * Staff views of policy-impact monitoring: the operations log (list, form,
 * record, deletion), CSV import with its per-row report, export, survey
 * waves and the statistics release. Everything typed is shown back as
 * escaped text; an error re-renders the form with what was typed.
 */
import type { ComponentChildren } from 'preact';
import type { ImportProblem } from '../../../core/monitoring/operations-csv.js';
import { IMPORT_MAX_ROWS } from '../../../core/monitoring/operations-csv.js';
import type { OperationList } from '../../../core/monitoring/operations.service.js';
import { AGENCIES, FIGURES, HARMS, MAX_SOURCES, PURPOSES, SOURCE_TYPES, type Operation, type OperationForm } from '../../../core/monitoring/operations.types.js';
import { COUNTRY_CODES, countryName } from '../../../core/places/countries.js';
import type { PublishedCell } from '../../../core/statistics/release.service.js';
import { STANDARD_QUESTIONS, waveQuestions, NO_ANSWER } from '../../../core/surveys/instrument.js';
import { wavePhase, type Wave, type WaveSummary } from '../../../core/surveys/surveys.service.js';
import { ENDONYMS, REPORTER_LOCALES } from '../../../i18n/locales.js';
import { type ReporterMessageId } from '../../../i18n/reporter/index.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { ChoiceGroup, ErrorSummary, HiddenInput, Select, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { safeHref } from '../../html/render.js';
import { StaffLayout } from '../layout.view.js';
import { reporterWords, type StaffPage } from '../page.js';

/** Labels shared with the public pages (agencies, figures, survey questions), in the staff page's language. */
export function publicLabels(page: StaffPage) {
  return reporterWords(page);
}

type Tab = 'operations' | 'surveys' | 'statistics';

export function MonitoringLayout({ page, title, tab, children }: { page: StaffPage; title: string; tab: Tab; children: ComponentChildren }) {
  const { t } = page;
  const tabs: Array<[Tab, string, StaffMessageId]> = [
    ['operations', '/monitoring/operations', 'staffStats.tab.operations'],
    ['surveys', '/monitoring/surveys', 'staffStats.tab.surveys'],
    ['statistics', '/monitoring/statistics', 'staffStats.tab.statistics'],
  ];
  return (
    <StaffLayout page={page} title={title}>
      <nav aria-label={t('staffStats.tabs')}>
        <ul class="tabs">
          {tabs.map(([id, href, label]) => (
            <li>
              <a href={href} aria-current={id === tab ? 'page' : undefined}>
                {t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </StaffLayout>
  );
}

/** An operation's date as precisely as recorded (staff see the day). */
export function staffDate(page: StaffPage, op: Pick<Operation, 'date'>): string {
  return /^\d{4}$/.test(op.date) ? op.date : page.i18n.day(op.date);
}

function place(page: StaffPage, op: Pick<Operation, 'city' | 'countryCode'>): string {
  const c = countryName(op.countryCode, page.lang);
  return op.city ? `${op.city}, ${c}` : c;
}

function FormNotice({ text }: { text?: string | undefined }) {
  return text ? (
    <p class="notice" role="alert">
      {text}
    </p>
  ) : null;
}

function KeyNotice({ page, hasKey }: { page: StaffPage; hasKey: boolean }) {
  return hasKey ? null : (
    <p class="notice" role="status">
      {page.t('staffStats.key.noAccess')}
    </p>
  );
}

export function OperationsListView({
  page,
  list,
  query,
  facets,
  hasKey,
}: {
  page: StaffPage;
  list: OperationList;
  query: { country: string; year: string };
  facets: { countries: string[]; years: number[] };
  hasKey: boolean;
}) {
  const { t, i18n } = page;
  const rt = publicLabels(page);
  const link = (p: number) => {
    const q = new URLSearchParams();
    if (query.country) q.set('country', query.country);
    if (query.year) q.set('year', query.year);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return `/monitoring/operations${s ? `?${s}` : ''}`;
  };
  return (
    <MonitoringLayout page={page} title={t('staffStats.ops.title')} tab="operations">
      <h1>{t('staffStats.ops.title')}</h1>
      <p>{t('staffStats.ops.intro', { organisation: page.organisationName })}</p>
      <KeyNotice page={page} hasKey={hasKey} />
      <p class="actions">
        <a class="button" href="/monitoring/operations/new">
          {t('staffStats.ops.new')}
        </a>{' '}
        <a class="button secondary" href="/monitoring/operations/import">
          {t('staffStats.ops.import')}
        </a>{' '}
        <a class="button secondary" href="/monitoring/operations/export">
          {t('staffStats.ops.export')}
        </a>
      </p>
      <form method="get" action="/monitoring/operations" class="filters">
        <h2>{t('staffStats.filter.title')}</h2>
        <Select
          id="f-country"
          name="country"
          label={t('staffStats.filter.country')}
          value={query.country}
          placeholder={t('staffStats.filter.all')}
          options={facets.countries.map((c) => ({ value: c, label: countryName(c, page.lang) }))}
        />
        <Select
          id="f-year"
          name="year"
          label={t('staffStats.filter.year')}
          value={query.year}
          placeholder={t('staffStats.filter.all')}
          options={facets.years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <button type="submit">{t('staffStats.filter.apply')}</button>
      </form>
      <p>{t('staffStats.ops.count', { count: list.total })}</p>
      {list.total === 0 ? (
        <p>{t('staffStats.ops.none')}</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="ops-caption" tabindex={0}>
          <table id="operations">
            <caption id="ops-caption">{t('staffStats.ops.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{rt.t('stats.ops.col.date')}</th>
                <th scope="col">{rt.t('stats.ops.col.place')}</th>
                <th scope="col">{rt.t('stats.ops.col.purpose')}</th>
                <th scope="col">{rt.t('stats.fig.arrested')}</th>
                <th scope="col">{rt.t('stats.fig.removed')}</th>
                <th scope="col">{rt.t('stats.fig.victims_identified')}</th>
                <th scope="col">{t('staffStats.ops.col.published')}</th>
                <th scope="col">{t('staffStats.ops.col.notes')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((op) => (
                <tr data-operation={op.id}>
                  <th scope="row">
                    <a href={`/monitoring/operations/${op.id}`} aria-label={t('staffStats.ops.openLabel', { date: staffDate(page, op), place: place(page, op) })}>
                      {staffDate(page, op)}
                    </a>
                  </th>
                  <td>{place(page, op)}</td>
                  <td>{rt.t(`stats.purpose.${op.purpose}` as ReporterMessageId)}</td>
                  <td>{op.figures.arrested === null ? rt.t('stats.ops.unknown') : i18n.number(op.figures.arrested)}</td>
                  <td>{op.figures.removed === null ? rt.t('stats.ops.unknown') : i18n.number(op.figures.removed)}</td>
                  <td>{op.figures.victims_identified === null ? rt.t('stats.ops.unknown') : i18n.number(op.figures.victims_identified)}</td>
                  <td>{op.published ? t('staffStats.yes') : t('staffStats.no')}</td>
                  <td>{op.hasNotes ? t('staffStats.yes') : t('staffStats.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pages > 1 ? (
        <p class="pager">
          {list.page > 1 ? <a href={link(list.page - 1)}>{rt.t('stats.pager.previous')}</a> : null} {rt.t('stats.pager', { page: list.page, pages: list.pages })}{' '}
          {list.page < list.pages ? <a href={link(list.page + 1)}>{rt.t('stats.pager.next')}</a> : null}
        </p>
      ) : null}
    </MonitoringLayout>
  );
}

function errorOf(page: StaffPage, errors: Readonly<Record<string, string | undefined>>, field: string): FieldError | undefined {
  const p = (errors as Record<string, string | undefined>)[field];
  return p ? { text: page.t(`staffStats.error.${p}` as StaffMessageId) } : undefined;
}

/** The form of an operation (new or existing). `notesLocked`: the editor cannot open the notes. */
export function OperationFormView({
  page,
  form,
  errors,
  action,
  title,
  notesLocked,
  hasKey,
  notice,
}: {
  page: StaffPage;
  form: OperationForm;
  errors: Readonly<Record<string, string | undefined>>;
  action: string;
  title: string;
  notesLocked: boolean;
  hasKey: boolean;
  notice?: string | undefined;
}) {
  const { t } = page;
  const rt = publicLabels(page);
  const err = (f: string) => errorOf(page, errors, f);
  const sourceRows = Math.min(MAX_SOURCES, Math.max(3, form.sources.length + 1));
  const sources = Array.from({ length: sourceRows }, (_, i) => form.sources[i] ?? { type: '', title: '', url: '' });
  const fieldId = (f: string) =>
    f.startsWith('source_') ? `op-${f.replace(/_/g, '-')}` : (FIGURES as readonly string[]).includes(f) ? `op-fig-${f}` : f === 'agencies' || f === 'harms' ? `op-${f}` : `op-${f}`;
  const summary = Object.entries(errors).map(([f, p]) => ({ href: `#${fieldId(f)}`, text: page.t(`staffStats.error.${p}` as StaffMessageId) }));
  return (
    <MonitoringLayout page={page} title={title} tab="operations">
      <h1>{title}</h1>
      <FormNotice text={notice} />
      <ErrorSummary title={t('staffStats.form.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={action} novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <fieldset>
          <legend class="sub">{t('staffStats.form.when')}</legend>
          <TextInput id="op-date" name="date" label={t('staffStats.f.date')} hint={t('staffStats.f.dateHint')} value={form.date} error={err('date')} inputmode="numeric" />
          <Select
            id="op-country"
            name="country"
            label={t('staffStats.f.country')}
            value={form.country}
            placeholder={t('staffStats.f.chooseCountry')}
            options={COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, page.lang) })).sort((a, b) => a.label.localeCompare(b.label, page.lang))}
            error={err('country')}
          />
          <TextInput id="op-city" name="city" label={t('staffStats.f.city')} hint={t('staffStats.f.cityHint')} value={form.city} error={err('city')} optional={t('common.optional')} />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('staffStats.form.what')}</legend>
          <ChoiceGroup
            id="op-agencies"
            name="agency"
            legend={t('staffStats.f.agencies')}
            type="checkbox"
            options={AGENCIES.map((a) => ({ value: a, label: rt.t(`stats.agency.${a}` as ReporterMessageId) }))}
            checked={form.agencies}
            error={err('agencies')}
          />
          <Select
            id="op-purpose"
            name="purpose"
            label={t('staffStats.f.purpose')}
            value={form.purpose}
            placeholder={t('staffStats.f.choosePurpose')}
            options={PURPOSES.map((p) => ({ value: p, label: rt.t(`stats.purpose.${p}` as ReporterMessageId) }))}
            error={err('purpose')}
          />
        </fieldset>
        <fieldset>
          <legend class="sub">{t('staffStats.f.figures')}</legend>
          <p class="hint">{t('staffStats.f.figuresHint')}</p>
          <div class="actions-grid">
            {FIGURES.map((f) => (
              <TextInput id={`op-fig-${f}`} name={`fig_${f}`} label={rt.t(`stats.fig.${f}` as ReporterMessageId)} value={form.figures[f]} error={err(f)} inputmode="numeric" />
            ))}
          </div>
        </fieldset>
        <ChoiceGroup
          id="op-harms"
          name="harm"
          legend={t('staffStats.f.harms')}
          type="checkbox"
          options={HARMS.map((h) => ({ value: h, label: rt.t(`stats.harm.${h}` as ReporterMessageId) }))}
          checked={form.harms}
          error={err('harms')}
        />
        <fieldset>
          <legend class="sub">{t('staffStats.f.sources')}</legend>
          <p class="hint">{t('staffStats.f.sourcesHint')}</p>
          {sources.map((s, i) => {
            const n = i + 1;
            return (
              <div class="actions-grid">
                <Select
                  id={`op-source-${n}-type`}
                  name={`source_${n}_type`}
                  label={t('staffStats.f.sourceType', { n })}
                  value={s.type}
                  placeholder={t('staffStats.f.chooseType')}
                  options={SOURCE_TYPES.map((x) => ({ value: x, label: rt.t(`stats.source.${x}` as ReporterMessageId) }))}
                  error={err(`source_${n}_type`)}
                />
                <TextInput id={`op-source-${n}-title`} name={`source_${n}_title`} label={t('staffStats.f.sourceTitle', { n })} value={s.title} error={err(`source_${n}_title`)} />
                <TextInput id={`op-source-${n}-url`} name={`source_${n}_url`} type="url" label={t('staffStats.f.sourceUrl', { n })} value={s.url} error={err(`source_${n}_url`)} dir="ltr" />
              </div>
            );
          })}
        </fieldset>
        <div class="choice">
          <input type="checkbox" id="op-published" name="published" value="yes" checked={form.published} aria-describedby="op-published-hint" />
          <label for="op-published">{t('staffStats.f.published')}</label>
        </div>
        <p class="hint" id="op-published-hint">
          {t('staffStats.f.publishedHint')}
        </p>
        {notesLocked || !hasKey ? (
          <p class="notice" id="op-notes">
            {notesLocked ? t('staffStats.f.notesLocked') : t('staffStats.key.noAccess')}
          </p>
        ) : (
          <TextArea id="op-notes" name="notes" label={t('staffStats.f.notes')} hint={t('staffStats.f.notesHint')} value={form.notes} error={err('notes')} optional={t('common.optional')} rows={5} />
        )}
        <button type="submit">{t('staffStats.form.save')}</button>
      </form>
    </MonitoringLayout>
  );
}

export function OperationView({ page, op, notes }: { page: StaffPage; op: Operation; notes: { kind: 'none' } | { kind: 'ok'; text: string } | { kind: 'no-access' } }) {
  const { t, i18n } = page;
  const rt = publicLabels(page);
  const title = t('staffStats.ops.viewTitle', { date: staffDate(page, op) });
  return (
    <MonitoringLayout page={page} title={title} tab="operations">
      <p>
        <a href="/monitoring/operations">{t('staffStats.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="summary">
        <dt>{rt.t('stats.ops.col.place')}</dt>
        <dd>{place(page, op)}</dd>
        <dt>{rt.t('stats.ops.col.agencies')}</dt>
        <dd>{op.agencies.map((a) => rt.t(`stats.agency.${a}` as ReporterMessageId)).join(', ')}</dd>
        <dt>{rt.t('stats.ops.col.purpose')}</dt>
        <dd>{rt.t(`stats.purpose.${op.purpose}` as ReporterMessageId)}</dd>
        {FIGURES.map((f) => (
          <>
            <dt>{rt.t(`stats.fig.${f}` as ReporterMessageId)}</dt>
            <dd data-figure={f}>{op.figures[f] === null ? rt.t('stats.ops.unknown') : i18n.number(op.figures[f]!)}</dd>
          </>
        ))}
        <dt>{rt.t('stats.ops.col.harms')}</dt>
        <dd>{op.harms.length ? op.harms.map((h) => rt.t(`stats.harm.${h}` as ReporterMessageId)).join(', ') : '—'}</dd>
        <dt>{rt.t('stats.ops.col.sources')}</dt>
        <dd>
          <ul>
            {op.sources.map((s) => (
              <li>
                {rt.t(`stats.source.${s.type}` as ReporterMessageId)}:{' '}
                {s.url ? (
                  <a href={safeHref(s.url)} rel="noreferrer nofollow" dir="auto">
                    {s.title}
                  </a>
                ) : (
                  s.title
                )}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('staffStats.ops.col.published')}</dt>
        <dd>{op.published ? t('staffStats.yes') : t('staffStats.no')}</dd>
        <dt>{t('staffStats.f.notes')}</dt>
        <dd class="text">{notes.kind === 'ok' ? notes.text : notes.kind === 'none' ? t('staffStats.ops.noNotes') : t('staffStats.key.noAccess')}</dd>
      </dl>
      <p class="meta">{t('staffStats.ops.created', { created: i18n.day(op.createdDay), updated: i18n.day(op.updatedDay) })}</p>
      <p class="actions">
        <a class="button" href={`/monitoring/operations/${op.id}/edit`}>
          {t('staffStats.ops.edit')}
        </a>{' '}
        <a class="button secondary" href={`/monitoring/operations/${op.id}/delete`}>
          {t('staffStats.ops.delete')}
        </a>
      </p>
    </MonitoringLayout>
  );
}

export function DeleteOperationView({ page, op }: { page: StaffPage; op: Operation }) {
  const { t } = page;
  return (
    <MonitoringLayout page={page} title={t('staffStats.ops.deleteTitle')} tab="operations">
      <h1>{t('staffStats.ops.deleteTitle')}</h1>
      <p>
        {staffDate(page, op)} — {place(page, op)}
      </p>
      <p>{t('staffStats.ops.deleteBody')}</p>
      <form method="post" action={`/monitoring/operations/${op.id}/delete`}>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <button type="submit">{t('staffStats.ops.delete')}</button> <a href={`/monitoring/operations/${op.id}`}>{t('staffStats.ops.keep')}</a>
      </form>
    </MonitoringLayout>
  );
}

export function ImportView({ page, text, problems, error, hasKey }: { page: StaffPage; text: string; problems?: readonly ImportProblem[]; error?: FieldError; hasKey: boolean }) {
  const { t } = page;
  const problemText = (p: ImportProblem) =>
    ['unknownColumn', 'missingColumn', 'syntax', 'tooManyRows', 'tooLarge', 'empty', 'yesNo', 'notesNeedKey', 'tooManyFields'].includes(p.problem)
      ? t(`staffStats.import.p.${p.problem}` as StaffMessageId, { rows: IMPORT_MAX_ROWS })
      : t(`staffStats.error.${p.problem}` as StaffMessageId);
  return (
    <MonitoringLayout page={page} title={t('staffStats.import.title')} tab="operations">
      <p>
        <a href="/monitoring/operations">{t('staffStats.back')}</a>
      </p>
      <h1>{t('staffStats.import.title')}</h1>
      <p>{t('staffStats.import.intro')}</p>
      <KeyNotice page={page} hasKey={hasKey} />
      {problems && problems.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="import-failed" tabindex={-1} autofocus>
          <h2 id="import-failed">{t('staffStats.import.failed')}</h2>
          <div class="table-wrap" role="region" aria-labelledby="import-caption" tabindex={0}>
            <table id="import-problems">
              <caption id="import-caption">{t('staffStats.import.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staffStats.import.col.line')}</th>
                  <th scope="col">{t('staffStats.import.col.column')}</th>
                  <th scope="col">{t('staffStats.import.col.problem')}</th>
                  <th scope="col">{t('staffStats.import.col.value')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p) => (
                  <tr data-line={p.line} data-column={p.column}>
                    <th scope="row">{p.line || '—'}</th>
                    <td>
                      <code>{p.column || '—'}</code>
                    </td>
                    <td>{problemText(p)}</td>
                    <td>
                      <code dir="auto">{p.value}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <form method="post" action="/monitoring/operations/import" enctype="multipart/form-data" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <div class={error ? 'field has-error' : 'field'}>
          <label for="import-file">{t('staffStats.import.file')}</label>
          <p class="hint" id="import-file-hint">
            {t('staffStats.import.fileHint', { rows: IMPORT_MAX_ROWS })}
          </p>
          {error ? (
            <p class="error" id="import-file-error">
              {error.text}
            </p>
          ) : null}
          <input type="file" id="import-file" name="file" accept=".csv,text/csv" aria-describedby={error ? 'import-file-hint import-file-error' : 'import-file-hint'} />
        </div>
        <TextArea id="import-text" name="text" label={t('staffStats.import.text')} value={text} rows={8} optional={t('common.optional')} />
        <button type="submit">{t('staffStats.import.submit')}</button>
      </form>
    </MonitoringLayout>
  );
}

export function ExportView({ page, hasKey }: { page: StaffPage; hasKey: boolean }) {
  const { t } = page;
  return (
    <MonitoringLayout page={page} title={t('staffStats.export.title')} tab="operations">
      <p>
        <a href="/monitoring/operations">{t('staffStats.back')}</a>
      </p>
      <h1>{t('staffStats.export.title')}</h1>
      <p>{t('staffStats.export.intro')}</p>
      <KeyNotice page={page} hasKey={hasKey} />
      <form method="post" action="/monitoring/operations/export">
        <HiddenInput name="_csrf" value={page.csrf()} />
        {hasKey ? (
          <div class="choice">
            <input type="checkbox" id="export-notes" name="notes" value="yes" />
            <label for="export-notes">{t('staffStats.export.notes')}</label>
          </div>
        ) : null}
        <button type="submit">{t('staffStats.export.submit')}</button>
      </form>
    </MonitoringLayout>
  );
}

// ------------------------------------------------------------------ surveys

function phaseLabel(page: StaffPage, w: Pick<Wave, 'status' | 'startsDay' | 'endsDay'>, today: string): string {
  return page.t(`staffStats.phase.${wavePhase(w, today)}` as StaffMessageId);
}

export function WavesListView({ page, waves, today, areaNames, k }: { page: StaffPage; waves: readonly WaveSummary[]; today: string; areaNames: ReadonlyMap<string, string>; k: number }) {
  const { t, i18n } = page;
  return (
    <MonitoringLayout page={page} title={t('staffStats.surveys.title')} tab="surveys">
      <h1>{t('staffStats.surveys.title')}</h1>
      <p>{t('staffStats.surveys.intro', { k })}</p>
      <p class="actions">
        <a class="button" href="/monitoring/surveys/new">
          {t('staffStats.surveys.new')}
        </a>
      </p>
      {waves.length === 0 ? (
        <p>{t('staffStats.surveys.none')}</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="waves-caption" tabindex={0}>
          <table id="waves">
            <caption id="waves-caption">{t('staffStats.surveys.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staffStats.surveys.col.title')}</th>
                <th scope="col">{t('staffStats.surveys.col.place')}</th>
                <th scope="col">{t('staffStats.surveys.col.period')}</th>
                <th scope="col">{t('staffStats.surveys.col.state')}</th>
                <th scope="col">{t('staffStats.surveys.col.responses')}</th>
              </tr>
            </thead>
            <tbody>
              {waves.map((w) => (
                <tr data-wave={w.id}>
                  <th scope="row">
                    <a href={`/monitoring/surveys/${w.id}`}>{w.title}</a>
                  </th>
                  <td>{w.areaId ? `${areaNames.get(w.areaId) ?? w.areaId}, ${countryName(w.countryCode, page.lang)}` : countryName(w.countryCode, page.lang)}</td>
                  <td>{t('staffStats.surveys.period', { from: i18n.day(w.startsDay), to: i18n.day(w.endsDay) })}</td>
                  <td>{phaseLabel(page, w, today)}</td>
                  <td class="num">{i18n.number(w.responses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </MonitoringLayout>
  );
}

export interface WaveFormValues {
  readonly title: string;
  readonly country: string;
  readonly area: string;
  readonly starts: string;
  readonly ends: string;
  readonly languages: readonly string[];
  readonly custom: ReadonlyArray<Readonly<Partial<Record<string, string>>>>;
}

export function WaveFormView({
  page,
  values,
  errors,
  action,
  title,
  areas,
  notice,
}: {
  page: StaffPage;
  values: WaveFormValues;
  errors: Record<string, string>;
  action: string;
  title: string;
  areas: ReadonlyArray<{ id: string; name: string; country_code: string }>;
  notice?: string | undefined;
}) {
  const { t } = page;
  const err = (f: string) => errorOf(page, errors, f);
  const fieldIds: Record<string, string> = {
    title: 'wave-title',
    country: 'wave-country',
    area: 'wave-area',
    starts: 'wave-starts',
    ends: 'wave-ends',
    languages: 'wave-languages',
    custom1: 'wave-custom1',
    custom2: 'wave-custom2',
    custom3: 'wave-custom3',
    _form: 'wave-title',
  };
  const summary = Object.entries(errors).map(([f, p]) => ({ href: `#${fieldIds[f] ?? 'wave-title'}`, text: t(`staffStats.error.${p}` as StaffMessageId) }));
  const langs = values.languages.length ? REPORTER_LOCALES.filter((l) => values.languages.includes(l)) : (['en'] as const);
  return (
    <MonitoringLayout page={page} title={title} tab="surveys">
      <h1>{title}</h1>
      <FormNotice text={notice} />
      <ErrorSummary title={t('staffStats.form.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={action} novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <TextInput id="wave-title" name="title" label={t('staffStats.wave.title')} hint={t('staffStats.wave.titleHint')} value={values.title} error={err('title')} />
        <Select
          id="wave-country"
          name="country"
          label={t('staffStats.wave.country')}
          value={values.country}
          placeholder={t('staffStats.f.chooseCountry')}
          options={COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, page.lang) })).sort((a, b) => a.label.localeCompare(b.label, page.lang))}
          error={err('country')}
        />
        <Select
          id="wave-area"
          name="area"
          label={t('staffStats.wave.area')}
          value={values.area}
          placeholder={t('staffStats.wave.anyArea')}
          optional={t('common.optional')}
          options={areas.map((a) => ({ value: a.id, label: `${a.name} (${countryName(a.country_code, page.lang)})` }))}
          error={err('area')}
        />
        <TextInput id="wave-starts" name="starts" label={t('staffStats.wave.starts')} hint={t('staffStats.wave.dayHint')} value={values.starts} error={err('starts')} inputmode="numeric" />
        <TextInput id="wave-ends" name="ends" label={t('staffStats.wave.ends')} hint={t('staffStats.wave.dayHint')} value={values.ends} error={err('ends')} inputmode="numeric" />
        <ChoiceGroup
          id="wave-languages"
          name="languages"
          legend={t('staffStats.wave.languages')}
          type="checkbox"
          inline
          options={REPORTER_LOCALES.map((l) => ({ value: l, label: ENDONYMS[l] ?? l }))}
          checked={values.languages}
          error={err('languages')}
        />
        <fieldset>
          <legend class="sub">{t('staffStats.wave.custom')}</legend>
          <p class="hint">{t('staffStats.wave.customHint')}</p>
          {[0, 1, 2].map((qi) => (
            <div id={`wave-custom${qi + 1}`} class={errors[`custom${qi + 1}`] ? 'has-error' : undefined}>
              {errors[`custom${qi + 1}`] ? <p class="error">{t(`staffStats.error.${errors[`custom${qi + 1}`]}` as StaffMessageId)}</p> : null}
              {langs.map((l) => (
                <TextArea
                  id={`custom-${qi + 1}-${l}`}
                  name={`custom_${qi + 1}_${l}`}
                  label={t('staffStats.wave.customQuestion', { n: qi + 1, language: ENDONYMS[l] ?? l })}
                  value={values.custom[qi]?.[l] ?? ''}
                  rows={4}
                  optional={t('common.optional')}
                />
              ))}
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('staffStats.wave.save')}</button>
      </form>
    </MonitoringLayout>
  );
}

/** Results of a closed wave as staff see them: the same protected cells as the public. */
export interface WaveResults {
  readonly n: number;
  readonly cells: ReadonlyMap<string, PublishedCell>;
}

export function WaveView({
  page,
  wave,
  responses,
  today,
  k,
  results,
  areaName,
}: {
  page: StaffPage;
  wave: Wave;
  responses: number;
  today: string;
  k: number;
  results: WaveResults | null;
  areaName: string | null;
}) {
  const { t, i18n } = page;
  const rt = publicLabels(page);
  const phase = wavePhase(wave, today);
  const title = t('staffStats.wave.heading', { title: wave.title });
  const custom = (texts: Readonly<Partial<Record<string, string>>>) => texts[page.lang] ?? texts[wave.languages[0] ?? 'en'] ?? Object.values(texts)[0] ?? '';
  const cellText = (v: PublishedCell | undefined) =>
    v === undefined ? rt.t('stats.cell.na') : v === 'small' ? rt.t('stats.cell.small', { k }) : v === 'hidden' ? rt.t('stats.cell.hidden') : i18n.number(v);
  return (
    <MonitoringLayout page={page} title={title} tab="surveys">
      <p>
        <a href="/monitoring/surveys">{t('staffStats.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="summary">
        <dt>{t('staffStats.surveys.col.place')}</dt>
        <dd>{areaName ? `${areaName}, ${countryName(wave.countryCode, page.lang)}` : countryName(wave.countryCode, page.lang)}</dd>
        <dt>{t('staffStats.surveys.col.period')}</dt>
        <dd>{t('staffStats.surveys.period', { from: i18n.day(wave.startsDay), to: i18n.day(wave.endsDay) })}</dd>
        <dt>{t('staffStats.wave.languages')}</dt>
        <dd>{wave.languages.map((l) => ENDONYMS[l] ?? l).join(', ')}</dd>
        <dt>{t('staffStats.surveys.col.state')}</dt>
        <dd data-phase={phase}>{phaseLabel(page, wave, today)}</dd>
        <dt>{t('staffStats.surveys.col.responses')}</dt>
        <dd data-responses={responses}>{t('staffStats.wave.responses', { count: responses })}</dd>
        <dt>{t('staffStats.wave.link')}</dt>
        <dd>
          <code dir="ltr">{`/surveys/${wave.id}`}</code>
          <p class="hint">{t('staffStats.wave.linkHint')}</p>
        </dd>
      </dl>
      <p class="actions">
        {wave.status !== 'closed' && responses === 0 ? (
          <a class="button secondary" href={`/monitoring/surveys/${wave.id}/edit`}>
            {t('staffStats.wave.edit')}
          </a>
        ) : null}
      </p>
      {wave.status === 'draft' ? (
        <form method="post" action={`/monitoring/surveys/${wave.id}/open`}>
          <HiddenInput name="_csrf" value={page.csrf()} />
          <button type="submit">{t('staffStats.wave.open')}</button>
        </form>
      ) : null}
      {wave.status === 'open' ? (
        <form method="post" action={`/monitoring/surveys/${wave.id}/close`}>
          <HiddenInput name="_csrf" value={page.csrf()} />
          <p class="hint">{t('staffStats.wave.closeHint', { k })}</p>
          <button type="submit">{t('staffStats.wave.close')}</button>
        </form>
      ) : null}
      <h2>{t('staffStats.wave.results')}</h2>
      {phase !== 'closed' ? (
        <p>{t('staffStats.wave.resultsLater')}</p>
      ) : !results ? (
        <p class="notice">{t('staffStats.wave.resultsNone', { k })}</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="results-caption" tabindex={0}>
          <table id="wave-results">
            <caption id="results-caption">{t('staffStats.wave.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{rt.t('survey.col.answer')}</th>
                <th scope="col">{rt.t('survey.col.people')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{rt.t('survey.respondents')}</th>
                <td class="num">{i18n.number(results.n)}</td>
              </tr>
              {waveQuestions(wave.custom).map((q) => {
                const c = wave.custom.find((x) => x.id === q.id);
                const qLabel = c ? custom(c.text) : rt.t(`survey.q.${q.id}` as ReporterMessageId);
                const opts = q.kind === 'single' ? [...q.options, NO_ANSWER] : [...q.options];
                return (
                  <>
                    <tr class="heading">
                      <th scope="colgroup" colSpan={2}>
                        {qLabel}
                      </th>
                    </tr>
                    {opts.map((o) => {
                      const oLabel = o === NO_ANSWER ? rt.t('survey.noAnswer') : c ? custom(c.options.find((x) => x.id === o)?.text ?? {}) : rt.t(`survey.o.${q.id}.${o}` as ReporterMessageId);
                      return (
                        <tr data-answer={`${q.id}.${o}`}>
                          <th scope="row">{oLabel}</th>
                          <td class="num">{cellText(results.cells.get(`${q.id}|${o}`))}</td>
                        </tr>
                      );
                    })}
                  </>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </MonitoringLayout>
  );
}

export function ReleaseView({
  page,
  status,
  k,
  protection,
}: {
  page: StaffPage;
  status: { latest: { builtAt: string; cutoffDay: string; stale: boolean } | null; building: boolean };
  k: number;
  protection: { small: number; hidden: number } | null;
}) {
  const { t, i18n } = page;
  return (
    <MonitoringLayout page={page} title={t('staffStats.release.title')} tab="statistics">
      <h1>{t('staffStats.release.title')}</h1>
      <p>{t('staffStats.release.intro')}</p>
      {status.latest ? (
        <p>{t('staffStats.release.current', { built: i18n.day(status.latest.builtAt.slice(0, 10)), cutoff: i18n.day(status.latest.cutoffDay) })}</p>
      ) : (
        <p>{t('staffStats.release.none')}</p>
      )}
      {protection ? <p>{t('staffStats.release.protection', { small: protection.small, hidden: protection.hidden, k })}</p> : null}
      {status.latest?.stale ? <p class="notice">{t('staffStats.release.stale')}</p> : null}
      {status.building ? (
        <p class="notice" role="status">
          {t('staffStats.release.building')}
        </p>
      ) : (
        <form method="post" action="/monitoring/statistics/publish">
          <HiddenInput name="_csrf" value={page.csrf()} />
          <button type="submit">{t('staffStats.release.publish')}</button>
        </form>
      )}
      <p>{t('staffStats.release.public')}</p>
    </MonitoringLayout>
  );
}

export { STANDARD_QUESTIONS };
