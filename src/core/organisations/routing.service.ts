/**
 * Routing: a report goes to the organisation whose coverage includes the
 * chosen place; where several do, the reporter chooses; where none does, the
 * network's default organisation.
 */
import type { Organisation } from '../../db/schema.js';
import type { Db } from '../shared/deps.js';
import { findDefaultOrganisation, organisationsCoveringArea } from './organisations.repository.js';
import type { OrganisationId } from '../shared/ids.js';

export type Routing =
  { readonly kind: 'routed'; readonly organisation: Organisation } | { readonly kind: 'choose'; readonly organisations: readonly Organisation[] } | { readonly kind: 'no-organisation' };

/** Decides where a report for `areaId` (null: elsewhere in the country) goes, honouring the reporter's choice when it is valid. */
export async function routeReport(db: Db, areaId: string | null, chosenOrganisationId: OrganisationId | null): Promise<Routing> {
  const covering = areaId ? await organisationsCoveringArea(db, areaId) : [];
  if (covering.length === 1) return { kind: 'routed', organisation: covering[0]! };
  if (covering.length > 1) {
    const chosen = covering.find((o) => o.id === chosenOrganisationId);
    return chosen ? { kind: 'routed', organisation: chosen } : { kind: 'choose', organisations: covering };
  }
  const fallback = await findDefaultOrganisation(db);
  return fallback ? { kind: 'routed', organisation: fallback } : { kind: 'no-organisation' };
}
