/** An organisation's community-safety settings, with the defaults the issue sets. */
import type { Db } from '../shared/deps.js';
import type { OrganisationId } from '../shared/ids.js';

export const VISIBILITIES = ['organisation', 'network', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export function isVisibility(v: string): v is Visibility {
  return (VISIBILITIES as readonly string[]).includes(v);
}

export interface SafetySettings {
  /** Identifier checks a member may make per day. */
  readonly checksPerDay: number;
  /** Visibility proposed for a new warning. */
  readonly defaultVisibility: Visibility;
  /** How long a warning is shown, and how far a renewal extends it. */
  readonly expiryMonths: number;
  /** Only invite codes let people join: sign-ups waiting for approval are refused. */
  readonly invitesOnly: boolean;
}

export const DEFAULT_SAFETY_SETTINGS: SafetySettings = Object.freeze({ checksPerDay: 30, defaultVisibility: 'network', expiryMonths: 6, invitesOnly: false });

export const SETTINGS_LIMITS = { checksPerDay: { min: 1, max: 10_000_000 }, expiryMonths: { min: 1, max: 24 } } as const;

/**
 * Settings are read on every identifier check and change a few times a year:
 * each instance keeps them for a few seconds (a change made through another
 * instance applies within that time; one made here applies at once).
 */
const SETTINGS_TTL_MS = 10_000;
const settingsCache = new Map<string, { until: number; value: SafetySettings }>();

export async function safetySettings(db: Db, organisationId: OrganisationId): Promise<SafetySettings> {
  const hit = settingsCache.get(organisationId);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = await readSettings(db, organisationId);
  if (settingsCache.size > 1000) settingsCache.clear();
  settingsCache.set(organisationId, { until: Date.now() + SETTINGS_TTL_MS, value });
  return value;
}

async function readSettings(db: Db, organisationId: OrganisationId): Promise<SafetySettings> {
  const row = await db.selectFrom('safety_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) return DEFAULT_SAFETY_SETTINGS;
  return {
    checksPerDay: Number(row.checks_per_day),
    defaultVisibility: isVisibility(row.default_visibility) ? row.default_visibility : DEFAULT_SAFETY_SETTINGS.defaultVisibility,
    expiryMonths: Number(row.expiry_months),
    invitesOnly: Number(row.signups_invite_only) === 1,
  };
}

/** Saves the settings; the sign-up mode is left as it is when not given. */
export async function saveSafetySettings(db: Db, organisationId: OrganisationId, s: Omit<SafetySettings, 'invitesOnly'> & { readonly invitesOnly?: boolean }): Promise<void> {
  const values = {
    checks_per_day: s.checksPerDay,
    default_visibility: s.defaultVisibility,
    expiry_months: s.expiryMonths,
    ...(s.invitesOnly === undefined ? {} : { signups_invite_only: s.invitesOnly ? 1 : 0 }),
  };
  const updated = await db.updateTable('safety_settings').set(values).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db
      .insertInto('safety_settings')
      .values({ organisation_id: organisationId, ...values })
      .execute();
  settingsCache.delete(organisationId);
}

/** 'YYYY-MM-DD' plus whole months, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
