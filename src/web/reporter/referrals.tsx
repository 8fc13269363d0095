/**
 * Referrals shown to a reporter on the receipt page and in follow-up: services
 * that fit the report's place, categories and the page's language. (Filled in
 * by the services capability; until then nothing is shown.)
 */
import type { VNode } from 'preact';
import type { Context } from '../../context.js';
import type { ReporterPage } from './page.js';

export interface ReferralQuery {
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly categories: readonly string[];
}

/** The referral section for a report, or null when there is nothing to show. */
export async function referralsFor(_ctx: Context, _page: ReporterPage, _query: ReferralQuery): Promise<VNode | null> {
  return null;
}
