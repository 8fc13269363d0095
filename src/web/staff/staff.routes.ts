/**
 * The staff surface. Until the caseworker workspace lands it answers only its
 * health check and a page saying so; everything else is refused.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';

export async function staffRoutes(app: FastifyInstance, _opts: { ctx: Context }): Promise<void> {
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parasol staff</title><link rel="stylesheet" href="/static/parasol.css"></head><body><main><h1>Parasol staff surface</h1><p>The caseworker workspace is not available on this server yet.</p></main></body></html>'),
  );
}
