/**
 * The public services directory and the know-your-rights pages (country
 * profiles, the map, the guides). Read-only GET pages: nothing is stored
 * and no cookie is set; query values are validated and unknown ones ignored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { isCountryCode } from '../../core/places/countries.js';
import { GUIDE_SLUGS, guideMarkdown, isGuideSlug } from '../../core/rights/guides/index.js';
import { mapGeometry } from '../../core/rights/map-geometry.js';
import { markdownTitle, renderGuideMarkdown } from '../../core/rights/markdown.js';
import { findArea, findOrganisation } from '../../core/organisations/organisations.repository.js';
import { findProfile, listProfiles, profilesOfCountry } from '../../core/rights/profiles.repository.js';
import { countryHasActiveService, directory, directoryChoices, findService } from '../../core/services/services.repository.js';
import { isServiceCategory } from '../../core/services/services.types.js';
import { normaliseLanguage } from '../../core/services/services.validation.js';
import { sendHtml } from '../html/render.js';
import { queryText } from '../plugins/form-body.js';
import { MessageView } from './message.view.js';
import { reporterPage } from '../html/page.js';
import { GuideView, PartsView, ProfileView, RightsHubView } from './rights.view.js';
import { RightsMapPageView } from './rights-map.view.js';
import { DirectoryView, ServicePageView, type DirectoryQuery } from './services.view.js';

type CodeRequest = FastifyRequest<{ Params: { code: string } }>;

export async function servicesReporterRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, 404, <MessageView page={reporterPage(ctx, request)} title="page.notFound.title" body="page.notFound.body" />);

  app.get('/services', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const choices = await directoryChoices(db);
    const placeText = queryText(q.place, 80).trim();
    const area = choices.areas.find((a) => a.id === placeText.toLowerCase());
    const country = !area && isCountryCode(placeText.toUpperCase()) ? placeText.toUpperCase() : undefined;
    const categoryText = queryText(q.category, 80).trim();
    const category = isServiceCategory(categoryText) ? categoryText : undefined;
    const language = normaliseLanguage(queryText(q.language, 80).trim()) ?? undefined;
    const noImmigration = queryText(q.noimm, 80).trim() === '1';
    const pageNumber = Math.max(1, Number.parseInt(queryText(q.page, 80).trim(), 10) || 1);
    const result = await directory(db, {
      country: area?.countryCode ?? country,
      areaId: area?.id,
      category,
      language,
      noImmigrationSharing: noImmigration,
      page: pageNumber,
    });
    const query: DirectoryQuery = { place: area?.id ?? country ?? '', category: category ?? '', language: language ?? '', noImmigration };
    // A country chosen by link that has no services yet still shows as chosen (with "no service matches").
    const shown = country && !choices.countries.includes(country) ? { ...choices, countries: [...choices.countries, country] } : choices;
    const areaNames = new Map(choices.areas.map((a) => [a.id, a.name]));
    return sendHtml(reply, 200, <DirectoryView page={reporterPage(ctx, request)} query={query} choices={shown} result={result} areaNames={areaNames} />);
  });

  app.get('/services/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const id = request.params.id.slice(0, 64).toLowerCase();
    const service = /^[0-9a-f]{32}$/.test(id) ? await findService(db, id) : undefined;
    if (!service || service.status !== 'active') return notFound(request, reply);
    const area = service.areaId ? await findArea(db, service.areaId) : undefined;
    return sendHtml(reply, 200, <ServicePageView page={reporterPage(ctx, request)} service={service} areaName={area?.name} />);
  });

  app.get('/rights', async (request, reply) => sendHtml(reply, 200, <RightsHubView page={reporterPage(ctx, request)} profiles={await listProfiles(db)} />));

  app.get('/rights/map', async (request, reply) => sendHtml(reply, 200, <RightsMapPageView page={reporterPage(ctx, request)} geometry={mapGeometry()} profiles={await listProfiles(db)} />));

  app.get('/rights/guides/:slug', async (request: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const slug = request.params.slug;
    if (!isGuideSlug(slug)) return notFound(request, reply);
    const page = reporterPage(ctx, request);
    const markdown = guideMarkdown(page.lang, slug);
    return sendHtml(reply, 200, <GuideView page={page} slug={slug} html={renderGuideMarkdown(markdown, page.lang)} title={markdownTitle(markdown)} />);
  });

  app.get('/rights/:code', async (request: CodeRequest, reply) => {
    const code = request.params.code.slice(0, 12).toUpperCase();
    if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code)) return notFound(request, reply);
    const page = reporterPage(ctx, request);
    const profile = await findProfile(db, code);
    if (profile) {
      const hasServices = await countryHasActiveService(db, profile.iso2);
      // Who changed it last (an organisation, never a person) and when (the day): every reporter of the network reads this profile.
      const changedBy = profile.changedByOrganisation ? (await findOrganisation(db, profile.changedByOrganisation))?.name : undefined;
      return sendHtml(reply, 200, <ProfileView page={page} profile={profile} hasServices={Boolean(hasServices)} changedBy={changedBy} />);
    }
    // A country whose parts have their own profiles (the United Kingdom).
    const parts = code.length === 2 ? await profilesOfCountry(db, code) : [];
    if (parts.length) return sendHtml(reply, 200, <PartsView page={page} iso2={code} parts={parts} />);
    return notFound(request, reply);
  });
}

/** The guides, for tests and links. */
export { GUIDE_SLUGS };
