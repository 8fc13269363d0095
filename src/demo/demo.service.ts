/**
 * Demo data for local use: organisations with coverage areas and one demo
 * caseworker key pair each. The private keys are returned to the caller (the
 * CLI writes them to a 0600 file in the data folder, clearly marked demo):
 * a real caseworker's key is only ever stored wrapped under their password.
 */
import { deriveLoginSecrets, generateKeyPair, generateRecoveryKey, randomBytes, randomId, randomToken, recoveryKek, SALT_BYTES, wrapSecretKey } from '../crypto/index.js';
import { newTotpSecret, sealTotpSecret } from '../core/accounts/totp.js';
import { addCoverage, coverageChanged, insertOrganisation, upsertArea } from '../core/organisations/organisations.repository.js';
import { dayOf, type CoreDeps } from '../core/shared/deps.js';
import type { DemoKey } from './demo-key.js';
import { seedDemoServices } from './demo-services.js';
import { asOrganisationId, asUserId } from '../core/shared/ids.js';

export interface DemoOrganisation {
  readonly slug: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly areas: ReadonlyArray<{ id: string; country: string; name: string }>;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { slug: 'network', name: 'Parasol Network', isDefault: true, areas: [] },
  {
    slug: 'umbrela-rosie',
    name: 'Umbrela Roșie',
    isDefault: false,
    areas: [
      { id: 'ro-bucharest', country: 'RO', name: 'București' },
      { id: 'ro-cluj', country: 'RO', name: 'Cluj-Napoca' },
      { id: 'md-chisinau', country: 'MD', name: 'Chișinău' },
    ],
  },
  {
    slug: 'soho-peers',
    name: 'Soho Peer Support',
    isDefault: false,
    areas: [
      { id: 'gb-london', country: 'GB', name: 'London' },
      { id: 'gb-manchester', country: 'GB', name: 'Manchester' },
    ],
  },
  {
    slug: 'parapluie-paris',
    name: 'Collectif Parapluie',
    isDefault: false,
    areas: [
      { id: 'fr-paris', country: 'FR', name: 'Paris' },
      { id: 'fr-lyon', country: 'FR', name: 'Lyon' },
    ],
  },
  { slug: 'paris-migrant', name: 'Paris Migrant Workers Support', isDefault: false, areas: [{ id: 'fr-paris', country: 'FR', name: 'Paris' }] },
  {
    slug: 'rotschirm',
    name: 'Rotschirm Berlin',
    isDefault: false,
    areas: [
      { id: 'de-berlin', country: 'DE', name: 'Berlin' },
      { id: 'de-hamburg', country: 'DE', name: 'Hamburg' },
    ],
  },
  {
    slug: 'kyzyl-kolshatyr',
    name: 'Qyzyl Qolshatyr Almaty',
    isDefault: false,
    areas: [
      { id: 'kz-almaty', country: 'KZ', name: 'Almaty' },
      { id: 'kg-bishkek', country: 'KG', name: 'Bishkek' },
    ],
  },
];

export type { DemoKey };

/** True when the database already has organisations (demo set-up is then skipped). */
export async function hasOrganisations(deps: Pick<CoreDeps, 'db'>): Promise<boolean> {
  const row = await deps.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Creates the demo organisations and areas, and a demo coordinator and two custodian accounts each (with key pairs and a second factor). */
export async function createDemo(deps: CoreDeps, organisations: readonly DemoOrganisation[] = DEMO_ORGANISATIONS): Promise<DemoKey[]> {
  const day = dayOf(deps.clock);
  const keys: DemoKey[] = [];
  // Argon2id runs before the transaction, so the write lock is held only for the inserts.
  // Three accounts per organisation: a coordinator (admin) and two custodians (releasing contact details needs two).
  // In small batches: the derivations share the pool (and its queue limit) with everything else the server does.
  const credentials: { password: string; salt: Buffer; login: Awaited<ReturnType<typeof deriveLoginSecrets>>; totpSecret: string; recoveryKey: string }[] = [];
  const accounts = organisations.flatMap((o) => [o, o, o]);
  for (let i = 0; i < accounts.length; i += 4) {
    const batch = accounts.slice(i, i + 4).map(async () => {
      const password = `demo-${randomToken(9)}`;
      const salt = randomBytes(SALT_BYTES);
      return { password, salt, login: await deriveLoginSecrets(password, salt, deps.receiptKdf, deps.kdf), totpSecret: newTotpSecret(), recoveryKey: generateRecoveryKey() };
    });
    credentials.push(...(await Promise.all(batch)));
  }
  await deps.db.transaction().execute(async (trx) => {
    const existingDefault = await trx.selectFrom('organisations').select('id').where('is_default', '=', 1).executeTakeFirst();
    for (const [i, o] of organisations.entries()) {
      // An organisation made by `parasol init` under the same slug is reused, so it gets a demo caseworker too.
      const existing = await trx.selectFrom('organisations').select('id').where('slug', '=', o.slug).executeTakeFirst();
      const id = existing?.id ?? asOrganisationId(randomId());
      if (!existing) await insertOrganisation(trx, { id, slug: o.slug, name: o.name, is_default: o.isDefault && !existingDefault ? 1 : 0, created_day: day, demo: 1 });
      // A reused organisation now holds demo accounts whose passwords were printed: it is demo data too.
      else await trx.updateTable('organisations').set({ demo: 1 }).where('id', '=', id).execute();
      for (const a of o.areas) {
        await upsertArea(trx, { id: a.id, country_code: a.country, name: a.name });
        await addCoverage(trx, id, a.id);
      }
      for (const [j, role] of (['admin', 'custodian', 'custodian'] as const).entries()) {
        const cred = credentials[i * 3 + j]!;
        const keyPair = generateKeyPair();
        const userId = asUserId(randomId());
        const username = role === 'admin' ? `demo-${o.slug}` : `demo-${o.slug}-custodian${j > 1 ? j : ''}`;
        await trx
          .insertInto('users')
          .values({
            id: userId,
            organisation_id: id,
            role,
            display_name: role === 'admin' ? `Demo coordinator (${o.name})` : `Demo custodian${j > 1 ? ` ${j}` : ''} (${o.name})`,
            public_key: keyPair.publicKey,
            active: 1,
            created_day: day,
            username,
            email: null,
            password_salt: cred.salt,
            password_verifier: cred.login.verifier,
            kdf_opslimit: deps.receiptKdf.opslimit,
            kdf_memlimit: deps.receiptKdf.memlimit,
            wrapped_key_password: wrapSecretKey(cred.login.kek, keyPair, `user:${userId}:sk:password`),
            wrapped_key_recovery: wrapSecretKey(recoveryKek(cred.recoveryKey), keyPair, `user:${userId}:sk:recovery`),
            totp_secret: sealTotpSecret(deps.secrets, userId, cred.totpSecret),
            totp_last_step: null,
            notify: 0,
          })
          .execute();
        keys.push({
          organisation: o.slug,
          organisationId: id,
          role,
          userId,
          keyPair,
          username,
          password: cred.password,
          totpSecret: cred.totpSecret,
          recoveryKey: cred.recoveryKey,
        });
      }
    }
  });
  coverageChanged();
  await seedDemoServices(deps);
  await (await import('./monitoring.demo.js')).seedMonitoringDemo(deps, keys);
  return keys;
}
