/**
 * The staff catalog's module for policy-impact monitoring: en.ts is the
 * source (with descriptions), one file per other locale.
 */
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';

export const catalog = { en, fr, es, ro, ru };
