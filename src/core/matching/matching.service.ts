/**
 * Repeat-perpetrator matching: called once a report is stored. (Filled in by
 * the community-safety capability; until then it does nothing.)
 */
import type { CoreDeps } from '../shared/deps.js';

export async function matchNewReport(_deps: CoreDeps, _reportId: string): Promise<void> {}
