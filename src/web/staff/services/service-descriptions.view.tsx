/**
 * Staff: one of the organisation's services described in the readers'
 * languages. Readers see their language first, then the organisation's own
 * description, then any other; the own description's language is said here
 * so that the page can mark it for readers of another language.
 */
import { TEXT_LANGUAGES } from '../../../core/shared/languages.js';
import type { Service } from '../../../core/services/services.types.js';
import { REPORTER_LOCALES } from '../../../i18n/locales.js';
import { ErrorSummary, HiddenInput, Select, TextArea, type FieldError } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import type { StaffPage } from '../page.js';
import { AdminTabs } from './services-admin.view.js';

/** The form's values: `own_lang` and one `description_<locale>` per reporter locale. */
export type DescriptionValues = Readonly<Record<string, string>>;

/** The form's values for an entry as stored. */
export function descriptionValues(s: Service): Record<string, string> {
  const out: Record<string, string> = { own_lang: s.descriptionLang ?? '' };
  for (const l of REPORTER_LOCALES) out[`description_${l}`] = s.translations?.[l] ?? '';
  return out;
}

export function ServiceDescriptionsView({
  page,
  service,
  values,
  errors,
  notice,
}: {
  page: StaffPage;
  service: Service;
  values: DescriptionValues;
  errors: Readonly<Record<string, FieldError>>;
  notice?: string | undefined;
}) {
  const { t } = page;
  const names = new Intl.DisplayNames([page.lang], { type: 'language' });
  const name = (l: string) => names.of(l) ?? l;
  const title = t('staffServices.descriptions.title', { name: service.name });
  const order = ['own_lang', ...REPORTER_LOCALES.map((l) => `description_${l}`)];
  const summary = order.filter((f) => errors[f]).map((f) => ({ href: `#${f}`, text: errors[f]!.text }));
  return (
    <StaffLayout page={page} title={title}>
      <AdminTabs page={page} current={null} />
      <p>
        <a href={`/admin/services/${service.id}`}>{t('staffServices.descriptions.back')}</a>
      </p>
      <h1 dir="auto">{title}</h1>
      <p>{t('staffServices.descriptions.intro')}</p>
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <ErrorSummary title={t('common.errorSummary', { count: summary.length })} errors={summary} />
      <form method="post" action={`/admin/services/${service.id}/descriptions`} accept-charset="utf-8" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <h2>{t('staffServices.descriptions.own')}</h2>
        <p class="text" dir="auto" lang={values.own_lang || undefined}>
          {service.description || t('common.none')}
        </p>
        <Select
          id="own_lang"
          name="own_lang"
          label={t('staffServices.descriptions.ownLang')}
          value={values.own_lang ?? ''}
          placeholder={t('staffServices.descriptions.ownLangUnknown')}
          options={TEXT_LANGUAGES.map((l) => ({ value: l, label: name(l) }))}
          error={errors.own_lang}
        />
        <h2>{t('staffServices.descriptions.others')}</h2>
        {REPORTER_LOCALES.map((l) => (
          <TextArea
            id={`description_${l}`}
            name={`description_${l}`}
            label={t('staffServices.descriptions.in', { language: name(l) })}
            optional={t('common.optional')}
            value={values[`description_${l}`] ?? ''}
            error={errors[`description_${l}`]}
            rows={3}
          />
        ))}
        <button type="submit">{t('common.save')}</button>
      </form>
    </StaffLayout>
  );
}
