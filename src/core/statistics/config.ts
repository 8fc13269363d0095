/**
 * The statistics threshold k, set per installation. This is the only place
 * that reads PARASOL_STATS_K; everything else receives k as a number.
 */

/** The default threshold: a published count of people is never below 5. */
export const DEFAULT_K = 5;
/** Below 3 a "fewer than k" cell would say almost exactly what it hides. */
export const MIN_K = 3;
export const MAX_K = 100;

export class StatisticsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatisticsConfigError';
  }
}

/** Reads k from the environment (PARASOL_STATS_K), defaulting to 5. */
export function statisticsK(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PARASOL_STATS_K;
  if (raw === undefined || raw.trim() === '') return DEFAULT_K;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < MIN_K || k > MAX_K) throw new StatisticsConfigError(`PARASOL_STATS_K must be a whole number from ${MIN_K} to ${MAX_K}`);
  return k;
}
