/** What the staff consent pages gather: the disclosure draft of a report, and a custodian's identity requests. */
import type { StaffUser } from '../accounts/accounts.service.js';
import { staffNames } from '../accounts/users.repository.js';
import { caseAccess, readCase } from '../cases/cases.service.js';
import { findArea } from '../organisations/organisations.repository.js';
import type { CoreDeps } from '../shared/deps.js';
import type { KeyPair } from '../../crypto/index.js';
import { custodyStatus, type CustodyStatus } from './custody.service.js';
import { draftFrom, type DisclosureDraft } from './disclosure.service.js';
import { hasApprovedRelease } from './identity.repository.js';
import { pendingReleases, readReleasedContact, releasesOf, type PendingRelease } from './identity.service.js';
import type { ReportId } from '../shared/ids.js';

export type PreparedDisclosure =
  | { readonly kind: 'not-found' }
  /** No access to the report, or nothing the reporter agreed to disclose. */
  | { readonly kind: 'refused' }
  | { readonly kind: 'ok'; readonly draft: DisclosureDraft; readonly reportId: ReportId; readonly contactAvailable: boolean };

/**
 * The review draft of a report's disclosure (reading the case is logged). The
 * contact is decrypted (a logged read) only when the caseworker chose to
 * include it, and only with an approved identity request.
 */
export async function prepareDisclosure(deps: CoreDeps, user: StaffUser, keyPair: KeyPair, reportId: ReportId, withContact: boolean): Promise<PreparedDisclosure> {
  const access = await caseAccess(deps, user, keyPair, reportId);
  if (access.kind === 'not-found') return { kind: 'not-found' };
  if (access.kind === 'no-access') return { kind: 'refused' };
  const view = await readCase(deps, user, access);
  const area = access.report.area_id ? await findArea(deps.db, access.report.area_id) : undefined;
  const released = access.report.police_consent === 'identified' && (await hasApprovedRelease(deps.db, access.report.id, user.id));
  const contact = released && withContact ? await readReleasedContact(deps, user, keyPair, access.report.id) : null;
  const draft = draftFrom(access.report, view.content, area?.name ?? null, contact);
  if (!draft) return { kind: 'refused' };
  return { kind: 'ok', draft, reportId: access.report.id, contactAvailable: released };
}

export interface IdentityRequestItem extends PendingRelease {
  readonly reason: string;
  readonly name: string;
}

/** The requests waiting for this custodian (with their reasons, where the custodian can open the report) and the state of custody. */
export async function identityRequests(deps: CoreDeps, me: StaffUser, keyPair: KeyPair): Promise<{ items: IdentityRequestItem[]; custody: CustodyStatus }> {
  const pending = await pendingReleases(deps.db, me);
  const custody = await custodyStatus(deps.db, me);
  const people = await staffNames(deps.db, me.organisationId);
  const items = [];
  for (const p of pending) {
    const access = await caseAccess(deps, me, keyPair, p.reportId);
    const reason = access.kind === 'ok' ? ((await releasesOf(deps.db, p.reportId, access.contentKey)).find((r) => r.id === p.id)?.reason ?? '') : '';
    items.push({ ...p, reason, name: people.find((x) => x.id === p.requestedBy)?.display_name ?? '—' });
  }
  return { items, custody };
}
