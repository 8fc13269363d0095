/**
 * The services, referrals and country-profile module of the staff catalog:
 * en.ts is the source (with descriptions), one file per other locale.
 */
import { en } from './en.js';

type Id = keyof typeof en;
const tmp = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, v.message])) as Record<Id, string>;

export const catalog = { en, fr: tmp, es: tmp, ro: tmp, ru: tmp };
