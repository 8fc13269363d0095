/**
 * The services, referrals and know-your-rights module of the reporter
 * catalog: en.ts is the source (with descriptions for translators), and one
 * file per other locale has exactly its keys (a test checks).
 */
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';

export const catalog = { en, fr, es, ro, ru, th, ar };
