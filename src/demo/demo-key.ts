/** The demo accounts' keys and credentials, apart from the demo service so that each demo part can name them without a circle. */
import type { KeyPair } from '../crypto/index.js';
import type { OrganisationId, UserId } from '../core/shared/ids.js';

/** A demo coordinator account: for local use only, its credentials are printed by `parasol demo`. */
export interface DemoKey {
  readonly organisation: string;
  readonly organisationId: OrganisationId;
  readonly role: 'admin' | 'custodian';
  readonly userId: UserId;
  readonly keyPair: KeyPair;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
  readonly recoveryKey: string;
}
