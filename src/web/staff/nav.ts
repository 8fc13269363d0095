/** Links in the staff navigation, by capability; `roles` limits who sees one (absent: every staff member). */
import type { StaffMessageId } from '../../i18n/staff/index.js';

export interface NavItem {
  readonly href: string;
  readonly label: StaffMessageId;
  readonly roles?: readonly string[];
}

export const STAFF_NAV: readonly NavItem[] = [
  { href: '/inbox', label: 'nav.inbox', roles: ['admin', 'caseworker', 'custodian'] },
  { href: '/account', label: 'nav.account' },
  { href: '/admin/members', label: 'nav.members', roles: ['admin'] },
  { href: '/admin/areas', label: 'nav.areas', roles: ['admin'] },
  { href: '/admin/audit', label: 'nav.audit', roles: ['admin'] },
  { href: '/identity-requests', label: 'consentStaff.nav.requests', roles: ['custodian'] },
  { href: '/admin/retention', label: 'consentStaff.nav.retention', roles: ['admin'] },
  { href: '/safety', label: 'staffSafety.nav', roles: ['admin', 'caseworker', 'custodian'] },
  { href: '/admin/services', label: 'staffServices.nav', roles: ['admin'] },
  { href: '/monitoring', label: 'staffStats.nav', roles: ['monitor', 'admin'] },
];
