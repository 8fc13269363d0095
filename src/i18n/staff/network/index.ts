/**
 * The network-content module of the staff catalog (editors, profile changes,
 * services within covered areas, the demo banner): en.ts is the source, and
 * one file per other locale has exactly its keys (a test checks).
 */
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';

export const catalog = { en, fr, es, ro, ru };
