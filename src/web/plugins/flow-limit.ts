/** The Fastify side of the per-flow rate limits (the limiter itself is an infrastructure adapter). */
import type { onRequestAsyncHookHandler } from 'fastify';
import type { FlowLimiter } from '../../infra/flow-limit.js';

export type { FlowLimiter };

/**
 * A route's onRequest hook that spends one use of the flow before the body
 * is read: once a flow's budget for the minute is spent, a flood costs no
 * parsing at all. The refusal is a 429 page in the person's language (the
 * form's address carries it); their text is still in the form they left.
 */
export function flowGate(limiter: FlowLimiter, flow: string, perMinute: number): onRequestAsyncHookHandler {
  return async () => {
    if (!(await limiter.take(flow, perMinute))) throw Object.assign(new Error('flow limit reached'), { statusCode: 429 });
  };
}
