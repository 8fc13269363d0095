/**
 * What a reporter's own actions start, beyond storing them: the receiving
 * organisation's caseworkers are told there is new activity (a notice with
 * no content, after a delay), and a report with perpetrator identifiers is
 * matched blind against earlier ones.
 */
import { isStorageFault } from '../health/health.service.js';
import { matchNewReport } from '../matching/matching.service.js';
import type { CleanFile } from '../attachments/attachments.service.js';
import type { CoreDeps } from '../shared/deps.js';
import type { FormToken } from '../sessions/form-token.js';
import { reportOrganisation } from './reports.repository.js';
import type { ReportSubmission } from './report.types.js';
import { addMessage, submitReport, type ReporterAccess, type SubmitResult } from './reports.service.js';
import type { OrganisationId } from '../shared/ids.js';

/** Where activity notices go (the notifier of the composition root). */
export interface ActivitySink {
  /** Queues a notice (durably: it survives a restart); resolves once queued. */
  activity(organisationId: OrganisationId): Promise<void> | void;
}

/**
 * Stores a report; once stored, tells its organisation and every organisation
 * whose match notices gained it. A storage fault thrown from here means nothing
 * was stored. Once the report is stored its receipt must reach the reporter
 * (it is shown only once), so a storage fault in what follows is only reported
 * to `afterFault` (the sweep job matches the report later).
 */
export async function receiveReport(deps: CoreDeps, notices: ActivitySink, submission: ReportSubmission, afterFault?: (err: unknown) => void, once?: FormToken): Promise<SubmitResult> {
  const outcome = await submitReport(deps, submission, undefined, once);
  if (outcome.kind !== 'submitted') return outcome;
  try {
    await notices.activity(outcome.organisation.id);
    if (outcome.needsMatching) for (const o of await matchNewReport(deps, outcome.reportId)) await notices.activity(o);
  } catch (err) {
    if (!isStorageFault(err)) throw err;
    afterFault?.(err);
  }
  return outcome;
}

/** Adds a reporter's message or addition to their report and tells the organisation; a storage fault thrown from here means nothing was stored. */
export async function addReporterText(
  deps: CoreDeps,
  notices: ActivitySink,
  access: ReporterAccess,
  kind: 'message' | 'addition',
  text: string,
  afterFault?: (err: unknown) => void,
  once?: FormToken,
  attachments: readonly CleanFile[] = [],
): Promise<void> {
  await addMessage(deps, { reportId: access.reportId, contentKey: access.contentKey, author: 'reporter', kind, authorUserId: null, text, attachments }, once);
  try {
    const org = await reportOrganisation(deps.db, access.reportId);
    if (org) await notices.activity(org);
  } catch (err) {
    if (!isStorageFault(err)) throw err;
    afterFault?.(err);
  }
}
