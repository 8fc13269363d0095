/**
 * The limits of the statistics threshold k. The installation's k is read
 * with the rest of the configuration (PARASOL_STATS_K, in src/config.ts);
 * everything else receives it as a number.
 */

/** The default threshold: a published count of people is never below 5. */
export const DEFAULT_K = 5;
/** Below 3 a "fewer than k" cell would say almost exactly what it hides. */
export const MIN_K = 3;
export const MAX_K = 100;
