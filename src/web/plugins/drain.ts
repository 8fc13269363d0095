/**
 * Graceful shutdown without lost or reset requests. While an instance drains,
 * it keeps its listeners and kept-alive connections open: every new request
 * gets a plain 503 page (in the surface's language) that closes its
 * connection, so a client or a load balancer tries elsewhere; requests already
 * running finish and their answers close their connections too. When none is
 * left (or the deadline passes) the listeners close.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type DrainPageRenderer = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>;

interface DrainState {
  draining: boolean;
  running: number;
  idle: (() => void)[];
}

const states = new WeakMap<FastifyInstance, DrainState>();

/** Counts running requests, and answers 503 to new ones once the app drains. Register before any route. */
export function registerDrain(app: FastifyInstance, render: DrainPageRenderer): void {
  const state: DrainState = { draining: false, running: 0, idle: [] };
  states.set(app, state);
  app.addHook('onRequest', async (request, reply) => {
    if (state.draining) {
      reply.header('connection', 'close').header('retry-after', '5');
      try {
        return await render(request, reply);
      } catch {
        return reply.code(503).type('text/plain; charset=utf-8').send('Service unavailable: please try again in a moment.');
      }
    }
    state.running++;
    reply.raw.once('close', () => {
      state.running--;
      if (state.running === 0) for (const resolve of state.idle.splice(0)) resolve();
    });
  });
  app.addHook('onSend', async (_request, reply) => {
    // Answers that end during the drain close their connection: nothing more arrives on it.
    if (state.draining) reply.header('connection', 'close');
  });
}

/** Starts the drain and resolves when no request is running, or after `deadlineMs`. */
export async function drain(app: FastifyInstance, deadlineMs: number): Promise<void> {
  const state = states.get(app);
  if (!state) return;
  state.draining = true;
  if (state.running === 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, deadlineMs);
    timer.unref();
    state.idle.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
