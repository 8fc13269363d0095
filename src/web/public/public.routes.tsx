/** Public statistics, charts, maps, open data and the evidence report. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function publicRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
