/** Staff: the services directory (CSV import and export), referrals in a case, country profile editing. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function staffServicesRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
