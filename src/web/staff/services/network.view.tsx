/**
 * Other organisations' services as network editors see them: the entries,
 * who may correct them and why not, and the corrections awaiting a second
 * editor, each with what the public reads now and what was proposed.
 */
import type { EditorStanding, NetworkEditor } from '../../../core/rights/editors.service.js';
import type { PendingServiceChange } from '../../../core/services/service-changes.service.js';
import type { Service } from '../../../core/services/services.types.js';
import { SERVICE_FIELDS } from '../../../core/services/services.validation.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { HiddenInput } from '../../html/fields.js';
import { StaffLayout } from '../layout.view.js';
import type { StaffPage } from '../page.js';
import { EditorStandingNotice, type StandingMessages } from '../rights/rights-admin.view.js';
import { AdminTabs } from './services-admin.view.js';

/** The standing notice of the profiles, with the services' own words for who may correct an entry. */
const SERVICE_STANDING: StandingMessages = { notEditor: 'network.services.notEditor', tooFew: 'network.services.tooFewEditors' };

export function NetworkServicesView({
  page,
  services,
  standing,
  editors,
  changes,
  me,
  notice,
}: {
  page: StaffPage;
  services: ReadonlyArray<Service & { readonly organisationName: string }>;
  standing: EditorStanding;
  editors: readonly NetworkEditor[];
  changes: readonly PendingServiceChange[];
  me: string;
  notice?: string | undefined;
}) {
  const { t } = page;
  const editor = standing.kind === 'editor';
  return (
    <StaffLayout page={page} title={t('network.services.title')}>
      <AdminTabs page={page} current={null} />
      <h1>{t('network.services.title')}</h1>
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <p>{t('network.services.intro')}</p>
      <EditorStandingNotice page={page} standing={standing} editors={editors} messages={SERVICE_STANDING} />
      <h2>{t('network.changes.title')}</h2>
      {changes.length === 0 ? <p>{t('network.changes.none')}</p> : null}
      {changes.map((c) => (
        <section class="change" id={`change-${c.id}`}>
          <h3>{t('network.changes.by', { name: c.serviceName, organisation: c.organisationName, day: c.day })}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('network.changes.field')}</th>
                <th scope="col">{t('network.changes.before')}</th>
                <th scope="col">{t('network.changes.after')}</th>
              </tr>
            </thead>
            <tbody>
              {SERVICE_FIELDS.filter((f) => c.before[f] !== c.after[f]).map((f) => (
                <tr>
                  <th scope="row">{t(`staffServices.field.${f}` as StaffMessageId)}</th>
                  <td dir="auto">{c.before[f]}</td>
                  <td dir="auto">{c.after[f]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.proposedBy === me ? (
            <p>{t('network.changes.own')}</p>
          ) : editor ? (
            <p>
              <form method="post" action={`/admin/services/network/changes/${c.id}/approve`} class="inline">
                <HiddenInput name="_csrf" value={page.csrf()} />
                <button type="submit">{t('network.changes.approve')}</button>
              </form>{' '}
              <form method="post" action={`/admin/services/network/changes/${c.id}/refuse`} class="inline">
                <HiddenInput name="_csrf" value={page.csrf()} />
                <button type="submit">{t('network.changes.refuse')}</button>
              </form>
            </p>
          ) : null}
        </section>
      ))}
      <h2>{t('network.services.entries')}</h2>
      {services.length === 0 ? <p>{t('network.services.none')}</p> : null}
      <ul>
        {services.map((s) => (
          <li>
            <span dir="auto">{s.name}</span> ({s.organisationName}, {s.countryCode})
            {editor ? (
              <>
                {' '}
                · <a href={`/admin/services/network/${s.id}`}>{t('network.services.propose')}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}

export function NetworkServiceUnavailableView({ page, standing, editors }: { page: StaffPage; standing: EditorStanding; editors: readonly NetworkEditor[] }) {
  return (
    <StaffLayout page={page} title={page.t('network.services.title')}>
      <AdminTabs page={page} current={null} />
      <h1>{page.t('network.services.title')}</h1>
      <EditorStandingNotice page={page} standing={standing} editors={editors} messages={SERVICE_STANDING} />
    </StaffLayout>
  );
}
