/** Staff: police disclosures, identity-release requests and approvals, retention settings. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function staffConsentRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
