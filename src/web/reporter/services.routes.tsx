/** The public services directory and know-your-rights pages (country profiles, map, guides). */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function servicesReporterRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
