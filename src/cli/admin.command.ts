/**
 * `parasol admin invite [--organisation NAME]`: a fresh one-time admin set-up
 * link, for when the one `parasol init` printed is lost or expired. Only the
 * operator (who holds the server) can run it; the link is shown once, only a
 * keyed hash of it is stored, and the audit log records that it was issued.
 */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { appendAudit } from '../core/audit/audit.service.js';
import { createInvitation } from '../core/accounts/invitations.service.js';
import { findDefaultOrganisation, listOrganisations } from '../core/organisations/organisations.repository.js';
import type { Io } from './io.js';

export async function adminCommand(config: Config, io: Io, args: readonly string[], opts: { organisation?: string | undefined } = {}): Promise<number> {
  if (args[0] !== 'invite') {
    io.err('Usage: parasol admin invite [--organisation NAME]');
    return 2;
  }
  const ctx = await createContext(config);
  try {
    const wanted = opts.organisation?.trim();
    const all = await listOrganisations(ctx.core.db);
    const org = wanted ? all.find((o) => o.slug === wanted || o.name === wanted) : await findDefaultOrganisation(ctx.core.db);
    if (!org) {
      if (all.length === 0) io.err('There is no organisation yet. Run "parasol init --organisation NAME" first.');
      else io.err(`No organisation "${wanted ?? ''}". Organisations here: ${all.map((o) => `${o.name} (${o.slug})`).join(', ')}.`);
      return 1;
    }
    const token = await createInvitation(ctx.core, org.id, 'admin');
    await appendAudit(ctx.core.db, ctx.secrets, ctx.clock, { organisationId: org.id, actorUserId: null, action: 'member_invited', detail: { role: 'admin', by: 'operator' } });
    const base = `http://${config.staff.host}:${config.staff.port}`;
    io.out(`One-time admin set-up link for "${org.name}" (valid 7 days, shown only now): ${base}/invite/${token}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
