/**
 * The referrals of a case: which services the person was referred to and
 * what came of it, decrypted for a caseworker who can read the case; a form
 * to record one (services that fit the report first) and one to update an
 * outcome. Everything decrypted is rendered as escaped text.
 */
import { countryName } from '../../../core/places/countries.js';
import { REFERRAL_OUTCOMES, type CaseReferral, type RankedService } from '../../../core/services/referrals.service.js';
import { firewallLevel, type Service } from '../../../core/services/services.types.js';
import { ErrorSummary, HiddenInput, Select, TextArea, type FieldError, type OptionGroup } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import { shortId, type StaffPage } from '../page.js';
import { publicWords } from './services-admin.view.js';
import type { ReportId } from '../../../core/shared/ids.js';

export interface ReferralFormState {
  /** The service chosen, as the form sent it (shown again on an error; parsed before it is used). */
  readonly serviceId: string;
  readonly outcome: string;
  readonly note: string;
  readonly serviceError?: FieldError | undefined;
  readonly outcomeError?: FieldError | undefined;
  readonly noteError?: FieldError | undefined;
}

function optionLabel(page: StaffPage, s: Service): string {
  const pw = publicWords(page);
  const place = s.city || countryName(s.countryCode, page.lang);
  // The firewall rating is in the label: caseworkers may refer anywhere, but never without seeing the risk.
  return `${s.name} (${place}): ${s.categories.map((c) => pw(`services.category.${c}`)).join(', ')} · ${page.t('staffServices.col.firewall')}: ${page.t(`staffServices.level.${firewallLevel(s.firewall)}`)}`;
}

export function ReferralsView({
  page,
  reportId,
  countryCode,
  referrals,
  ranked,
  others,
  names,
  state,
}: {
  page: StaffPage;
  reportId: ReportId;
  countryCode: string;
  referrals: readonly CaseReferral[];
  /** Services of the report's country, best fit first. */
  ranked: readonly RankedService[];
  /** Active services elsewhere. */
  others: readonly Service[];
  /** Display names of colleagues, by user id. */
  names: ReadonlyMap<string, string>;
  state: ReferralFormState;
}) {
  const { t, i18n } = page;
  const country = countryName(countryCode, page.lang);
  const fit = ranked.filter((r) => r.fit > 0);
  const rest = ranked.filter((r) => r.fit === 0);
  const groups: OptionGroup[] = [
    { label: t('staffServices.ref.fits'), options: fit.map((r) => ({ value: r.service.id, label: optionLabel(page, r.service) })) },
    { label: t('staffServices.ref.inCountry', { country }), options: rest.map((r) => ({ value: r.service.id, label: optionLabel(page, r.service) })) },
    { label: t('staffServices.ref.elsewhere'), options: others.map((s) => ({ value: s.id, label: `${optionLabel(page, s)} · ${countryName(s.countryCode, page.lang)}` })) },
  ].filter((g) => g.options.length > 0);
  const outcomes = REFERRAL_OUTCOMES.map((o) => ({ value: o, label: t(`staffServices.ref.outcome.${o}`) }));
  const title = t('staffServices.ref.title', { id: shortId(reportId) });
  const errors = [
    state.serviceError ? { href: '#service', text: state.serviceError.text } : null,
    state.outcomeError ? { href: '#outcome', text: state.outcomeError.text } : null,
    state.noteError ? { href: '#note', text: state.noteError.text } : null,
  ].filter((e): e is { href: string; text: string } => e !== null);
  return (
    <StaffLayout page={page} title={title}>
      <p>
        <a href={`/reports/${reportId}`}>{t('staffServices.ref.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('staffServices.ref.intro')}</p>
      <ErrorSummary title={t('common.errorSummary', { count: errors.length })} errors={errors} />
      {referrals.length === 0 ? (
        <p>{t('staffServices.ref.none')}</p>
      ) : (
        <ol class="thread referral-list">
          {referrals.map((r) => (
            <li data-referral-id={r.id}>
              <h2 dir="auto">{r.serviceName}</h2>
              <p>
                <strong>{t('staffServices.ref.outcome')}:</strong> <span data-outcome={r.outcome}>{t(`staffServices.ref.outcome.${r.outcome}`)}</span>
              </p>
              {r.note ? (
                <p class="text" dir="auto">
                  {r.note}
                </p>
              ) : null}
              <p class="meta">{t('staffServices.ref.by', { name: names.get(r.authorUserId) ?? '—', day: i18n.day(r.createdAt.slice(0, 10)) })}</p>
              <form method="post" action={`/reports/${reportId}/referrals/${r.id}`} class="referral-update" accept-charset="utf-8" novalidate>
                <HiddenInput name="_csrf" value={page.csrf()} />
                <Select id={`outcome-${r.id}`} name="outcome" label={t('staffServices.ref.outcome')} value={r.outcome} options={outcomes} />
                <TextArea id={`note-${r.id}`} name="note" label={t('staffServices.ref.note')} value={r.note} rows={2} />
                <button type="submit" class="secondary">
                  {t('staffServices.ref.update')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
      <h2>{t('staffServices.ref.add')}</h2>
      <form method="post" action={`/reports/${reportId}/referrals`} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <Select
          id="service"
          name="service"
          label={t('staffServices.ref.service')}
          hint={t('staffServices.ref.serviceHint')}
          value={state.serviceId}
          groups={groups}
          placeholder="—"
          error={state.serviceError}
        />
        <Select id="outcome" name="outcome" label={t('staffServices.ref.outcome')} value={state.outcome || 'suggested'} options={outcomes} error={state.outcomeError} />
        <TextArea id="note" name="note" label={t('staffServices.ref.note')} optional={t('common.optional')} value={state.note} error={state.noteError} rows={3} />
        <button type="submit">{t('staffServices.ref.add')}</button>
      </form>
    </StaffLayout>
  );
}
