/** Community members: accounts, warnings for their areas, identifier checks, feeds. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function membersRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
