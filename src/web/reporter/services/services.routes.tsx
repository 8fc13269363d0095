/**
 * The public services directory. Read-only GET pages: nothing is stored
 * and no cookie is set; query values are validated and unknown ones ignored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { isCountryCode } from '../../../core/places/countries.js';
import { findArea } from '../../../core/organisations/organisations.repository.js';
import { directory, directoryChoices, findService } from '../../../core/services/services.repository.js';
import { isServiceCategory } from '../../../core/services/services.types.js';
import { normaliseLanguage } from '../../../core/services/services.validation.js';
import { sendHtml } from '../../html/render.js';
import { queryText } from '../../plugins/form-body.js';
import { notFoundPage } from '../message.view.js';
import { reporterPage } from '../../html/page.js';
import { DirectoryView, ServicePageView, type DirectoryQuery } from './services.view.js';
import { parseServiceId } from '../../../core/shared/ids.js';

export async function servicesReporterRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => notFoundPage(ctx, request, reply);

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
    // Lower case, as before: an address typed in capitals still opens the entry.
    const id = parseServiceId(request.params.id.slice(0, 64).toLowerCase());
    const service = id ? await findService(db, id) : undefined;
    if (!service || service.status !== 'active') return notFound(request, reply);
    const area = service.areaId ? await findArea(db, service.areaId) : undefined;
    return sendHtml(reply, 200, <ServicePageView page={reporterPage(ctx, request)} service={service} areaName={area?.name} />);
  });
}
