/** Staff (monitors): the operations log, survey waves, statistics exports. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function staffMonitoringRoutes(_app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {}
