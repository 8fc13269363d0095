/** One-time, expiring invitation links for staff accounts. */
import { keyedHash, randomId, randomToken } from '../../crypto/index.js';
import type { CoreDeps } from '../shared/deps.js';
import type { OrganisationId } from '../shared/ids.js';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Creates an invitation and returns its token (shown once; only its keyed hash is stored). */
export async function createInvitation(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, organisationId: OrganisationId, role: string): Promise<string> {
  const token = randomToken(32);
  await deps.db
    .insertInto('invitations')
    .values({
      id: randomId(),
      organisation_id: organisationId,
      role,
      token_hash: keyedHash(deps.secrets.pepper, 'invitation', token),
      expires_at: new Date(deps.clock.now().getTime() + INVITATION_TTL_MS).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}
