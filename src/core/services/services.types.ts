/**
 * The services directory: categories, the firewall rating and the shape of an
 * entry. A firewall rating describes the service (does it ask for ID, does it
 * pass data to immigration authorities), never the person using it.
 */
import type { OrganisationId, ServiceId } from '../shared/ids.js';

/** Kinds of help, in the order the directory lists them. */
export const SERVICE_CATEGORIES = ['health', 'hiv_prep', 'legal_aid', 'labour_rights', 'shelter', 'psychosocial', 'harm_reduction', 'migrant_support', 'trafficking_support', 'sw_collective'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export function isServiceCategory(v: string): v is ServiceCategory {
  return (SERVICE_CATEGORIES as readonly string[]).includes(v);
}

/** Yes, no, or not known: every question of the firewall rating has these three answers. */
export const TRISTATE = ['yes', 'no', 'unknown'] as const;
export type Tristate = (typeof TRISTATE)[number];

export function isTristate(v: string): v is Tristate {
  return (TRISTATE as readonly string[]).includes(v);
}

export const COSTS = ['free', 'low_cost', 'paid', 'unknown'] as const;
export type Cost = (typeof COSTS)[number];

export function isCost(v: string): v is Cost {
  return (COSTS as readonly string[]).includes(v);
}

export const SERVICE_STATUSES = ['active', 'retired'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** The firewall rating of a service. */
export interface Firewall {
  readonly asksForId: Tristate;
  readonly sharesWithImmigration: Tristate;
  readonly needsPoliceReport: Tristate;
  readonly sexWorkerLed: Tristate;
  readonly transInclusive: Tristate;
  /** 'YYYY-MM-DD' of the last check with the service, or null. */
  readonly verifiedDay: string | null;
}

/**
 * The rating in one word: `good` when the service passes nothing to
 * immigration, asks for no ID and needs no police report; `risk` when it may
 * pass data to immigration; `check` for everything in between (including
 * what is not known).
 */
export type FirewallLevel = 'good' | 'check' | 'risk';

export function firewallLevel(f: Pick<Firewall, 'asksForId' | 'sharesWithImmigration' | 'needsPoliceReport'>): FirewallLevel {
  if (f.sharesWithImmigration === 'yes') return 'risk';
  if (f.sharesWithImmigration === 'no' && f.asksForId === 'no' && f.needsPoliceReport === 'no') return 'good';
  return 'check';
}

/** What an admin enters for a service (the staff form and each CSV row). */
export interface ServiceInput {
  readonly name: string;
  readonly description: string;
  readonly categories: readonly ServiceCategory[];
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly city: string;
  readonly address: string;
  readonly languages: readonly string[];
  readonly phone: string;
  readonly email: string;
  readonly website: string;
  readonly messaging: string;
  readonly openingHours: string;
  readonly cost: Cost;
  readonly firewall: Firewall;
}

/** A stored service. */
export interface Service extends ServiceInput {
  readonly id: ServiceId;
  readonly organisationId: OrganisationId;
  /** The language `description` is written in (the organisation's own), or null when not said. */
  readonly descriptionLang?: string | null;
  /** The description in further languages, by language code (loaded where readers see entries). */
  readonly translations?: Readonly<Record<string, string>>;
  readonly status: ServiceStatus;
  readonly createdDay: string;
  readonly updatedDay: string;
}

/**
 * The description a reader sees, in this order: in the reader's language,
 * else the organisation's own (the entry's description), else any other
 * language there is. `lang` is the language it is written in (null when not
 * known), so the page can mark it when it is not the reader's.
 */
export function pickDescription(s: Pick<Service, 'description' | 'descriptionLang' | 'translations'>, readerLang: string): { text: string; lang: string | null } | null {
  const own = s.description.trim() ? { text: s.description, lang: s.descriptionLang ?? null } : null;
  const translations = s.translations ?? {};
  const mine = translations[readerLang];
  if (mine) return { text: mine, lang: readerLang };
  if (own) return own;
  const other = Object.keys(translations).sort()[0];
  return other ? { text: translations[other]!, lang: other } : null;
}
