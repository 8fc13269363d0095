/** Staff: drafting, approving and amending warnings; match notices. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function staffSafetyRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
