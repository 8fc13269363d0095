/**
 * Demo data for local use: organisations with coverage areas and one demo
 * caseworker key pair each. The private keys are returned to the caller (the
 * CLI writes them to a 0600 file in the data folder, clearly marked demo):
 * a real caseworker's key is only ever stored wrapped under their password.
 */
import { generateKeyPair, randomId, type KeyPair } from '../../crypto/index.js';
import { addCoverage, insertOrganisation, upsertArea } from '../organisations/organisations.repository.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';

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

export interface DemoKey {
  readonly organisation: string;
  readonly userId: string;
  readonly keyPair: KeyPair;
}

/** True when the database already has organisations (demo set-up is then skipped). */
export async function hasOrganisations(deps: Pick<CoreDeps, 'db'>): Promise<boolean> {
  const row = await deps.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Creates the demo organisations, areas and caseworker keys; returns the demo key pairs. */
export async function createDemo(deps: Pick<CoreDeps, 'db' | 'clock'>, organisations: readonly DemoOrganisation[] = DEMO_ORGANISATIONS): Promise<DemoKey[]> {
  const day = dayOf(deps.clock);
  const keys: DemoKey[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const existingDefault = await trx.selectFrom('organisations').select('id').where('is_default', '=', 1).executeTakeFirst();
    for (const o of organisations) {
      // An organisation made by `parasol init` under the same slug is reused, so it gets a demo caseworker too.
      const existing = await trx.selectFrom('organisations').select('id').where('slug', '=', o.slug).executeTakeFirst();
      const id = existing?.id ?? randomId();
      if (!existing) await insertOrganisation(trx, { id, slug: o.slug, name: o.name, is_default: o.isDefault && !existingDefault ? 1 : 0, created_day: day });
      for (const a of o.areas) {
        await upsertArea(trx, { id: a.id, country_code: a.country, name: a.name });
        await addCoverage(trx, id, a.id);
      }
      const keyPair = generateKeyPair();
      const userId = randomId();
      await trx
        .insertInto('users')
        .values({ id: userId, organisation_id: id, role: 'caseworker', display_name: `Demo caseworker (${o.name})`, public_key: keyPair.publicKey, active: 1, created_day: day })
        .execute();
      keys.push({ organisation: o.slug, userId, keyPair });
    }
  });
  return keys;
}
