/** Staff: police disclosures (review, document, JSON), custodians' identity decisions, and retention settings. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { identityRequests, prepareDisclosure, type PreparedDisclosure } from '../../../core/consent/consent-pages.service.js';
import { makeDisclosure, type DisclosureDocument, type DisclosureDraft } from '../../../core/consent/disclosure.service.js';
import { decideRelease } from '../../../core/consent/identity.service.js';
import { renewCustody } from '../../../core/consent/custody.service.js';
import { findOrganisation } from '../../../core/organisations/organisations.repository.js';
import { changeRetention } from '../../../core/organisations/organisations.service.js';
import { countryName } from '../../../core/places/countries.js';
import { DEFAULT_RETENTION_DAYS } from '../../../core/retention/retention.service.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { HiddenInput, TextArea, TextInput, type FieldError } from '../../html/fields.js';
import { TEXT_FORM_LIMIT } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { StaffLayout } from '../layout.view.js';
import { reporterLabel as labeller, shortId, type StaffPage } from '../page.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';
import { parseReportId, type ReportId } from '../../../core/shared/ids.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function ReviewView({ page, reportId, draft, contactAvailable }: { page: StaffPage; reportId: ReportId; draft: DisclosureDraft; contactAvailable: boolean }) {
  const { t, i18n } = page;
  const label = labeller(page);
  return (
    <StaffLayout page={page} title={t('consentStaff.review.title')}>
      <p>
        <a href={`/reports/${reportId}`}>{t('case.back')}</a>
      </p>
      <h1>{t('consentStaff.review.title')}</h1>
      <p>{t('consentStaff.review.intro', { level: t(`case.police.${draft.consent}` as StaffMessageId) })}</p>
      <h2>{t('consentStaff.review.facts')}</h2>
      <dl class="summary">
        <dt>{t('case.place')}</dt>
        <dd>{[draft.areaName, countryName(draft.countryCode, page.lang)].filter(Boolean).join(', ')}</dd>
        <dt>{t('case.when')}</dt>
        <dd>{draft.incidentDate ? i18n.day(draft.incidentDate) : t('common.none')}</dd>
        <dt>{t('case.categories')}</dt>
        <dd>{draft.categories.map((c) => label(`category.${c}`)).join(', ')}</dd>
        <dt>{t('case.perpetrators')}</dt>
        <dd>{draft.perpetratorTypes.map((p) => label(`perpetrator.${p}`)).join(', ') || t('common.none')}</dd>
      </dl>
      <form method="post" action={`/reports/${reportId}/disclosure`} novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <TextArea id="description" name="description" label={t('consentStaff.review.description')} value={draft.description} rows={8} />
        <TextArea id="place" name="place" label={t('consentStaff.review.place')} value={draft.placeDetail} rows={2} />
        {draft.identifiers.length ? (
          <fieldset class="choices">
            <legend class="sub">{t('consentStaff.review.identifiers')}</legend>
            {draft.identifiers.map((ident, i) => (
              <div class="choice">
                <input type="checkbox" id={`identifier-${i}`} name="identifier" value={String(i)} />
                <label for={`identifier-${i}`}>
                  {label(`identifier.${ident.kind}`)}: <span dir="ltr">{ident.value}</span>
                </label>
              </div>
            ))}
          </fieldset>
        ) : null}
        {contactAvailable ? (
          <div class="choice">
            <input type="checkbox" id="include_contact" name="include_contact" value="yes" />
            <label for="include_contact">{t('consentStaff.review.contact')}</label>
          </div>
        ) : (
          <p>{t('consentStaff.review.noContact')}</p>
        )}
        <button type="submit" name="format" value="print">
          {t('consentStaff.review.print')}
        </button>{' '}
        <button type="submit" name="format" value="json" class="secondary">
          {t('consentStaff.review.json')}
        </button>
      </form>
    </StaffLayout>
  );
}

function DocumentView({ page, doc, hash }: { page: StaffPage; doc: DisclosureDocument; hash: string }) {
  const { t, i18n } = page;
  const label = labeller(page);
  return (
    <StaffLayout page={page} title={t('consentStaff.doc.title', { id: shortId(doc.disclosureId) })}>
      <article class="disclosure">
        <h1>{t('consentStaff.doc.title', { id: shortId(doc.disclosureId) })}</h1>
        <p>
          {doc.organisation} · {i18n.day(doc.madeOn)} · {t('case.police', { level: t(`case.police.${doc.consent}` as StaffMessageId) })}
        </p>
        <dl class="summary">
          <dt>{t('case.place')}</dt>
          <dd>{[doc.incident.area, countryName(doc.incident.country, page.lang)].filter(Boolean).join(', ')}</dd>
          {doc.incident.place ? (
            <>
              <dt>{t('case.placeDetail')}</dt>
              <dd class="text">{doc.incident.place}</dd>
            </>
          ) : null}
          <dt>{t('case.when')}</dt>
          <dd>{doc.incident.date ? i18n.day(doc.incident.date) : t('common.none')}</dd>
          <dt>{t('case.categories')}</dt>
          <dd>{doc.incident.categories.map((c) => label(`category.${c}`)).join(', ')}</dd>
          <dt>{t('case.description')}</dt>
          <dd class="text">{doc.incident.description || t('common.none')}</dd>
          <dt>{t('case.perpetrators')}</dt>
          <dd>{doc.perpetrator.types.map((p) => label(`perpetrator.${p}`)).join(', ') || t('common.none')}</dd>
          <dt>{t('case.identifiers')}</dt>
          <dd>
            {doc.perpetrator.identifiers.length ? (
              <ul>
                {doc.perpetrator.identifiers.map((i) => (
                  <li>
                    {label(`identifier.${i.kind}`)}: <span dir="ltr">{i.value}</span>
                  </li>
                ))}
              </ul>
            ) : (
              t('common.none')
            )}
          </dd>
          <dt>{t('consentStaff.doc.reporter')}</dt>
          <dd>{doc.reporter ? [doc.reporter.name, doc.reporter.details].filter(Boolean).join(' · ') : t('consentStaff.doc.anonymous')}</dd>
        </dl>
        <p class="hint">{t('consentStaff.doc.logged', { hash })}</p>
      </article>
    </StaffLayout>
  );
}

/** Nothing the reporter agreed to disclose, or no access to the report. */
function NoConsentView({ page }: { page: StaffPage }) {
  return (
    <StaffLayout page={page} title={page.t('consentStaff.noConsent')}>
      <h1>{page.t('consentStaff.noConsent')}</h1>
    </StaffLayout>
  );
}

export async function staffConsentRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  /** The review draft for a report, or an answer when there is none to make. */
  async function draftFor(request: IdRequest, reply: FastifyReply, withContact: boolean): Promise<{ draft: DisclosureDraft; reportId: ReportId; contactAvailable: boolean } | null> {
    const a = request.staff!;
    const page = await staffPage(ctx, request);
    const id = parseReportId(request.params.id);
    const prepared: PreparedDisclosure = id ? await prepareDisclosure(ctx.core, a.user, a.keyPair, id, withContact) : { kind: 'not-found' };
    if (prepared.kind === 'not-found') {
      await reply.callNotFound();
      return null;
    }
    const refuse = async () => {
      sendPage(reply, 403, <NoConsentView page={page} />);
      return null;
    };
    if (prepared.kind === 'refused') return refuse();
    return { draft: prepared.draft, reportId: prepared.reportId, contactAvailable: prepared.contactAvailable };
  }

  app.get('/reports/:id/disclosure', async (request: IdRequest, reply) => {
    const d = await draftFor(request, reply, false);
    if (!d) return reply;
    return sendPage(reply, 200, <ReviewView page={await staffPage(ctx, request)} reportId={d.reportId} draft={d.draft} contactAvailable={d.contactAvailable} />);
  });

  app.post('/reports/:id/disclosure', { bodyLimit: TEXT_FORM_LIMIT }, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, `/reports/${request.params.id.slice(0, 64)}/disclosure`, page.t('common.csrf'));
    const body = form(request);
    const d = await draftFor(request, reply, body.one('include_contact') === 'yes');
    if (!d) return reply;
    const org = await findOrganisation(db, request.staff!.user.organisationId);
    const result = await makeDisclosure(
      ctx.core,
      request.staff!.user,
      d.reportId,
      d.draft,
      {
        description: body.one('description').slice(0, 20_000),
        placeDetail: body.one('place').slice(0, 1_000),
        identifiers: body
          .all('identifier')
          .map((x) => Number.parseInt(x, 10))
          .filter((n) => Number.isInteger(n) && n >= 0),
        includeContact: body.one('include_contact') === 'yes',
      },
      org?.name ?? '',
    );
    if (!result.ok) return sendPage(reply, 403, <NoConsentView page={page} />);
    if (body.one('format') === 'json') {
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="disclosure-${shortId(result.document.disclosureId)}.json"`)
        .send(JSON.stringify(result.document, null, 2));
    }
    return sendPage(reply, 200, <DocumentView page={page} doc={result.document} hash={result.hash} />);
  });

  app.get('/identity-requests', { config: { roles: ['custodian'] } }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const { t, i18n } = page;
    const me = request.staff!;
    const { items, custody } = await identityRequests(ctx.core, me.user, me.keyPair);
    return sendPage(
      reply,
      200,
      <StaffLayout page={page} title={t('consentStaff.requests.title')}>
        <h1>{t('consentStaff.requests.title')}</h1>
        <p>{t('consentStaff.custody.intro')}</p>
        {custody.custodians < 2 ? (
          <p class="notice" role="status">
            {t('consentStaff.custody.tooFew')}
          </p>
        ) : null}
        {items.length === 0 ? <p>{t('consentStaff.requests.none')}</p> : null}
        <ul class="thread">
          {items.map((item) => (
            <li>
              <p>
                <a href={`/reports/${item.reportId}`}>{t('consentStaff.requests.item', { id: shortId(item.reportId), name: item.name, day: i18n.day(item.requestedDay) })}</a>
              </p>
              <p class="text" dir="auto">
                {t('consentStaff.requests.reason', { reason: item.reason })}
              </p>
              <form method="post" action={`/identity-requests/${item.id}`} class="inline">
                <HiddenInput name="_csrf" value={page.csrf()} />
                <button type="submit" name="decision" value="approve">
                  {t('consentStaff.requests.approve')}
                </button>{' '}
                <button type="submit" name="decision" value="refuse" class="secondary">
                  {t('consentStaff.requests.refuse')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <h2>{t('consentStaff.custody.title')}</h2>
        {custody.custodians >= 2 && custody.needRenewal > 0 ? (
          <>
            <p>{t('consentStaff.custody.pending', { count: custody.needRenewal })}</p>
            <form method="post" action="/identity-requests/custody/renew">
              <HiddenInput name="_csrf" value={page.csrf()} />
              <button type="submit">{t('consentStaff.custody.renew')}</button>
            </form>
          </>
        ) : custody.custodians >= 2 ? (
          <p>{t('consentStaff.custody.upToDate')}</p>
        ) : (
          <p>{t('consentStaff.custody.tooFew')}</p>
        )}
      </StaffLayout>,
    );
  });

  app.post('/identity-requests/custody/renew', { config: { roles: ['custodian'] } }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/identity-requests', page.t('common.csrf'));
    const me = request.staff!;
    const result = await renewCustody(ctx.core, me.user, me.keyPair);
    if (result.kind === 'too-few') return redirectWith(request, reply, '/identity-requests', page.t('consentStaff.custody.tooFew'));
    return redirectWith(request, reply, '/identity-requests', page.t('consentStaff.custody.renewed', { renewed: result.renewed, handedOver: result.handedOver }));
  });

  app.post('/identity-requests/:id', { config: { roles: ['custodian'] } }, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/identity-requests', page.t('common.csrf'));
    const me = request.staff!;
    const result = await decideRelease(ctx.core, me.user, me.keyPair, request.params.id.slice(0, 64), form(request).one('decision') === 'approve');
    const notices: Record<typeof result, StaffMessageId> = {
      done: 'common.saved',
      'same-person': 'consentStaff.requests.samePerson',
      'no-key': 'consentStaff.requests.noKey',
      'needs-renewal': 'consentStaff.requests.needsRenewal',
      already: 'consentStaff.requests.already',
      'not-found': 'error.unknownChoice',
      'not-custodian': 'error.unknownChoice',
    };
    const notice = notices[result];
    return redirectWith(request, reply, '/identity-requests', page.t(notice));
  });

  async function retentionPage(request: FastifyRequest, value: string, error?: FieldError) {
    const page = await staffPage(ctx, request);
    return (
      <StaffLayout page={page} title={page.t('consentStaff.retention.title')}>
        <h1>{page.t('consentStaff.retention.title')}</h1>
        <p>{page.t('consentStaff.retention.intro')}</p>
        <form method="post" action="/admin/retention" novalidate>
          <HiddenInput name="_csrf" value={page.csrf()} />
          <TextInput id="days" name="days" label={page.t('consentStaff.retention.days')} value={value} error={error} inputmode="numeric" />
          <button type="submit">{page.t('common.save')}</button>
        </form>
      </StaffLayout>
    );
  }

  app.get('/admin/retention', { config: { roles: ['admin'] } }, async (request, reply) => {
    const org = await findOrganisation(db, request.staff!.user.organisationId);
    return sendPage(reply, 200, await retentionPage(request, String(org?.retention_days ?? DEFAULT_RETENTION_DAYS)));
  });

  app.post('/admin/retention', { config: { roles: ['admin'] } }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const typed = form(request).one('days').trim();
    if (!csrfValid(request)) return sendPage(reply, 403, await retentionPage(request, typed, { text: page.t('common.csrf') }));
    const days = Number(typed);
    if (!/^\d{1,4}$/.test(typed) || days < 1 || days > 3650) return sendPage(reply, 400, await retentionPage(request, typed, { text: page.t('consentStaff.retention.invalid') }));
    await changeRetention(ctx.core, request.staff!.user, days);
    return redirectWith(request, reply, '/admin/retention', page.t('common.saved'));
  });
}
