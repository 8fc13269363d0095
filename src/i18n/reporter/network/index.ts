/**
 * The network-content module of the reporter catalog (the demo banner, who
 * changed a country profile last): en.ts is the source, and one file per
 * other locale has exactly its keys (a test checks).
 */
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';

export const catalog = { en, fr, es, ro, ru, th, ar };
