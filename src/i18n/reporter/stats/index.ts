/**
 * The reporter catalog's module for public statistics, operations, surveys,
 * the evidence report and open data: en.ts is the source (with
 * descriptions), one file per other locale.
 */
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';

export const catalog = { en, fr, es, ro, ru, th, ar };
