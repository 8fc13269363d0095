/** Queries over an organisation's recorded operations that the monitoring pages need besides the list itself. */
import type { Db } from '../shared/deps.js';
import type { OrganisationId } from '../shared/ids.js';

export interface OperationFacets {
  /** Countries with at least one operation, by code. */
  readonly countries: string[];
  /** Years with at least one operation, latest first. */
  readonly years: number[];
}

/** The countries and years the organisation's operations can be filtered by. */
export async function operationFacets(db: Db, organisationId: OrganisationId): Promise<OperationFacets> {
  const [countries, years] = await Promise.all([
    db.selectFrom('operations').select('country_code').where('organisation_id', '=', organisationId).groupBy('country_code').orderBy('country_code').execute(),
    db.selectFrom('operations').select('year').where('organisation_id', '=', organisationId).groupBy('year').orderBy('year', 'desc').execute(),
  ]);
  return { countries: countries.map((c) => c.country_code), years: years.map((y) => Number(y.year)) };
}
