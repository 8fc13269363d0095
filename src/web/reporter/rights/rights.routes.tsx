/**
 * The know-your-rights pages: country profiles, the map, the guides.
 * Read-only GET pages: nothing is stored and no cookie is set; unknown
 * codes and slugs are not found.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { findOrganisation } from '../../../core/organisations/organisations.repository.js';
import { guideMarkdown, isGuideSlug } from '../../../core/rights/guides/index.js';
import { mapGeometry } from '../../../core/rights/map-geometry.js';
import { markdownTitle, renderGuideMarkdown } from '../../../core/rights/markdown.js';
import { findProfile, listProfiles, profilesOfCountry } from '../../../core/rights/profiles.repository.js';
import { countryHasActiveService } from '../../../core/services/services.repository.js';
import { reporterPage } from '../../html/page.js';
import { sendHtml } from '../../html/render.js';
import { notFoundPage } from '../message.view.js';
import { RightsMapPageView } from './rights-map.view.js';
import { GuideView, PartsView, ProfileView, RightsHubView } from './rights.view.js';

type CodeRequest = FastifyRequest<{ Params: { code: string } }>;

export async function rightsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => notFoundPage(ctx, request, reply);

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
