/** The consent module of the reporter catalog. */
import { en } from './en.js';
import { fr } from './fr.js';
import { es } from './es.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';
import { ar } from './ar.js';

export const catalog = { en, fr, es, ro, ru, th, ar };
